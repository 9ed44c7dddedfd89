"""The contract every registered template meets, checked over the whole registry."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import sympy

from examgen.model import TOPICS, Answer
from examgen.problems import draw_and_solve, make_problem
from examgen.registry import all_templates, area
from examgen.render.environment import environment, templates_dir
from examgen.render.problem import render_problem
from examgen.template import Template

TEMPLATES = all_templates()
IDS = [t.id for t in TEMPLATES]
KINDS = {"computation", "analysis", "design", "derivation", "concept"}


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_metadata(template: Template) -> None:
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", template.id)
    assert template.id.startswith(template.topic + "-")
    assert template.kind in KINDS
    assert 3 <= template.minutes <= 30
    assert template.difficulty in (1, 2, 3)
    assert template.description and template.title


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_text_file_has_every_block(template: Template) -> None:
    path = templates_dir() / "problems" / f"{template.id}.j2"
    assert path.is_file()
    blocks = set(environment().get_template(f"problems/{path.name}").blocks)
    assert "statement" in blocks
    for part in template.parts:
        assert f"part_{part.name}" in blocks
        assert f"solution_{part.name}" in blocks


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_params_survive_json(template: Template) -> None:
    for seed in range(20):
        params, solution, _ = draw_and_solve(template, seed)
        restored = json.loads(json.dumps(params))
        assert restored == params
        again = template.solve(restored)
        assert {k: a.value for k, a in again.answers.items()} == {
            k: a.value for k, a in solution.answers.items()}


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_draw_is_deterministic(template: Template) -> None:
    first = [draw_and_solve(template, seed)[0] for seed in range(5)]
    second = [draw_and_solve(template, seed)[0] for seed in range(5)]
    assert first == second
    assert len({json.dumps(p, sort_keys=True) for p in first}) > 1


@pytest.mark.parametrize("fmt", ["latex", "markdown", "text"])
@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_renders_without_leftovers(template: Template, fmt: str) -> None:
    for seed in range(3):
        problem = make_problem(template, seed, 10)
        rendered = render_problem(problem, 1, fmt)
        texts = [rendered.statement] + [p.text for p in rendered.parts] + [
            p.solution for p in rendered.parts]
        for text in texts:
            assert text.strip()
            assert "<<" not in text and "<%" not in text
            assert "None" not in text


def test_topic_coverage() -> None:
    for topics in TOPICS.values():
        for topic in topics:
            assert any(t.topic == topic for t in TEMPLATES), topic


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_draws_rarely_degenerate(template: Template) -> None:
    # A template that rejects most draws risks running out of tries for some seed.
    tries = [draw_and_solve(template, seed)[2] for seed in range(200)]
    assert sum(tries) / len(tries) <= 25


def _accepted(expected: object, given: object, answer: Answer) -> bool:
    # Written here with NumPy, apart from examgen's own checker, so the test can
    # catch a mistake that both the template and the checker get wrong.
    e = np.ravel(np.asarray(expected, dtype=float))
    g = np.ravel(np.asarray(given, dtype=float))
    if e.shape != g.shape:
        return False
    candidates = [g, -g] if answer.sign_free else [g]
    if answer.unordered:
        e = np.sort(e)
        candidates = [np.sort(c) for c in candidates]
    bound = np.maximum(answer.rel_tol * np.abs(e), answer.abs_tol)
    return any(bool(np.all(np.abs(e - c) <= bound)) for c in candidates)


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_mistakes_differ(template: Template) -> None:
    for seed in range(100):
        _, solution, _ = draw_and_solve(template, seed)
        if area(template) == "neural":
            assert any(solution.mistakes.values()), f"seed {seed}: no mistake"
        for part, mistakes in solution.mistakes.items():
            answer = solution.answers[part]
            for mistake in mistakes:
                assert not _accepted(answer.value, mistake.value, answer), (
                    f"seed {seed}: {mistake.name}")


def _exact_elements(exact: str) -> list[sympy.Expr]:
    # The exact text is written by the program, so sympify may read it here.
    parsed = sympy.sympify(exact)
    if isinstance(parsed, (list, tuple)):
        return [e for item in parsed
                for e in (item if isinstance(item, (list, tuple)) else [item])]
    return [parsed]


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_answers_hand_sized(template: Template) -> None:
    for seed in range(100):
        _, solution, _ = draw_and_solve(template, seed)
        for answer in solution.answers.values():
            assert answer.exact is not None
            for element in _exact_elements(answer.exact):
                assert len(sympy.sstr(element)) <= 40, f"seed {seed}: {element}"
                for number in element.atoms(sympy.Rational):
                    assert number.q <= 1000, f"seed {seed}: {element}"
