"""Bounded arithmetic that builds a SymPy expression and its value side by side.

SymPy's automatic evaluation can take exponential time on nested input (ten nested
logs took seconds with SymPy 1.14), so every tree is built with ``evaluate=False``.
The value of each sub-expression is computed here instead. While only numbers, j,
+ - * / and integer powers are involved, it is exact, a Gaussian rational of Python
Fractions. Once a constant, a function or a fractional power enters, it is a complex
float. Every step checks the size of its result before it is built, so no step
computes a huge integer or an overflowing float.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from examgen.answers.errors import AnswerSyntaxError, quote
from examgen.answers.limits import (
    MAX_LITERAL_DIGITS,
    MAX_LITERAL_EXPONENT,
    MAX_MAGNITUDE,
    MAX_POWER_EXPONENT,
    MAX_RATIONAL_BITS,
    MIN_MAGNITUDE,
)

# An exact value a + b*j with rational a and b.
Exact = tuple[Fraction, Fraction]

_RANGE = (f"answers must stay between 10^{math.log10(MIN_MAGNITUDE):.0f} and "
          f"10^{math.log10(MAX_MAGNITUDE):.0f} in size")
# tan(x) is rejected as a pole when |cos(x)| is below this. cos(pi/2) is 6e-17 in
# floating point, so arguments within about 1e-15 of a pole count as the pole.
_POLE_COSINE = 1e-15


@dataclass(frozen=True)
class Quantity:
    """A parsed sub-expression: SymPy tree, complex value, exact value if rational,
    and the span of its source text."""

    expr: Any
    value: complex
    start: int
    end: int
    exact: Exact | None = None

    def __post_init__(self) -> None:
        # Adding 0.0 turns -0.0 into 0.0. A negative-zero imaginary part would put
        # cmath on the other side of a branch cut: cmath.sqrt(-4-0j) is -2j, not 2j.
        clean = complex(self.value.real + 0.0, self.value.imag + 0.0)
        object.__setattr__(self, "value", clean)

    def spanning(self, start: int, end: int) -> Quantity:
        """Return the same quantity with a wider source span, e.g. its parentheses."""
        return Quantity(self.expr, self.value, start, end, self.exact)


def number(literal: str, start: int) -> Quantity:
    """Return the exact rational of a decimal literal such as ``1.38e-1``."""
    mantissa, _, exponent_text = literal.lower().partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    if len(digits) > MAX_LITERAL_DIGITS:
        raise _error(f"{quote(literal)} has more than {MAX_LITERAL_DIGITS} digits; "
                     "round it", start)
    exponent = _literal_exponent(literal, exponent_text, start) - len(fraction)
    real = Fraction(int(digits)) * Fraction(10) ** exponent
    return _exact_quantity(literal, (real, Fraction(0)), start, start + len(literal))


def imaginary(literal: str, start: int) -> Quantity:
    """Return the quantity of an imaginary literal such as ``3j``."""
    real = number(literal[:-1], start)
    assert real.exact is not None
    return _exact_quantity(literal, (Fraction(0), real.exact[0]), start,
                           start + len(literal))


def constant(name: str, start: int) -> Quantity:
    """Return the quantity of ``pi``, ``e`` or ``j``."""
    end = start + len(name)
    if name == "j":
        return _exact_quantity(name, (Fraction(0), Fraction(1)), start, end)
    if name == "pi":
        return Quantity(sympy.pi, complex(math.pi), start, end)
    return Quantity(sympy.E, complex(math.e), start, end)


def negate(operand: Quantity, start: int) -> Quantity:
    """Return the negation of `operand`, spanning from the sign at `start`."""
    if operand.exact is not None:
        real, imag = operand.exact
        return _exact_quantity("", (-real, -imag), start, operand.end)
    return Quantity(_negated(operand.expr), -operand.value, start, operand.end)


def combine(operator: str, left: Quantity, right: Quantity, source: str) -> Quantity:
    """Return ``left <operator> right`` for one of ``+ - * /``."""
    fragment = source[left.start:right.end]
    if operator == "/" and right.value == 0:
        raise _error(f"{quote(fragment)} divides by zero; check the divisor",
                     left.start)
    if left.exact is not None and right.exact is not None:
        exact = _EXACT_OPERATIONS[operator](left.exact, right.exact)
        return _exact_quantity(fragment, exact, left.start, right.end)
    a, b = left.value, right.value
    if operator == "+":
        expr, value = sympy.Add(left.expr, right.expr, evaluate=False), a + b
    elif operator == "-":
        expr = sympy.Add(left.expr, _negated(right.expr), evaluate=False)
        value = a - b
    elif operator == "*":
        expr, value = sympy.Mul(left.expr, right.expr, evaluate=False), a * b
        _check_underflow(fragment, a != 0 and b != 0, value, left.start)
    else:
        expr = sympy.Mul(left.expr, sympy.Pow(right.expr, -1, evaluate=False),
                         evaluate=False)
        value = a / b
        _check_underflow(fragment, a != 0, value, left.start)
    return _float_quantity(fragment, expr, value, left.start, right.end)


def power(base: Quantity, exponent: Quantity, source: str) -> Quantity:
    """Return ``base ^ exponent`` after checking that its size stays bounded."""
    fragment = source[base.start:exponent.end]
    if abs(exponent.value) > MAX_POWER_EXPONENT:
        raise _error(f"the exponent in {quote(fragment)} is outside -{MAX_POWER_EXPONENT} "
                     f"to {MAX_POWER_EXPONENT}; {_RANGE}", base.start)
    _check_power_size(fragment, base.value, exponent.value, base.start)
    integer = _integer_of(exponent.exact)
    if base.exact is not None and integer is not None:
        return _exact_power(fragment, base, integer, exponent.end)
    value = _power_value(fragment, base.value, exponent.value, base.start)
    expr = sympy.Pow(base.expr, exponent.expr, evaluate=False)
    return _float_quantity(fragment, expr, value, base.start, exponent.end)


def call(name: str, argument: Quantity, start: int, end: int, source: str) -> Quantity:
    """Return the function `name` applied to `argument`, spanning ``name(...)``."""
    fragment = source[start:end]
    z = argument.value
    if name in ("ln", "log") and z == 0:
        raise _error(f"{quote(fragment)} is undefined; the logarithm needs a nonzero "
                     "argument", start)
    try:
        pole = name == "tan" and abs(cmath.cos(z)) < _POLE_COSINE
        value = _FLOAT_FUNCTIONS[name](z)
    except (OverflowError, ValueError, ZeroDivisionError):
        raise _error(f"{quote(fragment)} cannot be evaluated: it is undefined or "
                     f"too large; {_RANGE}", start) from None
    if pole:
        raise _error(f"{quote(fragment)} is undefined; its argument is a pole of tan",
                     start)
    if name in ("exp", "sigma"):
        _check_underflow(fragment, True, value, start)
    expr = _SYMPY_FUNCTIONS[name](argument.expr)
    return _float_quantity(fragment, expr, value, start, end)


def _literal_exponent(literal: str, exponent_text: str, start: int) -> int:
    if not exponent_text:
        return 0
    digits = exponent_text.lstrip("+-")
    if len(digits) > 4 or int(digits) > MAX_LITERAL_EXPONENT:
        bound = MAX_LITERAL_EXPONENT
        raise _error(f"the exponent of {quote(literal)} is outside "
                     f"-{bound}..{bound}; {_RANGE}", start)
    return int(exponent_text)


def _integer_of(exact: Exact | None) -> int | None:
    if exact is None or exact[1] != 0 or exact[0].denominator != 1:
        return None
    return exact[0].numerator


def _exact_power(fragment: str, base: Quantity, exponent: int, end: int) -> Quantity:
    assert base.exact is not None
    real, imag = base.exact
    if real == 0 and imag == 0 and exponent < 0:
        raise _error(f"{quote(fragment)} divides by zero; check the base and the "
                     "exponent", base.start)
    # A complex product has at most the sum of the operands' bit lengths plus one,
    # so z^n has at most n * (bits(z) + 1) bits: check before computing it.
    if (_bits(base.exact) + 1) * abs(exponent) > MAX_RATIONAL_BITS:
        raise _error(f"{quote(fragment)} has too many digits to compute exactly; "
                     "round the base or the exponent", base.start)
    factor = base.exact if exponent >= 0 else _divide((Fraction(1), Fraction(0)),
                                                       base.exact)
    return _exact_quantity(fragment, _integer_power(factor, abs(exponent)),
                           base.start, end)


def _check_underflow(fragment: str, nonzero: bool, value: complex, start: int) -> None:
    """Reject a result that must be nonzero but is too small for a float."""
    if nonzero and abs(value) < MIN_MAGNITUDE:
        raise _error(f"{quote(fragment)} is too small to evaluate; {_RANGE}", start)


def _check_power_size(fragment: str, base: complex, exponent: complex,
                      start: int) -> None:
    if base == 0:
        return
    # log10 |b^x| = Re(x) log10|b| - Im(x) arg(b) / ln 10 for the principal branch.
    log_size = (exponent.real * math.log10(abs(base))
                - exponent.imag * cmath.phase(base) / math.log(10))
    if log_size > math.log10(MAX_MAGNITUDE):
        raise _error(f"{quote(fragment)} is too large; {_RANGE}", start)
    if log_size < math.log10(MIN_MAGNITUDE):
        raise _error(f"{quote(fragment)} is too small to evaluate; {_RANGE}", start)


def _power_value(fragment: str, base: complex, exponent: complex,
                 start: int) -> complex:
    try:
        if (base.imag == 0 and exponent.imag == 0
                and (base.real >= 0 or exponent.real.is_integer())):
            return complex(math.pow(base.real, exponent.real))
        return base ** exponent
    except (ZeroDivisionError, ValueError):
        raise _error(f"{quote(fragment)} divides by zero; check the base and the "
                     "exponent", start) from None
    except OverflowError:
        raise _error(f"{quote(fragment)} is too large; {_RANGE}", start) from None


def _exact_quantity(fragment: str, exact: Exact, start: int, end: int) -> Quantity:
    """Return the quantity of an exact value after checking its size."""
    if _bits(exact) > MAX_RATIONAL_BITS:
        raise _error(f"{quote(fragment)} has too many digits to compute exactly; "
                     "round it", start)
    real, imag = exact
    try:
        # int / int rounds correctly and raises OverflowError instead of giving inf.
        value = complex(real.numerator / real.denominator,
                        imag.numerator / imag.denominator)
    except OverflowError:
        raise _error(f"{quote(fragment)} is too large; {_RANGE}", start) from None
    _check_underflow(fragment, real != 0 or imag != 0, value, start)
    expr = _rational(real) + _rational(imag) * sympy.I
    return _float_quantity(fragment, expr, value, start, end, exact)


def _float_quantity(fragment: str, expr: Any, value: complex, start: int, end: int,
                    exact: Exact | None = None) -> Quantity:
    if not (cmath.isfinite(value) and abs(value) <= MAX_MAGNITUDE):
        raise _error(f"{quote(fragment)} is too large; {_RANGE}", start)
    return Quantity(expr, value, start, end, exact)


def _rational(x: Fraction) -> Any:
    return sympy.Rational(x.numerator, x.denominator)


def _negated(expr: Any) -> Any:
    if expr.is_Number:
        return -expr
    return sympy.Mul(sympy.S.NegativeOne, expr, evaluate=False)


def _bits(exact: Exact) -> int:
    return max(max(abs(x.numerator).bit_length(), x.denominator.bit_length())
               for x in exact)


def _multiply(a: Exact, b: Exact) -> Exact:
    return (a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0])


def _integer_power(base: Exact, exponent: int) -> Exact:
    """Return base^exponent for exponent >= 0 by repeated squaring."""
    if base[1] == 0:
        return (base[0] ** exponent, Fraction(0))
    result: Exact = (Fraction(1), Fraction(0))
    while exponent:
        if exponent & 1:
            result = _multiply(result, base)
        base = _multiply(base, base)
        exponent >>= 1
    return result


def _divide(a: Exact, b: Exact) -> Exact:
    norm = b[0] * b[0] + b[1] * b[1]
    return _multiply(a, (b[0] / norm, -b[1] / norm))


_EXACT_OPERATIONS: dict[str, Callable[[Exact, Exact], Exact]] = {
    "+": lambda a, b: (a[0] + b[0], a[1] + b[1]),
    "-": lambda a, b: (a[0] - b[0], a[1] - b[1]),
    "*": _multiply,
    "/": _divide,
}


def _sigma_value(z: complex) -> complex:
    if z.imag == 0:
        x = z.real
        # The two forms keep exp from overflowing for large |x|.
        if x >= 0:
            return complex(1 / (1 + math.exp(-x)))
        t = math.exp(x)
        return complex(t / (1 + t))
    return 1 / (1 + cmath.exp(-z))


def _real_or_complex(real: Callable[[float], float],
                     complex_: Callable[[complex], complex],
                     domain: Callable[[float], bool]) -> Callable[[complex], complex]:
    """Return a function that uses the real form on real arguments in its domain."""
    def evaluate(z: complex) -> complex:
        if z.imag == 0 and domain(z.real):
            return complex(real(z.real))
        return complex_(z)
    return evaluate


def _everywhere(x: float) -> bool:
    return True


_FLOAT_FUNCTIONS: dict[str, Callable[[complex], complex]] = {
    "sqrt": _real_or_complex(math.sqrt, cmath.sqrt, lambda x: x >= 0),
    "exp": _real_or_complex(math.exp, cmath.exp, _everywhere),
    "ln": _real_or_complex(math.log, cmath.log, lambda x: x > 0),
    "log": _real_or_complex(math.log, cmath.log, lambda x: x > 0),
    "sin": _real_or_complex(math.sin, cmath.sin, _everywhere),
    "cos": _real_or_complex(math.cos, cmath.cos, _everywhere),
    "tan": _real_or_complex(math.tan, cmath.tan, _everywhere),
    "tanh": _real_or_complex(math.tanh, cmath.tanh, _everywhere),
    "sigma": _sigma_value,
}


def _sigma_expr(x: Any) -> Any:
    denominator = sympy.Add(sympy.S.One, sympy.exp(_negated(x), evaluate=False),
                            evaluate=False)
    return sympy.Pow(denominator, -1, evaluate=False)


_SYMPY_FUNCTIONS: dict[str, Callable[[Any], Any]] = {
    "sqrt": lambda x: sympy.sqrt(x, evaluate=False),
    "exp": lambda x: sympy.exp(x, evaluate=False),
    "ln": lambda x: sympy.log(x, evaluate=False),
    "log": lambda x: sympy.log(x, evaluate=False),
    "sin": lambda x: sympy.sin(x, evaluate=False),
    "cos": lambda x: sympy.cos(x, evaluate=False),
    "tan": lambda x: sympy.tan(x, evaluate=False),
    "tanh": lambda x: sympy.tanh(x, evaluate=False),
    "sigma": _sigma_expr,
}


def _error(message: str, start: int) -> AnswerSyntaxError:
    return AnswerSyntaxError(message, start + 1)
