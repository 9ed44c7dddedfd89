"""LaTeX output: question sheet and answer key in the standard exam class."""

from __future__ import annotations

import re

from examgen.model import Exam, Problem
from examgen.render.environment import environment
from examgen.render.problem import render_problem

_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)


def to_latex_math(text: str) -> str:
    r"""Turn the shared ``$$...$$`` display math into LaTeX's ``\[...\]``."""
    return _DISPLAY_MATH.sub(lambda m: r"\[" + m.group(1).strip() + r"\]", text)


def render_files(exam: Exam) -> dict[str, str]:
    """Return ``exam.tex`` (question sheet) and ``key.tex`` (answer key) by file name."""
    problems = [render_problem(p, i + 1, "latex") for i, p in enumerate(exam.problems)]
    sheet = environment().get_template("sheets/exam.tex.j2")
    return {
        f"{name}.tex": to_latex_math(
            sheet.render(problems=problems, key=key, seed=exam.seed, total=exam.points))
        for name, key in (("exam", False), ("key", True))
    }


def render_exam(exam: Exam, key: bool) -> str:
    """Return the LaTeX source of the question sheet, or of the key when `key`."""
    return render_files(exam)["key.tex" if key else "exam.tex"]


def render_single(problem: Problem) -> str:
    """Return one problem with its solution as a LaTeX fragment (for `examgen show`)."""
    rendered = render_problem(problem, 1, "latex")
    lines = [rendered.statement, ""]
    if rendered.figure:
        lines += [rendered.figure, ""]
    lines.append(r"\begin{enumerate}")
    for part in rendered.parts:
        lines.append(rf"\item[({part.label})] [{part.points}] {part.text}")
        lines.append(rf"\textbf{{Solution.}} {part.solution}")
        decimal = rf" $\approx {part.answer_decimal}$" if part.answer_decimal else ""
        lines.append(rf"\textbf{{Answer:}} ${part.answer_latex}${decimal}.")
    lines.append(r"\end{enumerate}")
    return to_latex_math("\n".join(lines)) + "\n"
