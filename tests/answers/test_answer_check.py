"""Checker tables: tolerance, rounding, sign_free, unordered, shapes and complex."""

from __future__ import annotations

import threading
import time
from dataclasses import FrozenInstanceError
from typing import Any, cast

import pytest
import sympy

from examgen.answers import (
    TimeLimitExceeded,
    Verdict,
    check_answer,
    match_mistake,
    parse_answer,
)
from examgen.answers import check as check_module
from examgen.answers.timebound import alarm_available, run_with_time_limit
from examgen.model import Answer, Mistake, Value

THREE_SEVENTHS = 3 / 7


def rounded(value: Value, digits: int) -> Answer:
    """Return an Answer with no tolerance band, so only the digits rule can pass."""
    return Answer(value, digits=digits, rel_tol=0.0, abs_tol=0.0)


def complex_answer(value: complex | tuple[complex, ...], **options: Any) -> Answer:
    """Return an Answer with a complex value, which the Value type does not list."""
    return Answer(cast(Value, value), **options)

# (id, typed text, expected Answer, status)
CASES: list[tuple[str, str, Answer, str]] = [
    # Relative tolerance: 0.5 % of 3/7 is 0.00214.
    ("exact-fraction", "3/7", Answer(THREE_SEVENTHS), "right"),
    ("equivalent-fraction", "6/14", Answer(THREE_SEVENTHS), "right"),
    ("inside-relative-band", "0.43", Answer(THREE_SEVENTHS), "right"),
    ("outside-relative-band", "0.42", Answer(THREE_SEVENTHS), "wrong"),
    ("far-off", "0.5", Answer(THREE_SEVENTHS), "wrong"),
    ("relative-edge-above", "1005", Answer(1000.0), "right"),
    ("relative-edge-below", "995", Answer(1000.0), "right"),
    ("relative-past-edge", "1005.1", Answer(1000.0), "wrong"),
    ("negative-expected", "-1004", Answer(-1000.0), "right"),
    ("sign-matters", "1000", Answer(-1000.0), "wrong"),
    # Absolute floor: near 0 the band is abs_tol = 0.001.
    ("zero-exact", "0", Answer(0.0), "right"),
    ("zero-abs-edge", "0.001", Answer(0.0), "right"),
    ("zero-abs-edge-negative", "-0.001", Answer(0), "right"),
    ("zero-small", "1e-4", Answer(0.0), "right"),
    ("zero-past-abs", "0.0011", Answer(0.0), "wrong"),
    ("abs-edge-float-rounding", "0.101", Answer(0.1), "right"),
    ("abs-floor-small-value", "0.0015", Answer(0.002), "right"),
    ("abs-floor-past", "0.0031", Answer(0.002), "wrong"),
    # Rounding to `digits` decimals, half up and half down both accepted.
    ("half-down", "0.12", rounded(0.125, 2), "right"),
    ("half-up", "0.13", rounded(0.125, 2), "right"),
    ("half-below", "0.11", rounded(0.125, 2), "wrong"),
    ("half-above", "0.14", rounded(0.125, 2), "wrong"),
    ("half-negative-down", "-0.12", rounded(-0.125, 2), "right"),
    ("half-negative-up", "-0.13", rounded(-0.125, 2), "right"),
    ("decimal-2.675-down", "2.67", rounded(2.675, 2), "right"),
    ("decimal-2.675-up", "2.68", rounded(2.675, 2), "right"),
    ("not-half-rounds-one-way", "0.43", rounded(THREE_SEVENTHS, 2), "right"),
    ("not-half-other-way", "0.42", rounded(THREE_SEVENTHS, 2), "wrong"),
    ("digits-zero-down", "2", rounded(2.5, 0), "right"),
    ("digits-zero-up", "3", rounded(2.5, 0), "right"),
    ("default-digits", "0.4286", rounded(THREE_SEVENTHS, 4), "right"),
    ("rounded-vector", "[0.12, 0.38]", rounded((0.125, 0.375), 2), "right"),
    # sign_free: one sign flip for the whole vector.
    ("sign-free-same", "[0.6, 0.8]", Answer((0.6, 0.8), sign_free=True), "right"),
    ("sign-free-flipped", "[-0.6, -0.8]", Answer((0.6, 0.8), sign_free=True), "right"),
    ("sign-free-mixed", "[-0.6, 0.8]", Answer((0.6, 0.8), sign_free=True), "wrong"),
    ("sign-free-scalar", "-2", Answer(2.0, sign_free=True), "right"),
    ("sign-not-free", "[-0.6, -0.8]", Answer((0.6, 0.8)), "wrong"),
    ("sign-free-matrix", "[[-1, 0], [0, -1]]",
     Answer(((1, 0), (0, 1)), sign_free=True), "right"),
    # unordered: any permutation of the elements (or of a matrix's rows).
    ("unordered-permuted", "[3, 1, 2]", Answer((1, 2, 3), unordered=True), "right"),
    ("unordered-same-order", "[1, 2, 3]", Answer((1, 2, 3), unordered=True), "right"),
    ("ordered-permuted", "[3, 1, 2]", Answer((1, 2, 3)), "wrong"),
    ("unordered-duplicates", "[1, 2, 1]", Answer((1, 1, 2), unordered=True), "right"),
    ("unordered-wrong-multiset", "[1, 2, 2]", Answer((1, 1, 2), unordered=True),
     "wrong"),
    ("unordered-complex-poles", "[0.5-0.5j, 0.5+0.5j]",
     complex_answer((0.5 + 0.5j, 0.5 - 0.5j), unordered=True), "right"),
    # Sorting by real part would pair 1+1j with 0.9995-1j; only a matching works.
    ("unordered-needs-matching", "[0.9995-1j, 1.0015+1j]",
     complex_answer((1 + 1j, 1.001 - 1j), unordered=True, rel_tol=0.0, abs_tol=0.003),
     "right"),
    ("unordered-sign-free", "[-2, -1]", Answer((1, 2), unordered=True, sign_free=True),
     "right"),
    ("unordered-rows", "[[3, 4], [1, 2]]", Answer(((1, 2), (3, 4)), unordered=True),
     "right"),
    ("unordered-rows-not-elements", "[[2, 1], [4, 3]]",
     Answer(((1, 2), (3, 4)), unordered=True), "wrong"),
    # Shapes: axes of length 1 are ignored, any other difference is a shape error.
    ("scalar-as-one-vector", "[5]", Answer(5), "right"),
    ("one-vector-as-scalar", "5", Answer((5,)), "right"),
    ("row-matrix-as-vector", "[[1, 2]]", Answer((1, 2)), "right"),
    ("column-matrix-as-vector", "[[1], [2]]", Answer((1, 2)), "right"),
    ("vector-as-row-matrix", "[1, 2]", Answer(((1, 2),)), "right"),
    ("scalar-for-vector", "1", Answer((1, 2)), "shape"),
    ("vector-for-scalar", "[1, 2]", Answer(1), "shape"),
    ("short-vector", "[1, 2]", Answer((1, 2, 3)), "shape"),
    ("long-vector", "[1, 2, 3, 4]", Answer((1, 2, 3)), "shape"),
    ("matrix-for-vector", "[[1, 2], [3, 4]]", Answer((1, 2, 3, 4)), "shape"),
    ("transposed-shape", "[[1, 2, 3], [4, 5, 6]]", Answer(((1, 4), (2, 5), (3, 6))),
     "shape"),
    # Complex: a complex typed value is right for a real answer only if its
    # imaginary part is within the tolerance.
    ("complex-small-imaginary", "1+0.0005j", Answer(1.0), "right"),
    ("complex-large-imaginary", "1+0.01j", Answer(1.0), "wrong"),
    ("complex-expected", "1+2j", complex_answer(1 + 2j), "right"),
    ("complex-conjugate", "1-2j", complex_answer(1 + 2j), "wrong"),
    ("imaginary-unit", "j", complex_answer(1j), "right"),
    ("euler-identity", "e^(j*pi)", Answer(-1.0), "right"),
    ("real-for-complex", "1", complex_answer(1 + 2j), "wrong"),
    # Symbolic forms are judged by their value.
    ("symbolic-sqrt", "1/sqrt(2)", Answer(0.7071067811865476), "right"),
    ("symbolic-sigma", "sigma(0)", Answer(0.5), "right"),
    ("symbolic-vector", "[cos(pi/3), sin(pi/6)]", Answer((0.5, 0.5)), "right"),
    # An expected value that cannot be compared.
    ("expected-nan", "0", Answer(float("nan")), "unchecked"),
    ("expected-infinite", "0", Answer(float("inf")), "unchecked"),
    ("expected-ragged", "[1, 2]", Answer(((1, 2), (3,))), "unchecked"),
    ("expected-empty", "[1]", Answer(()), "unchecked"),
    ("expected-text", "1", Answer(cast(Value, "1")), "unchecked"),
]


