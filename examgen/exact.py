"""Build `Answer` values from exact SymPy forms or from plain floats."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, cast

import sympy

from examgen.model import Answer, Value

# Significant digits kept in stored values: enough for any tolerance, few enough that
# the last-ulp differences between BLAS builds never reach the JSON or the sheets.
STORED_DIGITS = 12


def round_float(x: float) -> float:
    """Round `x` to STORED_DIGITS significant digits, mapping -0.0 to 0.0."""
    rounded = float(f"{float(x):.{STORED_DIGITS}g}")
    return rounded + 0.0


def _scalar(expr: Any) -> int | float:
    if isinstance(expr, (int, sympy.Integer)):
        return int(expr)
    return round_float(float(expr))


def _as_expr(x: Any) -> sympy.Expr:
    # Accepts only numbers and SymPy objects, so no string is ever parsed here.
    if isinstance(x, sympy.Basic):
        return x
    if isinstance(x, (bool, str)) or not isinstance(x, (int, float)):
        raise TypeError(f"an answer element must be a number or SymPy expression, not {x!r}")
    return sympy.Integer(x) if isinstance(x, int) else sympy.Float(x)


# Not before a power: ln(2)^2 must keep its brackets.
_LN_OF_INTEGER = re.compile(r"\\ln\{\\left\((\d+) \\right\)\}(?!\^)")


def tex(expr: Any) -> str:
    r"""Return the LaTeX of a SymPy expression in the course's notation.

    Logarithms print as ln, and the log of a whole number loses its brackets
    (``\ln 2``), as a person writes it.
    """
    text = str(sympy.latex(expr, ln_notation=True))
    return _LN_OF_INTEGER.sub(r"\\ln \1", text)


def exact_answer(expr: Any, **options: Any) -> Answer:
    """Return an Answer whose exact form is `expr`.

    `expr` is a SymPy scalar, a list of scalars (a vector) or a list of equal-length
    lists (a matrix); a SymPy matrix is taken as its list of rows. `options` are
    passed on to `Answer` (tolerances, digits, flags).
    """
    if isinstance(expr, sympy.MatrixBase):
        expr = expr.tolist()
    if isinstance(expr, (list, tuple)) and expr and isinstance(expr[0], (list, tuple)):
        rows = [[_as_expr(x) for x in row] for row in expr]
        value: Value = tuple(tuple(_scalar(x) for x in row) for row in rows)
        exact = "[" + ", ".join("[" + ", ".join(sympy.sstr(x) for x in row) + "]"
                                for row in rows) + "]"
        latex = tex(sympy.Matrix(rows))
    elif isinstance(expr, (list, tuple)):
        items = [_as_expr(x) for x in expr]
        value = tuple(_scalar(x) for x in items)
        exact = "[" + ", ".join(sympy.sstr(x) for x in items) + "]"
        latex = r"\left[" + ",\\ ".join(tex(x) for x in items) + r"\right]"
    else:
        scalar = _as_expr(expr)
        value = _scalar(scalar)
        exact = sympy.sstr(scalar)
        latex = tex(scalar)
    return Answer(value=value, exact=exact, latex=latex, **options)


def exact_text(x: Any) -> str:
    """Return the SymPy text that `exact_answer` writes for the answer element `x`."""
    return str(sympy.sstr(_as_expr(x)))


def exact_value(expr: Any) -> Value:
    """Return the value that `exact_answer(expr)` stores, without printing the exact form.

    Mistake values need no exact text, and skipping SymPy's printers keeps solve fast.
    """
    if isinstance(expr, sympy.MatrixBase):
        expr = expr.tolist()
    if isinstance(expr, (list, tuple)) and expr and isinstance(expr[0], (list, tuple)):
        return tuple(tuple(_scalar(_as_expr(x)) for x in row) for row in expr)
    if isinstance(expr, (list, tuple)):
        return tuple(_scalar(_as_expr(x)) for x in expr)
    return _scalar(_as_expr(expr))


def float_value(expr: Any) -> Value:
    """Return a number or SymPy scalar, or a (nested) list of them, as plain floats.

    Unlike `exact_value`, whole numbers become floats and nothing is rounded.
    """
    if isinstance(expr, (list, tuple)):
        return cast(Value, tuple(float_value(item) for item in expr))
    return float(expr)


def rational(value: float | str) -> sympy.Rational:
    """Return a drawn number (an int, a decimal float or a fraction string) as a Rational.

    Raises TypeError for anything else. SymPy's own Rational() runs sympify on
    lists and other objects, which evaluates strings inside them, so params never
    reach it except as a string.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str, sympy.Rational)):
        raise TypeError(f"not a drawn number: {value!r}")
    return sympy.Rational(str(value))


def rationals(values: Sequence[Any]) -> list[Any]:
    """Return a list of drawn numbers, nested to any depth, as Rationals of the same shape."""
    return [rationals(value) if isinstance(value, (list, tuple)) else rational(value)
            for value in values]
