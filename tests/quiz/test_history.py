"""The SQLite history: round trip, schema version, and refusal to touch bad files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from quiz_factories import START, problem_attempts

from examgen.quiz.errors import CorruptHistoryError, HistoryError, NewerHistoryError
from examgen.quiz.history import (
    SCHEMA_VERSION,
    History,
    history_path,
    load_attempts,
)


def test_history_path_uses_examgen_home(home: Path) -> None:
    assert history_path() == home / "history.sqlite3"


def test_round_trip_keeps_fields(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "history.sqlite3"
    attempts = problem_attempts("t-a", ["right", "wrong", "revealed"], START)
    with History.open(path) as history:
        for attempt in attempts:
            history.record(attempt)
    assert load_attempts(path) == attempts


def test_new_file_has_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    History.open(path).close()
    with sqlite3.connect(path) as connection:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION


def test_missing_file_loads_empty(tmp_path: Path) -> None:
    path = tmp_path / "none" / "history.sqlite3"
    assert load_attempts(path) == []
    assert not path.parent.exists()


def test_each_record_committed(tmp_path: Path) -> None:
    # A second connection sees the row before the writer closes.
    path = tmp_path / "history.sqlite3"
    history = History.open(path)
    history.record(problem_attempts("t-a", ["right"], START)[0])
    assert len(load_attempts(path)) == 1
    history.close()


def test_corrupt_file_rejected_untouched(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    garbage = bytes(range(256)) * 8
    path.write_bytes(garbage)
    with pytest.raises(CorruptHistoryError) as caught:
        History.open(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    assert "move it away" in message
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["history.sqlite3"]


def test_damaged_sqlite_body_rejected(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with History.open(path) as history:
        history.record(problem_attempts("t-a", ["right"], START)[0])
    data = bytearray(path.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptHistoryError):
        History.open(path)
    assert path.read_bytes() == bytes(data)


def test_newer_schema_rejected(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = path.read_bytes()
    with pytest.raises(NewerHistoryError) as caught:
        History.open(path)
    assert "upgrade examgen" in str(caught.value)
    assert path.read_bytes() == before


def test_foreign_database_rejected(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(CorruptHistoryError) as caught:
        History.open(path)
    assert "notes" in str(caught.value)


def test_folder_in_place_of_file(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.mkdir()
    with pytest.raises(HistoryError) as caught:
        History.open(path)
    assert "not a file" in str(caught.value)


def test_unknown_verdict_rejected(tmp_path: Path) -> None:
    attempt = problem_attempts("t-a", ["maybe"], START)[0]
    with History.open(tmp_path / "history.sqlite3") as history, \
            pytest.raises(ValueError):
        history.record(attempt)


def test_unwritable_folder_named_with_fix() -> None:
    # Root may write anywhere on a normal file system, but not into /proc.
    folder = Path("/proc/self")
    if not folder.is_dir():
        pytest.skip("needs /proc, a folder that even root cannot write to")
    with pytest.raises(HistoryError) as caught:
        History.open(folder / "history.sqlite3")
    assert str(caught.value) == (
        "cannot create history file /proc/self/history.sqlite3: history folder "
        "/proc/self is not writable; make it writable or set EXAMGEN_HOME to a "
        "writable folder")


def test_foreign_database_rejected_on_read(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    before = path.read_bytes()
    with pytest.raises(CorruptHistoryError) as caught:
        load_attempts(path)
    assert "other tables (notes)" in str(caught.value)
    assert path.read_bytes() == before


def test_empty_file_reads_as_no_attempts(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.touch()
    assert load_attempts(path) == []
