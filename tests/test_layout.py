"""Layout: no line of the compiled answer key runs into the margin.

pdflatex reports a line wider than the text block as "Overfull \\hbox (X pt too
wide)". The all-templates key shows every problem text with its worked solution, so a
long display or an unbreakable inline formula in any template file shows up here.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from examgen.render import latex
from tests.conftest import require_tool
from tests.test_compile import _all_templates_exam

SEEDS = [0, 1, 2]
# Above TeX's own tolerance (\hfuzz, 0.1pt) because a line a few points past the
# margin is hard to see in print.
LIMIT_PT = 5.0

OVERFULL = re.compile(
    r"^Overfull \\hbox \(([\d.]+)pt too wide\) .*?lines? (\d+)", re.MULTILINE)
TEMPLATE_LINE = re.compile(r"Template \\texttt\{([^}]*)\}")


def _template_at(source_lines: list[str], number: int) -> str:
    """Return the id of the template whose problem contains source line `number`.

    `number` counts from 1, as in the TeX log.
    """
    for line in source_lines[number - 1:]:
        match = TEMPLATE_LINE.search(line)
        if match:
            return match.group(1)
    return "?"


def overfull_boxes(log: str, source: str) -> list[tuple[float, str, int]]:
    """Return (points too wide, template id, source line) of each overfull line."""
    lines = source.splitlines()
    return [(float(width), _template_at(lines, int(line)), int(line))
            for width, line in OVERFULL.findall(log)]


def test_overfull_boxes_are_mapped_to_templates() -> None:
    source = ("\\question x\nlong line\n"
              "{\\footnotesize Template \\texttt{pca-gram}, problem seed 1.}\n")
    log = ("Overfull \\hbox (12.5pt too wide) in paragraph at lines 2--2\n"
           "Overfull \\hbox (3.0pt too wide) detected at line 1\n")
    boxes = overfull_boxes(log, source)
    assert len(boxes) == 2
    assert boxes[0] == (12.5, "pca-gram", 2)
    assert boxes[1] == (3.0, "pca-gram", 1)


@pytest.mark.parametrize("seed", SEEDS)
def test_answer_key_has_no_overfull_lines(tmp_path: Path, seed: int) -> None:
    engine = require_tool("pdflatex")
    source = latex.render_exam(_all_templates_exam(seed), key=True)
    (tmp_path / "all.tex").write_text(source)
    result = subprocess.run(
        [engine, "-interaction=nonstopmode", "-halt-on-error", "all.tex"],
        cwd=tmp_path, capture_output=True, text=True, errors="replace", timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    log = (tmp_path / "all.log").read_text(errors="replace")
    wide = [box for box in overfull_boxes(log, source) if box[0] > LIMIT_PT]
    assert wide == [], f"lines wider than the page by more than {LIMIT_PT}pt: {wide}"
