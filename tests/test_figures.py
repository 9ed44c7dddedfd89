"""Figures: TikZ compiles, SVG is well-formed, Markdown sheets find their SVG files."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from examgen.figures import Box, BoxesFigure, GraphFigure, Node
from examgen.render.figures import to_svg, to_tikz
from tests.conftest import require_tool

BOXES = BoxesFigure(width=10, height=8, boxes=(
    Box(1, 1, 5, 4, "R"), Box(3, 2, 6, 5, "O", dashed=True)))
GRAPH = GraphFigure(
    nodes=(Node("x", "x", "x", 0, 0), Node("h0", "h0", "h_0", 1, 1),
           Node("y", "y", "\\hat{y}", 2, 0)),
    edges=(("x", "h0"), ("h0", "y"), ("x", "y")))


@pytest.mark.parametrize("figure", [BOXES, GRAPH], ids=["boxes", "graph"])
def test_svg_is_well_formed(figure: BoxesFigure | GraphFigure) -> None:
    root = ElementTree.fromstring(to_svg(figure))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_svg_draws_each_box() -> None:
    root = ElementTree.fromstring(to_svg(BOXES))
    rects = root.findall("{http://www.w3.org/2000/svg}rect")
    assert [(r.get("x"), r.get("width")) for r in rects] == [("44", "120"), ("92", "144")]


def test_figure_output_is_stable() -> None:
    assert to_svg(BOXES) == to_svg(BOXES)
    assert to_tikz(GRAPH) == to_tikz(GRAPH)


def test_tikz_compiles(tmp_path: Path) -> None:
    engine = require_tool("pdflatex")
    body = to_tikz(BOXES) + "\n" + to_tikz(GRAPH)
    (tmp_path / "f.tex").write_text(
        "\\documentclass{article}\\usepackage{tikz}\\begin{document}\n"
        + body + "\n\\end{document}\n")
    result = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", "f.tex"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:]
