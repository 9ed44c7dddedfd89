"""The examgen command line: thin click commands, the only place that prints or exits.

Heavy libraries (NumPy, SymPy, Jinja2) are imported inside the commands so that
``examgen --help`` starts fast.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import sys
from pathlib import Path
from typing import Any

import click

from examgen import __version__, options
from examgen.errors import ExamgenError
from examgen.quiz.commands import quiz, stats

FORMATS = ("latex", "markdown", "json", "pdf")
DEFAULT_FORMATS = "latex,markdown,json"


class ExamgenGroup(click.Group):
    """A group that turns library errors into one-line messages."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ExamgenError as error:
            raise click.ClickException(str(error)) from None
        except KeyboardInterrupt:
            click.echo("examgen: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            _silence_stdout()
            sys.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:
            # A bug, not bad input: one line for the user; EXAMGEN_DEBUG=1 shows the traceback.
            if os.environ.get("EXAMGEN_DEBUG"):
                raise
            raise click.ClickException(
                f"internal error ({type(error).__name__}: {error}); please report it with "
                "the command you ran, or rerun with EXAMGEN_DEBUG=1 for the traceback"
            ) from None


def _silence_stdout() -> None:
    # The reader of a pipe (head, less) has gone. Point stdout at /dev/null so that
    # Python's final flush does not fail a second time.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def parse_formats(text: str) -> list[str]:
    """Parse ``latex,markdown`` into a list of known format names."""
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    for name in names:
        if name not in FORMATS:
            raise click.BadParameter(
                f"unknown format {name!r}; use a comma list of {', '.join(FORMATS)}",
                param_hint="'--format'",
            )
    if not names:
        raise click.BadParameter(
            f"no format given; use a comma list of {', '.join(FORMATS)}",
            param_hint="'--format'",
        )
    return names


@click.group(cls=ExamgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="examgen")
def cli() -> None:
    """Generate verified practice problems and exams for multimedia signal processing."""


seed_option = options.seed_option(
    "Seed (a whole number >= 0); the same seed gives the same output. "
    "Default: a random seed, which is printed."
)


@cli.command()
@seed_option
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None,
              help="Folder to write into. Default: exam-SEED in the current folder.")
@click.option("--format", "formats", default=DEFAULT_FORMATS, show_default=True,
              help="Comma list of outputs: latex, markdown, json, pdf.")
@click.option("--problems", type=int, default=9, show_default=True,
              help="Number of problems, 8 to 10.")
@click.option("--mix", default="signal=17,probability=17,neural=66", show_default=True,
              help="Percent of points per area; must sum to 100.")
@click.option("--force", is_flag=True,
              help="Write into a non-empty --out folder: replace examgen's files there and "
              "remove an older exam's PDFs and figures; other files are kept.")
def generate(seed: int | None, out_dir: Path | None, formats: str, problems: int,
             mix: str, force: bool) -> None:
    """Write a practice exam and its worked answer key.

    Files: exam.tex and key.tex (LaTeX), exam.md and key.md (Markdown), exam.json,
    and exam.pdf and key.pdf with --format pdf.
    """
    from examgen.generate import generate_exam

    chosen = parse_formats(formats)
    picked = seed is None
    if seed is None:
        seed = secrets.randbelow(1_000_000)
    folder = out_dir if out_dir is not None else Path(f"exam-{seed}")
    written = generate_exam(seed, folder, chosen, problems, mix, force)
    if picked:
        click.echo(f"No --seed given; used seed {seed}.", err=True)
    for path in written:
        click.echo(str(path))


@cli.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def list_templates(as_json: bool) -> None:
    """List the problem templates with their topic and area."""
    from examgen.registry import all_templates, area

    rows = [
        {
            "id": t.id, "topic": t.topic, "area": area(t), "title": t.title,
            "description": t.description, "kind": t.kind, "minutes": t.minutes,
            "difficulty": t.difficulty, "parts": [p.name for p in t.parts],
        }
        for t in all_templates()
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    width = max(len(str(row["id"])) for row in rows)
    click.echo(f"{'id':<{width}}  {'area':<11}  {'topic':<15}  {'kind':<11}  time    "
               "level  description")
    for row in rows:
        click.echo(f"{row['id']:<{width}}  {row['area']:<11}  {row['topic']:<15}  "
                   f"{row['kind']:<11}  {row['minutes']:>2} min  {row['difficulty']:^5}  "
                   f"{row['description']}")


@cli.command()
@click.argument("template_id", metavar="TEMPLATE")
@seed_option
@click.option("--format", "fmt", type=click.Choice(["markdown", "latex", "text"]),
              default="markdown", show_default=True,
              help="Output format; text is plain Unicode for a terminal.")
def show(template_id: str, seed: int | None, fmt: str) -> None:
    """Print one problem of TEMPLATE and its worked solution."""
    from examgen.generate import show_problem

    picked = seed is None
    if seed is None:
        seed = secrets.randbelow(1_000_000)
    text = show_problem(template_id, seed, fmt)
    if picked:
        click.echo(f"No --seed given; used seed {seed}.", err=True)
    click.echo(text, nl=False)


@cli.command()
@click.option("--seeds", type=click.IntRange(1, 1_000_000), default=200, show_default=True,
              help="Number of seeds to draw per template (seeds 0 to N-1).")
@click.option("--quiet", is_flag=True, help="Print no progress bar.")
@click.argument("template_ids", nargs=-1, metavar="[TEMPLATE ...]")
def check(seeds: int, quiet: bool, template_ids: tuple[str, ...]) -> None:
    """Draw and solve every template over many seeds and verify each result."""
    from examgen.checking import check_templates

    with click.progressbar(length=1, label="checking", hidden=quiet, file=sys.stderr) as bar:

        def advance(done: int, total: int) -> None:
            bar.length = total
            bar.update(1)

        # The same template named twice is checked once.
    report = check_templates(list(dict.fromkeys(template_ids)), seeds, progress=advance)
    for line in report.failures:
        click.echo(line, err=True)
    if report.failures:
        raise click.ClickException(
            f"{len(report.failures)} failing draws in {report.failing_templates} templates "
            "(listed above)"
        )
    click.echo(report.summary)


cli.add_command(quiz)
cli.add_command(stats)


def _exit_on_signal(signum: int, frame: object) -> None:
    # SystemExit unwinds the stack, so scratch folders and temporary files are removed.
    sys.exit(128 + signum)


def main() -> None:
    """Run the CLI (the console-script entry point).

    Usage errors print as one line that names the bad value and points to --help,
    instead of click's usage block.
    """
    signal.signal(signal.SIGTERM, _exit_on_signal)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, _exit_on_signal)
    try:
        result = cli.main(prog_name="examgen", standalone_mode=False)
    except click.UsageError as error:
        command = error.ctx.command_path if error.ctx else "examgen"
        click.echo(f"Error: {error.format_message()} (see '{command} --help')", err=True)
        sys.exit(error.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    sys.exit(result if isinstance(result, int) else 0)
