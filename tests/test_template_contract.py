"""The contract every registered template meets, checked over the whole registry."""

from __future__ import annotations

import json
import re

import pytest

from examgen.model import TOPICS
from examgen.problems import draw_and_solve, make_problem
from examgen.registry import all_templates
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
