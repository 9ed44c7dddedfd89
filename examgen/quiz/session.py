"""One quiz run in the terminal: ask each part, check it, record it, summarize.

Input comes through `click.prompt`, so a person at a terminal and a script piping one
answer per line get the same behaviour. Typed text goes only to
`examgen.answers.parse_answer`, which never evaluates it. Each part's attempt is
committed to the history before the next prompt, so quitting, end of input and
Ctrl-C all keep what was answered.
"""

from __future__ import annotations

import sys
import time
import unicodedata
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import click

from examgen.answers import (
    AnswerSyntaxError,
    check_answer,
    match_mistake,
    parse_answer,
)
from examgen.model import Answer, Part, Problem
from examgen.quiz.history import Attempt, History, utc_now
from examgen.render.problem import RenderedPart, RenderedProblem, render_problem
from examgen.render.text import (
    format_answer,
    format_heading,
    format_part,
    format_solution,
)

# Seconds that one answer check may take before it is reported as unchecked.
CHECK_TIMEOUT = 2.0

QUIT_COMMANDS = frozenset({"quit", "exit"})
HELP_TEXT = ("Type the answer: a number such as 3/4, -0.25, sqrt(2)/2 or ln(3), a vector "
             "[1, 2] or a matrix [[1, 2], [3, 4]].\nCommands: skip (next part), "
             "solution (show the worked solution), quit (end the quiz; answers so far "
             "are kept).")

EndReason = Literal["finished", "quit", "end of input", "interrupted"]


class QuizEnded(Exception):
    """Raised inside a quiz to stop it early."""

    def __init__(self, reason: EndReason) -> None:
        super().__init__(reason)
        self.reason: EndReason = reason


@dataclass(frozen=True)
class Clock:
    """The wall clock (for history times) and a monotonic clock (for durations)."""

    now: Callable[[], datetime] = utc_now
    monotonic: Callable[[], float] = time.monotonic


@dataclass
class Summary:
    """The attempts and end of one quiz run, for the closing lines."""

    verdicts: list[Attempt] = field(default_factory=list)
    problems_started: int = 0
    reason: EndReason = "finished"
    seconds: float = 0.0

    def count(self, verdict: str) -> int:
        return sum(1 for attempt in self.verdicts if attempt.verdict == verdict)


@dataclass(frozen=True)
class QuizSettings:
    """The options of one run that the session needs."""

    review: bool = False
    width: int = 78
    check_timeout: float = CHECK_TIMEOUT


class Session:
    """Ask the problems in order and record each answered part in `history`."""

    def __init__(self, problems: Sequence[Problem], history: History,
                 settings: QuizSettings, clock: Clock | None = None) -> None:
        self.problems = list(problems)
        self.history = history
        self.settings = settings
        self.clock = clock or Clock()
        self.session_id = uuid.uuid4().hex
        self.summary = Summary()

    def run(self) -> Summary:
        """Run the quiz to its end, or until quit, end of input or Ctrl-C."""
        started = self.clock.monotonic()
        try:
            for index, problem in enumerate(self.problems):
                self.ask_problem(index, problem)
        except QuizEnded as ended:
            self.summary.reason = ended.reason
        except KeyboardInterrupt:
            # Ctrl-C outside a prompt, for example during an answer check.
            self.summary.reason = "interrupted"
        self.summary.seconds = self.clock.monotonic() - started
        return self.summary

    def ask_problem(self, index: int, problem: Problem) -> None:
        """Show one problem and ask its parts in turn."""
        self.summary.problems_started += 1
        rendered = render_problem(problem, index + 1, "text")
        width = self.settings.width
        click.echo("")
        click.echo(click.style(f"Problem {index + 1} of {len(self.problems)}", bold=True))
        click.echo(format_heading(rendered, width))
        pairs = zip(problem.parts, rendered.parts)
        for part_index, (part, rendered_part) in enumerate(pairs):
            click.echo("")
            click.echo(format_part(rendered_part, width, points=False))
            click.echo(describe_expected(part.answer))
            self.ask_part(index, problem, rendered, part_index, part, rendered_part)

    def ask_part(self, index: int, problem: Problem, rendered: RenderedProblem,
                 part_index: int, part: Part, rendered_part: RenderedPart) -> None:
        """Prompt until the part is answered, skipped or revealed, and record it."""
        started = self.clock.monotonic()
        while True:
            text = read_answer(f"({rendered_part.label}) answer")
            command = text.strip().lower()
            if command in QUIT_COMMANDS:
                raise QuizEnded("quit")
            if command in ("help", "?"):
                click.echo(HELP_TEXT)
                continue
            if not command:
                click.echo("Type an answer, or skip, solution, quit, help.")
                continue
            if command in ("skip", "solution"):
                verdict = "skipped" if command == "skip" else "revealed"
                self.record(index, problem, part_index, part, "", verdict, None, started)
                if command == "solution":
                    click.echo(format_solution(rendered_part, self.settings.width))
                    click.echo("")
                click.echo(format_answer(rendered_part, self.settings.width))
                return
            if self.check(index, problem, part_index, part, rendered_part, text, started):
                return

    def check(self, index: int, problem: Problem, part_index: int, part: Part,
              rendered_part: RenderedPart, text: str, started: float) -> bool:
        """Check one typed answer; return False when it must be typed again."""
        try:
            parsed = parse_answer(text)
        except AnswerSyntaxError as error:
            click.echo(f"Cannot read that answer: {error}. Try again (help for examples).")
            return False
        verdict = check_answer(parsed, part.answer, self.settings.check_timeout)
        if verdict.status in ("shape", "unchecked"):
            click.echo(f"{verdict.message}. Try again.")
            return False
        mistake = None if verdict.correct else match_mistake(parsed, part.mistakes,
                                                              part.answer)
        self.record(index, problem, part_index, part, text.strip(),
                    "right" if verdict.correct else "wrong",
                    mistake.name if mistake else None, started)
        width = self.settings.width
        if verdict.correct:
            click.echo(click.style("Right.", fg="green", bold=True) + f" {verdict.message}.")
            click.echo(format_answer(rendered_part, width))
            return True
        click.echo(click.style("Wrong.", fg="red", bold=True) + f" {verdict.message}.")
        if mistake is not None:
            click.echo(f"Common mistake, {mistake.name}: {mistake.explanation}")
        click.echo(format_answer(rendered_part, width))
        click.echo("")
        click.echo(format_solution(rendered_part, width))
        return True

    def record(self, index: int, problem: Problem, part_index: int, part: Part,
               answer: str, verdict: str, mistake: str | None, started: float) -> None:
        """Commit one attempt to the history and add it to the summary."""
        attempt = Attempt(
            answered_at=self.clock.now(),
            session=self.session_id,
            problem_index=index,
            template=problem.template,
            template_version=problem.version,
            topic=problem.topic,
            area=problem.area,
            seed=problem.seed,
            part=part.name,
            part_index=part_index,
            part_count=len(problem.parts),
            answer=answer,
            verdict=verdict,
            mistake=mistake,
            seconds=round(self.clock.monotonic() - started, 3),
            review=self.settings.review,
        )
        self.history.record(attempt)
        self.summary.verdicts.append(attempt)


