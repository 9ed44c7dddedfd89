"""The click commands `examgen quiz` and `examgen stats`.

Only click and the standard library are imported here; the quiz machinery (NumPy,
SymPy, Jinja2) is imported inside the commands so that ``examgen --help`` stays fast.
Register them on the CLI group with ``cli.add_command(quiz)`` and
``cli.add_command(stats)``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from examgen.options import seed_option

# The quiz options that choose problems, which --exam replaces: option name to the
# name of the click parameter.
CHOOSERS = {"topic": "topics", "area": "area_name", "count": "count", "seed": "seed",
            "review": "review"}


@contextmanager
def errors_as_messages() -> Iterator[None]:
    """Turn library errors into click's one-line messages, also outside the CLI group."""
    from examgen.errors import ExamgenError

    try:
        yield
    except ExamgenError as error:
        raise click.ClickException(str(error)) from None


@click.command()
@click.option("--topic", "topics", multiple=True, metavar="ID",
              help="Ask only problems of this topic; repeat for several. "
              "'examgen list' shows the topics.")
@click.option("--area", "area_name", metavar="NAME", default=None,
              help="Ask only problems of this area: signal, probability or neural.")
@click.option("--count", type=click.IntRange(1, 100), default=3, show_default=True,
              help="Number of problems to ask.")
@seed_option("Seed (a whole number >= 0); the same seed asks the same problems. "
             "Default: a random seed, which is printed.")
@click.option("--review", is_flag=True,
              help="Ask the templates due for review first (spaced repetition, "
              "each with a new variant), then those of the weakest topics.")
@click.option("--exam", "exam_file", type=click.Path(path_type=Path), default=None,
              metavar="FILE",
              help="Ask the problems of a practice exam, in sheet order, from the "
              "exam.json that 'examgen generate --format json' writes. Combines with "
              "none of --topic, --area, --count, --seed and --review.")
def quiz(topics: tuple[str, ...], area_name: str | None, count: int, seed: int | None,
         review: bool, exam_file: Path | None) -> None:
    """Quiz yourself in the terminal, one part at a time.

    Type each answer as a number, fraction, expression such as sqrt(2)/2, vector
    [1, 2] or matrix [[1, 2], [3, 4]]; or type skip, solution, quit or help. The
    answers are kept in a history (in EXAMGEN_HOME if set) that 'examgen stats' reads.
    Piped input is read one answer per line.
    """
    with errors_as_messages():
        if exam_file is not None:
            reject_choosers(click.get_current_context())
        from examgen.quiz.runner import QuizOptions, run_quiz

        options = QuizOptions(topics=topics, area=area_name, count=count, seed=seed,
                              review=review, exam=exam_file)
        code = run_quiz(options)
    if code:
        sys.exit(code)


def reject_choosers(ctx: click.Context) -> None:
    """Raise ExamOptionsError when options that choose problems come with --exam."""
    from examgen.quiz.errors import ExamOptionsError

    # Checked by source, not value, so that an explicit --count 3 is refused too.
    default = (None, click.core.ParameterSource.DEFAULT)
    conflicting = [f"--{option}" for option, parameter in CHOOSERS.items()
                   if ctx.get_parameter_source(parameter) not in default]
    if conflicting:
        raise ExamOptionsError(conflicting)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the stats as JSON.")
def stats(as_json: bool) -> None:
    """Show quiz accuracy per topic and area and what is due for review."""
    with errors_as_messages():
        from examgen.quiz.runner import run_stats

        run_stats(as_json)
