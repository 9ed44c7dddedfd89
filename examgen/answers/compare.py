"""Numeric comparison of a typed value with an expected value under the Answer rules.

All work here is plain float arithmetic whose cost grows with the square of the
number of elements at worst (n^3 for an unordered match), so it needs no time bound.
"""

from __future__ import annotations

import cmath
import math
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_DOWN,
    ROUND_HALF_UP,
    Decimal,
    InvalidOperation,
    localcontext,
)
from typing import Any, Literal

from examgen.model import Answer

# Slack for float rounding at the tolerance boundary, so that 0.101 against 0.1 with
# abs_tol 0.001 is accepted although the float difference is 0.0010000000000000009.
_BOUNDARY_SLACK = 1e-9
# Tolerances for a typed value to equal a rounded expected value.
_ROUNDED_REL_TOL = 1e-9
_ROUNDED_ABS_TOL = 1e-12
# Decimal digits kept while rounding: enough for 1e308 with 90 decimal places.
_DECIMAL_PRECISION = 400

ElementMatch = Literal["close", "rounded"]


@dataclass(frozen=True)
class Rules:
    """The comparison settings of one Answer."""

    rel_tol: float
    abs_tol: float
    digits: int
    sign_free: bool
    unordered: bool

    @classmethod
    def of(cls, answer: Answer) -> Rules:
        return cls(answer.rel_tol, answer.abs_tol, answer.digits, answer.sign_free,
                   answer.unordered)


@dataclass(frozen=True)
class Array:
    """Complex values in row-major order with their shape as given."""

    shape: tuple[int, ...]
    values: tuple[complex, ...]

    @property
    def squeezed(self) -> tuple[int, ...]:
        """The shape without axes of length 1: a 1x3 matrix compares as a 3-vector."""
        return tuple(n for n in self.shape if n != 1)

    def units(self) -> list[list[int]]:
        """Return the flat indices of the parts that `unordered` may permute.

        The parts are the elements of a vector and the rows of a matrix.
        """
        if len(self.squeezed) < 2:
            return [[i] for i in range(len(self.values))]
        rows, columns = self.squeezed
        return [list(range(r * columns, (r + 1) * columns)) for r in range(rows)]


@dataclass(frozen=True)
class Match:
    """A successful comparison: the sign applied to the expected value, the expected
    index paired with each typed index, and whether rounding was needed."""

    sign: int
    pairing: tuple[int, ...]
    rounded: bool


def describe_shape(shape: tuple[int, ...]) -> str:
    """Return a phrase such as "a single number" or "a 2x3 matrix"."""
    if not shape:
        return "a single number"
    if len(shape) == 1:
        return f"a vector of {shape[0]} element{'s' if shape[0] != 1 else ''}"
    return f"a {shape[0]}x{shape[1]} matrix"


def expected_array(value: Any) -> Array:
    """Return `value` (a number, tuple or tuple of rows) as an Array.

    Raises ValueError, with a message that completes "the expected value ...", for a
    value that is empty, ragged, not numeric or not finite.
    """
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        shape, flat = _shape_and_elements(value)
    else:
        shape, flat = (), [value]
    return Array(shape, tuple(_finite_complex(x) for x in flat))


def typed_array(shape: tuple[int, ...], values: tuple[complex, ...]) -> Array:
    """Return a parsed answer's values as an Array; raise ValueError if not finite."""
    return Array(shape, tuple(_finite_complex(x) for x in values))


def find_match(typed: Array, expected: Array, rules: Rules) -> Match | None:
    """Return how `typed` matches `expected` under `rules`, or None if it does not.

    The shapes must already agree after squeezing.
    """
    for sign in (1, -1) if rules.sign_free else (1,):
        targets = [sign * x for x in expected.values]
        rounded = [_rounded_values(x, rules.digits) for x in targets]
        match = _match_units(typed, expected, targets, rounded, rules)
        if match is not None:
            pairing, used_rounding = match
            return Match(sign, pairing, used_rounding)
    return None


def element_match(typed: complex, expected: complex, rounded: list[complex],
                  rules: Rules) -> ElementMatch | None:
    """Return "close" within tolerance, "rounded" if equal to a rounding, else None."""
    bound = max(rules.rel_tol * abs(expected), rules.abs_tol) * (1 + _BOUNDARY_SLACK)
    if abs(typed - expected) <= bound:
        return "close"
    for candidate in rounded:
        if (math.isclose(typed.real, candidate.real, rel_tol=_ROUNDED_REL_TOL,
                         abs_tol=_ROUNDED_ABS_TOL)
                and math.isclose(typed.imag, candidate.imag, rel_tol=_ROUNDED_REL_TOL,
                                 abs_tol=_ROUNDED_ABS_TOL)):
            return "rounded"
    return None


