"""Choose the templates and seeds of a quiz from the topic and area filters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from examgen.errors import UnknownTopicError
from examgen.model import AREAS, TOPICS, area_of_topic
from examgen.quiz.errors import NoTemplatesError, TopicNotInAreaError, UnknownAreaError
from examgen.quiz.history import Attempt
from examgen.quiz.schedule import Candidate, review_plan
from examgen.registry import all_templates, area
from examgen.seeding import derive_seed, make_rng
from examgen.template import Template

# Problem seeds fit in 53 bits, like exam problem seeds, so JSON readers keep them.
SEED_SHIFT = 75


def validate_filters(topics: Sequence[str], area_name: str | None) -> None:
    """Raise an error for an unknown topic or area, or a topic outside the area."""
    known = [topic for names in TOPICS.values() for topic in names]
    for topic in topics:
        if topic not in known:
            raise UnknownTopicError(topic, known)
    if area_name is None:
        return
    if area_name not in AREAS:
        raise UnknownAreaError(area_name, AREAS)
    for topic in topics:
        if area_of_topic(topic) != area_name:
            raise TopicNotInAreaError(topic, area_of_topic(topic), area_name)


def candidate_templates(topics: Sequence[str], area_name: str | None) -> list[Template]:
    """Return the registered templates that match the filters, in registry order.

    Raises NoTemplatesError when the filters match none.
    """
    validate_filters(topics, area_name)
    templates = all_templates()
    chosen = [
        template for template in templates
        if (not topics or template.topic in topics)
        and (area_name is None or area(template) == area_name)
    ]
    if not chosen:
        available = sorted({t.topic for t in templates},
                           key=[n for ns in TOPICS.values() for n in ns].index)
        parts = []
        if topics:
            parts.append("topic " + ", ".join(repr(topic) for topic in topics))
        if area_name is not None:
            parts.append(f"area {area_name!r}")
        raise NoTemplatesError(" in ".join(parts) or "any topic", available)
    return chosen


def problem_seed(quiz_seed: int, index: int, template_id: str, used: set[int]) -> int:
    """Return the seed of problem `index` of a quiz, avoiding the seeds in `used`."""
    for attempt in range(1000):
        seed = derive_seed("quiz", quiz_seed, index, template_id, attempt) >> SEED_SHIFT
        if seed not in used:
            return seed
    raise AssertionError("1000 derived seeds were all used")  # 53-bit seeds: unreachable


def random_plan(templates: Sequence[Template], count: int,
                quiz_seed: int) -> list[tuple[Template, int]]:
    """Return `count` (template, seed) pairs, shuffled by `quiz_seed`.

    Every template is asked once before any is asked twice.
    """
    rng = make_rng("quiz-order", quiz_seed)
    plan: list[tuple[Template, int]] = []
    while len(plan) < count:
        order = [templates[int(i)] for i in rng.permutation(len(templates))]
        for template in order[: count - len(plan)]:
            plan.append((template, problem_seed(quiz_seed, len(plan), template.id, set())))
    return plan


def review_problems(templates: Sequence[Template], count: int, quiz_seed: int,
                    attempts: Sequence[Attempt],
                    now: datetime) -> list[tuple[Template, int]]:
    """Return `count` (template, seed) pairs for review, each with a seed not seen before."""
    by_id = {template.id: template for template in templates}
    candidates = [Candidate(template.id, template.topic) for template in templates]
    plan = review_plan(attempts, candidates, now, count)
    used: dict[str, set[int]] = {}
    for attempt in attempts:
        used.setdefault(attempt.template, set()).add(attempt.seed)
    problems = []
    for index, template_id in enumerate(plan):
        seen = used.setdefault(template_id, set())
        seed = problem_seed(quiz_seed, index, template_id, seen)
        seen.add(seed)
        problems.append((by_id[template_id], seed))
    return problems
