"""Rules every drawn problem meets: hand-sized exact answers and distinct mistakes.

`examgen check` reports breaches of these rules, and templates call the `require_*`
functions to redraw before a breach can reach a sheet.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer
from examgen.model import Answer, Mistake, Value

# The no-calculator rule, measured on the exact SymPy text of each answer element.
MAX_EXACT_LENGTH = 40
MAX_DENOMINATOR = 1000

_DENOMINATOR = re.compile(r"/\s*(\d+)")


def split_elements(exact: str) -> list[str]:
    """Split the exact text of a vector or matrix into its element texts.

    Brackets delimit rows; commas inside parentheses belong to a function call.
    """
    elements: list[str] = []
    current: list[str] = []
    depth = 0
    for char in exact:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if depth == 0 and char in "[],":
            elements.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    elements.append("".join(current).strip())
    return [element for element in elements if element]


def calculator_failures(name: str, answer: Answer) -> list[str]:
    """Return why an answer breaks the no-calculator rule (empty when it meets it)."""
    if answer.exact is None:
        return [f"part {name}: no exact form"]
    failures = []
    for element in split_elements(answer.exact):
        if len(element) > MAX_EXACT_LENGTH:
            failures.append(f"part {name}: exact form {element!r} is longer than "
                            f"{MAX_EXACT_LENGTH} characters")
        for denominator in _DENOMINATOR.findall(element):
            if int(denominator) > MAX_DENOMINATOR:
                failures.append(f"part {name}: denominator {denominator} in {element!r} "
                                f"exceeds {MAX_DENOMINATOR}")
    return failures


def _flatten(value: Value) -> list[float]:
    if isinstance(value, tuple):
        return [x for item in value for x in _flatten(item)]
    return [float(value)]


def _shape(value: Value) -> tuple[int, ...]:
    if isinstance(value, tuple):
        return (len(value),) + (_shape(value[0]) if value else ())
    return ()


def within_tolerance(candidate: Value, answer: Answer) -> bool:
    """Return whether `candidate` would be accepted as `answer` by tolerance alone."""
    if _shape(candidate) != _shape(answer.value):
        return False
    expected = _flatten(answer.value)
    options = [_flatten(candidate)]
    if answer.sign_free:
        options.append([-x for x in options[0]])
    if answer.unordered:
        expected = sorted(expected)
        options = [sorted(option) for option in options]
    return any(
        all(abs(c - e) <= max(answer.rel_tol * abs(e), answer.abs_tol)
            for c, e in zip(option, expected))
        for option in options
    )


def differs(value: Value, answer: Answer) -> bool:
    """Return whether `value` would be marked wrong as `answer` by tolerance alone."""
    return not within_tolerance(value, answer)


def hand_sized(expr: Any) -> bool:
    """Return whether the exact answer `expr` (scalar, list or nested list) meets the rule."""
    return not calculator_failures("", exact_answer(expr))


def require_hand_sized(*exprs: Any) -> None:
    """Raise DegenerateDrawError unless every exact answer in `exprs` meets the rule."""
    for expr in exprs:
        failures = calculator_failures("answer", exact_answer(expr))
        if failures:
            raise DegenerateDrawError(failures[0])


def distinct_mistakes(answer: Answer, candidates: Iterable[Mistake]) -> tuple[Mistake, ...]:
    """Return the candidates whose values would be marked wrong, dropping the others."""
    return tuple(mistake for mistake in candidates if differs(mistake.value, answer))


def require_distinct(answers: dict[str, Answer],
                     mistakes: dict[str, tuple[Mistake, ...]]) -> None:
    """Raise DegenerateDrawError when a common mistake would give the right answer."""
    for part, listed in mistakes.items():
        for mistake in listed:
            if not differs(mistake.value, answers[part]):
                raise DegenerateDrawError(f"mistake {mistake.name!r} equals the right answer")
