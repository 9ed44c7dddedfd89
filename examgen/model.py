"""Frozen value types shared by templates, assembly, rendering and the quiz."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

# A numeric answer: a scalar, a vector (tuple) or a matrix (tuple of row tuples).
# NOTE: answers are real; a template that asks for complex poles must give them as
# [real, imaginary] pairs, because exam.json stores plain numbers.
Number = Union[int, float]
Value = Union[Number, tuple[Number, ...], tuple[tuple[Number, ...], ...]]

AREAS: tuple[str, ...] = ("signal", "probability", "neural")

TOPICS: dict[str, tuple[str, ...]] = {
    "signal": ("z-transform", "lpc", "linear-algebra", "image-filtering", "optical-flow"),
    "probability": ("gaussian-bayes", "gmm-em", "pca", "hmm"),
    "neural": ("backprop", "cnn", "faster-rcnn", "flow-graph", "rnn", "lstm"),
}


def area_of_topic(topic: str) -> str:
    """Return the area that contains `topic`, or raise KeyError."""
    for area, topics in TOPICS.items():
        if topic in topics:
            return area
    raise KeyError(topic)


@dataclass(frozen=True)
class Answer:
    """The expected answer of one part.

    `value` is the numeric answer. `exact` is the same answer in SymPy syntax when a
    short exact form exists (``"3/7"``, ``"log(2)"``, ``"[[1, 2], [3, 4]]"``), and
    `latex` its LaTeX. A typed answer is right when every element is within
    ``max(rel_tol * |expected|, abs_tol)``, or equals the expected value rounded
    half up or half down to `digits` decimal places.
    """

    value: Value
    exact: str | None = None
    latex: str | None = None
    rel_tol: float = 0.005
    abs_tol: float = 0.001
    digits: int = 4
    # Eigenvectors: v and -v are both right.
    sign_free: bool = False
    # Sets such as the poles of a filter: any order of the elements is right.
    unordered: bool = False


@dataclass(frozen=True)
class Mistake:
    """A typical wrong computation and the value it leads to."""

    name: str
    explanation: str
    value: Value


@dataclass(frozen=True)
class Part:
    """One asked part of a problem, with its answer."""

    name: str
    points: int
    answer: Answer
    mistakes: tuple[Mistake, ...] = ()


@dataclass(frozen=True)
class Problem:
    """One drawn and solved problem, ready to render.

    `params` holds the plain drawn parameters (JSON types only) so that a key can be
    rebuilt from them. `work` holds the intermediate values that the worked solution
    shows, keyed by the names the problem's text file uses.
    """

    template: str
    version: int
    topic: str
    area: str
    seed: int
    points: int
    params: dict[str, Any]
    parts: tuple[Part, ...]
    work: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Exam:
    """A whole practice exam: problems in sheet order."""

    seed: int
    problems: tuple[Problem, ...]
    mix: tuple[tuple[str, int], ...]
    student: str | None = None

    @property
    def points(self) -> int:
        return sum(problem.points for problem in self.problems)
