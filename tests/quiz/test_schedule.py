"""Leitner scheduling and stats as pure functions of attempts and the time."""

from __future__ import annotations

from datetime import timedelta

from quiz_factories import START, problem_attempts

from examgen.quiz.schedule import (
    Candidate,
    due_cards,
    leitner_cards,
    problem_outcomes,
    review_plan,
)
from examgen.quiz.stats import stats_report

DAY = timedelta(days=1)


def test_wrong_part_sends_to_box_one() -> None:
    cards = leitner_cards(problem_attempts("t-a", ["right", "wrong"], START))
    assert cards["t-a"].box == 1
    assert cards["t-a"].due_at == cards["t-a"].last_seen


def test_first_right_goes_to_box_two() -> None:
    cards = leitner_cards(problem_attempts("t-a", ["right", "right"], START))
    assert cards["t-a"].box == 2
    assert cards["t-a"].due_at == cards["t-a"].last_seen + DAY


def test_right_answers_climb_to_top_box() -> None:
    attempts = []
    for index in range(7):
        attempts += problem_attempts("t-a", ["right"], START + index * 20 * DAY,
                                     index=index)
    assert leitner_cards(attempts)["t-a"].box == 5


def test_wrong_after_climb_resets() -> None:
    attempts = (problem_attempts("t-a", ["right"], START, index=0)
                + problem_attempts("t-a", ["right"], START + 2 * DAY, index=1)
                + problem_attempts("t-a", ["skipped"], START + 9 * DAY, index=2))
    assert leitner_cards(attempts)["t-a"].box == 1


def test_unfinished_right_problem_ignored() -> None:
    attempts = problem_attempts("t-a", ["right"], START, part_count=3)
    assert problem_outcomes(attempts) == []


def test_due_only_after_interval() -> None:
    cards = leitner_cards(problem_attempts("t-a", ["right"], START))
    assert due_cards(cards, START + DAY / 2) == []
    assert [c.template for c in due_cards(cards, START + 2 * DAY)] == ["t-a"]


def test_review_asks_wrong_before_right() -> None:
    attempts = (problem_attempts("t-right", ["right"], START, index=0)
                + problem_attempts("t-wrong", ["wrong"], START + DAY / 24, index=1))
    candidates = [Candidate("t-right", "z-transform"), Candidate("t-wrong", "z-transform")]
    plan = review_plan(attempts, candidates, START + DAY / 12, 2)
    assert plan == ["t-wrong", "t-right"]


def test_review_lowest_box_first() -> None:
    attempts = (problem_attempts("t-b2", ["right"], START, index=0)
                + problem_attempts("t-b1", ["wrong"], START, session="s2"))
    candidates = [Candidate("t-b2", "lpc"), Candidate("t-b1", "lpc")]
    plan = review_plan(attempts, candidates, START + 5 * DAY, 2)
    assert plan == ["t-b1", "t-b2"]


def test_nothing_due_weakest_topic_first() -> None:
    attempts = (problem_attempts("t-strong", ["right", "right"], START + DAY, topic="hmm")
                + problem_attempts("t-weak", ["right", "wrong"], START, session="s2",
                                   topic="pca")
                + problem_attempts("t-weak", ["right", "right"], START + DAY,
                                   session="s3", topic="pca"))
    candidates = [Candidate("t-strong", "hmm"), Candidate("t-weak", "pca"),
                  Candidate("t-new", "cnn")]
    plan = review_plan(attempts, candidates, START + DAY + DAY / 24, 3)
    # pca: 3 of 4 right scores 4/6, untried cnn 1/2, hmm 2 of 2 scores 3/4.
    assert plan == ["t-new", "t-weak", "t-strong"]


def test_review_plan_cycles_when_short() -> None:
    plan = review_plan([], [Candidate("t-a", "pca")], START, 3)
    assert plan == ["t-a", "t-a", "t-a"]


def test_review_plan_only_candidates() -> None:
    attempts = problem_attempts("t-gone", ["wrong"], START)
    plan = review_plan(attempts, [Candidate("t-a", "pca")], START + DAY, 1)
    assert plan == ["t-a"]


def test_stats_report_groups() -> None:
    attempts = (problem_attempts("t-a", ["right", "wrong"], START)
                + problem_attempts("t-h", ["right"], START + DAY, session="s2",
                                   topic="hmm", area="probability"))
    report = stats_report(attempts, START + 1.5 * DAY, ["z-transform", "hmm"],
                          ["signal", "probability"])
    assert report["attempts"] == 3
    assert report["right"] == 2
    assert [t["name"] for t in report["topics"]] == ["z-transform", "hmm"]
    assert report["topics"][0]["accuracy"] == 0.5
    assert report["topics"][0]["area"] == "signal"
    assert [a["name"] for a in report["areas"]] == ["signal", "probability"]
    assert [c["template"] for c in report["due"]] == ["t-a"]
    assert [c["template"] for c in report["upcoming"]] == ["t-h"]
