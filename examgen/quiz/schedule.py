"""Leitner-style spaced repetition per template, as pure functions of the history.

Each template that was quizzed sits in a box from 1 to 5. A problem answered right in
every part moves its template one box up (a first right answer puts it in box 2); any
wrong, skipped or revealed part sends it back to box 1. A template is due again
INTERVALS[box - 1] after its last problem, so box 1 is due at once. Problems that
were left unfinished with no wrong part do not move the template.

Nothing here reads a clock or a file: callers pass the attempts and the time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import cycle, islice

from examgen.quiz.history import Attempt

INTERVALS = (timedelta(days=0), timedelta(days=1), timedelta(days=3),
             timedelta(days=7), timedelta(days=14))
TOP_BOX = len(INTERVALS)


@dataclass(frozen=True)
class Outcome:
    """The result of one quizzed problem: right only when every part was right."""

    template: str
    topic: str
    finished_at: datetime
    correct: bool


@dataclass(frozen=True)
class Card:
    """The Leitner state of one template."""

    template: str
    topic: str
    box: int
    last_seen: datetime
    due_at: datetime


@dataclass(frozen=True)
class Candidate:
    """A template that the current quiz may ask: its id and topic."""

    template: str
    topic: str


def problem_outcomes(attempts: Sequence[Attempt]) -> list[Outcome]:
    """Group attempts by problem and return the finished or failed ones in time order."""
    groups: dict[tuple[str, int], list[Attempt]] = {}
    for attempt in attempts:
        groups.setdefault((attempt.session, attempt.problem_index), []).append(attempt)
    outcomes = []
    for parts in groups.values():
        failed = any(not part.correct for part in parts)
        answered = {part.part for part in parts}
        if not failed and len(answered) < parts[0].part_count:
            continue
        outcomes.append(Outcome(
            template=parts[0].template,
            topic=parts[0].topic,
            finished_at=max(part.answered_at for part in parts),
            correct=not failed,
        ))
    outcomes.sort(key=lambda outcome: (outcome.finished_at, outcome.template))
    return outcomes


def leitner_cards(attempts: Sequence[Attempt]) -> dict[str, Card]:
    """Return the Leitner card of every template that has a finished or failed problem."""
    cards: dict[str, Card] = {}
    for outcome in problem_outcomes(attempts):
        previous = cards.get(outcome.template)
        if not outcome.correct:
            box = 1
        elif previous is None:
            box = 2
        else:
            box = min(previous.box + 1, TOP_BOX)
        cards[outcome.template] = Card(
            template=outcome.template,
            topic=outcome.topic,
            box=box,
            last_seen=outcome.finished_at,
            due_at=outcome.finished_at + INTERVALS[box - 1],
        )
    return cards


def due_cards(cards: dict[str, Card], now: datetime) -> list[Card]:
    """Return the cards due at `now`, lowest box first, then the longest overdue."""
    due = [card for card in cards.values() if card.due_at <= now]
    return sorted(due, key=lambda card: (card.box, card.due_at, card.template))


def smoothed_accuracy(right: int, total: int) -> float:
    """Return (right + 1) / (total + 2), so an untried topic scores 0.5, not 0 or 1."""
    return (right + 1) / (total + 2)


def topic_scores(attempts: Sequence[Attempt]) -> dict[str, float]:
    """Return the smoothed part accuracy of every topic in the attempts."""
    return _scores(attempts, lambda attempt: attempt.topic)


def template_scores(attempts: Sequence[Attempt]) -> dict[str, float]:
    """Return the smoothed part accuracy of every template in the attempts."""
    return _scores(attempts, lambda attempt: attempt.template)


def _scores(attempts: Sequence[Attempt],
            key: Callable[[Attempt], str]) -> dict[str, float]:
    totals: dict[str, list[int]] = {}
    for attempt in attempts:
        name = key(attempt)
        counts = totals.setdefault(name, [0, 0])
        counts[0] += int(attempt.correct)
        counts[1] += 1
    return {name: smoothed_accuracy(right, total) for name, (right, total) in totals.items()}


def weakest_first(attempts: Sequence[Attempt], candidates: Sequence[Candidate],
                  cards: dict[str, Card]) -> list[Candidate]:
    """Order `candidates` by topic accuracy, then template accuracy, least recent first."""
    by_topic = topic_scores(attempts)
    by_template = template_scores(attempts)

    def key(candidate: Candidate) -> tuple[float, float, float, str]:
        card = cards.get(candidate.template)
        seen = card.last_seen.timestamp() if card else float("-inf")
        return (by_topic.get(candidate.topic, 0.5), by_template.get(candidate.template, 0.5),
                seen, candidate.template)

    return sorted(candidates, key=key)


def review_plan(attempts: Sequence[Attempt], candidates: Sequence[Candidate],
                now: datetime, count: int) -> list[str]:
    """Return `count` template ids to review: due ones first, then the weakest topics.

    Only templates in `candidates` are chosen. When fewer than `count` are due, the
    rest come from `weakest_first`, cycling through the candidates if needed.
    """
    if not candidates or count <= 0:
        return []
    allowed = {candidate.template for candidate in candidates}
    cards = leitner_cards(attempts)
    plan = [card.template for card in due_cards(cards, now) if card.template in allowed]
    plan = plan[:count]
    rest = [candidate for candidate in weakest_first(attempts, candidates, cards)
            if candidate.template not in plan]
    if len(plan) < count:
        filler = rest or list(weakest_first(attempts, candidates, cards))
        plan += [candidate.template for candidate in islice(cycle(filler), count - len(plan))]
    return plan
