"""Shared fixtures: a click runner and the lookup of external tools."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def require_tool(name: str) -> str:
    """Return the path of `name`; skip when it is missing, but fail under CI.

    CI installs TeX Live and pandoc, so a missing tool there is a broken setup that
    must not pass as a skipped test.
    """
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed, but CI must run this test")
        pytest.skip(f"{name} is not installed")
    return path
