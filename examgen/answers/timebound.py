"""A wall-clock bound on work such as SymPy simplification, using SIGALRM.

The bound works only where a SIGALRM handler may be installed: on POSIX, in the main
thread, and while no other ITIMER_REAL timer is running. Elsewhere `run_with_time_limit`
runs the work without a bound, and callers that need one check `alarm_available` first.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import TypeVar

from examgen.answers.errors import AnswerError

_Result = TypeVar("_Result")

# After the first alarm the timer fires again at this interval, so an _Expired that
# library code swallows with a broad except is raised again soon after.
_REPEAT_SECONDS = 0.05
_armed = False


class TimeLimitExceeded(AnswerError):
    """Work that `run_with_time_limit` stopped when its time ran out."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the work did not finish within {seconds:g} s")
        self.seconds = seconds


class _Expired(BaseException):
    # A BaseException, so that SymPy's `except Exception` blocks let it through.
    pass


def alarm_available() -> bool:
    """Return whether `run_with_time_limit` can bound work in this thread now."""
    return (
        hasattr(signal, "SIGALRM")
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and not _armed
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        # A handler installed from C cannot be restored from Python.
        and signal.getsignal(signal.SIGALRM) is not None
    )


def run_with_time_limit(work: Callable[[], _Result], seconds: float) -> _Result:
    """Run `work` and return its result, or raise TimeLimitExceeded after `seconds`.

    Runs `work` without a bound when `alarm_available()` is false.
    """
    if seconds <= 0:
        raise ValueError(f"seconds must be positive, not {seconds!r}")
    if not alarm_available():
        return work()
    previous = signal.getsignal(signal.SIGALRM)
    try:
        # The inner finally disarms as soon as the work ends. If an alarm interrupts
        # that cleanup, the outer clauses catch it and disarm again, and a disarmed
        # handler ignores any alarm that is still pending.
        try:
            signal.signal(signal.SIGALRM, _on_alarm)
            _arm(seconds)
            return work()
        finally:
            _disarm()
    except _Expired:
        raise TimeLimitExceeded(seconds) from None
    finally:
        _disarm()
        restored = previous if previous is not None else signal.SIG_DFL
        signal.signal(signal.SIGALRM, restored)


def _arm(seconds: float) -> None:
    global _armed
    _armed = True
    signal.setitimer(signal.ITIMER_REAL, seconds, _REPEAT_SECONDS)


def _disarm() -> None:
    global _armed
    _armed = False
    signal.setitimer(signal.ITIMER_REAL, 0)


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    if _armed:
        raise _Expired