@pytest.mark.parametrize(("typed", "expected", "status"),
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_check_answer(typed: str, expected: Answer, status: str) -> None:
    verdict = check_answer(parse_answer(typed), expected)
    assert verdict.status == status, verdict.message
    assert verdict.correct == (status == "right")
    assert verdict.message
    assert "\n" not in verdict.message


# (id, typed text, expected Answer, words the message must contain)
MESSAGES: list[tuple[str, str, Answer, tuple[str, ...]]] = [
    ("exact", "3/7", Answer(THREE_SEVENTHS, exact="3/7"), ("right and exact",)),
    ("exact-after-simplify", "sqrt(2)/2", Answer(0.7071067811865476, exact="1/sqrt(2)"),
     ("right and exact",)),
    ("exact-vector", "[1/sqrt(2), -1/sqrt(2)]",
     Answer((0.7071067811865476, -0.7071067811865476), exact="[sqrt(2)/2, -sqrt(2)/2]"),
     ("right and exact",)),
    ("exact-flipped-sign", "[-1, 0]", Answer((1, 0), exact="[1, 0]", sign_free=True),
     ("right and exact",)),
    ("exact-permuted", "[2, 1]", Answer((1, 2), exact="[1, 2]", unordered=True),
     ("right and exact",)),
    ("exact-matrix", "[[1, 2], [3, 4]]", Answer(((1, 2), (3, 4)),
                                                exact="[[1, 2], [3, 4]]"),
     ("right and exact",)),
    ("tolerance", "0.43", Answer(THREE_SEVENTHS, exact="3/7"),
     ("right", "within tolerance of 3/7")),
    ("tolerance-no-exact", "0.43", Answer(THREE_SEVENTHS),
     ("within tolerance of 0.428571",)),
    ("rounded", "0.13", rounded(0.125, 2),
     ("rounded to 2 decimal places",)),
    ("shape", "[1, 2]", Answer((1, 2, 3)),
     ("wrong shape", "vector of 3 elements", "vector of 2 elements")),
    ("shape-matrix", "[[1, 2], [3, 4]]", Answer(1), ("a single number", "2x2 matrix")),
    ("shape-decimal-comma", "[0,5, 1,2]", Answer((0.5, 1.2)),
     ("wrong shape", "if 0,5 is one number", "decimal point: 0.5")),
    ("unchecked-nan", "1", Answer(float("nan")), ("could not check", "not finite")),
]


@pytest.mark.parametrize(("typed", "expected", "words"),
                         [case[1:] for case in MESSAGES],
                         ids=[case[0] for case in MESSAGES])
def test_verdict_message(typed: str, expected: Answer, words: tuple[str, ...]) -> None:
    message = check_answer(parse_answer(typed), expected).message
    for word in words:
        assert word in message


def test_wrong_verdict_does_not_reveal_the_answer() -> None:
    verdict = check_answer(parse_answer("0.5"), Answer(THREE_SEVENTHS, exact="3/7"))
    assert verdict.status == "wrong"
    assert "3/7" not in verdict.message
    assert "0.428" not in verdict.message


def test_verdict_is_frozen() -> None:
    verdict = check_answer(parse_answer("1"), Answer(1))
    assert isinstance(verdict, Verdict)
    with pytest.raises(FrozenInstanceError):
        verdict.correct = False  # type: ignore[misc]


def test_timeout_must_be_positive() -> None:
    with pytest.raises(ValueError):
        check_answer(parse_answer("1"), Answer(1), timeout=0)


def test_check_in_worker_thread() -> None:
    # Without SIGALRM only the symbolic step is skipped; the verdicts are the same.
    results: list[Verdict] = []

    def work() -> None:
        results.append(check_answer(parse_answer("sqrt(2)/2"),
                                    Answer(0.7071067811865476, exact="1/sqrt(2)")))
        results.append(check_answer(parse_answer("3/7"),
                                    Answer(THREE_SEVENTHS, exact="3/7")))
        results.append(check_answer(parse_answer("0.5"), Answer(THREE_SEVENTHS)))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=30)
    assert [v.status for v in results] == ["right", "right", "wrong"]
    # No time bound in a thread, so only the structural comparison runs.
    assert "exact" not in results[0].message
    assert "right and exact" in results[1].message


