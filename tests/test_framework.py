"""The framework: registry, seeds, point splits, area mix and problem counts."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import pytest
import sympy

from examgen.assemble import parse_mix, problem_counts
from examgen.exact import rational, tex
from examgen.errors import DuplicateTemplateError, InvalidMixError, UnknownTopicError
from examgen.problems import split_points
from examgen.registry import all_templates, register, templates_for_topic
from examgen.rules import hand_sized
from examgen.seeding import derive_seed, make_rng, problem_seed
from examgen.template import PartSpec, Solution, Template


def test_duplicate_template_id_raises() -> None:
    existing = all_templates()[0]

    class Copy(Template):
        id = existing.id
        topic = existing.topic
        title = "copy"
        description = "copy"
        kind = "computation"
        minutes = 1
        difficulty = 1
        parts = (PartSpec("x"),)

        def draw(self, rng: np.random.Generator) -> dict[str, Any]:
            return {}

        def solve(self, params: dict[str, Any]) -> Solution:
            return Solution(answers={})

    with pytest.raises(DuplicateTemplateError, match=existing.id):
        register(Copy)


def test_derive_seed_is_sha256_of_keys() -> None:
    digest = hashlib.sha256("problem\x1f17".encode()).digest()
    assert derive_seed("problem", 17) == int.from_bytes(digest[:16], "big")


def test_make_rng_is_reproducible() -> None:
    first = make_rng("draw", "x", 1, 5).integers(0, 1 << 30, size=8)
    second = make_rng("draw", "x", 1, 5).integers(0, 1 << 30, size=8)
    third = make_rng("draw", "x", 1, 6).integers(0, 1 << 30, size=8)
    assert first.tolist() == second.tolist()
    assert first.tolist() != third.tolist()


def test_problem_seed_fits_in_53_bits() -> None:
    seeds = [problem_seed(s, slot, "t", 1) for s in range(50) for slot in range(10)]
    assert all(0 <= seed < 2**53 for seed in seeds)
    assert len(set(seeds)) == len(seeds)


@pytest.mark.parametrize(("total", "weights", "expected"), [
    (10, [1, 1, 2], [3, 2, 5]),
    (11, [1], [11]),
    (9, [1, 1], [5, 4]),
    (17, [1, 1, 1], [6, 6, 5]),
    (3, [1, 1, 1], [1, 1, 1]),
])
def test_split_points(total: int, weights: list[int], expected: list[int]) -> None:
    assert split_points(total, weights) == expected


def test_parse_mix_default() -> None:
    assert parse_mix("signal=17,probability=17,neural=66") == (
        ("signal", 17), ("probability", 17), ("neural", 66))


def test_parse_mix_missing_area_is_zero() -> None:
    assert parse_mix("signal=50, neural=50") == (
        ("signal", 50), ("probability", 0), ("neural", 50))


@pytest.mark.parametrize("text", ["signal=101,neural=-1", "neural=99", "x=100", ""])
def test_parse_mix_rejects(text: str) -> None:
    with pytest.raises(InvalidMixError):
        parse_mix(text)


@pytest.mark.parametrize("count", [8, 9, 10])
def test_problem_counts_follow_the_mix(count: int) -> None:
    mix = parse_mix("signal=17,probability=17,neural=66")
    for seed in range(20):
        counts = problem_counts(count, mix, make_rng("t", seed))
        assert sum(counts.values()) == count
        assert counts["signal"] >= 1
        assert counts["probability"] >= 1
        assert abs(counts["neural"] - count * 0.66) < 1


@pytest.mark.parametrize(("expr", "expected"), [
    (-sympy.log(2), r"- \ln 2"),
    (2 * sympy.log(3) + 1, r"1 + 2 \ln 3"),
    (sympy.log(2) ** 2, r"\ln{\left(2 \right)}^{2}"),
    (sympy.log(sympy.Rational(1, 2)), r"- \ln 2"),
])
def test_tex_writes_ln(expr: sympy.Expr, expected: str) -> None:
    assert tex(expr) == expected


def test_rules_flag_long_and_ugly_answers() -> None:
    assert hand_sized(sympy.Rational(3, 7))
    assert not hand_sized(sympy.Rational(1, 1024))
    long_form = sympy.sqrt(2) / 3 + sympy.log(7) / 11 + sympy.exp(sympy.Rational(-3, 2))
    assert not hand_sized(long_form + sympy.sqrt(3) / 5)
    assert hand_sized([[1, sympy.Rational(1, 2)], [0, sympy.log(2)]])


@pytest.mark.parametrize("value", [["1/2"], {"x": 1}, None, True, b"1/2"])
def test_rational_rejects_non_numbers(value: object) -> None:
    # SymPy's Rational() would sympify a list, evaluating the strings inside it.
    with pytest.raises(TypeError):
        rational(value)  # type: ignore[arg-type]


def test_rational_reads_drawn_numbers() -> None:
    assert rational("3/4") == sympy.Rational(3, 4)
    assert rational(0.3) == sympy.Rational(3, 10)
    assert rational(-2) == -2


def test_templates_for_topic() -> None:
    lstm = templates_for_topic("lstm")
    assert lstm
    assert all(t.topic == "lstm" for t in lstm)
    with pytest.raises(UnknownTopicError, match="'audio'"):
        templates_for_topic("audio")
