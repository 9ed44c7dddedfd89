"""The Jinja2 environment, its filters and the lookup of the template files.

Delimiters are ``<< var >>``, ``<% block %>`` and ``<# comment #>`` so that they
never clash with LaTeX braces.
"""

from __future__ import annotations

import decimal
import functools
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import sympy

from examgen.exact import tex


def templates_dir() -> Path:
    """Return the folder of Jinja2 files: inside the installed wheel, else the checkout."""
    packaged = Path(str(resources.files("examgen"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


def to_expr(value: Any) -> sympy.Expr:
    """Return `value` (a number, a fraction string such as "3/4", or SymPy) as SymPy.

    Strings come from the templates' own drawn parameters, never from a user.
    """
    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, bool):
        raise TypeError(f"not a number: {value!r}")
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, float):
        return sympy.Rational(Fraction(repr(value)))
    if isinstance(value, str):
        return sympy.Rational(Fraction(value))
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    raise TypeError(f"not a number: {value!r}")


def latex_of(value: Any) -> str:
    """Return the LaTeX of a number, fraction string, SymPy value, vector or matrix.

    Floats print as their shortest decimal (0.3, not 3/10) because drawn decimals are
    given to students as decimals.
    """
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (list, tuple)):
            return latex_matrix(value)
        return r"\left[" + ",\\ ".join(latex_of(v) for v in value) + r"\right]"
    if isinstance(value, sympy.MatrixBase):
        return latex_matrix(value.tolist())
    if isinstance(value, float):
        return format_decimal(value, 6)
    return tex(to_expr(value))


def latex_matrix(rows: Any) -> str:
    """Return a bracketed LaTeX matrix (a column vector when each row has one entry)."""
    body = r" \\ ".join(" & ".join(latex_of(x) for x in row) for row in rows)
    return r"\begin{bmatrix}" + body + r"\end{bmatrix}"


def latex_column(values: Any) -> str:
    """Return a LaTeX column vector of `values`."""
    return latex_matrix([[v] for v in values])


def latex_signed(value: Any) -> str:
    """Return "+ x" or "- x" for writing a term after another one."""
    expr = to_expr(value)
    if expr.could_extract_minus_sign():
        return "- " + tex(-expr)
    return "+ " + tex(expr)


def latex_term(value: Any, symbol: str) -> str:
    """Return "+ c symbol" or "- c symbol", leaving out a coefficient of 1."""
    expr = to_expr(value)
    sign = "- " if expr.could_extract_minus_sign() else "+ "
    magnitude = -expr if sign == "- " else expr
    if magnitude == 1:
        return sign + symbol
    return sign + tex(magnitude) + " " + symbol


def format_decimal(value: Any, digits: int = 4) -> str:
    """Return `value` rounded half up to `digits` decimals, trailing zeros removed."""
    number = decimal.Decimal(repr(float(value)))
    quantum = decimal.Decimal(1).scaleb(-digits)
    text = format(number.quantize(quantum, rounding=decimal.ROUND_HALF_UP), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Return the shared Jinja2 environment (StrictUndefined, LaTeX-safe delimiters)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        block_start_string="<%",
        block_end_string="%>",
        variable_start_string="<<",
        variable_end_string=">>",
        comment_start_string="<#",
        comment_end_string="#>",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["tex"] = latex_of
    env.filters["col"] = latex_column
    env.filters["mat"] = latex_matrix
    env.filters["signed"] = latex_signed
    env.filters["term"] = latex_term
    env.filters["dec"] = format_decimal
    return env
