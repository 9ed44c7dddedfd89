"""Choose the problems of an exam: area mix, points, distinct templates, time."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from examgen.errors import InvalidExamSpecError, InvalidMixError
from examgen.model import AREAS, TOPICS, Exam, Problem
from examgen.problems import make_problem, split_points
from examgen.registry import all_templates, area
from examgen.seeding import make_rng, problem_seed
from examgen.template import Template

DEFAULT_MIX: tuple[tuple[str, int], ...] = (("signal", 17), ("probability", 17), ("neural", 66))
MIN_PROBLEMS = 8
MAX_PROBLEMS = 10
DEFAULT_PROBLEMS = 9
TOTAL_POINTS = 100
EXAM_MINUTES = 180
# Random template choices tried before giving up on fitting the exam time.
SELECTION_TRIES = 200


@dataclass(frozen=True)
class ExamSpec:
    seed: int
    problems: int = DEFAULT_PROBLEMS
    mix: tuple[tuple[str, int], ...] = DEFAULT_MIX
    student: str | None = None


def parse_mix(text: str) -> tuple[tuple[str, int], ...]:
    """Parse ``signal=17,probability=17,neural=66`` into (area, percent) pairs.

    Areas left out get 0. Raises InvalidMixError naming the bad item.
    """
    shares = {name: 0 for name in AREAS}
    seen: set[str] = set()
    for item in text.split(","):
        name, sep, number = item.strip().partition("=")
        name = name.strip()
        if not sep:
            raise InvalidMixError(
                f"invalid mix item {item.strip()!r}: write AREA=PERCENT, "
                "for example signal=17,probability=17,neural=66"
            )
        if name not in shares:
            raise InvalidMixError(
                f"unknown area {name!r} in the mix; use {', '.join(AREAS)}"
            )
        if name in seen:
            raise InvalidMixError(f"area {name!r} appears twice in the mix; give it once")
        seen.add(name)
        try:
            percent = int(number.strip())
        except ValueError:
            raise InvalidMixError(
                f"invalid percent {number.strip()!r} for {name}: use a whole number 0-100"
            ) from None
        if percent < 0:
            raise InvalidMixError(f"negative percent {percent} for {name}: use 0-100")
        shares[name] = percent
    total = sum(shares.values())
    if total != TOTAL_POINTS:
        raise InvalidMixError(
            f"the mix {text!r} sums to {total}; the percents must sum to 100"
        )
    return tuple((name, shares[name]) for name in AREAS)


def problem_counts(count: int, mix: tuple[tuple[str, int], ...],
                   rng: np.random.Generator) -> dict[str, int]:
    """Split `count` problems over the areas by largest remainder.

    Every area with a positive share gets at least one problem. Ties between equal
    remainders are broken by `rng`, so different seeds vary the split.
    """
    active = [(name, share) for name, share in mix if share > 0]
    if len(active) > count:
        raise InvalidExamSpecError(
            f"{count} problems cannot cover {len(active)} areas; ask for more problems"
        )
    quotas = {name: count * share / TOTAL_POINTS for name, share in active}
    counts = {name: max(1, math.floor(q)) for name, q in quotas.items()}
    tie_break = {name: float(rng.random()) for name, _ in active}
    while sum(counts.values()) < count:
        name = max(quotas, key=lambda n: (quotas[n] - counts[n], tie_break[n]))
        counts[name] += 1
    while sum(counts.values()) > count:
        name = min((n for n in counts if counts[n] > 1),
                   key=lambda n: (quotas[n] - counts[n], tie_break[n]))
        counts[name] -= 1
    return {name: counts.get(name, 0) for name, _ in mix}


def _pick_area(pool: list[Template], count: int, rng: np.random.Generator) -> list[Template]:
    # Round robin over the topics in random order gives min(count, topics) distinct
    # topics, so 6 neural problems cover all 6 neural topics.
    by_topic: dict[str, list[Template]] = {}
    for template in pool:
        by_topic.setdefault(template.topic, []).append(template)
    topics = sorted(by_topic)
    order = [topics[i] for i in rng.permutation(len(topics))]
    queues = {t: [by_topic[t][i] for i in rng.permutation(len(by_topic[t]))] for t in topics}
    chosen: list[Template] = []
    while len(chosen) < count:
        for topic in order:
            if queues[topic] and len(chosen) < count:
                chosen.append(queues[topic].pop())
    return chosen


def choose_templates(spec: ExamSpec, rng: np.random.Generator) -> list[Template]:
    """Choose distinct templates for the spec's area counts, within the exam time."""
    counts = problem_counts(spec.problems, spec.mix, rng)
    pools = {name: [t for t in all_templates() if area(t) == name] for name in AREAS}
    for name, count in counts.items():
        if count > len(pools[name]):
            raise InvalidExamSpecError(
                f"the {name} area has {len(pools[name])} templates but the mix asks for "
                f"{count} {name} problems; lower its share or the problem count"
            )
    best: list[Template] = []
    for _ in range(SELECTION_TRIES):
        chosen = [t for name in AREAS for t in _pick_area(pools[name], counts[name], rng)]
        if not best or _minutes(chosen) < _minutes(best):
            best = chosen
        if _minutes(chosen) <= EXAM_MINUTES:
            break
    return _sheet_order(best)


def _minutes(templates: list[Template]) -> int:
    return sum(t.minutes for t in templates)


def _sheet_order(templates: list[Template]) -> list[Template]:
    # The course's order: areas as taught, topics in syllabus order.
    rank = {topic: i for i, topic in enumerate(t for ts in TOPICS.values() for t in ts)}
    return sorted(templates, key=lambda t: (rank[t.topic], t.id))


def _require_a_point_per_part(templates: list[Template], points: dict[int, int],
                              shares: dict[str, int]) -> None:
    # NOTE: templates have 1 to 3 parts, so whether a small share (1 or 2 points) is
    # enough depends on the templates a seed draws; the error asks for 3 per problem.
    # A part worth 0 points is not a question; a share too small for its parts is bad input.
    for name in AREAS:
        members = [i for i, t in enumerate(templates) if area(t) == name]
        if any(points[i] < len(templates[i].parts) for i in members):
            needed = sum(len(templates[i].parts) for i in members)
            noun = "point" if shares[name] == 1 else "points"
            raise InvalidMixError(
                f"the mix gives {name} {shares[name]} {noun}, fewer than the {needed} "
                f"parts of its problems for this seed; give {name} at least 3 points "
                "per problem, or 0"
            )


def assemble(spec: ExamSpec) -> Exam:
    """Build the exam for `spec`: choose templates, give points, draw and solve."""
    if not MIN_PROBLEMS <= spec.problems <= MAX_PROBLEMS:
        raise InvalidExamSpecError(
            f"--problems {spec.problems} is out of range; use {MIN_PROBLEMS} to {MAX_PROBLEMS}"
        )
    rng = make_rng("assemble", spec.seed, spec.student or "")
    templates = choose_templates(spec, rng)
    shares = dict(spec.mix)
    points: dict[int, int] = {}
    for name in AREAS:
        members = [i for i, t in enumerate(templates) if area(t) == name]
        for index, share in zip(members, split_points(shares[name], [1] * len(members))):
            points[index] = share
    _require_a_point_per_part(templates, points, shares)
    problems: list[Problem] = []
    for slot, template in enumerate(templates):
        seed = problem_seed(spec.seed, slot, template.id, template.version, spec.student)
        problems.append(make_problem(template, seed, points[slot]))
    return Exam(seed=spec.seed, problems=tuple(problems), mix=spec.mix, student=spec.student)
