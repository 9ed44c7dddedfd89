"""Set up and run `examgen quiz` and gather `examgen stats`: the work behind the commands."""

from __future__ import annotations

import json
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import click

from examgen.model import AREAS, TOPICS, Problem
from examgen.problems import make_problem
from examgen.quiz.exam_file import load_exam_problems
from examgen.quiz.history import History, history_path, load_attempts, utc_now
from examgen.quiz.selection import candidate_templates, random_plan, review_problems
from examgen.quiz.session import Clock, QuizSettings, Session, Summary, summary_lines
from examgen.quiz.stats import stats_report
from examgen.template import Template

# Points do not matter in a quiz; problems are drawn as worth 10 like `examgen show`.
QUIZ_POINTS = 10
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class QuizOptions:
    """The command-line options of `examgen quiz`; `exam` replaces the choosing ones."""

    topics: tuple[str, ...] = ()
    area: str | None = None
    count: int = 3
    seed: int | None = None
    review: bool = False
    exam: Path | None = None


def terminal_width() -> int:
    """Return the text width to wrap at: the terminal's, kept between 40 and 100."""
    columns = shutil.get_terminal_size((80, 24)).columns
    return max(40, min(columns - 2, 100))


def run_quiz(options: QuizOptions, clock: Clock | None = None) -> int:
    """Run one quiz and print its summary; return the exit code (130 after Ctrl-C)."""
    clock = clock or Clock()
    if options.exam is not None:
        # The whole file is checked before the history is opened or created.
        problems = load_exam_problems(options.exam)
        click.echo(f"Asking the {len(problems)} problems of {options.exam} in sheet order.")
        with History.open(history_path()) as history:
            summary = ask(problems, history, options, clock)
    else:
        templates = candidate_templates(options.topics, options.area)
        seed = options.seed
        if seed is None:
            seed = secrets.randbelow(1_000_000)
            click.echo(f"No --seed given; using seed {seed}.", err=True)
        with History.open(history_path()) as history:
            problems = drawn_problems(templates, options, seed, history, clock)
            summary = ask(problems, history, options, clock)
    click.echo("")
    for line in summary_lines(summary):
        click.echo(line)
    if summary.verdicts:
        click.echo(f"Saved to {history.path}.")
    return EXIT_INTERRUPTED if summary.reason == "interrupted" else 0


def drawn_problems(templates: Sequence[Template], options: QuizOptions, seed: int,
                   history: History, clock: Clock) -> list[Problem]:
    """Draw the problems that the topic, area, count and review options choose."""
    if options.review:
        plan = review_problems(templates, options.count, seed, history.attempts(),
                               clock.now())
    else:
        plan = random_plan(templates, options.count, seed)
    return [make_problem(template, problem_seed, QUIZ_POINTS)
            for template, problem_seed in plan]


def ask(problems: Sequence[Problem], history: History, options: QuizOptions,
        clock: Clock) -> Summary:
    """Ask `problems` in order, recording each answer in `history`."""
    click.echo("Answer each part, or type skip, solution, quit or help.")
    settings = QuizSettings(review=options.review, width=terminal_width())
    return Session(problems, history, settings, clock).run()


def run_stats(as_json: bool, now: datetime | None = None) -> None:
    """Print the accuracy per topic and area and the templates due for review."""
    path = history_path()
    attempts = load_attempts(path)
    topic_order = [topic for names in TOPICS.values() for topic in names]
    report = stats_report(attempts, now or utc_now(), topic_order, AREAS)
    if as_json:
        click.echo(json.dumps(dict(report, history=str(path)), indent=2))
        return
    for line in stats_lines(report, str(path)):
        click.echo(line)


def stats_lines(report: dict[str, object], path: str) -> list[str]:
    """Return the stats report as aligned text lines."""
    if not report["attempts"]:
        return [f"No quiz history yet in {path}; run 'examgen quiz' to start one."]
    accuracy = float(str(report["accuracy"]))
    lines = [
        f"History: {path}",
        (f"{report['attempts']} parts asked, {report['right']} right "
         f"({accuracy:.0%}), last on {local_time(str(report['last_attempt']))}."),
        "",
    ]
    lines += group_table("Topic", report["topics"], with_area=True)  # type: ignore[arg-type]
    lines.append("")
    lines += group_table("Area", report["areas"], with_area=False)  # type: ignore[arg-type]
    lines.append("")
    lines += card_lines(report["due"], report["upcoming"])  # type: ignore[arg-type]
    return lines


def group_table(title: str, groups: Sequence[dict[str, object]],
                with_area: bool) -> list[str]:
    """Return a table of attempts, right answers, accuracy and last attempt."""
    name_width = max([len(title)] + [len(str(g["name"])) for g in groups])
    area_column = f"  {'Area':<11}" if with_area else ""
    lines = [f"{title:<{name_width}}{area_column}  Parts  Right  Accuracy  Last attempt"]
    for group in groups:
        area = f"  {group['area']!s:<11}" if with_area else ""
        lines.append(
            f"{group['name']!s:<{name_width}}{area}  {group['attempts']:>5}  "
            f"{group['right']:>5}  {float(str(group['accuracy'])):>8.0%}  "
            f"{local_time(str(group['last_attempt']))}"
        )
    return lines


def card_lines(due: Sequence[dict[str, object]],
               upcoming: Sequence[dict[str, object]]) -> list[str]:
    """Return the review queue: what is due now and what comes due next."""
    if not due:
        lines = [("Nothing is due for review; 'examgen quiz --review' asks the weakest "
                  "topics.")]
    else:
        lines = [f"Due for review ({len(due)}); run 'examgen quiz --review':"]
        lines += [f"  {card['template']}  ({card['topic']}, box {card['box']}, due since "
                  f"{local_time(str(card['due_at']))})" for card in due]
    if upcoming:
        lines.append("Coming up:")
        lines += [f"  {card['template']}  ({card['topic']}, box {card['box']}, due "
                  f"{local_time(str(card['due_at']))})" for card in upcoming[:5]]
    return lines


def local_time(iso: str) -> str:
    """Return an ISO time as local "YYYY-MM-DD HH:MM"."""
    return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
