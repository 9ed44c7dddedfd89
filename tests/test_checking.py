"""`examgen check`: each rule catches a bad draw and the command lists it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy
from click.testing import CliRunner

import examgen.checking as checking
from examgen.cli import cli
from examgen.exact import exact_answer
from examgen.model import Answer, Mistake
from examgen.rules import given_value_failures
from examgen.template import PartSpec, Solution, Template


class Flawed(Template):
    """A template whose draw n breaks one rule when n is 3, 5, 7 or 9."""

    id = "backprop-flawed"
    topic = "backprop"
    title = "flawed"
    description = "breaks one rule per seed"
    kind = "computation"
    minutes = 5
    difficulty = 1
    parts = (PartSpec("x"),)

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        return {"n": int(rng.integers(0, 10)), "given": 0.5}

    def solve(self, params: dict[str, Any]) -> Solution:
        n = params["n"]
        answer = exact_answer(sympy.Rational(1, 1024) if n == 5 else sympy.Rational(1, 2))
        if n == 3:
            answer = Answer(value=float("nan"))
        mistake = Mistake("no half", "forgot the half", 1.0 if n != 7 else 0.5)
        return Solution(answers={"x": answer}, mistakes={"x": (mistake,)})


def _failures_by_n() -> dict[int, list[str]]:
    from examgen.problems import draw_and_solve

    template = Flawed()
    found: dict[int, list[str]] = {}
    for seed in range(300):
        try:
            params, _, _ = draw_and_solve(template, seed)
        except Exception:  # noqa: BLE001 - NaN draws are redrawn until the tries run out
            continue
        found.setdefault(params["n"], checking.check_one(template, seed)[0])
    return found


def test_rules_catch_each_flaw() -> None:
    found = _failures_by_n()
    assert found[0] == []
    assert any("denominator 1024" in line for line in found[5])
    assert any("gives the right answer" in line for line in found[7])
    assert 3 not in found  # a NaN answer is never accepted as a draw


@pytest.mark.parametrize(("params", "expected"), [
    ({"a": 0.125}, "more than 2 significant digits"),
    ({"a": [1, 2, 5000]}, "a[2] = 5000 exceeds 1000"),
    ({"p": {"q": "1/128"}}, "p.q = '1/128' has a denominator over 64"),
], ids=["decimal", "integer", "fraction"])
def test_given_value_rule_rejects(params: dict[str, Any], expected: str) -> None:
    failures = given_value_failures(params)
    assert len(failures) == 1
    assert expected in failures[0]


def test_given_value_rule_accepts() -> None:
    assert given_value_failures({"a": 0.5, "b": [-3, "3/4", 1.5], "c": True, "d": "relu"}) == []


def test_check_lists_failing_seeds(monkeypatch: pytest.MonkeyPatch) -> None:
    flawed = Flawed()
    monkeypatch.setattr(checking, "get_template", lambda _id: flawed)
    result = CliRunner().invoke(cli, ["check", "--seeds", "40", "--quiet", flawed.id])
    assert result.exit_code == 1
    assert f"{flawed.id} seed" in result.output
    assert "denominator 1024" in result.output
    assert "failing draws in 1 templates" in result.output
