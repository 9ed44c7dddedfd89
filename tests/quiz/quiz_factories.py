"""Attempts built by hand for the history, schedule and stats tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from examgen.quiz.history import Attempt

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def problem_attempts(template: str, verdicts: list[str], at: datetime,
                     session: str = "s1", index: int = 0, topic: str = "z-transform",
                     area: str = "signal", part_count: int | None = None) -> list[Attempt]:
    """Return the attempts of one problem whose parts got `verdicts`, a second apart."""
    return [
        Attempt(
            answered_at=at + timedelta(seconds=number),
            session=session,
            problem_index=index,
            template=template,
            template_version=1,
            topic=topic,
            area=area,
            seed=1000 + index,
            part=f"p{number}",
            part_index=number,
            part_count=part_count if part_count is not None else len(verdicts),
            answer="1/2",
            verdict=verdict,
            mistake=None,
            seconds=4.5,
            review=False,
        )
        for number, verdict in enumerate(verdicts)
    ]