def describe_expected(answer: Answer) -> str:
    """Return one line that says what to type: one number, a vector or a matrix.

    A part's text may ask for more than its checked answer (a sheet can ask "is it
    stable?" beside the poles), so the quiz says what it checks.
    """
    value = answer.value
    if not isinstance(value, tuple):
        return "Type one number."
    if value and isinstance(value[0], tuple):
        return f"Type a {len(value)} x {len(value[0])} matrix as [[a, b], [c, d]], row by row."
    notes = []
    if answer.unordered:
        notes.append("in any order")
    if answer.sign_free:
        notes.append("either sign")
    extra = f" ({', '.join(notes)})" if notes else ""
    count = len(value)
    example = "[" + ", ".join("abcd"[:count]) + "]" if count <= 4 else "[a, b, ..., z]"
    return f"Type a vector of {count} numbers as {example}{extra}."


def read_answer(prompt: str) -> str:
    """Read one line with click's prompt; raise QuizEnded on end of input or Ctrl-C."""
    try:
        value: str = click.prompt(prompt, default="", show_default=False,
                                  prompt_suffix="> ")
    except click.exceptions.Abort as abort:
        # click turns both EOFError and KeyboardInterrupt into Abort, keeping the
        # original as the context.
        click.echo("")
        if isinstance(abort.__context__, KeyboardInterrupt):
            raise QuizEnded("interrupted") from None
        raise QuizEnded("end of input") from None
    if not _stdin_is_terminal():
        # A terminal echoes what is typed; piped input would leave the prompt bare.
        click.echo(echo_text(value))
    return value


def echo_text(value: str, limit: int = 120) -> str:
    """Return `value` for echoing: control characters shown as U+FFFD, long lines cut."""
    visible = "".join("\ufffd" if unicodedata.category(char) == "Cc" else char
                      for char in value)
    if len(visible) > limit:
        visible = visible[:limit] + f"... ({len(value)} characters)"
    return visible


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def summary_lines(summary: Summary) -> list[str]:
    """Return the closing lines: totals, verdicts per topic and the time taken."""
    answered = summary.verdicts
    if not answered:
        return [f"Quiz ended ({summary.reason}); no parts were answered."]
    right = summary.count("right")
    percent = round(100 * right / len(answered))
    lines = [
        (f"Quiz ended ({summary.reason}) after {format_duration(summary.seconds)}: "
         f"{right} of {len(answered)} parts right ({percent}%), "
         f"{summary.count('wrong')} wrong, {summary.count('skipped')} skipped, "
         f"{summary.count('revealed')} shown.")
    ]
    topics: dict[str, list[int]] = {}
    for attempt in answered:
        counts = topics.setdefault(attempt.topic, [0, 0])
        counts[0] += int(attempt.correct)
        counts[1] += 1
    width = max(len(topic) for topic in topics)
    for topic, (good, total) in topics.items():
        lines.append(f"  {topic:<{width}}  {good}/{total} right")
    return lines


def format_duration(seconds: float) -> str:
    """Return "42 s" or "3 min 5 s"."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    return f"{whole // 60} min {whole % 60} s"
