"""Judge a parsed answer against the expected Answer and name common mistakes.

The numeric comparison decides whether an answer is right. When it is right and the
Answer has an exact form, a symbolic comparison only chooses the wording ("exact" or
"within tolerance"). Beyond a structural comparison it runs under a SIGALRM time
bound, and it is skipped where that bound is not available.
"""

from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass
from typing import Any, Literal

import sympy

from examgen.answers.compare import (
    Array,
    Match,
    Rules,
    describe_shape,
    expected_array,
    find_match,
    typed_array,
)
from examgen.answers.parse import ParsedAnswer
from examgen.answers.timebound import (
    TimeLimitExceeded,
    alarm_available,
    run_with_time_limit,
)
from examgen.model import Answer, Mistake

Status = Literal["right", "wrong", "shape", "unchecked"]

# Typed text longer than this is cut in messages.
_MAX_SHOWN = 40
# A right answer this close to the expected value is reported as plainly right.
_SAME_VALUE_REL_TOL = 1e-12


@dataclass(frozen=True)
class Verdict:
    """The result of checking one typed answer.

    `status` is "right", "wrong", "shape" (a different shape or size than expected)
    or "unchecked" (the check could not finish in time or could not evaluate the
    expected value). `message` is one line for the student. A wrong verdict does not
    reveal the expected value, so the student can try again.
    """

    correct: bool
    status: Status
    message: str


def check_answer(parsed: ParsedAnswer, expected: Answer,
                 timeout: float = 2.0) -> Verdict:
    """Compare `parsed` with `expected` and return a Verdict.

    Both the numeric and the symbolic comparison stop after `timeout` seconds in
    total where SIGALRM can be used (the main thread on POSIX). Elsewhere the numeric
    comparison runs unbounded, which is safe because its cost is polynomial in the
    few elements of an answer, and the symbolic comparison is skipped.
    """
    if timeout <= 0:
        raise ValueError(f"timeout must be positive, not {timeout!r}")
    deadline = time.monotonic() + timeout
    typed_text = _shortened(parsed.text)
    try:
        verdict, match = run_with_time_limit(lambda: _judge(parsed, expected), timeout)
    except TimeLimitExceeded:
        return Verdict(False, "unchecked", f"could not check {typed_text} within "
                       f"{timeout:g} s; try a simpler form")
    if match is None:
        return verdict
    return Verdict(True, "right", _right_message(parsed, expected, match, deadline))


def match_mistake(parsed: ParsedAnswer, mistakes: tuple[Mistake, ...],
                  expected: Answer) -> Mistake | None:
    """Return the first mistake whose value `parsed` matches, or None.

    Uses the tolerances, rounding digits, `sign_free` and `unordered` of `expected`.
    A right answer matches no mistake. The work is numeric only, so it needs no
    time bound.
    """
    rules = Rules.of(expected)
    try:
        typed = typed_array(parsed.shape, parsed.values)
    except ValueError:
        return None
    if _matches(typed, expected.value, rules):
        return None
    for mistake in mistakes:
        if _matches(typed, mistake.value, rules):
            return mistake
    return None


def _matches(typed: Array, value: Any, rules: Rules) -> bool:
    try:
        target = expected_array(value)
    except ValueError:
        return False
    if typed.squeezed != target.squeezed:
        return False
    return find_match(typed, target, rules) is not None


def _judge(parsed: ParsedAnswer, expected: Answer) -> tuple[Verdict, Match | None]:
    """Return the numeric verdict, and the match when the answer is right."""
    typed_text = _shortened(parsed.text)
    try:
        target = expected_array(expected.value)
    except ValueError as error:
        message = f"could not check {typed_text}: the expected value {error}"
        return Verdict(False, "unchecked", message), None
    try:
        typed = typed_array(parsed.shape, parsed.values)
    except ValueError as error:
        message = f"could not check {typed_text}: it {error}"
        return Verdict(False, "unchecked", message), None
    if typed.squeezed != target.squeezed:
        return Verdict(False, "shape", _shape_message(parsed, target)), None
    match = find_match(typed, target, Rules.of(expected))
    if match is None:
        message = f"{typed_text} is wrong: it is not within tolerance of the answer"
        return Verdict(False, "wrong", message), None
    return Verdict(True, "right", f"{typed_text} is right"), match


# A number, spaces, then a signed number: "[-1 -3]" reads as the difference -4.
_SPACED_SIGN = re.compile(r"[\w.)]\s+[-+]\s*[\d.(]")