def _match_units(typed: Array, expected: Array, targets: list[complex],
                 rounded: list[list[complex]],
                 rules: Rules) -> tuple[tuple[int, ...], bool] | None:
    typed_units, expected_units = typed.units(), expected.units()
    # matches[i][k]: how typed unit i matches expected unit k (None: it does not).
    matches: list[list[tuple[ElementMatch | None, ...] | None]] = []
    for i, typed_unit in enumerate(typed_units):
        candidates = range(len(expected_units)) if rules.unordered else [i]
        row: list[tuple[ElementMatch | None, ...] | None] = [None] * len(expected_units)
        for k in candidates:
            pairs = zip(typed_unit, expected_units[k])
            found = tuple(element_match(typed.values[a], targets[b], rounded[b], rules)
                          for a, b in pairs)
            row[k] = found if all(found) else None
        matches.append(row)
    assignment = _assign([[m is not None for m in row] for row in matches])
    if assignment is None:
        return None
    pairing = [0] * len(typed.values)
    used_rounding = False
    for i, k in enumerate(assignment):
        for a, b in zip(typed_units[i], expected_units[k]):
            pairing[a] = b
        used_rounding |= "rounded" in (matches[i][k] or ())
    return tuple(pairing), used_rounding


def _assign(allowed: list[list[bool]]) -> list[int] | None:
    """Return a perfect matching (typed unit -> expected unit) or None.

    Kuhn's augmenting-path algorithm: tolerance matching is not transitive, so a
    greedy or sorted pairing can miss a valid permutation.
    """
    size = len(allowed)
    owner = [-1] * size

    def augment(i: int, seen: list[bool]) -> bool:
        for k in range(size):
            if allowed[i][k] and not seen[k]:
                seen[k] = True
                if owner[k] < 0 or augment(owner[k], seen):
                    owner[k] = i
                    return True
        return False

    for i in range(size):
        if not augment(i, [False] * size):
            return None
    assignment = [0] * size
    for k, i in enumerate(owner):
        assignment[i] = k
    return assignment


def _rounded_values(x: complex, digits: int) -> list[complex]:
    """Return `x` rounded half up and half down to `digits` decimals, per part."""
    reals = _rounded_floats(x.real, digits)
    imags = _rounded_floats(x.imag, digits)
    return [complex(r, i) for r in reals for i in imags]


def _rounded_floats(x: float, digits: int) -> list[float]:
    # repr gives the shortest decimal that reads back as x, i.e. the decimal the
    # program meant: 2.675 rounds to 2.67 or 2.68, though its binary value is below.
    exact = Decimal(repr(x))
    quantum = Decimal(1).scaleb(-digits)
    try:
        with localcontext(prec=_DECIMAL_PRECISION):
            return sorted({float(exact.quantize(quantum, rounding=mode))
                           for mode in (ROUND_HALF_UP, ROUND_HALF_DOWN)})
    except InvalidOperation:
        return []


def _shape_and_elements(value: list[Any] | tuple[Any, ...]) -> tuple[tuple[int, ...],
                                                                     list[Any]]:
    if not value:
        raise ValueError("is empty")
    nested = [isinstance(x, (list, tuple)) for x in value]
    if not any(nested):
        return (len(value),), list(value)
    if not all(nested):
        raise ValueError("mixes numbers and rows")
    lengths = {len(row) for row in value}
    if len(lengths) != 1 or 0 in lengths:
        raise ValueError("has rows of different lengths or an empty row")
    if any(isinstance(x, (list, tuple)) for row in value for x in row):
        raise ValueError("nests deeper than a matrix")
    return (len(value), len(value[0])), [x for row in value for x in row]


def _finite_complex(x: Any) -> complex:
    if isinstance(x, (str, bytes)):
        # ValueError, like every other malformed value, because complex() reads text.
        raise ValueError(f"contains the text {x!r} instead of a number")  # noqa: TRY004
    try:
        number = complex(x)
    except (TypeError, ValueError):
        raise ValueError(f"contains {x!r}, which is not a number") from None
    if not cmath.isfinite(number):
        raise ValueError(f"contains {x!r}, which is not finite")
    return number
