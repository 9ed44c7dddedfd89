"""Exception types raised by the library; only the CLI turns them into messages."""

from __future__ import annotations


class ExamgenError(Exception):
    """Base of every error that the CLI reports as a one-line message."""


class UnknownTemplateError(ExamgenError):
    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        self.known = known
        super().__init__(
            f"unknown template {name!r}; run 'examgen list' to see the "
            f"{len(known)} template ids"
        )


class UnknownTopicError(ExamgenError):
    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        self.known = known
        super().__init__(f"unknown topic {name!r}; use one of: {', '.join(known)}")


class DuplicateTemplateError(ExamgenError):
    def __init__(self, template_id: str) -> None:
        self.template_id = template_id
        super().__init__(f"template id {template_id!r} is registered twice")


class InvalidMixError(ExamgenError):
    """A malformed area mix such as ``signal=17,probability=17,neural=66``."""


class InvalidExamSpecError(ExamgenError):
    """An exam that cannot be assembled from the request (size, mix, templates)."""


class DegenerateDrawError(ExamgenError):
    """A draw that would give a degenerate problem; the generator draws again."""


class DrawFailedError(ExamgenError):
    def __init__(self, template_id: str, seed: int, tries: int, reason: str) -> None:
        self.template_id = template_id
        self.seed = seed
        self.tries = tries
        super().__init__(
            f"template {template_id!r} found no usable draw for seed {seed} in "
            f"{tries} tries (last reason: {reason}); report this as a bug"
        )


class OutputError(ExamgenError):
    """An output folder or file that cannot be written."""
