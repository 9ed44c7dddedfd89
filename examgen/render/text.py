"""Plain terminal text: problem prose with its LaTeX math turned into Unicode.

Problem files write prose with LaTeX math between ``$...$`` (inline) and ``$$...$$``
(display). `latex_to_text` keeps the prose, converts the math through
examgen.render.text_math, and puts display math, and any inline math that needs
several lines, on its own indented lines.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata

from examgen.model import Problem
from examgen.render.problem import RenderedPart, RenderedProblem, render_problem
from examgen.render.text_math import (
    DEFAULT_WIDTH,
    DISPLAY_INDENT,
    GAP,
    MATH,
    QUAD,
    Box,
    display_width,
    join_boxes,
    math_box,
    printable,
    text_box,
)

TEXT_COMMANDS = re.compile(r"\\(textbf|textit|emph|texttt|textrm|text|underline)\{([^{}]*)\}")
TEXT_ESCAPES = {r"\%": "%", r"\&": "&", r"\#": "#", r"\_": "_", r"\$": "$",
                r"\{": "{", r"\}": "}", "``": "“", "''": "”", "---": "—", "--": "–",
                r"\ldots": "…", r"\dots": "…", r"\,": " ", r"\ ": " ", r"\\": "\n"}
NBSP = "\u00a0"
# A line that starts like this keeps its line break: indented text, a table row or a
# list item. Any other line break inside a paragraph is a soft one, as in LaTeX.
HARD_BREAK = re.compile(r"[ \t]|\||[-*+] |\d+[.)] ")
PUNCTUATION = re.compile(r"[ \t]*([.,;:!?]+)")
MATH_PUNCTUATION = re.compile(r"(?<![\\\d])\s*([.,;:]+)\s*$")


def prose_to_text(text: str) -> str:
    """Convert the LaTeX that prose outside math may contain (escapes, emphasis)."""
    text = TEXT_COMMANDS.sub(lambda m: m.group(2), text)
    for escape, replacement in TEXT_ESCAPES.items():
        text = text.replace(escape, replacement)
    return text


def latex_to_text(source: str, width: int = DEFAULT_WIDTH) -> str:
    """Convert prose with ``$...$`` and ``$$...$$`` math into terminal text.

    Paragraphs are reflowed to `width` columns; lines that start with a space, "|"
    or a list marker keep their line break. Display math, and inline math that needs
    more than one line, go on their own lines indented by four spaces.
    """
    paragraphs = re.split(r"\n[ \t]*\n", source.strip("\n"))
    return "\n\n".join(paragraph_to_text(paragraph, width)
                       for paragraph in paragraphs if paragraph.strip())


def join_soft_breaks(source: str) -> str:
    """Join the lines of a paragraph, except before lines that must stay apart."""
    lines: list[str] = []
    for line in source.split("\n"):
        if lines and not HARD_BREAK.match(line):
            lines[-1] = lines[-1].rstrip() + " " + line.strip()
        else:
            lines.append(line.rstrip())
    return "\n".join(lines)


def paragraph_to_text(source: str, width: int) -> str:
    """Convert one paragraph: reflowed prose with math, display math set apart."""
    source = join_soft_breaks(source)
    lines: list[str] = []
    prose = ""
    position = 0
    for match in MATH.finditer(source):
        prose += prose_to_text(source[position:match.start()])
        position = match.end()
        display, inline = match.group(1), match.group(2)
        mark = ""
        if display is not None:
            # A full stop typed inside $$...$$ ends the sentence like one after it.
            end = MATH_PUNCTUATION.search(display)
            if end:
                display, mark = display[:end.start()], end.group(1)
        box = math_box(display if display is not None else inline)
        if display is None and box.height == 1:
            # Non-breaking spaces keep an inline formula on one line when wrapping.
            prose += box.lines[0].replace(" ", NBSP).replace(QUAD, NBSP).replace(GAP, NBSP)
            continue
        # Punctuation right after a formula belongs on its line, not on a line alone.
        tail = PUNCTUATION.match(source, position)
        if tail:
            mark += tail.group(1)
            position = tail.end()
        if mark:
            box = punctuate(box, mark)
        lines += wrap_prose(prose, width)
        lines += display_lines(box, width)
        prose = ""
    prose += prose_to_text(source[position:])
    lines += wrap_prose(prose, width)
    return "\n".join(lines)


def punctuate(box: Box, mark: str) -> Box:
    """Return `box` with a sentence's `mark` after it, on its last row when that row
    reaches the right edge (a matrix), else on the baseline (a formula ending there)."""
    last = box.lines[-1].rstrip()
    if box.height == 1 or display_width(last) < box.width:
        return join_boxes([box, text_box(mark)])
    lines = box.lines[:-1] + (last + mark,)
    return Box(lines, box.baseline, box.flat + mark)


def wrap_prose(text: str, width: int) -> list[str]:
    """Wrap prose lines to `width`; indented lines and table rows stay as they are."""
    lines: list[str] = []
    for index, line in enumerate(text.split("\n")):
        line = line.rstrip()
        if index == 0:
            line = line.lstrip()
        if not line.strip():
            continue
        if len(line) <= width or line.startswith((" ", "\t", "|")):
            lines.append(line.replace(NBSP, " "))
            continue
        wrapped = textwrap.wrap(line, width=width, break_long_words=False,
                                break_on_hyphens=False)
        lines.extend(part.replace(NBSP, " ") for part in wrapped)
    return lines


def display_lines(box: Box, width: int) -> list[str]:
    """Return a display formula as indented lines, breaking a wide one-line formula."""
    room = max(width - len(DISPLAY_INDENT), 20)
    rows = split_wide(box.lines[0], room) if box.height == 1 else split_tall(box, room)
    return [DISPLAY_INDENT + printable(row) if row.strip() else "" for row in rows]


def split_tall(box: Box, width: int) -> list[str]:
    """Break a formula of several rows wider than `width` at its wide spaces.

    A cut goes only through wide spaces on the baseline row with blanks on every
    other row. So no matrix is cut. The pieces are stacked as blocks of rows.
    """
    if box.width <= width:
        return list(box.lines)
    baseline = box.lines[box.baseline]
    cuts = [(display_width(baseline[:run.start()]), display_width(baseline[:run.end()]))
            for run in re.finditer(QUAD + "{2,}", baseline)]
    cuts = [(start, end) for start, end in cuts
            if all(not columns(line, start, end).strip(" " + QUAD + GAP)
                   for line in box.lines)]
    spans = [(start, end) for start, end in
             zip([0] + [end for _, end in cuts], [start for start, _ in cuts] + [box.width])]
    rows: list[str] = []
    group_start, group_end = spans[0]
    for start, end in spans[1:]:
        if end - group_start <= width:
            group_end = end
            continue
        rows += block_rows(box, group_start, group_end)
        group_start, group_end = start, end
    return rows + block_rows(box, group_start, group_end)


def block_rows(box: Box, start: int, end: int) -> list[str]:
    """Return the columns `start` to `end` of each row of `box`, without blank rows."""
    blank = " " + QUAD + GAP
    rows = [columns(line, start, end).rstrip(blank) for line in box.lines]
    rows = [row for row in rows if row.strip(blank)]
    # The cut may leave a space that stood after the wide ones; drop the shared indent.
    indent = min(len(row) - len(row.lstrip(blank)) for row in rows) if rows else 0
    return [row[indent:] for row in rows]


def columns(line: str, start: int, end: int) -> str:
    """Return the characters of `line` in terminal columns `start` to `end`."""
    kept: list[str] = []
    column = 0
    for char in line:
        if start <= column < end or (unicodedata.combining(char) and kept and
                                     start < column <= end):
            kept.append(char)
        column += display_width(char)
    return "".join(kept)


def split_wide(line: str, width: int) -> list[str]:
    """Break a formula wider than `width` at wide spaces, then before top-level "="."""
    if display_width(line) <= width:
        return [line]
    parts = [part.strip() for part in re.split(QUAD + "{2,}", line) if part.strip()]
    rows: list[str] = []
    for part in parts:
        if rows and display_width(rows[-1]) + 4 + display_width(part) <= width:
            rows[-1] += QUAD * 4 + part
        else:
            rows.extend(break_at_equals(part, width))
    return rows


def break_at_equals(line: str, width: int) -> list[str]:
    """Break a formula before top-level "=" signs to fit `width`.

    When that is not enough, it also breaks before top-level "+" and "-". Rows after
    the first are indented by two spaces.
    """
    rows = break_before(line, width, (" = ",))
    if any(display_width(row) > width - 2 for row in rows[1:]) or \
            display_width(rows[0]) > width:
        rows = break_before(line, width, (" = ", " + ", " - "))
    return rows[:1] + ["  " + row for row in rows[1:]]


def break_before(line: str, width: int, signs: tuple[str, ...]) -> list[str]:
    """Break `line` before each of `signs` outside brackets while it is wider than `width`.

    Rows after the first are measured as if indented by two spaces.
    """
    cuts = [0]
    depth = 0
    for index, char in enumerate(line):
        if char in "([{⟨":
            depth += 1
        elif char in ")]}⟩":
            depth -= 1
        if depth == 0 and index > 0 and line.startswith(signs, index):
            cuts.append(index + 1)
    segments = [line[start:end].strip() for start, end in zip(cuts, cuts[1:] + [len(line)])]
    rows = [segments[0]]
    for segment in segments[1:]:
        room = width - (2 if len(rows) > 1 else 0)
        if display_width(rows[-1]) + 1 + display_width(segment) <= room:
            rows[-1] += " " + segment
        else:
            rows.append(segment)
    return rows


def format_heading(rendered: RenderedProblem, width: int = DEFAULT_WIDTH) -> str:
    """Return the problem's title line, statement and figure as terminal text."""
    lines = [f"{rendered.title}  [{rendered.template}, seed {rendered.seed}]", ""]
    lines.append(latex_to_text(rendered.statement, width))
    if rendered.figure:
        lines += ["", latex_to_text(rendered.figure, width)]
    return "\n".join(lines)


