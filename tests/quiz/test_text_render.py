"""Terminal text: LaTeX math to Unicode, aligned matrices, every template readable."""

from __future__ import annotations

import re

import pytest

from examgen.problems import make_problem
from examgen.registry import all_templates
from examgen.render.problem import render_problem
from examgen.render.text import latex_to_text, render_text
from examgen.render.text_math import GAP, QUAD, display_width, math_box, math_to_text

SEEDS = (0, 1, 2, 7)
LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)
TABLE = re.compile(r"\\begin\{(array|aligned|align\*?|cases|gathered|split|tabular)\}")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\frac{1}{4}", "1/4"),
        (r"\frac{1 - z^{-1}}{1 + \frac{1}{2} z^{-1}}", "(1 - z⁻¹)/(1 + 1/2 z⁻¹)"),
        (r"\frac{-3}{8}", "-3/8"),
        (r"\frac{2 \sqrt{3}}{3}", "2√3/3"),
        (r"\sqrt{x + 1}", "√(x + 1)"),
        (r"\alpha_t(i) \beta_{t-1}", "αₜ(i) βₜ₋₁"),
        (r"\sigma^{2} \cdot x_{2}", "σ² · x₂"),
        (r"\left(\frac{1}{4}\right)^n", "(1/4)ⁿ"),
        (r"\ln 2 + \log{\left(3 \right)}", "ln 2 + log(3)"),
        (r"e^{j\omega}", "e^(jω)"),
        (r"x = - \frac{3}{2}", "x = -3/2"),
        (r"\hat{y} \le \infty", "ŷ ≤ ∞"),
        (r"\ln \frac{a}{b}", "ln(a/b)"),
        (r"\frac{\partial L}{\partial w}", "∂L/∂w"),
        (r"\mathbf{W}^\top", "Wᵀ"),
        # A root of a product needs parentheses; of one number or symbol it does not.
        (r"\frac{1}{\sqrt{2\pi\sigma^2}}", "1/√(2πσ²)"),
        (r"\sqrt{2}", "√2"),
        (r"\sqrt{\sigma^{2}}", "√σ²"),
        (r"\sqrt{x_1}", "√x₁"),
        (r"\sqrt{ab}", "√(ab)"),
        (r"\sqrt{f(x)}", "√f(x)"),
        (r"\sqrt[3]{2x}", "∛(2x)"),
        # SymPy writes exp(-1) as e^{-1} but -exp(-1) as -1/e: both print as 1/e.
        (r"\left[1,\ - \frac{1}{e},\ e^{-1},\ 2,\ e\right]", "[1, -1/e, 1/e, 2, e]"),
        (r"e^{-2}", "1/e²"),
        (r"x = e^{-1}", "x = 1/e"),
        (r"2 e^{-1}", "2 e⁻¹"),
        (r"z^{-1}", "z⁻¹"),
        (r"e^{-x}", "e⁻ˣ"),
    ],
)
def test_math_to_text_cases(source: str, expected: str) -> None:
    assert math_to_text(source) == expected


def test_column_vector_aligned() -> None:
    text = math_to_text(r"x = \begin{bmatrix} 1 \\ -20 \\ \frac{3}{4} \end{bmatrix}")
    assert text.splitlines() == ["    [   1 ]", "x = [ -20 ]", "    [ 3/4 ]"]


def test_matrix_columns_right_aligned() -> None:
    text = math_to_text(r"\begin{bmatrix} 1 & -20 \\ 300 & 4 \end{bmatrix}")
    assert text.splitlines() == ["[   1  -20 ]", "[ 300    4 ]"]


def test_sympy_matrix_gets_tall_brackets() -> None:
    text = math_to_text(r"\left[\begin{matrix}1 & 2\\3 & 4\end{matrix}\right]")
    assert text.splitlines() == ["[ 1  2 ]", "[ 3  4 ]"]


def test_one_row_matrix_keeps_gaps() -> None:
    assert math_to_text(r"\begin{bmatrix} -1 & 1 \end{bmatrix}") == "[ -1  1 ]"


def test_matrices_side_by_side_share_rows() -> None:
    box = math_box(r"A = \begin{bmatrix}1 & 2\\3 & 4\end{bmatrix}, "
                   r"b = \begin{bmatrix}5\\6\end{bmatrix}")
    widths = {display_width(line) for line in box.lines}
    assert len(box.lines) == 2
    assert len(widths) == 1


def test_display_math_on_own_indented_line() -> None:
    text = latex_to_text("The filter is\n$$y[n] = \\frac{1}{2} x[n].$$\nIt is stable.")
    assert text.splitlines() == ["The filter is", "    y[n] = 1/2 x[n].", "It is stable."]


def test_soft_line_breaks_reflowed() -> None:
    text = latex_to_text("one two\nthree $x_1$\nfour", width=40)
    assert text == "one two three x₁ four"


