"""Figure descriptions that templates return; render/figures.py draws them.

A template describes what to draw (boxes on a pixel grid, a flow graph) in plain
data, and the renderer turns it into TikZ for LaTeX and SVG for Markdown, so both
formats show the same picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class Box:
    """A box (x, y, w, h) with (x, y) its top-left corner, in pixels, y pointing down."""

    x: float
    y: float
    w: float
    h: float
    label: str
    dashed: bool = False


@dataclass(frozen=True)
class BoxesFigure:
    """Boxes drawn over a grid of `width` x `height` pixels."""

    width: int
    height: int
    boxes: tuple[Box, ...]


@dataclass(frozen=True)
class Node:
    """A node of a flow graph at (x, y), y pointing up; `tex` is its LaTeX label."""

    name: str
    text: str
    tex: str
    x: float
    y: float


@dataclass(frozen=True)
class GraphFigure:
    """A directed flow graph: nodes and (source, target) edges."""

    nodes: tuple[Node, ...]
    edges: tuple[tuple[str, str], ...]


Figure = Union[BoxesFigure, GraphFigure]
