"""Syntax tables for parse_answer, checked against values computed with math,
cmath and fractions rather than by the parser itself."""

from __future__ import annotations

import cmath
import math
from collections.abc import Sequence
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from examgen.answers import AnswerError, AnswerSyntaxError, ParsedAnswer, parse_answer

SIGMA_2 = 1 / (1 + math.exp(-2))

# (typed text, expected complex value)
SCALARS: list[tuple[str, complex]] = [
    ("1", 1),
    ("42", 42),
    ("0", 0),
    (".5", 0.5),
    ("-.5", -0.5),
    ("0.5", 0.5),
    ("1.", 1),
    ("007", 7),
    ("1.38e-1", 0.138),
    ("1.38E-1", 0.138),
    ("1.38e+2", 138),
    ("1.38e2", 138),
    ("1.38*10^-1", 0.138),
    ("1.38*10**-1", 0.138),
    ("6.02e23", 6.02e23),
    ("1e-300", 1e-300),
    ("3/7", 3 / 7),
    ("-3/7", -3 / 7),
    ("2^3", 8),
    ("2**3", 8),
    ("2 ^ 3", 8),
    ("-2^2", -4),
    ("(-2)^2", 4),
    ("2^-1", 0.5),
    ("2^-2^2", 2 ** -(2**2)),
    ("2^3^2", 2 ** (3**2)),
    ("--3", 3),
    ("+3", 3),
    ("-+-3", 3),
    ("1-2-3", -4),
    ("8/4/2", 1),
    ("2*3+4", 10),
    ("2+3*4", 14),
    ("2*(3+4)", 14),
    ("2*-3", -6),
    ("0.1+0.2", 0.3),
    ("10^-3", 0.001),
    ("2^0.5", math.sqrt(2)),
    ("4^(1/2)", 2),
    ("2pi", 2 * math.pi),
    ("2 pi", 2 * math.pi),
    ("-2pi", -2 * math.pi),
    ("2pi/3", 2 * math.pi / 3),
    ("2pi^2", 2 * math.pi**2),
    ("2 sqrt(2)", 2 * math.sqrt(2)),
    ("2sqrt(2)", 2 * math.sqrt(2)),
    ("sqrt(2)sqrt(8)", 4),
    ("2(3+1)", 8),
    ("(1+2)(3+4)", 21),
    ("(1+2)pi", 3 * math.pi),
    ("1/(2pi)", 1 / (2 * math.pi)),
    ("(1/2)pi", math.pi / 2),
    ("1/2*pi", math.pi / 2),
    ("pi", math.pi),
    ("e", math.e),
    ("e^2", math.e**2),
    ("sqrt(2)", math.sqrt(2)),
    ("sqrt(2)^2", 2),
    ("exp(1)", math.e),
    ("exp(-1)", math.exp(-1)),
    ("ln(2)", math.log(2)),
    ("log(2)", math.log(2)),
    ("log(e^3)", 3),
    ("sin(pi/6)", 0.5),
    ("cos(pi/3)", 0.5),
    ("tan(pi/4)", 1),
    ("tanh(0.5)", math.tanh(0.5)),
    ("sin(1)^2+cos(1)^2", 1),
    ("sigma(0)", 0.5),
    ("sigma(2)", SIGMA_2),
    ("sigma(-2)", 1 - SIGMA_2),
    ("sigma(40)", 1 / (1 + math.exp(-40))),
    ("sigma(-40)", math.exp(-40) / (1 + math.exp(-40))),
    ("1+2j", 1 + 2j),
    ("1-2j", 1 - 2j),
    ("3j", 3j),
    ("-3j", -3j),
    ("2.5j", 2.5j),
    ("1e3j", 1000j),
    ("j", 1j),
    ("-j", -1j),
    ("2 j", 2j),
    ("pi j", math.pi * 1j),
    ("j^2", -1),
    ("(1+j)(1-j)", 2),
    ("(1+2j)^2", (1 + 2j) ** 2),
    ("2/(3j)", 2 / 3j),
    ("(2/3)j", 2j / 3),
    ("1/j", -1j),
    ("e^(j*pi)", -1),
    ("exp(j*pi/2)", 1j),
    ("sqrt(-4)", 2j),
    ("sqrt(-(4))", 2j),
    ("ln(-1)", math.pi * 1j),
    ("(-8)^(1/3)", cmath.exp(cmath.log(-8) / 3)),
    ("sigma(j)", 1 / (1 + cmath.exp(-1j))),
    ("  7  ", 7),
    ("7\n", 7),
    ("\t7\r\n", 7),
    ("2\t*\t3", 6),
    ("0^0", 1),
    ("0^2", 0),
    ("10^299", 1e299),
    ("1.0001^100", 1.0001**100),
]


