"""The work behind `examgen generate` and `examgen show`."""

from __future__ import annotations

from pathlib import Path

from examgen.assemble import ExamSpec, assemble, parse_mix
from examgen.errors import OutputError
from examgen.output import (
    check_folder,
    compile_pdf,
    find_latex_engine,
    prepare_folder,
    remove_stale_outputs,
    write_files,
)
from examgen.problems import make_problem
from examgen.registry import get_template
from examgen.render import json_format, latex, markdown

SHOW_POINTS = 10


def generate_exam(seed: int, folder: Path, formats: list[str], problems: int,
                  mix_text: str, force: bool) -> list[Path]:
    """Assemble the exam for `seed` and write the requested formats into `folder`.

    Everything is rendered, and the PDFs compiled, before the folder is created or
    the first file written, so a bad request or a failed compile leaves nothing.
    """
    spec = ExamSpec(seed=seed, problems=problems, mix=parse_mix(mix_text))
    engine = None
    if "pdf" in formats:
        engine = find_latex_engine()
        if engine is None:
            raise OutputError(
                "--format pdf needs pdflatex, which is not installed; install TeX Live "
                "(Debian: apt-get install texlive-latex-extra texlive-latex-recommended "
                "texlive-pictures lmodern) or drop pdf"
            )
    check_folder(folder, force)
    exam = assemble(spec)

    files: dict[str, str | bytes] = {}
    tex_sources: dict[str, str] = {}
    if "latex" in formats or "pdf" in formats:
        tex_sources = latex.render_files(exam)
    if "latex" in formats:
        files.update(tex_sources)
    if "markdown" in formats:
        files.update(markdown.render_files(exam))
    if "json" in formats:
        files["exam.json"] = json_format.render_exam(exam)

    if engine is not None:
        for name, source in tex_sources.items():
            stem = name.removesuffix(".tex")
            files[f"{stem}.pdf"] = compile_pdf(engine, stem, source)

    prepare_folder(folder, force)
    written = write_files(folder, files)
    if force:
        remove_stale_outputs(folder, set(files))
    return written


def show_problem(template_id: str, seed: int, fmt: str) -> str:
    """Return one problem of `template_id` with its solution as Markdown, LaTeX or text."""
    template = get_template(template_id)
    problem = make_problem(template, seed, SHOW_POINTS)
    if fmt == "latex":
        return latex.render_single(problem)
    if fmt == "text":
        from examgen.render.text import render_text

        return render_text(problem)
    return markdown.render_single(problem)
