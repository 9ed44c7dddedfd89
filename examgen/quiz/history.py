"""The quiz history: one SQLite row per answered part.

The file is ``history.sqlite3`` in ``platformdirs.user_data_dir("examgen")``, or in the
folder that the environment variable EXAMGEN_HOME names. The schema version is kept
in ``PRAGMA user_version``. Every attempt is committed in its own transaction as soon
as it is answered, so an interrupted quiz keeps the answers given so far. A file that
is not an examgen history, or one written by a newer examgen, raises a HistoryError
and is never written to.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from examgen.quiz.errors import CorruptHistoryError, HistoryError, NewerHistoryError

SCHEMA_VERSION = 1
FILE_NAME = "history.sqlite3"
HOME_VARIABLE = "EXAMGEN_HOME"
SQLITE_HEADER = b"SQLite format 3\x00"
# Seconds to wait for another examgen process that holds the write lock.
LOCK_TIMEOUT = 5.0

# Verdicts stored per part: "right" and "wrong" come from the answer check, "skipped"
# and "revealed" (the student asked for the solution) from the prompt commands.
VERDICTS = ("right", "wrong", "skipped", "revealed")

SCHEMA = """
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY,
    answered_at TEXT NOT NULL,
    session TEXT NOT NULL,
    problem_index INTEGER NOT NULL,
    template TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    topic TEXT NOT NULL,
    area TEXT NOT NULL,
    seed INTEGER NOT NULL,
    part TEXT NOT NULL,
    part_index INTEGER NOT NULL,
    part_count INTEGER NOT NULL,
    answer TEXT NOT NULL,
    verdict TEXT NOT NULL CHECK (verdict IN ('right', 'wrong', 'skipped', 'revealed')),
    mistake TEXT,
    seconds REAL NOT NULL,
    review INTEGER NOT NULL
);
CREATE INDEX attempts_by_template ON attempts (template, answered_at);
"""

COLUMNS = ("answered_at", "session", "problem_index", "template", "template_version",
           "topic", "area", "seed", "part", "part_index", "part_count", "answer",
           "verdict", "mistake", "seconds", "review")


@dataclass(frozen=True)
class Attempt:
    """One answered (or skipped, or revealed) part of a quiz problem.

    `answered_at` is timezone-aware UTC. `session` and `problem_index` identify the
    problem within a quiz run, so the parts of one problem can be grouped.
    """

    answered_at: datetime
    session: str
    problem_index: int
    template: str
    template_version: int
    topic: str
    area: str
    seed: int
    part: str
    part_index: int
    part_count: int
    answer: str
    verdict: str
    mistake: str | None
    seconds: float
    review: bool

    @property
    def correct(self) -> bool:
        return self.verdict == "right"


def history_folder() -> Path:
    """Return the folder of the history file: EXAMGEN_HOME, else the user data folder."""
    override = os.environ.get(HOME_VARIABLE)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("examgen"))


def history_path() -> Path:
    """Return the path of the history file."""
    return history_folder() / FILE_NAME


def utc_now() -> datetime:
    """Return the current time as timezone-aware UTC."""
    return datetime.now(UTC)


class History:
    """An open history file. Use `History.open` and close it (or use `with`)."""

    def __init__(self, path: Path, connection: sqlite3.Connection,
                 has_schema: bool = True) -> None:
        self.path = path
        self._connection = connection
        # False for an empty file opened read-only: it has no attempts table yet.
        self._has_schema = has_schema

    @classmethod
    def open(cls, path: Path, create: bool = True, read_only: bool = False) -> History:
        """Open the history at `path`, creating the file and schema when `create`.

        Raises CorruptHistoryError for a file that is not an examgen history,
        NewerHistoryError for a newer schema, and HistoryError when the file cannot
        be opened. None of these checks writes to an existing file.
        """
        _check_folder(path)
        exists = path.exists()
        if exists:
            _check_header(path)
        elif not create:
            raise HistoryError(path, f"history file {path} does not exist")
        else:
            _make_folder(path)
        connection = _connect(path, read_only and exists)
        try:
            version = _schema_version(connection, path)
            if version == 0:
                # Checked on reads too, so that `stats` refuses what `quiz` refuses.
                _check_no_tables(connection, path)
                if not read_only:
                    _create_schema(connection, path)
            else:
                _check_columns(connection, path)
        except BaseException:
            connection.close()
            raise
        return cls(path, connection, has_schema=version != 0 or not read_only)

    def close(self) -> None:
        """Close the connection; every attempt is already committed."""
        self._connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def record(self, attempt: Attempt) -> None:
        """Insert one attempt and commit it at once."""
        if attempt.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {attempt.verdict!r}; use one of {VERDICTS}")
        row = (
            attempt.answered_at.astimezone(UTC).isoformat(timespec="microseconds"),
            attempt.session, attempt.problem_index, attempt.template,
            attempt.template_version, attempt.topic, attempt.area, attempt.seed,
            attempt.part, attempt.part_index, attempt.part_count, attempt.answer,
            attempt.verdict, attempt.mistake, attempt.seconds, int(attempt.review),
        )
        placeholders = ", ".join("?" for _ in COLUMNS)
        with self._transaction():
            self._connection.execute(
                f"INSERT INTO attempts ({', '.join(COLUMNS)}) VALUES ({placeholders})", row
            )

    def attempts(self) -> list[Attempt]:
        """Return every attempt, oldest first."""
        if not self._has_schema:
            return []
        try:
            rows = self._connection.execute(
                f"SELECT {', '.join(COLUMNS)} FROM attempts ORDER BY answered_at, id"
            ).fetchall()
        except sqlite3.DatabaseError as error:
            raise CorruptHistoryError(self.path, str(error)) from None
        try:
            return [_attempt_of(row) for row in rows]
        except (TypeError, ValueError) as error:
            raise CorruptHistoryError(self.path, f"a row is malformed: {error}") from None

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        # The connection is in autocommit mode, so BEGIN and COMMIT are explicit and a
        # failed or interrupted insert is rolled back whole.
        try:
            self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise _write_error(self.path, error) from None
        try:
            yield
            self._connection.execute("COMMIT")
        except BaseException as error:
            self._connection.execute("ROLLBACK")
            if isinstance(error, sqlite3.DatabaseError):
                raise _write_error(self.path, error) from None
            raise


def load_attempts(path: Path) -> list[Attempt]:
    """Return every attempt in the history at `path`, or [] when there is no file yet."""
    _check_folder(path)
    if not path.exists():
        return []
    with History.open(path, create=False, read_only=True) as history:
        return history.attempts()


def _check_header(path: Path) -> None:
    if not path.is_file():
        raise HistoryError(path, f"history path {path} is not a file; move it away or "
                                 f"set {HOME_VARIABLE} to another folder")
    try:
        with path.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except OSError as error:
        raise HistoryError(path, f"cannot read history file {path}: "
                                 f"{error.strerror or error}") from None
    # An empty file is what SQLite itself creates before the first write.
    if header and header != SQLITE_HEADER:
        raise CorruptHistoryError(path, "it is not an SQLite database")


def _folder_name(folder: Path) -> str:
    """Return how messages name the history folder: as EXAMGEN_HOME when it is set."""
    override = os.environ.get(HOME_VARIABLE)
    if override and Path(override).expanduser() == folder:
        return f"{HOME_VARIABLE} {folder}"
    return f"history folder {folder}"


def _check_folder(path: Path) -> None:
    """Raise HistoryError when the folder of `path`, or one above it, is a file."""
    folder = path.parent
    for place in (folder, *folder.parents):
        try:
            if not place.exists():
                continue
            if place.is_dir():
                return
        except OSError:
            return  # Unreadable: opening the file reports it with its own reason.
        where = "" if place == folder else f" ({place} is a file)"
        raise HistoryError(path, f"{_folder_name(folder)} is not a folder{where}; set "
                                 f"{HOME_VARIABLE} to a folder, or move the file away")


def _unwritable(path: Path) -> HistoryError:
    """Return the error for a history folder in which no file can be created."""
    return HistoryError(path, f"cannot create history file {path}: "
                              f"{_folder_name(path.parent)} is not writable; make it "
                              f"writable or set {HOME_VARIABLE} to a writable folder")


def _make_folder(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise HistoryError(path, f"cannot create the {_folder_name(path.parent)}: "
                                 f"{error.strerror or error}; set {HOME_VARIABLE} to a "
                                 "writable folder") from None


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    try:
        if read_only:
            uri = path.resolve().as_uri() + "?mode=ro"
            return sqlite3.connect(uri, uri=True, timeout=LOCK_TIMEOUT,
                                   isolation_level=None)
        return sqlite3.connect(path, timeout=LOCK_TIMEOUT, isolation_level=None)
    except sqlite3.Error as error:
        if not read_only and "unable to open" in str(error):
            raise _unwritable(path) from None
        raise HistoryError(path, f"cannot open history file {path}: {error}") from None


def _schema_version(connection: sqlite3.Connection, path: Path) -> int:
    try:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        check = connection.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise CorruptHistoryError(path, str(error)) from None
    if check != "ok":
        raise CorruptHistoryError(path, f"integrity check failed: {check}")
    if version > SCHEMA_VERSION:
        raise NewerHistoryError(path, version, SCHEMA_VERSION)
    if version < 0:
        raise CorruptHistoryError(path, f"schema version {version} is invalid")
    return version


def _check_no_tables(connection: sqlite3.Connection, path: Path) -> None:
    """Raise CorruptHistoryError for a database without a schema version but with tables."""
    tables = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'"
    ).fetchall()
    if tables:
        # A database of some other program: leave it alone.
        names = ", ".join(sorted(str(row[0]) for row in tables))
        raise CorruptHistoryError(path, f"it contains other tables ({names}) and no "
                                        "examgen schema version")


def _create_schema(connection: sqlite3.Connection, path: Path) -> None:
    try:
        connection.execute("BEGIN IMMEDIATE")
        for statement in SCHEMA.split(";"):
            if statement.strip():
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except sqlite3.DatabaseError as error:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise _write_error(path, error) from None


def _check_columns(connection: sqlite3.Connection, path: Path) -> None:
    rows = connection.execute("PRAGMA table_info(attempts)").fetchall()
    missing = set(COLUMNS) - {str(row[1]) for row in rows}
    if missing:
        raise CorruptHistoryError(path, "the attempts table lacks columns "
                                        f"{', '.join(sorted(missing))}")


def _write_error(path: Path, error: sqlite3.Error) -> HistoryError:
    text = str(error)
    if "locked" in text or "busy" in text:
        return HistoryError(path, f"history file {path} is locked by another examgen "
                                  "process; close it and try again")
    if isinstance(error, sqlite3.DatabaseError) and "malformed" in text:
        return CorruptHistoryError(path, text)
    if "unable to open" in text:
        # SQLite cannot create its journal file beside the history.
        return _unwritable(path)
    if "readonly" in text:
        return HistoryError(path, f"history file {path} is read-only; make it writable "
                                  f"or set {HOME_VARIABLE} to another folder")
    return HistoryError(path, f"cannot write history file {path}: {text}")


def _attempt_of(row: tuple[object, ...]) -> Attempt:
    values = dict(zip(COLUMNS, row))
    answered_at = datetime.fromisoformat(str(values["answered_at"]))
    if answered_at.tzinfo is None:
        answered_at = answered_at.replace(tzinfo=UTC)
    mistake = values["mistake"]
    return Attempt(
        answered_at=answered_at,
        session=str(values["session"]),
        problem_index=int(str(values["problem_index"])),
        template=str(values["template"]),
        template_version=int(str(values["template_version"])),
        topic=str(values["topic"]),
        area=str(values["area"]),
        seed=int(str(values["seed"])),
        part=str(values["part"]),
        part_index=int(str(values["part_index"])),
        part_count=int(str(values["part_count"])),
        answer=str(values["answer"]),
        verdict=str(values["verdict"]),
        mistake=None if mistake is None else str(mistake),
        seconds=float(str(values["seconds"])),
        review=bool(values["review"]),
    )
