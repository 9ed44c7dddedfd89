"""Render one problem's text blocks from its template file.

A problem's file ``templates/problems/<template id>.j2`` defines the blocks
``statement``, ``part_<name>`` and ``solution_<name>`` for each part, and may define
``figure``. The text is written once for every format: prose with LaTeX math between
``$...$`` (inline) or ``$$...$$`` (display), which both LaTeX and pandoc read. The
variable ``fmt`` ("latex", "markdown" or "text") lets a file branch where the formats
must differ, such as tables and figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from examgen.figures import Figure
from examgen.model import Answer, Problem, Value
from examgen.registry import get_template
from examgen.render.environment import environment, format_decimal
from examgen.render.figures import to_svg, to_tikz

PART_LABELS = "abc"


@dataclass(frozen=True)
class RenderedPart:
    label: str
    name: str
    points: int
    text: str
    solution: str
    answer_latex: str
    answer_decimal: str | None


@dataclass(frozen=True)
class RenderedProblem:
    number: int
    title: str
    template: str
    seed: int
    points: int
    statement: str
    figure: str
    parts: tuple[RenderedPart, ...]
    # Files the figure needs beside the sheet (SVG for Markdown), by file name.
    figure_files: tuple[tuple[str, str], ...] = ()


def _clean(text: str) -> str:
    # Collapse the blank lines that block tags leave, keeping paragraph breaks.
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _decimal_text(value: Value, digits: int) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_decimal_text(item, digits) for item in value) + "]"
    return format_decimal(value, digits)


def decimal_of(answer: Answer) -> str | None:
    """Return the decimal form of an answer for the key, or None when it adds nothing."""
    text = _decimal_text(answer.value, answer.digits)
    if answer.exact is not None and answer.exact.replace(" ", "") == text.replace(" ", ""):
        return None
    return text


def latex_of_answer(answer: Answer) -> str:
    """Return the LaTeX of the exact answer, or of its decimal form when it has none."""
    if answer.latex is not None:
        return answer.latex
    return _decimal_text(answer.value, answer.digits)


def render_problem(problem: Problem, number: int, fmt: str,
                   inline_svg: bool = False) -> RenderedProblem:
    """Render the statement, parts and solutions of `problem` for `fmt`.

    A figure becomes TikZ in LaTeX. In Markdown it becomes a reference to an SVG
    file returned in `figure_files`, or the SVG itself when `inline_svg` is set.
    """
    template = get_template(problem.template)
    source = environment().get_template(f"problems/{problem.template}.j2")
    context: dict[str, Any] = {
        "p": problem.params,
        "w": problem.work,
        "fmt": fmt,
        "seed": problem.seed,
        "number": number,
    }
    jinja_context = source.new_context(context)

    def block(name: str) -> str:
        if name not in source.blocks:
            return ""
        return _clean("".join(source.blocks[name](jinja_context)))

    parts = []
    for label, part in zip(PART_LABELS, problem.parts):
        answer = part.answer
        parts.append(
            RenderedPart(
                label=label,
                name=part.name,
                points=part.points,
                text=block(f"part_{part.name}"),
                solution=block(f"solution_{part.name}"),
                answer_latex=latex_of_answer(answer),
                answer_decimal=decimal_of(answer) if answer.latex is not None else None,
            )
        )
    figure_text, figure_files = _figure(template.figure(problem.params, problem.work),
                                        number, fmt, inline_svg)
    return RenderedProblem(
        number=number,
        title=template.title,
        template=problem.template,
        seed=problem.seed,
        points=problem.points,
        statement=block("statement"),
        figure=figure_text or block("figure"),
        parts=tuple(parts),
        figure_files=figure_files,
    )


def _figure(figure: Figure | None, number: int, fmt: str,
            inline_svg: bool) -> tuple[str, tuple[tuple[str, str], ...]]:
    if figure is None or fmt == "text":
        return "", ()
    if fmt == "latex":
        return to_tikz(figure), ()
    svg = to_svg(figure)
    if inline_svg:
        return svg, ()
    name = f"figure-{number}.svg"
    return f"![Figure for problem {number}]({name})", ((name, svg),)
