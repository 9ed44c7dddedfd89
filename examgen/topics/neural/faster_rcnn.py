"""Faster R-CNN templates: IoU and training targets, the minibatch loss."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer, exact_value, rational, rationals
from examgen.figures import Box, BoxesFigure, Figure
from examgen.kernels import faster_rcnn as kernel
from examgen.model import Answer, Mistake
from examgen.registry import register
from examgen.rules import distinct_mistakes
from examgen.template import PartSpec, Solution, Template

# Anchor sides and box/anchor size ratios whose logarithms are 0 or +-ln 2.
ANCHOR_SIDES = (2, 4, 6, 8)
SIZE_RATIOS = ("1/2", "1", "2")
NEAR_RATIO_WEIGHTS = (0.125, 0.75, 0.125)
MAX_SIDE = 8
THRESHOLDS = (0.5, 0.6, 0.7)
PROBABILITIES = ("1/4", "1/3", "1/2", "2/3", "3/4")
# Regression targets and the prediction's errors, on a 0.1 grid.
TARGET_TENTHS = tuple(range(-5, 6))
ERROR_TENTHS = (-2, -1, 0, 1, 2)


def boxes_figure(boxes: list[tuple[list[int], str, bool]]) -> BoxesFigure:
    """Return a figure of (box, label, dashed) triples on a grid that holds them all."""
    width = max(box[0] + box[2] for box, _, _ in boxes) + 1
    height = max(box[1] + box[3] for box, _, _ in boxes) + 1
    return BoxesFigure(
        width=width,
        height=height,
        boxes=tuple(Box(box[0], box[1], box[2], box[3], label, dashed)
                    for box, label, dashed in boxes),
    )


@register
class IouTargets(Template):
    id = "faster-rcnn-iou"
    topic = "faster-rcnn"
    title = "IoU and training targets of an anchor"
    description = (
        "IoU of an anchor and a ground-truth box, y_c at a threshold, regression target"
    )
    kind = "computation"
    minutes = 12
    difficulty = 1
    parts = (PartSpec("iou", 2), PartSpec("label", 1), PartSpec("target", 2))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        anchor = [
            int(rng.integers(0, 5)),
            int(rng.integers(0, 5)),
            int(rng.choice(ANCHOR_SIDES)),
            int(rng.choice(ANCHOR_SIDES)),
        ]
        # Half the draws put a box of nearly the anchor's size close by, so some anchors
        # are positive. The other half range widely and sometimes miss the anchor.
        near = bool(rng.random() < 0.5)
        weights = NEAR_RATIO_WEIGHTS if near else None
        ratios = [Fraction(str(rng.choice(SIZE_RATIOS, p=weights))) for _ in range(2)]
        width, height = (int(side * ratio) for side, ratio in zip(anchor[2:], ratios))
        if (
            max(width, height) > MAX_SIDE
            or Fraction(width) != anchor[2] * ratios[0]
            or Fraction(height) != anchor[3] * ratios[1]
        ):
            raise DegenerateDrawError("box side too long or not an integer")
        if near:
            x, y = (anchor[i] + int(rng.integers(-1, 2)) for i in (0, 1))
        else:
            x = anchor[0] + int(rng.integers(-width - 1, anchor[2] + 2))
            y = anchor[1] + int(rng.integers(-height - 1, anchor[3] + 2))
        box = [x, y, width, height]
        if box == anchor:
            raise DegenerateDrawError("the box is the anchor")
        # Move both boxes into the image (coordinates >= 0). A shift of both changes
        # neither the IoU nor the targets.
        shift = [max(0, -x), max(0, -y)]
        for corner in (anchor, box):
            corner[0] += shift[0]
            corner[1] += shift[1]
        return {
            "anchor": anchor,
            "box": box,
            "threshold": float(rng.choice(THRESHOLDS)),
        }

    def figure(self, params: dict[str, Any], work: dict[str, Any]) -> Figure:
        return boxes_figure([(params["anchor"], "a", True), (params["box"], "R", False)])

    def solve(self, params: dict[str, Any]) -> Solution:
        anchor, box = rationals(params["anchor"]), rationals(params["box"])
        threshold = rational(params["threshold"])
        overlaps = [
            kernel.overlap(box[i], box[i + 2], anchor[i], anchor[i + 2]) for i in (0, 1)
        ]
        if 0 in overlaps:
            raise DegenerateDrawError("the boxes touch along an edge")
        shared = kernel.intersection(box, anchor)
        covered = kernel.union(box, anchor, shared)
        value = shared / covered
        if value == threshold:
            raise DegenerateDrawError("the IoU equals the threshold")
        label = kernel.classification_target(value, threshold)
        target = kernel.regression_target(box, anchor)

        answers = {
            "iou": exact_answer(value),
            "label": exact_answer(sympy.Integer(label)),
            "target": exact_answer(target),
        }
        mistakes = {
            "iou": self._iou_mistakes(answers["iou"], box, anchor, shared),
            "target": self._target_mistakes(answers["target"], box, anchor, target),
        }
        if not mistakes["iou"] or not mistakes["target"]:
            raise DegenerateDrawError("every common mistake equals the correct answer")
        work = {
            "anchor": anchor,
            "box": box,
            "threshold": threshold,
            "starts": [sympy.Max(box[i], anchor[i]) for i in (0, 1)],
            "ends": [
                sympy.Min(box[i] + box[i + 2], anchor[i] + anchor[i + 2])
                for i in (0, 1)
            ],
            "overlaps": overlaps,
            "clamped": [sympy.Max(0, o) for o in overlaps],
            "ratios": [box[2] / anchor[2], box[3] / anchor[3]],
            "area_box": box[2] * box[3],
            "area_anchor": anchor[2] * anchor[3],
            "intersection": shared,
            "union": covered,
            "iou": value,
            "label": label,
            "target": target,
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)

    @staticmethod
    def _iou_mistakes(
        answer: Answer,
        box: list[sympy.Rational],
        anchor: list[sympy.Rational],
        shared: sympy.Expr,
    ) -> tuple[Mistake, ...]:
        unclamped = kernel.unclamped_intersection(box, anchor)
        areas = box[2] * box[3] + anchor[2] * anchor[3]
        return distinct_mistakes(
            answer,
            [
                Mistake(
                    "no clamp",
                    "Each axis's overlap must be clamped at 0: boxes apart along "
                    "an axis share no area.",
                    exact_value(unclamped / (areas - unclamped)),
                ),
                Mistake(
                    "union without -I",
                    "The union counts the shared area once: "
                    "subtract I from the sum of the areas.",
                    exact_value(shared / areas),
                ),
            ],
        )

    @staticmethod
    def _target_mistakes(
        answer: Answer,
        box: list[sympy.Rational],
        anchor: list[sympy.Rational],
        target: list[sympy.Expr],
    ) -> tuple[Mistake, ...]:
        by_box = [
            (box[0] - anchor[0]) / box[2],
            (box[1] - anchor[1]) / box[3],
        ] + target[2:]
        return distinct_mistakes(
            answer,
            [
                Mistake(
                    "anchor relative to box",
                    "The target moves the anchor onto the box: "
                    "x_R - x_a, and w_R over w_a.",
                    exact_value([-t for t in target]),
                ),
                Mistake(
                    "ln ratio inverted",
                    "The size terms are ln(w_R/w_a) and ln(h_R/h_a).",
                    exact_value(target[:2] + [-t for t in target[2:]]),
                ),
                Mistake(
                    "offset over the box size",
                    "The offsets are divided by the anchor's "
                    "width and height, not the box's.",
                    exact_value(by_box),
                ),
            ],
        )

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        value = solution.answers["iou"].value
        assert isinstance(value, float | int)
        return [] if 0 <= value <= 1 else [f"IoU {value} outside [0, 1]"]


@register
class MinibatchLoss(Template):
    id = "faster-rcnn-loss"
    topic = "faster-rcnn"
    title = "Faster R-CNN loss over a minibatch"
    description = "Averaged BCE, masked regression loss and their sum over 2-3 anchors"
    kind = "computation"
    minutes = 12
    difficulty = 2
    parts = (
        PartSpec("classification", 1),
        PartSpec("regression", 1),
        PartSpec("total", 1),
    )

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        count = int(rng.integers(2, 4))
        labels = [int(y) for y in rng.integers(0, 2, size=count)]
        if sum(labels) == 0:
            raise DegenerateDrawError("no positive box")
        probabilities = [str(p) for p in rng.choice(PROBABILITIES, size=count)]
        targets, predictions = [], []
        for label in labels:
            target = (
                [int(t) for t in rng.choice(TARGET_TENTHS, size=4)] if label else []
            )
            error = [int(e) for e in rng.choice(ERROR_TENTHS, size=4)] if label else []
            targets.append([t / 10 for t in target])
            predictions.append([(t + e) / 10 for t, e in zip(target, error)])
        return {
            "labels": labels,
            "probabilities": probabilities,
            "targets": targets,
            "predictions": predictions,
        }

    def solve(self, params: dict[str, Any]) -> Solution:
        labels = params["labels"]
        probabilities = [rational(p) for p in params["probabilities"]]
        errors = [
            kernel.squared_error(
                [rational(t) for t in target], [rational(q) for q in predicted]
            )
            for target, predicted in zip(params["targets"], params["predictions"])
        ]
        classification = kernel.classification_loss(labels, probabilities)
        regression = kernel.regression_loss(labels, errors)
        if regression == 0:
            raise DegenerateDrawError("the regression loss is 0")
        total = classification + regression

        answers = {
            "classification": exact_answer(classification),
            "regression": exact_answer(regression),
            "total": exact_answer(total),
        }
        mistakes = self._mistakes(
            answers, labels, probabilities, errors, classification, regression
        )
        work = {
            "n": len(labels),
            "labels": labels,
            "probabilities": probabilities,
            "true_class": [p if y else 1 - p for y, p in zip(labels, probabilities)],
            "product": kernel.likelihood_product(labels, probabilities),
            "errors": errors,
            "positives": sum(labels),
            "error_sum": sympy.Add(*[y * e for y, e in zip(labels, errors)]),
            "classification": classification,
            "regression": regression,
            "total": total,
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)

    @staticmethod
    def _mistakes(
        answers: dict[str, Answer],
        labels: list[int],
        probabilities: list[sympy.Rational],
        errors: list[sympy.Expr],
        classification: sympy.Expr,
        regression: sympy.Expr,
    ) -> dict[str, tuple[Mistake, ...]]:
        count = len(labels)
        over_all = regression * sum(labels) / count
        ones_only = -sympy.Add(*[sympy.log(p) for p in probabilities]) / count
        return {
            "classification": distinct_mistakes(
                answers["classification"],
                [
                    Mistake(
                        "BCE not averaged",
                        "The BCE is averaged over the n boxes: divide the sum by n.",
                        exact_value(classification * count),
                    ),
                    Mistake(
                        "ln p for every box",
                        "A negative box (y_c = 0) contributes -ln(1 - p), not -ln p.",
                        exact_value(ones_only),
                    ),
                ],
            ),
            "regression": distinct_mistakes(
                answers["regression"],
                [
                    Mistake(
                        "factor 1/2 dropped",
                        "The regression loss has a factor 1/2.",
                        exact_value(2 * regression),
                    ),
                    Mistake(
                        "divided by n",
                        "Divide by the number of positive boxes, "
                        "not by the number of boxes.",
                        exact_value(over_all),
                    ),
                ],
            ),
            "total": distinct_mistakes(
                answers["total"],
                [
                    Mistake(
                        "BCE not averaged",
                        "The BCE is averaged over the n boxes.",
                        exact_value(classification * count + regression),
                    ),
                ],
            ),
        }

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        parts = [
            solution.answers[name].value for name in ("classification", "regression")
        ]
        total = solution.answers["total"].value
        assert isinstance(total, float | int)
        gap = abs(float(sum(parts)) - total)  # type: ignore[arg-type]
        return [] if gap < 1e-9 else [f"L_c + L_r differs from L by {gap}"]
