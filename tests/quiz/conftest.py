"""Fixtures of the quiz tests: a private EXAMGEN_HOME and a CLI group with the commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pytest

from examgen.quiz.commands import quiz, stats

# pytest runs with --import-mode=importlib, which does not put test folders on
# sys.path; the quiz_* helper modules beside this file are imported by name.
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point EXAMGEN_HOME at a fresh folder so no test touches the real user data."""
    folder = tmp_path / "examgen-home"
    monkeypatch.setenv("EXAMGEN_HOME", str(folder))
    return folder


@pytest.fixture
def cli() -> click.Group:
    """Return a click group with `quiz` and `stats`, as the examgen CLI registers them."""
    group = click.Group("examgen")
    group.add_command(quiz)
    group.add_command(stats)
    return group