def format_part(part: RenderedPart, width: int = DEFAULT_WIDTH, points: bool = True) -> str:
    """Return "(a) [3 points] text" for one part, or "(a) text" without `points`."""
    label = f"({part.label}) "
    if points:
        label += f"[{part.points} point{'s' if part.points != 1 else ''}] "
    return latex_to_text(label + part.text, width)


def format_solution(part: RenderedPart, width: int = DEFAULT_WIDTH) -> str:
    """Return the worked solution of one part."""
    return latex_to_text("Solution. " + part.solution, width)


def format_answer(part: RenderedPart, width: int = DEFAULT_WIDTH) -> str:
    """Return the expected answer of one part, exact and as a decimal."""
    decimal = f" ≈ {part.answer_decimal}" if part.answer_decimal else ""
    exact = math_box(part.answer_latex)
    if exact.height == 1:
        return f"Answer: {printable(exact.lines[0])}{decimal}"
    rows = "\n".join(DISPLAY_INDENT + printable(row) for row in exact.lines)
    return f"Answer:\n{rows}" + (f"\n{DISPLAY_INDENT}{decimal.strip()}" if decimal else "")


def render_text(problem: Problem, number: int = 1, width: int = DEFAULT_WIDTH) -> str:
    """Render a whole problem with its parts, worked solutions and answers as text."""
    rendered = render_problem(problem, number, "text")
    blocks = [format_heading(rendered, width)]
    for part in rendered.parts:
        blocks.append(format_part(part, width))
        blocks.append(format_solution(part, width))
        blocks.append(format_answer(part, width))
    return "\n\n".join(blocks) + "\n"