@pytest.mark.skipif(not alarm_available(), reason="needs SIGALRM in the main thread")
def test_slow_numeric_check_is_unchecked(monkeypatch: pytest.MonkeyPatch) -> None:
    def endless(*args: object) -> object:
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(check_module, "_judge", endless)
    started = time.monotonic()
    verdict = check_answer(parse_answer("1"), Answer(1), timeout=0.2)
    assert time.monotonic() - started < 2
    assert verdict.status == "unchecked"
    assert not verdict.correct
    assert "0.2 s" in verdict.message


@pytest.mark.skipif(not alarm_available(), reason="needs SIGALRM in the main thread")
def test_slow_symbolic_step_keeps_the_numeric_verdict(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def endless(expr: object) -> object:
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(sympy, "simplify", endless)
    started = time.monotonic()
    # sin(1)^2 + cos(1)^2 stays unevaluated, so proving it exact needs simplify.
    verdict = check_answer(parse_answer("sin(1)^2 + cos(1)^2"), Answer(1, exact="1"),
                           timeout=0.3)
    assert time.monotonic() - started < 2
    assert verdict.status == "right"
    assert "exact" not in verdict.message


@pytest.mark.skipif(not alarm_available(), reason="needs SIGALRM in the main thread")
def test_time_limit_survives_a_broad_except() -> None:
    def swallowing() -> None:
        while True:
            try:
                time.sleep(0.01)
            except Exception:  # noqa: BLE001, S110 - what a careless library might do
                pass

    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded):
        run_with_time_limit(swallowing, 0.1)
    assert time.monotonic() - started < 2
    assert alarm_available()


