"""Draw and solve one problem from a template, redrawing degenerate draws."""

from __future__ import annotations

import math
from typing import Any

from examgen.errors import DegenerateDrawError, DrawFailedError
from examgen.model import Part, Problem, Value
from examgen.registry import area
from examgen.seeding import make_rng
from examgen.template import Solution, Template

# Enough that a template rejecting 9 draws in 10 still fails for fewer than 1 seed in
# 10^40; a redraw continues the same stream, so raising it changes no earlier draw.
MAX_TRIES = 1000


def split_points(total: int, weights: list[int]) -> list[int]:
    """Split `total` points over parts in proportion to `weights`, largest remainder first.

    Every part gets at least one point when `total` allows it.
    """
    shares = [total * w / sum(weights) for w in weights]
    points = [max(1, math.floor(s)) if total >= len(weights) else math.floor(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: (-(shares[i] - math.floor(shares[i])), i))
    index = 0
    while sum(points) < total:
        points[order[index % len(order)]] += 1
        index += 1
    while sum(points) > total:
        largest = max(range(len(points)), key=lambda i: (points[i], -i))
        points[largest] -= 1
    return points


def is_finite(value: Value) -> bool:
    """Return whether every element of an answer value is a finite number."""
    if isinstance(value, tuple):
        return all(is_finite(item) for item in value)
    return math.isfinite(value)


def draw_and_solve(template: Template, seed: int) -> tuple[dict[str, Any], Solution, int]:
    """Return (params, solution, tries) for the first non-degenerate draw of `seed`.

    Raises DrawFailedError after MAX_TRIES degenerate draws.
    """
    rng = make_rng("draw", template.id, template.version, seed)
    reason = ""
    for tries in range(1, MAX_TRIES + 1):
        try:
            params = template.draw(rng)
            solution = template.solve(params)
        except DegenerateDrawError as error:
            reason = str(error)
            continue
        bad = [name for name, answer in solution.answers.items() if not is_finite(answer.value)]
        if bad:
            reason = f"non-finite answer in part {bad[0]}"
            continue
        return params, solution, tries
    raise DrawFailedError(template.id, seed, MAX_TRIES, reason)


def make_problem(template: Template, seed: int, points: int) -> Problem:
    """Draw, solve and package one problem worth `points` points."""
    params, solution, _ = draw_and_solve(template, seed)
    return package_problem(template, seed, points, params, solution)


def package_problem(template: Template, seed: int, points: int, params: dict[str, Any],
                    solution: Solution) -> Problem:
    """Return the Problem of solved `params`, its `points` split over the parts."""
    weights = [part.weight for part in template.parts]
    part_points = split_points(points, weights)
    parts = tuple(
        Part(
            name=spec.name,
            points=share,
            answer=solution.answers[spec.name],
            mistakes=solution.mistakes.get(spec.name, ()),
        )
        for spec, share in zip(template.parts, part_points)
    )
    return Problem(
        template=template.id,
        version=template.version,
        topic=template.topic,
        area=area(template),
        seed=seed,
        points=points,
        params=params,
        parts=parts,
        work=solution.work,
    )
