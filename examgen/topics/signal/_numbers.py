"""Checks shared by the signal templates: hand-sized exact answers and distinct mistakes."""

from __future__ import annotations

from typing import Any

import sympy

from examgen.model import Answer, Value

MAX_EXACT_CHARS = 40
MAX_DENOMINATOR = 1000


def _elements(expr: Any) -> list[sympy.Expr]:
    if isinstance(expr, sympy.MatrixBase):
        return list(expr)
    if isinstance(expr, (list, tuple)):
        return [item for part in expr for item in _elements(part)]
    return [sympy.sympify(expr)]


def hand_sized(expr: Any) -> bool:
    """Return whether every element is short in SymPy text and has a denominator <= 1000."""
    for element in _elements(expr):
        if len(sympy.sstr(element)) > MAX_EXACT_CHARS:
            return False
        for number in element.atoms(sympy.Rational):
            if number.q > MAX_DENOMINATOR:
                return False
    return True


def _flat(value: Value) -> list[float]:
    if isinstance(value, tuple):
        return [x for item in value for x in _flat(item)]
    return [float(value)]


def differs(value: Value, answer: Answer) -> bool:
    """Return whether `value` misses `answer` by more than its tolerance in some element."""
    expected, candidate = _flat(answer.value), _flat(value)
    if len(expected) != len(candidate):
        return True
    if answer.unordered:
        expected, candidate = sorted(expected), sorted(candidate)
    if answer.sign_free and all(abs(g + e) <= max(answer.rel_tol * abs(e), answer.abs_tol)
                                for g, e in zip(candidate, expected)):
        return False
    return any(abs(g - e) > max(answer.rel_tol * abs(e), answer.abs_tol)
               for g, e in zip(candidate, expected))


def float_value(expr: Any) -> Value:
    """Return a scalar, vector or matrix of SymPy numbers as a plain float value."""
    if isinstance(expr, (list, tuple)):
        return tuple(float_value(item) for item in expr)  # type: ignore[misc]
    return float(expr)
