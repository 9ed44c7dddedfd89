"""Output helpers: scratch folders survive interruptions without leftovers."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from examgen.output import _signals_blocked, scratch_folder


def test_scratch_folder_removed_on_interrupt() -> None:
    created: list[Path] = []
    with pytest.raises(KeyboardInterrupt):
        with scratch_folder("examgen-test-") as path:
            created.append(path)
            (path / "x.tex").write_text("x")
            raise KeyboardInterrupt
    assert not created[0].exists()


def test_signal_waits_for_blocked_step(tmp_path: Path) -> None:
    folder = tmp_path / "scratch"
    folder.mkdir()
    seen: list[bool] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: seen.append(folder.exists()))
    try:
        with _signals_blocked():
            os.kill(os.getpid(), signal.SIGTERM)
            assert seen == []
            shutil.rmtree(folder)
    finally:
        signal.signal(signal.SIGTERM, previous)
    # The handler ran only after the removal finished.
    assert seen == [False]