def test_wide_display_breaks_at_quad() -> None:
    source = "$$" + r" \qquad ".join(f"a_{i} = {i}{i}{i}{i}{i}{i}{i}{i}" for i in range(8)) + "$$"
    lines = latex_to_text(source, width=40).splitlines()
    assert len(lines) > 1
    assert all(display_width(line) <= 40 for line in lines)


def test_inline_matrix_becomes_display() -> None:
    text = latex_to_text(r"Let $v = \begin{bmatrix}1\\2\end{bmatrix}$, a vector.")
    assert text.splitlines() == ["Let", "    v = [ 1 ]", "        [ 2 ],", "a vector."]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # A full stop inside or after display math goes after the last matrix row.
        (r"So $$a = \begin{bmatrix}1\\2\\3\end{bmatrix}.$$",
         ["So", "        [ 1 ]", "    a = [ 2 ]", "        [ 3 ]."]),
        (r"So $$a = \begin{bmatrix}1\\2\end{bmatrix}$$.",
         ["So", "    a = [ 1 ]", "        [ 2 ]."]),
        # A formula that ends on the baseline keeps its full stop there.
        (r"So $$a = \begin{bmatrix}1\\2\end{bmatrix}, y = 1.$$",
         ["So", "    a = [ 1 ], y = 1.", "        [ 2 ]"]),
        (r"So $$a = 1.5$$", ["So", "    a = 1.5"]),
    ],
    ids=["inside", "after", "baseline-ends", "decimal-point"],
)
def test_display_punctuation_placed(source: str, expected: list[str]) -> None:
    assert latex_to_text(source).splitlines() == expected


def test_wide_matrices_break_between_formulas() -> None:
    cells = [rf"a_{i} = \begin{{bmatrix}} {i}{i}{i} \\ -{i} \end{{bmatrix}}"
             for i in range(1, 7)]
    text = latex_to_text("$$" + r" \qquad ".join(cells) + ".$$", width=50)
    lines = text.splitlines()
    assert all(display_width(line) <= 50 for line in lines), text
    # Every matrix keeps both rows, one above the other.
    for i in range(1, 7):
        top = next(line for line in lines if f"[ {i}{i}{i} ]" in line)
        below = lines[lines.index(top) + 1]
        column = top.index(f"[ {i}{i}{i} ]")
        assert below[column:].startswith(f"[  -{i} ]"), text


def test_wide_sum_breaks_before_plus() -> None:
    terms = " + ".join(f"a_{{{i}}}" for i in range(1, 14))
    lines = latex_to_text(f"$$y = {terms} = 5$$", width=40).splitlines()
    assert all(display_width(line) <= 40 for line in lines), lines
    assert lines[0].startswith("    y = a₁ + ")
    assert lines[1].startswith("      + ")
    assert lines[-1] == "      = 5"


@pytest.mark.parametrize("seed", SEEDS)
def test_backprop_values_fit_80_columns(seed: int) -> None:
    template = next(t for t in all_templates() if t.id == "backprop-two-layer")
    text = render_text(make_problem(template, seed, 10), width=78)
    assert max(display_width(line) for line in text.splitlines()[2:]) <= 78


def test_unknown_command_stays_visible() -> None:
    assert math_to_text(r"\frobnicate x") == r"\frobnicate x"


def _rendered_blocks(template_id: str, seed: int) -> list[str]:
    template = next(t for t in all_templates() if t.id == template_id)
    rendered = render_problem(make_problem(template, seed, 10), 1, "text")
    blocks = [rendered.statement, rendered.figure]
    for part in rendered.parts:
        blocks += [part.text, part.solution, f"${part.answer_latex}$"]
    return blocks


TEMPLATE_IDS = [template.id for template in all_templates()]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_template_text_has_no_latex(template_id: str, seed: int) -> None:
    template = next(t for t in all_templates() if t.id == template_id)
    text = render_text(make_problem(template, seed, 10))
    assert LATEX_COMMAND.findall(text) == []
    assert "$" not in text
    assert QUAD not in text
    assert GAP not in text


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_template_matrices_aligned(template_id: str, seed: int) -> None:
    # In every multi-line formula, each bracket of the rows above and below the
    # baseline sits in a column where the baseline row has the same bracket.
    for block in _rendered_blocks(template_id, seed):
        for match in MATH.finditer(block):
            source = match.group(1) or match.group(2)
            if TABLE.search(source):
                continue  # tables and aligned equations hold brackets anywhere
            box = math_box(source)
            if box.height == 1:
                continue
            baseline = _bracket_columns(box.lines[box.baseline])
            for index, line in enumerate(box.lines):
                if index != box.baseline and "─" not in line:
                    assert _bracket_columns(line) <= baseline, "\n".join(box.lines)


def _bracket_columns(line: str) -> set[tuple[int, str]]:
    columns = set()
    column = 0
    for char in line:
        if char in "[]":
            columns.add((column, char))
        column += display_width(char)
    return columns
