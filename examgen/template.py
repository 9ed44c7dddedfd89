"""The base class of every problem template."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from examgen.figures import Figure
from examgen.model import Answer, Mistake


@dataclass(frozen=True)
class PartSpec:
    """A part that a template asks: its name (used in the text file) and weight.

    Problem points are split over the parts in proportion to their weights.
    """

    name: str
    weight: int = 1


@dataclass(frozen=True)
class Solution:
    """What `Template.solve` returns: one answer per part and the worked values."""

    answers: dict[str, Answer]
    work: dict[str, Any] = field(default_factory=dict)
    mistakes: Mapping[str, tuple[Mistake, ...]] = field(default_factory=dict)


class Template(ABC):
    """A problem template: it draws parameters and solves them.

    Subclasses set the class attributes and implement `draw` and `solve`. `draw` gets
    its randomness only from the generator passed in and returns JSON types only, so
    the parameters can be stored and a key rebuilt from them. Either method raises
    `DegenerateDrawError` for a draw that must be replaced. The problem text lives in
    ``templates/problems/<id>.j2``.
    """

    id: ClassVar[str]
    topic: ClassVar[str]
    version: ClassVar[int] = 1
    title: ClassVar[str]
    description: ClassVar[str]
    kind: ClassVar[str]
    minutes: ClassVar[int]
    difficulty: ClassVar[int]
    parts: ClassVar[tuple[PartSpec, ...]]

    @abstractmethod
    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        """Draw the parameters of one problem."""

    @abstractmethod
    def solve(self, params: dict[str, Any]) -> Solution:
        """Solve the problem given by `params` with the reference kernel."""

    def figure(self, params: dict[str, Any], work: dict[str, Any]) -> Figure | None:
        """Return the figure the problem shows (boxes, a flow graph), or None."""
        return None

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        """Return the template's own consistency failures (empty when all hold)."""
        return []