def _ids(table: Sequence[tuple[str, object]]) -> list[str]:
    return [repr(text) for text, _ in table]


@pytest.mark.parametrize(("text", "expected"), SCALARS, ids=_ids(SCALARS))
def test_scalar_value(text: str, expected: complex) -> None:
    parsed = parse_answer(text)
    assert parsed.shape == ()
    assert parsed.kind == "scalar"
    assert len(parsed.elements) == len(parsed.values) == 1
    assert cmath.isclose(parsed.values[0], expected, rel_tol=1e-12, abs_tol=1e-15)


# (typed text, exact value as a Fraction or a pair of Fractions for a + b*j)
EXACT: list[tuple[str, Fraction | tuple[Fraction, Fraction]]] = [
    ("3/7", Fraction(3, 7)),
    ("6/14", Fraction(3, 7)),
    ("0.125", Fraction(1, 8)),
    (".5", Fraction(1, 2)),
    ("1.38e-1", Fraction(138, 1000)),
    ("1.38*10^-1", Fraction(138, 1000)),
    ("2^-3", Fraction(1, 8)),
    ("(1/3)^3", Fraction(1, 27)),
    ("1.5^2", Fraction(9, 4)),
    ("(2/3)^-2", Fraction(9, 4)),
    ("10^20+1-10^20", Fraction(1)),
    ("1/3+1/6", Fraction(1, 2)),
    ("-(1/2)", Fraction(-1, 2)),
    ("1+2j", (Fraction(1), Fraction(2))),
    ("(1+2j)^2", (Fraction(-3), Fraction(4))),
    ("1/(1+j)", (Fraction(1, 2), Fraction(-1, 2))),
    ("j^3", (Fraction(0), Fraction(-1))),
    ("(1+j)^-2", (Fraction(0), Fraction(-1, 2))),
]


@pytest.mark.parametrize(("text", "exact"), EXACT, ids=_ids(EXACT))
def test_exact_value(text: str,
                     exact: Fraction | tuple[Fraction, Fraction]) -> None:
    real, imag = exact if isinstance(exact, tuple) else (exact, Fraction(0))
    expected = (sympy.Rational(real.numerator, real.denominator)
                + sympy.Rational(imag.numerator, imag.denominator) * sympy.I)
    assert parse_answer(text).elements[0] == expected


def test_irrational_element_stays_unevaluated() -> None:
    element = parse_answer("2*sqrt(2)").elements[0]
    assert element.doit() == 2 * sympy.sqrt(2)
    evaluated = parse_answer("sin(pi/4)").expr.doit()
    assert sympy.simplify(evaluated - sympy.sqrt(2) / 2) == 0


# (typed text, shape, expected complex values in row-major order)
ARRAYS: list[tuple[str, tuple[int, ...], list[complex]]] = [
    ("[1, 2]", (2,), [1, 2]),
    ("[1,2]", (2,), [1, 2]),
    ("[ 0.5 , -1/2 ]", (2,), [0.5, -0.5]),
    ("[5]", (1,), [5]),
    ("[1/sqrt(2), -1/sqrt(2)]", (2,), [1 / math.sqrt(2), -1 / math.sqrt(2)]),
    ("[1+2j, 3j, j]", (3,), [1 + 2j, 3j, 1j]),
    ("[2pi, e]", (2,), [2 * math.pi, math.e]),
    ("[[1, 2], [3, 4]]", (2, 2), [1, 2, 3, 4]),
    ("[[1,2],[3,4]]", (2, 2), [1, 2, 3, 4]),
    ("[[1, 2, 3]]", (1, 3), [1, 2, 3]),
    ("[[1], [2]]", (2, 1), [1, 2]),
    ("[[0.5, -1e-3], [sqrt(4), 2^3]]", (2, 2), [0.5, -0.001, 2, 8]),
]


@pytest.mark.parametrize(("text", "shape", "values"), ARRAYS,
                         ids=[repr(row[0]) for row in ARRAYS])
def test_vector_and_matrix(text: str, shape: tuple[int, ...],
                           values: list[complex]) -> None:
    parsed = parse_answer(text)
    assert parsed.shape == shape
    assert parsed.kind == ("vector" if len(shape) == 1 else "matrix")
    assert len(parsed.values) == len(values)
    for got, want in zip(parsed.values, values):
        assert cmath.isclose(got, want, rel_tol=1e-12, abs_tol=1e-15)


def test_matrix_expr_is_row_major() -> None:
    matrix = parse_answer("[[1, 2], [3, 4]]").expr
    assert matrix == sympy.ImmutableMatrix([[1, 2], [3, 4]])
    assert parse_answer("[1, 2]").expr.shape == (2, 1)


