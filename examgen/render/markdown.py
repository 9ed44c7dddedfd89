"""Markdown output with ``$...$`` and ``$$...$$`` math, as pandoc reads it."""

from __future__ import annotations

from examgen.model import Exam, Problem
from examgen.render.environment import environment
from examgen.render.problem import render_problem


def render_exam(exam: Exam, key: bool) -> str:
    """Return the Markdown of the question sheet, or of the key when `key`."""
    problems = [render_problem(p, i + 1, "markdown") for i, p in enumerate(exam.problems)]
    return environment().get_template("sheets/exam.md.j2").render(
        problems=problems, key=key, seed=exam.seed, total=exam.points
    )


def render_single(problem: Problem) -> str:
    """Return one problem with its solution as Markdown (for `examgen show`)."""
    rendered = render_problem(problem, 1, "markdown")
    lines = [f"## {rendered.title}", "", rendered.statement, ""]
    if rendered.figure:
        lines += [rendered.figure, ""]
    for part in rendered.parts:
        lines += [f"**({part.label})** [{part.points} points] {part.text}", ""]
        lines += [f"*Solution.* {part.solution}", ""]
        decimal = f" $\\approx {part.answer_decimal}$" if part.answer_decimal else ""
        lines += [f"**Answer:** ${part.answer_latex}${decimal}.", ""]
    return "\n".join(lines)
