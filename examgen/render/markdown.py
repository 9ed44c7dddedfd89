"""Markdown output with ``$...$`` and ``$$...$$`` math, as pandoc reads it."""

from __future__ import annotations

from examgen.model import Exam, Problem
from examgen.render.environment import environment
from examgen.render.problem import render_problem


def render_files(exam: Exam) -> dict[str, str]:
    """Return ``exam.md``, ``key.md`` and the SVG figures they refer to, by file name."""
    problems = [render_problem(p, i + 1, "markdown") for i, p in enumerate(exam.problems)]
    sheet = environment().get_template("sheets/exam.md.j2")
    files = {
        "exam.md": sheet.render(problems=problems, key=False, seed=exam.seed, total=exam.points),
        "key.md": sheet.render(problems=problems, key=True, seed=exam.seed, total=exam.points),
    }
    for problem in problems:
        files.update(problem.figure_files)
    return files


def render_exam(exam: Exam, key: bool) -> str:
    """Return the Markdown of the question sheet, or of the key when `key`."""
    return render_files(exam)["key.md" if key else "exam.md"]


def render_single(problem: Problem) -> str:
    """Return one problem with its solution as Markdown, figures inline (`examgen show`)."""
    rendered = render_problem(problem, 1, "markdown", inline_svg=True)
    lines = [f"## {rendered.title}", "", rendered.statement, ""]
    if rendered.figure:
        lines += [rendered.figure, ""]
    for part in rendered.parts:
        unit = "point" if part.points == 1 else "points"
        lines += [f"**({part.label})** [{part.points} {unit}] {part.text}", ""]
        lines += [f"*Solution.* {part.solution}", ""]
        decimal = f" $\\approx {part.answer_decimal}$" if part.answer_decimal else ""
        lines += [f"**Answer:** ${part.answer_latex}${decimal}.", ""]
    return "\n".join(lines)