def test_parsed_answer_keeps_stripped_text() -> None:
    parsed = parse_answer("  [0,5, 1,2]\n")
    assert isinstance(parsed, ParsedAnswer)
    assert parsed.text == "[0,5, 1,2]"


# (typed text, decimal-comma suggestion stored for the checker)
DECIMAL_COMMA_SUGGESTIONS: list[tuple[str, str | None]] = [
    ("[0,5, 1,2]", "0.5"),
    ("[1,25]", "1.25"),
    ("[1, 25]", None),
    ("[0.5, 1.2]", None),
    ("[[1,2], [3, 4]]", "1.2"),
]


@pytest.mark.parametrize(("text", "suggestion"), DECIMAL_COMMA_SUGGESTIONS,
                         ids=_ids(DECIMAL_COMMA_SUGGESTIONS))
def test_decimal_comma_suggestion(text: str, suggestion: str | None) -> None:
    assert parse_answer(text).decimal_comma == suggestion


# (typed text, words the one-line message must contain)
REJECTED: list[tuple[str, tuple[str, ...]]] = [
    ("", ("empty",)),
    ("   ", ("empty",)),
    ("0,5", ("'0,5'", "decimal point: 0.5")),
    ("1,25", ("'1,25'", "decimal point: 1.25")),
    ("-0,5", ("decimal point: 0.5",)),
    ("1, 2", ("[1, 2]",)),
    ("sqrt(0,5)", ("decimal point: 0.5",)),
    ("log(8,2)", ("one argument", "log(8)/log(2)")),
    ("log10(2)", ("'log10' at column 1 is not supported", "ln(2)/ln(10)",
                  "log(2)/log(10)")),
    ("2*log2(8 + 1)", ("'log2' at column 3", "ln(8 + 1)/ln(2)")),
    ("log10", ("'log10'", "ln(x)/ln(10)")),
    ("sin(1, 2)", ("one argument",)),
    ("x", ("'x'", "pi")),
    ("foo(1)", ("'foo'",)),
    ("i", ("'i'", "type j")),
    ("1+2i", ("'i'", "type j")),
    ("Pi", ("'Pi'", "type pi")),
    ("SQRT(2)", ("'SQRT'", "sqrt")),
    ("inf", ("finite",)),
    ("nan", ("finite",)),
    ("sigmoid(1)", ("sigma(x)",)),
    ("2 3", ("'2'", "'3'", "2*3")),
    ("[1 2]", ("commas",)),
    ("pi 2", ("missing operator",)),
    ("(2)3", ("missing operator",)),
    ("1/2pi", ("'1/2pi'", "1/(2*pi)")),
    ("1/2 sqrt(2)", ("ambiguous",)),
    ("2^3pi", ("'2^3pi'", "2^(3*pi)")),
    ("2/3j", ("'2/3j'", "2/(3j)")),
    ("2e", ("'2e'", "2*e")),
    ("1e+", ("'1e'",)),
    ("e(2)", ("'e('", "exp(")),
    ("pi(2)", ("'pi('",)),
    ("sqrt 2", ("'sqrt'", "sqrt(2)")),
    ("sqrt", ("'sqrt'", "parentheses")),
    ("(1", ("never closed", "')'")),
    ("[1, 2", ("never closed", "']'")),
    ("1)", ("no matching",)),
    ("[1, 2]]", ("no matching",)),
    ("(1]", ("does not match",)),
    ("()", ("empty parentheses",)),
    ("[]", ("empty brackets",)),
    ("[1,]", ("missing element",)),
    ("[,1]", ("','",)),
    ("[[1, 2], [3]]", ("matrix row 1 has 2 elements but row 2 has 1",)),
    ("[[1], [2, 3]]", ("matrix row 1 has 1 element but row 2 has 2",)),
    ("[[1, 2], [3, 4], [5]]", ("row 1 has 2 elements but row 3 has 1",)),
    ("[[1, 2], 3]", ("outside a row",)),
    ("[[[1]]]", ("nests too deep",)),
    ("[1, [2]]", ("nests too deep",)),
    ("[1, 2]*2", ("'*2'", "on its own")),
    ("2*[1, 2]", ("brackets may only enclose",)),
    ("[1][2]", ("brackets may only enclose",)),
    ("[1;2]", ("[[1, 2], [3, 4]]",)),
    ("2*", ("ends after '*'",)),
    ("2^", ("ends after '^'",)),
    ("-", ("ends after '-'",)),
    ("2*/3", ("'/'",)),
    ("1.2.3", ("'1.2.'", "single decimal point")),
    ("1..2", ("single decimal point",)),
    ("x = 0.5", ("'x'",)),
    ("0.5=x", ("'='", "only the value")),
    ("50%", ("'%'", "fraction")),
    ("\u03c0", ("U+03C0", "type pi")),
    ("2\u22121", ("U+2212", "ASCII minus")),
    ("2\u00d73", ("U+00D7", "*")),
    ("\uff11", ("U+FF11", "ASCII digits")),
    # A 0xFF byte read with errors="surrogateescape", as a terminal that is not UTF-8
    # sends it.
    ("1\udcff", ("invalid byte 0xFF at column 2 (not UTF-8 text)", "UTF-8")),
    ("1/0", ("'1/0'", "divides by zero")),
    ("1/(1-1)", ("divides by zero",)),
    ("0^-1", ("divides by zero",)),
    ("log(0)", ("'log(0)'", "undefined")),
    ("ln(1-1)", ("undefined",)),
    ("tan(pi/2)", ("'tan(pi/2)'", "pole")),
    ("10^400", ("too large",)),
    ("exp(1000)", ("too large",)),
    ("1e-301", ("'1e-301'", "-300..300")),
    ("10^-200*10^-200", ("too small",)),
    ("exp(-1000)", ("too small",)),
    ("1" * 41, ("more than 40 digits",)),
    ("1.0001^1000", ("too many digits",)),
]


