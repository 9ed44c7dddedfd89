"""Summaries of the quiz history: accuracy per topic and area, and the review queue."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from examgen.quiz.history import Attempt
from examgen.quiz.schedule import Card, due_cards, leitner_cards


@dataclass(frozen=True)
class GroupStats:
    """Part attempts, right answers and the last attempt of one topic or area."""

    name: str
    attempts: int
    right: int
    last_attempt: datetime

    @property
    def accuracy(self) -> float:
        return self.right / self.attempts if self.attempts else 0.0


def group_stats(attempts: Sequence[Attempt],
                key: Callable[[Attempt], str]) -> list[GroupStats]:
    """Return the stats of each group of attempts, in order of first appearance."""
    groups: dict[str, GroupStats] = {}
    for attempt in attempts:
        name = key(attempt)
        old = groups.get(name)
        groups[name] = GroupStats(
            name=name,
            attempts=(old.attempts if old else 0) + 1,
            right=(old.right if old else 0) + int(attempt.correct),
            last_attempt=max(old.last_attempt, attempt.answered_at) if old
            else attempt.answered_at,
        )
    return list(groups.values())


def stats_report(attempts: Sequence[Attempt], now: datetime,
                 topic_order: Sequence[str], area_order: Sequence[str]) -> dict[str, Any]:
    """Return the stats as JSON types: totals, per topic, per area, due and upcoming.

    Topics and areas follow `topic_order` and `area_order` (the course's order).
    """
    topic_rank = {name: index for index, name in enumerate(topic_order)}
    area_rank = {name: index for index, name in enumerate(area_order)}
    topics = sorted(group_stats(attempts, lambda a: a.topic),
                    key=lambda g: (topic_rank.get(g.name, len(topic_rank)), g.name))
    areas = sorted(group_stats(attempts, lambda a: a.area),
                   key=lambda g: (area_rank.get(g.name, len(area_rank)), g.name))
    area_of = {attempt.topic: attempt.area for attempt in attempts}
    cards = leitner_cards(attempts)
    due = due_cards(cards, now)
    upcoming = sorted((card for card in cards.values() if card.due_at > now),
                      key=lambda card: (card.due_at, card.template))
    right = sum(int(attempt.correct) for attempt in attempts)
    return {
        "attempts": len(attempts),
        "right": right,
        "accuracy": round(right / len(attempts), 4) if attempts else None,
        "last_attempt": _iso(max(a.answered_at for a in attempts)) if attempts else None,
        "topics": [dict(_group_json(g), area=area_of[g.name]) for g in topics],
        "areas": [_group_json(g) for g in areas],
        "due": [_card_json(card) for card in due],
        "upcoming": [_card_json(card) for card in upcoming],
    }


def _group_json(group: GroupStats) -> dict[str, Any]:
    return {
        "name": group.name,
        "attempts": group.attempts,
        "right": group.right,
        "accuracy": round(group.accuracy, 4),
        "last_attempt": _iso(group.last_attempt),
    }


def _card_json(card: Card) -> dict[str, Any]:
    return {
        "template": card.template,
        "topic": card.topic,
        "box": card.box,
        "last_seen": _iso(card.last_seen),
        "due_at": _iso(card.due_at),
    }


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