def _shape_message(parsed: ParsedAnswer, target: Array) -> str:
    message = (f"wrong shape: the answer is {describe_shape(target.shape)}, but "
               f"{_shortened(parsed.text)} is {describe_shape(parsed.shape)}")
    if parsed.decimal_comma:
        typed = parsed.decimal_comma.replace(".", ",")
        message += (f"; if {typed} is one number, use a decimal point: "
                    f"{parsed.decimal_comma}")
    elif _SPACED_SIGN.search(parsed.text):
        message += "; a space does not separate elements, so use commas: [-1, -3]"
    return message


def _right_message(parsed: ParsedAnswer, expected: Answer, match: Match,
                   deadline: float) -> str:
    typed_text = _shortened(parsed.text)
    if match.rounded:
        return (f"{typed_text} is right: it is the answer rounded to {expected.digits} "
                "decimal places")
    if expected.exact and _is_exact(parsed, expected.exact, match, deadline):
        return f"{typed_text} is right and exact"
    target = expected_array(expected.value)
    if all(abs(t - match.sign * target.values[k])
           <= _SAME_VALUE_REL_TOL * max(1.0, abs(target.values[k]))
           for t, k in zip(parsed.values, match.pairing)):
        return f"{typed_text} is right"
    return f"{typed_text} is right: it is within tolerance of {_answer_text(expected)}"


def _is_exact(parsed: ParsedAnswer, exact: str, match: Match, deadline: float) -> bool:
    """Return whether each typed element equals its paired exact element.

    Typed elements are unevaluated trees, and evaluating one can take exponential
    time, so beyond a structural comparison this runs only under a time bound.
    Returns False when the exact form cannot be read, when no time bound is
    available, or when the time runs out.
    """
    exact_elements = _exact_elements(exact)
    if exact_elements is None or len(exact_elements) != len(parsed.elements):
        return False
    pairs = [(typed, match.sign * exact_elements[k])
             for typed, k in zip(parsed.elements, match.pairing)]
    if all(typed == target for typed, target in pairs):
        return True
    seconds = deadline - time.monotonic()
    if seconds <= 0 or not alarm_available():
        return False
    try:
        return run_with_time_limit(lambda: _all_equal(pairs), seconds)
    except TimeLimitExceeded:
        return False


def _all_equal(pairs: list[tuple[Any, Any]]) -> bool:
    try:
        return all(_equal(typed.doit(), target) for typed, target in pairs)
    except Exception:  # noqa: BLE001 - a SymPy failure means "not shown exact"
        return False


def _equal(evaluated: Any, target: Any) -> bool:
    # Automatic evaluation settles most typed forms; simplify is the slow last resort.
    if evaluated == target:
        return True
    difference = evaluated - target
    return bool(difference == 0 or sympy.simplify(difference) == 0)


@functools.lru_cache(maxsize=256)
def _exact_elements(exact: str) -> tuple[Any, ...] | None:
    """Return the elements of a program-made exact form in row-major order.

    `exact` comes from the templates (SymPy syntax such as ``3/7`` or
    ``[[1, 2], [3, 4]]``), never from typed text, so sympify may read it.
    """
    try:
        value = sympy.sympify(exact)
    except Exception:  # noqa: BLE001 - an unreadable exact form is simply not used
        return None
    if isinstance(value, sympy.MatrixBase):
        elements: list[Any] = list(value)
    elif isinstance(value, (list, tuple)):
        elements = [x for item in value
                    for x in (item if isinstance(item, (list, tuple)) else [item])]
    else:
        elements = [value]
    if not all(isinstance(x, sympy.Expr) and x.is_number for x in elements):
        return None
    return tuple(elements)


def _answer_text(expected: Answer) -> str:
    if expected.exact:
        return expected.exact
    target = expected_array(expected.value)
    numbers = [_format_number(z) for z in target.values]
    if not target.shape:
        return numbers[0]
    if len(target.shape) == 1:
        return "[" + ", ".join(numbers) + "]"
    columns = target.shape[1]
    rows = [numbers[r:r + columns] for r in range(0, len(numbers), columns)]
    return "[" + ", ".join("[" + ", ".join(row) + "]" for row in rows) + "]"


def _format_number(z: complex) -> str:
    if z.imag == 0:
        return f"{z.real:.6g}"
    return f"{z.real:.6g}{z.imag:+.6g}j"


def _shortened(text: str) -> str:
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "..."