@pytest.mark.parametrize(("text", "words"), REJECTED, ids=_ids(REJECTED))
def test_rejected_with_message(text: str, words: tuple[str, ...]) -> None:
    with pytest.raises(AnswerSyntaxError) as caught:
        parse_answer(text)
    message = str(caught.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_error_carries_column() -> None:
    with pytest.raises(AnswerSyntaxError) as caught:
        parse_answer("1 + x")
    assert caught.value.column == 5
    assert isinstance(caught.value, AnswerError)


def test_non_text_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        parse_answer(b"1")  # type: ignore[arg-type]


# Random integer arithmetic, rendered as text and valued with Fraction. Each node
# returns (text, value); value is None where a division by zero happens.
Node = tuple[str, Fraction | None]

_integers = st.integers(min_value=0, max_value=999).map(lambda n: (str(n), Fraction(n)))


def _binary(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    def build(left: Node, operator: str, right: Node) -> Node:
        text = f"({left[0]}){operator}({right[0]})"
        a, b = left[1], right[1]
        if a is None or b is None or (operator == "/" and b == 0):
            return text, None
        value = {"+": a + b, "-": a - b, "*": a * b}.get(operator)
        return text, a / b if operator == "/" else value

    return st.builds(build, children, st.sampled_from("+-*/"), children)


def _signed_power(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    def build(base: Node, exponent: int, negative: bool) -> Node:
        text = f"{'-' if negative else ''}({base[0]})^{exponent}"
        if base[1] is None:
            return text, None
        value = base[1] ** exponent
        return text, -value if negative else value

    return st.builds(build, children, st.integers(0, 3), st.booleans())


_expressions = st.recursive(
    _integers, lambda children: _binary(children) | _signed_power(children),
    max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(_expressions)
def test_integer_arithmetic_matches_fractions(node: Node) -> None:
    text, value = node
    if value is None:
        with pytest.raises(AnswerSyntaxError, match="divides by zero"):
            parse_answer(text)
        return
    if abs(value) > 10**250 or value.numerator.bit_length() > 3000:
        return
    parsed = parse_answer(text)
    assert parsed.elements[0] == sympy.Rational(value.numerator, value.denominator)


# Flat chains check precedence and left associativity: a op b op c ... with the
# usual rules, valued by folding products and quotients first, then sums.
_chain_operators = st.lists(st.sampled_from(["+", "-", "*", "/"]), min_size=1,
                            max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_operator_precedence_matches_fractions(data: st.DataObject) -> None:
    operators = data.draw(_chain_operators)
    numbers = data.draw(st.lists(st.integers(1, 50), min_size=len(operators) + 1,
                                 max_size=len(operators) + 1))
    pairs = zip(operators, numbers[1:])
    text = str(numbers[0]) + "".join(f"{op}{n}" for op, n in pairs)
    terms: list[Fraction] = [Fraction(numbers[0])]
    signs = [1]
    for operator, n in zip(operators, numbers[1:]):
        if operator == "*":
            terms[-1] *= n
        elif operator == "/":
            terms[-1] /= n
        else:
            terms.append(Fraction(n))
            signs.append(1 if operator == "+" else -1)
    value = sum((s * t for s, t in zip(signs, terms)), Fraction(0))
    assert parse_answer(text).elements[0] == sympy.Rational(value.numerator,
                                                            value.denominator)


def test_sympy_capital_e_is_euler() -> None:
    # Keys store exact forms in SymPy syntax, which writes Euler's number as E.
    assert parse_answer("E").values[0] == pytest.approx(math.e)
    assert parse_answer("-6 + 2*E").values[0] == pytest.approx(-6 + 2 * math.e)
