"""Errors of the quiz and its history, reported by the CLI as one-line messages."""

from __future__ import annotations

from pathlib import Path

from examgen.errors import ExamgenError


class UnknownAreaError(ExamgenError):
    def __init__(self, name: str, known: tuple[str, ...]) -> None:
        self.name = name
        self.known = known
        super().__init__(f"unknown area {name!r}; use one of: {', '.join(known)}")


class TopicNotInAreaError(ExamgenError):
    def __init__(self, topic: str, topic_area: str, area: str) -> None:
        self.topic = topic
        self.area = area
        super().__init__(
            f"topic {topic!r} belongs to area {topic_area!r}, not {area!r}; drop --area "
            f"or use --area {topic_area}"
        )


class NoTemplatesError(ExamgenError):
    """A topic or area filter that matches no registered template."""

    def __init__(self, selection: str, available: list[str]) -> None:
        self.selection = selection
        self.available = available
        super().__init__(
            f"no problem templates for {selection} yet; topics with templates: "
            f"{', '.join(available) or 'none'}"
        )


class HistoryError(ExamgenError):
    """A quiz history file that cannot be read or written."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        super().__init__(message)


class CorruptHistoryError(HistoryError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            path,
            f"history file {path} is not a readable examgen history ({reason}); move it "
            f"away (for example, rename it to {path.name}.bad) and run again to start "
            "a new history",
        )


class NewerHistoryError(HistoryError):
    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.found = found
        super().__init__(
            path,
            f"history file {path} has schema version {found}, but this examgen reads "
            f"versions up to {supported}; upgrade examgen, or set EXAMGEN_HOME to "
            "another folder",
        )


class ExamFileError(ExamgenError):
    """An exam file for `examgen quiz --exam` that cannot be read or asked."""

    def __init__(self, path: Path, reason: str, fix: str,
                 problem: int | None = None) -> None:
        self.path = path
        self.problem = problem
        where = f"exam file {path}" + (f", problem {problem}" if problem else "")
        super().__init__(f"{where}: {reason}; {fix}")


class ExamOptionsError(ExamgenError):
    """Options that choose problems, given together with --exam."""

    def __init__(self, options: list[str]) -> None:
        self.options = options
        names = ", ".join(options)
        super().__init__(
            f"--exam asks the problems of the file, so it cannot be combined with "
            f"{names}; drop {names} or drop --exam"
        )
