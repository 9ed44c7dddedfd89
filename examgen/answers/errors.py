"""Exception types of the answer parser and checker."""

from __future__ import annotations

from examgen.errors import ExamgenError

# Fragments of typed text quoted in a message are cut to this many characters so that
# a message stays on one short line whatever the student typed.
_MAX_QUOTED = 30


class AnswerError(ExamgenError):
    """Base of the errors raised while reading or checking a typed answer."""


class AnswerSyntaxError(AnswerError):
    """A typed answer that the parser rejects.

    `str(error)` is a one-line message for the student that names the offending text
    and what to type instead. `column` is the 1-based column of the offending text in
    the stripped answer, or None when the whole answer is at fault.
    """

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


def quote(fragment: str) -> str:
    """Return `fragment` quoted and escaped for a one-line message, cut if long."""
    if len(fragment) > _MAX_QUOTED:
        fragment = fragment[: _MAX_QUOTED - 3] + "..."
    # repr escapes control characters and newlines, so the message stays one line.
    return repr(fragment)
