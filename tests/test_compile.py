"""Real components: pdflatex compiles the LaTeX, pandoc converts the Markdown.

Under CI (the CI variable set) a missing pdflatex or pandoc fails these tests
instead of skipping them.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from examgen.cli import cli
from examgen.model import Exam
from examgen.problems import make_problem
from examgen.registry import all_templates
from examgen.render import latex, markdown
from tests.conftest import require_tool

# Every template appears in these sheets, so each text file is compiled.
ALL_TEMPLATE_SEEDS = [0, 1, 2]


def _pdflatex(folder: Path, name: str) -> None:
    engine = require_tool("pdflatex")
    for _ in range(2):
        result = subprocess.run(
            [engine, "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
            cwd=folder, capture_output=True, text=True, errors="replace", timeout=300,
        )
        errors = [line for line in result.stdout.splitlines() if line.startswith("!")]
        assert result.returncode == 0, (name, errors, result.stdout[-3000:])
    assert (folder / f"{name}.pdf").stat().st_size > 1000


def _pandoc(folder: Path, name: str) -> None:
    pandoc = require_tool("pandoc")
    result = subprocess.run(
        [pandoc, f"{name}.md", "--standalone", "--mathml", "--fail-if-warnings",
         "-o", f"{name}.html"],
        cwd=folder, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert (folder / f"{name}.html").stat().st_size > 1000


def _all_templates_exam(seed: int) -> Exam:
    problems = tuple(make_problem(t, seed * 1000 + i, 10) for i, t in enumerate(all_templates()))
    return Exam(seed=seed, problems=problems, mix=(("signal", 17),))


@pytest.mark.parametrize("seed", [17, 18])
def test_generated_exam_compiles(runner: CliRunner, tmp_path: Path, seed: int) -> None:
    result = runner.invoke(cli, ["generate", "--seed", str(seed), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in ["exam", "key"]:
        _pdflatex(tmp_path, name)
        _pandoc(tmp_path, name)


@pytest.mark.parametrize("seed", ALL_TEMPLATE_SEEDS)
def test_every_template_compiles_in_latex(tmp_path: Path, seed: int) -> None:
    (tmp_path / "all.tex").write_text(latex.render_exam(_all_templates_exam(seed), key=True))
    _pdflatex(tmp_path, "all")


@pytest.mark.parametrize("seed", ALL_TEMPLATE_SEEDS)
def test_every_template_converts_with_pandoc(tmp_path: Path, seed: int) -> None:
    files = markdown.render_files(_all_templates_exam(seed))
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "all.md").write_text(files["key.md"])
    _pandoc(tmp_path, "all")


def test_markdown_refers_to_written_figures() -> None:
    files = markdown.render_files(_all_templates_exam(0))
    svgs = sorted(name for name in files if name.endswith(".svg"))
    for sheet in ["exam.md", "key.md"]:
        referenced = sorted(re.findall(r"\]\(([^)]+\.svg)\)", files[sheet]))
        assert referenced == svgs
    # Faster R-CNN box problems and flow-graph problems draw figures.
    assert len(svgs) >= 6


def test_generate_pdf(runner: CliRunner, tmp_path: Path) -> None:
    require_tool("pdflatex")
    result = runner.invoke(cli, ["generate", "--seed", "5", "--out", str(tmp_path),
                                 "--format", "pdf"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exam.pdf", "key.pdf"]
    assert (tmp_path / "key.pdf").read_bytes().startswith(b"%PDF")


def test_sigterm_leaves_no_scratch(tmp_path: Path) -> None:
    import os
    import signal
    import sys
    import time

    require_tool("pdflatex")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    process = subprocess.Popen(
        [sys.executable, "-m", "examgen", "generate", "--seed", "4", "--format", "pdf",
         "--out", str(tmp_path / "out")], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    # Wait until pdflatex works in its scratch folder, then stop examgen.
    deadline = time.monotonic() + 60
    while not list(scratch.glob("examgen-latex-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    assert process.returncode != 0
    assert list(scratch.iterdir()) == []
    assert not (tmp_path / "out").exists()