@pytest.mark.skipif(not alarm_available(), reason="needs SIGALRM in the main thread")
def test_time_limit_fires_again_after_a_swallowed_alarm() -> None:
    def swallow_once() -> None:
        swallowed = False
        while True:
            try:
                time.sleep(0.01)
            except BaseException:
                if swallowed:
                    raise
                swallowed = True

    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded):
        run_with_time_limit(swallow_once, 0.1)
    assert time.monotonic() - started < 2


def test_time_limit_returns_the_result() -> None:
    assert run_with_time_limit(lambda: 41 + 1, 1.0) == 42


# match_mistake -----------------------------------------------------------------

MISTAKES = (
    Mistake("forgot-square-root", "used the variance instead of the deviation", 4.0),
    Mistake("halved", "divided by 2 twice", 0.5),
    Mistake("half-again", "a second mistake with the same value", 0.5),
    Mistake("vector", "answered with both roots", (1.0, 2.0)),
)


@pytest.mark.parametrize(
    ("typed", "expected", "name"),
    [
        ("4", Answer(2.0), "forgot-square-root"),
        ("4.01", Answer(2.0), "forgot-square-root"),
        ("0.5", Answer(2.0), "halved"),
        ("1/2", Answer(2.0), "halved"),
        ("[2, 1]", Answer(2.0, unordered=True), "vector"),
        ("[-1, -2]", Answer(2.0, sign_free=True), "vector"),
        ("2", Answer(2.0), None),
        ("3", Answer(2.0), None),
        ("[2, 1]", Answer(2.0), None),
    ],
    ids=["exact-value", "within-tolerance", "first-of-two", "fraction",
         "unordered", "sign-free", "right-answer-is-no-mistake", "no-match",
         "order-matters"],
)
def test_match_mistake(typed: str, expected: Answer, name: str | None) -> None:
    found = match_mistake(parse_answer(typed), MISTAKES, expected)
    assert (found.name if found else None) == name


def test_match_mistake_skips_malformed_values() -> None:
    mistakes = (Mistake("broken", "no value", float("nan")),
                Mistake("good", "a value", 3.0))
    found = match_mistake(parse_answer("3"), mistakes, Answer(1.0))
    assert found is not None
    assert found.name == "good"


def test_space_is_not_a_separator_hint() -> None:
    verdict = check_answer(parse_answer("[-1 -3]"), Answer(value=(-1.0, -3.0)))
    assert verdict.status == "shape"
    assert "use commas: [-1, -3]" in verdict.message
