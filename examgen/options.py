"""Click options shared by the examgen commands; imports only click, so --help stays fast."""

from __future__ import annotations

from typing import Any, Callable

import click

MAX_SEED = 2**63 - 1


def validate_seed(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """Return --seed as an int, or raise BadParameter naming the value and the range."""
    if value is None:
        return None
    text = value.strip()
    if not text.isdigit() or int(text) > MAX_SEED:
        raise click.BadParameter(
            f"{value!r} is not a seed; use a whole number from 0 to {MAX_SEED}"
        )
    return int(text)


def seed_option(help_text: str) -> Callable[[Any], Any]:
    """Return the --seed option with `help_text`, validated by `validate_seed`."""
    return click.option("--seed", type=str, default=None, callback=validate_seed,
                        metavar="N", help=help_text)
