"""The work behind `examgen check`: draw and solve every template over many seeds."""

from __future__ import annotations

from dataclasses import dataclass, field

import click

from examgen.errors import DrawFailedError
from examgen.problems import draw_and_solve
from examgen.registry import all_templates, get_template
from examgen.template import Template


@dataclass
class CheckReport:
    failures: list[str] = field(default_factory=list)
    failing_templates: int = 0
    summary: str = ""


def check_one(template: Template, seed: int) -> list[str]:
    """Return the failures of one template at one seed (empty when it passes)."""
    try:
        params, solution, _ = draw_and_solve(template, seed)
    except DrawFailedError as error:
        return [f"{template.id} seed {seed}: {error}"]
    except Exception as error:  # noqa: BLE001 - check reports every crash, then goes on
        return [f"{template.id} seed {seed}: {type(error).__name__}: {error}"]
    missing = [p.name for p in template.parts if p.name not in solution.answers]
    problems = [f"no answer for part {name}" for name in missing]
    problems += template.validate(params, solution)
    return [f"{template.id} seed {seed}: {text}" for text in problems]


def check_templates(template_ids: list[str], seeds: int, progress: bool) -> CheckReport:
    """Check the named templates (all when none) over seeds 0 to `seeds` - 1."""
    templates = [get_template(t) for t in template_ids] if template_ids else all_templates()
    report = CheckReport()
    with click.progressbar(templates, label="checking", file=None if progress else _Null(),
                           item_show_func=lambda t: t.id if t else None) as bar:
        for template in bar:
            failures = [line for seed in range(seeds) for line in check_one(template, seed)]
            if failures:
                report.failing_templates += 1
            report.failures.extend(failures)
    checks = len(templates) * seeds
    report.summary = (f"checked {len(templates)} templates x {seeds} seeds = {checks} draws: "
                      f"all passed")
    return report


class _Null:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
