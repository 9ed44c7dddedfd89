"""Rules every drawn problem meets: hand-sized exact answers and distinct mistakes.

`examgen check` reports breaches of these rules, and templates call the `require_*`
functions to redraw before a breach can reach a sheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_text
from examgen.model import Answer, Mistake, Value

# The no-calculator rule, measured on the exact SymPy text of each answer element.
MAX_EXACT_LENGTH = 40
MAX_DENOMINATOR = 1000

# The same rule on the given values: decimals of at most two significant digits,
# fractions with small denominators, and whole numbers such as image sizes.
MAX_GIVEN_DIGITS = 2
MAX_GIVEN_DENOMINATOR = 64
MAX_GIVEN_INTEGER = 1000

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


def _element_failures(name: str, element: str, max_length: int,
                      max_denominator: int) -> list[str]:
    failures = []
    if len(element) > max_length:
        failures.append(f"part {name}: exact form {element!r} is longer than "
                        f"{max_length} characters")
    for denominator in _DENOMINATOR.findall(element):
        if int(denominator) > max_denominator:
            failures.append(f"part {name}: denominator {denominator} in {element!r} "
                            f"exceeds {max_denominator}")
    return failures


def calculator_failures(name: str, answer: Answer) -> list[str]:
    """Return why an answer breaks the no-calculator rule (empty when it meets it)."""
    if answer.exact is None:
        return [f"part {name}: no exact form"]
    return [failure for element in split_elements(answer.exact)
            for failure in _element_failures(name, element, MAX_EXACT_LENGTH, MAX_DENOMINATOR)]


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


def _leaves(expr: Any) -> list[Any]:
    if isinstance(expr, sympy.MatrixBase):
        expr = expr.tolist()
    if isinstance(expr, (list, tuple)):
        return [leaf for item in expr for leaf in _leaves(item)]
    return [expr]


def _hand_sized_failures(*exprs: Any, max_length: int = MAX_EXACT_LENGTH,
                         max_denominator: int = MAX_DENOMINATOR,
                         max_magnitude: float | None = None) -> list[str]:
    """Return why the exact answers `exprs` break the no-calculator rule (empty when none do).

    Each expression is a number, a SymPy expression or a list of them nested to any
    depth. Each element is measured on the text that `exact_answer` would write for it.
    Templates may pass their own limits, and `max_magnitude` also bounds |element|.
    """
    failures = []
    for leaf in _leaves(list(exprs)):
        text = exact_text(leaf)
        failures += _element_failures("answer", text, max_length, max_denominator)
        if max_magnitude is not None and abs(sympy.sympify(leaf)) > max_magnitude:
            failures.append(f"part answer: |{text}| exceeds {max_magnitude}")
    return failures


def hand_sized(*exprs: Any, max_length: int = MAX_EXACT_LENGTH,
               max_denominator: int = MAX_DENOMINATOR,
               max_magnitude: float | None = None) -> bool:
    """Return whether every exact answer in `exprs` (scalars or nested lists) meets the rule."""
    return not _hand_sized_failures(*exprs, max_length=max_length,
                                    max_denominator=max_denominator,
                                    max_magnitude=max_magnitude)


def require_hand_sized(*exprs: Any, max_length: int = MAX_EXACT_LENGTH,
                       max_denominator: int = MAX_DENOMINATOR,
                       max_magnitude: float | None = None) -> None:
    """Raise DegenerateDrawError unless every exact answer in `exprs` meets the rule."""
    failures = _hand_sized_failures(*exprs, max_length=max_length,
                                    max_denominator=max_denominator,
                                    max_magnitude=max_magnitude)
    if failures:
        raise DegenerateDrawError(failures[0])


def distinct_mistakes(answer: Answer, candidates: Iterable[Mistake]) -> tuple[Mistake, ...]:
    """Return the candidates whose values would be marked wrong, dropping the others."""
    return tuple(mistake for mistake in candidates if differs(mistake.value, answer))


def distinct_by_part(answers: Mapping[str, Answer],
                     candidates: Mapping[str, Iterable[Mistake]]) -> dict[str, tuple[Mistake, ...]]:
    """Return each part's candidate mistakes whose values would be marked wrong.

    A part left with no mistake is left out, as a sheet shows no mistake list for it.
    """
    distinct = {part: distinct_mistakes(answers[part], listed)
                for part, listed in candidates.items()}
    return {part: listed for part, listed in distinct.items() if listed}


def require_distinct(answers: dict[str, Answer],
                     mistakes: dict[str, tuple[Mistake, ...]]) -> None:
    """Raise DegenerateDrawError when a common mistake would give the right answer."""
    for part, listed in mistakes.items():
        for mistake in listed:
            if not differs(mistake.value, answers[part]):
                raise DegenerateDrawError(f"mistake {mistake.name!r} equals the right answer")


def _given_numbers(params: Any, path: str = "") -> Iterable[tuple[str, Any]]:
    if isinstance(params, dict):
        for key, value in params.items():
            yield from _given_numbers(value, f"{path}.{key}" if path else str(key))
    elif isinstance(params, (list, tuple)):
        for index, value in enumerate(params):
            yield from _given_numbers(value, f"{path}[{index}]")
    elif not isinstance(params, bool):
        yield path, params


def _significant_digits(value: float) -> int:
    digits = repr(abs(value)).split("e")[0].replace(".", "").strip("0")
    return len(digits)


def given_value_failures(params: dict[str, Any]) -> list[str]:
    """Return why drawn parameters are too awkward to work by hand (empty when fine)."""
    failures = []
    for path, value in _given_numbers(params):
        if isinstance(value, float) and _significant_digits(value) > MAX_GIVEN_DIGITS:
            failures.append(f"given value {path} = {value!r} has more than "
                            f"{MAX_GIVEN_DIGITS} significant digits")
        elif isinstance(value, int) and abs(value) > MAX_GIVEN_INTEGER:
            failures.append(f"given value {path} = {value} exceeds {MAX_GIVEN_INTEGER}")
        elif isinstance(value, str) and "/" in value:
            denominator = int(value.rsplit("/", 1)[1])
            if denominator > MAX_GIVEN_DENOMINATOR:
                failures.append(f"given value {path} = {value!r} has a denominator over "
                                f"{MAX_GIVEN_DENOMINATOR}")
    return failures
