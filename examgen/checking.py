"""The work behind `examgen check`: draw and solve every template over many seeds.

Each draw must solve without an exception, give finite answers for every part, pass
the template's own consistency checks, meet the no-calculator rule, and (for neural
templates) name common mistakes whose values differ from the right answer.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterator

from examgen.errors import DrawFailedError
from examgen.problems import draw_and_solve
from examgen.registry import all_templates, area, get_template
from examgen.rules import calculator_failures, given_value_failures, within_tolerance
from examgen.template import Solution, Template

# Seeds handed to one worker process at a time.
CHUNK = 250


@dataclass
class CheckReport:
    failures: list[str] = field(default_factory=list)
    failing_templates: int = 0
    draws: int = 0
    templates: int = 0
    mistakes: int = 0

    @property
    def summary(self) -> str:
        return (f"checked {self.templates} templates x {self.draws // max(self.templates, 1)} "
                f"seeds = {self.draws} draws: all passed (finite answers, consistency, "
                f"no-calculator rule on given values and answers, {self.mistakes} "
                "common-mistake values distinct)")


def mistake_failures(template: Template, solution: Solution) -> tuple[list[str], int]:
    """Return the common-mistake failures and the number of mistakes checked."""
    failures = []
    count = 0
    for name, mistakes in solution.mistakes.items():
        for mistake in mistakes:
            count += 1
            if within_tolerance(mistake.value, solution.answers[name]):
                failures.append(f"part {name}: common mistake {mistake.name!r} gives "
                                "the right answer")
    if area(template) == "neural" and count == 0:
        failures.append("names no common mistake")
    return failures, count


def check_one(template: Template, seed: int) -> tuple[list[str], int]:
    """Return the failures of one template at one seed, and its mistake count."""
    try:
        params, solution, _ = draw_and_solve(template, seed)
    except DrawFailedError as error:
        return [f"{template.id} seed {seed}: {error}"], 0
    except Exception as error:  # noqa: BLE001 - check reports every crash, then goes on
        return [f"{template.id} seed {seed}: {type(error).__name__}: {error}"], 0
    problems = [f"no answer for part {p.name}" for p in template.parts
                if p.name not in solution.answers]
    problems += template.validate(params, solution)
    problems += given_value_failures(params)
    for name, answer in solution.answers.items():
        problems += calculator_failures(name, answer)
    mistakes, count = mistake_failures(template, solution)
    problems += mistakes
    return [f"{template.id} seed {seed}: {text}" for text in problems], count


def _check_range(template_id: str, start: int, stop: int) -> tuple[list[str], int]:
    template = get_template(template_id)
    failures: list[str] = []
    mistakes = 0
    for seed in range(start, stop):
        found, count = check_one(template, seed)
        failures += found
        mistakes += count
    return failures, mistakes


def _jobs(templates: list[Template], seeds: int) -> Iterator[tuple[str, int, int]]:
    for template in templates:
        for start in range(0, seeds, CHUNK):
            yield template.id, start, min(seeds, start + CHUNK)


def check_templates(template_ids: list[str], seeds: int,
                    progress: Callable[[int, int], None] | None = None,
                    workers: int | None = None) -> CheckReport:
    """Check the named templates (all when none) over seeds 0 to `seeds` - 1.

    Work is spread over `workers` processes (default: the CPU count); `progress` is
    called with (done, total) after each chunk of seeds.
    """
    templates = [get_template(t) for t in template_ids] if template_ids else all_templates()
    jobs = list(_jobs(templates, seeds))
    report = CheckReport(templates=len(templates), draws=len(templates) * seeds)
    failing: set[str] = set()
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) == 1:
        results: Iterator[tuple[list[str], int]] = (_check_range(*job) for job in jobs)
    else:
        pool = ProcessPoolExecutor(max_workers=workers)
        results = pool.map(_check_range, *zip(*jobs))
    for done, (job, (failures, mistakes)) in enumerate(zip(jobs, results), start=1):
        report.failures += failures
        report.mistakes += mistakes
        if failures:
            failing.add(job[0])
        if progress is not None:
            progress(done, len(jobs))
    if workers > 1 and len(jobs) > 1:
        pool.shutdown()
    report.failing_templates = len(failing)
    return report
