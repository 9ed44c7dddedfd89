"""Faster R-CNN templates on anchors: decoding a predicted box, labelling anchors."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer, exact_value, rational, rationals
from examgen.figures import Figure
from examgen.kernels import faster_rcnn as kernel
from examgen.model import Answer, Mistake
from examgen.registry import register
from examgen.rules import distinct_mistakes
from examgen.template import PartSpec, Solution, Template
from examgen.topics.neural.faster_rcnn import (
    ANCHOR_SIDES,
    NEAR_RATIO_WEIGHTS,
    SIZE_RATIOS,
    THRESHOLDS,
    boxes_figure,
)

# Size exponents k of a predicted target ln(w/w_a) = k ln 2.
SIZE_EXPONENTS = (-1, 0, 1)
MAX_DECODED_SIDE = 12
ANCHOR_COUNT = 3
TRUTH_SIDES = (2, 4, 6, 8)
MAX_ANCHOR_SIDE = 12
# The share of anchors drawn within one pixel of the ground-truth box.
CLOSE_ANCHOR_SHARE = 0.4


def shift_into_image(boxes: list[list[int]]) -> None:
    """Move all boxes together so that every coordinate is >= 0 (IoUs and targets keep)."""
    shift = [max(0, -min(box[i] for box in boxes)) for i in (0, 1)]
    for box in boxes:
        box[0] += shift[0]
        box[1] += shift[1]


def iou_work(box: list[sympy.Rational], other: list[sympy.Rational]) -> dict[str, Any]:
    """Return the overlaps, I, U and IoU of two boxes, as the solution text shows them."""
    overlaps = [
        kernel.overlap(box[i], box[i + 2], other[i], other[i + 2]) for i in (0, 1)
    ]
    if 0 in overlaps:
        raise DegenerateDrawError("two boxes touch along an edge")
    shared = kernel.intersection(box, other)
    covered = kernel.union(box, other, shared)
    return {
        "overlaps": overlaps,
        "clamped": [sympy.Max(0, o) for o in overlaps],
        "areas": [box[2] * box[3], other[2] * other[3]],
        "intersection": shared,
        "union": covered,
        "iou": shared / covered,
    }


@register
class AnchorInverse(Template):
    id = "faster-rcnn-anchor-inverse"
    topic = "faster-rcnn"
    title = "Decoding a predicted box from an anchor"
    description = (
        "Invert the regression target on an anchor, then the IoU with the ground truth"
    )
    kind = "computation"
    minutes = 10
    difficulty = 2
    parts = (PartSpec("box", 2), PartSpec("iou", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        anchor = [
            int(rng.integers(0, 7)),
            int(rng.integers(0, 7)),
            int(rng.choice(ANCHOR_SIDES)),
            int(rng.choice(ANCHOR_SIDES)),
        ]
        exponents = [int(k) for k in rng.choice(SIZE_EXPONENTS, size=2)]
        offsets = [
            int(rng.integers(-(side // 2), side // 2 + 1)) for side in anchor[2:]
        ]
        sides = [
            Fraction(side) * Fraction(2) ** k for side, k in zip(anchor[2:], exponents)
        ]
        if any(s.denominator != 1 or s > MAX_DECODED_SIDE for s in sides):
            raise DegenerateDrawError("decoded side not an integer or too long")
        decoded = [
            anchor[0] + offsets[0],
            anchor[1] + offsets[1],
            int(sides[0]),
            int(sides[1]),
        ]
        truth = [
            decoded[0] + int(rng.integers(-2, 3)),
            decoded[1] + int(rng.integers(-2, 3)),
            max(1, decoded[2] + int(rng.integers(-1, 3))),
            max(1, decoded[3] + int(rng.integers(-1, 3))),
        ]
        shift_into_image([anchor, truth, decoded])
        return {
            "anchor": anchor,
            "offsets": [str(Fraction(d, s)) for d, s in zip(offsets, anchor[2:])],
            "exponents": exponents,
            "truth": truth,
        }

    def figure(self, params: dict[str, Any], work: dict[str, Any]) -> Figure:
        # The decoded box is the answer, so only the anchor and G are drawn.
        return boxes_figure([(params["anchor"], "a", True), (params["truth"], "G", False)])

    def solve(self, params: dict[str, Any]) -> Solution:
        anchor, truth = rationals(params["anchor"]), rationals(params["truth"])
        target = [rational(t) for t in params["offsets"]] + [
            k * sympy.log(2) for k in params["exponents"]
        ]
        # e^(k ln 2) evaluates to 2^k, so the decoded box has rational coordinates.
        decoded = kernel.apply_regression(anchor, target)
        if decoded == truth:
            raise DegenerateDrawError("the prediction is exactly the ground truth")
        overlap = iou_work(decoded, truth)

        answers = {"box": exact_answer(decoded), "iou": exact_answer(overlap["iou"])}
        mistakes = self._mistakes(answers, anchor, target, truth, overlap)
        work = {
            "anchor": anchor,
            "truth": truth,
            "target": target,
            "decoded": decoded,
            "factors": [2 ** sympy.Integer(k) for k in params["exponents"]],
            **overlap,
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)

    @staticmethod
    def _mistakes(
        answers: dict[str, Answer],
        anchor: list[sympy.Rational],
        target: list[sympy.Expr],
        truth: list[sympy.Rational],
        overlap: dict[str, Any],
    ) -> dict[str, tuple[Mistake, ...]]:
        decoded = kernel.apply_regression(anchor, target)
        unscaled = [anchor[0] + target[0], anchor[1] + target[1]] + decoded[2:]
        product = decoded[:2] + [anchor[2] * target[2], anchor[3] * target[3]]
        flipped = decoded[:2] + [
            anchor[2] * sympy.exp(-target[2]),
            anchor[3] * sympy.exp(-target[3]),
        ]
        return {
            "box": distinct_mistakes(
                answers["box"],
                [
                    Mistake(
                        "offset not scaled",
                        "x = x_a + t_x w_a: the offsets are in "
                        "units of the anchor's size.",
                        exact_value(unscaled),
                    ),
                    Mistake(
                        "size times the target",
                        "w = w_a e^{t_w}: the size targets are logarithms.",
                        exact_value(product),
                    ),
                    Mistake(
                        "exponent sign flipped",
                        "w = w_a e^{t_w}, not w_a e^{-t_w}.",
                        exact_value(flipped),
                    ),
                ],
            ),
            "iou": distinct_mistakes(
                answers["iou"],
                [
                    Mistake(
                        "union without -I",
                        "The union counts the shared area once.",
                        exact_value(overlap["intersection"] / sum(overlap["areas"])),
                    ),
                ],
            ),
        }


@register
class AnchorLabels(Template):
    id = "faster-rcnn-anchor-labels"
    topic = "faster-rcnn"
    title = "Labelling anchors by IoU"
    description = "IoU of three anchors with a ground-truth box, y_c at a threshold, best anchor's target"
    kind = "analysis"
    minutes = 15
    difficulty = 2
    parts = (PartSpec("ious", 2), PartSpec("labels", 1), PartSpec("target", 2))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        truth = [
            int(rng.integers(0, 5)),
            int(rng.integers(0, 5)),
            int(rng.choice(TRUTH_SIDES)),
            int(rng.choice(TRUTH_SIDES)),
        ]
        anchors = [self._draw_anchor(rng, truth) for _ in range(ANCHOR_COUNT)]
        shift_into_image([truth] + anchors)
        return {
            "truth": truth,
            "anchors": anchors,
            "threshold": float(rng.choice(THRESHOLDS)),
        }

    @staticmethod
    def _draw_anchor(rng: np.random.Generator, truth: list[int]) -> list[int]:
        ratios = [
            Fraction(str(rng.choice(SIZE_RATIOS, p=NEAR_RATIO_WEIGHTS)))
            for _ in range(2)
        ]
        sides = [side / ratio for side, ratio in zip(truth[2:], ratios)]
        if any(s.denominator != 1 or s > MAX_ANCHOR_SIDE for s in sides):
            raise DegenerateDrawError("anchor side not an integer or too long")
        width, height = int(sides[0]), int(sides[1])
        # Close anchors can pass the threshold; far ones may miss the box altogether.
        if rng.random() < CLOSE_ANCHOR_SHARE:
            x, y = (truth[i] + int(rng.integers(-1, 2)) for i in (0, 1))
        else:
            x = truth[0] + int(rng.integers(-width - 1, truth[2] + 2))
            y = truth[1] + int(rng.integers(-height - 1, truth[3] + 2))
        return [x, y, width, height]

    def figure(self, params: dict[str, Any], work: dict[str, Any]) -> Figure:
        anchors = [(anchor, f"a{i + 1}", True) for i, anchor in enumerate(params["anchors"])]
        return boxes_figure([(params["truth"], "R", False), *anchors])

    def solve(self, params: dict[str, Any]) -> Solution:
        truth = rationals(params["truth"])
        anchors = [rationals(a) for a in params["anchors"]]
        threshold = rational(params["threshold"])
        if any(anchor == truth for anchor in anchors):
            raise DegenerateDrawError("an anchor is the ground-truth box")
        overlaps = [iou_work(truth, anchor) for anchor in anchors]
        ious = [o["iou"] for o in overlaps]
        if threshold in ious or len(set(ious)) < len(ious):
            raise DegenerateDrawError("an IoU equals the threshold or two IoUs tie")
        labels = [kernel.classification_target(v, threshold) for v in ious]
        best = ious.index(max(ious))
        target = kernel.regression_target(truth, anchors[best])

        answers = {
            "ious": exact_answer(ious),
            "labels": exact_answer([sympy.Integer(y) for y in labels]),
            "target": exact_answer(target),
        }
        mistakes = self._mistakes(answers, truth, anchors, overlaps, threshold, target)
        if not mistakes["ious"]:
            raise DegenerateDrawError("every common mistake equals the correct answer")
        work = {
            "truth": truth,
            "anchors": anchors,
            "overlaps": overlaps,
            "ious": ious,
            "labels": labels,
            "best": best,
            "threshold": threshold,
            "target": target,
            "ratios": [truth[2] / anchors[best][2], truth[3] / anchors[best][3]],
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)

    @staticmethod
    def _mistakes(
        answers: dict[str, Answer],
        truth: list[sympy.Rational],
        anchors: list[list[sympy.Rational]],
        overlaps: list[dict[str, Any]],
        threshold: sympy.Rational,
        target: list[sympy.Expr],
    ) -> dict[str, tuple[Mistake, ...]]:
        no_minus = [o["intersection"] / sum(o["areas"]) for o in overlaps]
        unclamped = []
        for anchor in anchors:
            product = kernel.unclamped_intersection(truth, anchor)
            unclamped.append(
                product / (truth[2] * truth[3] + anchor[2] * anchor[3] - product)
            )
        return {
            "ious": distinct_mistakes(
                answers["ious"],
                [
                    Mistake(
                        "union without -I",
                        "The union counts the shared area once: "
                        "subtract I from the sum of the areas.",
                        exact_value(no_minus),
                    ),
                    Mistake(
                        "no clamp",
                        "An anchor apart from the box along an axis shares "
                        "no area: clamp each overlap at 0.",
                        exact_value(unclamped),
                    ),
                ],
            ),
            "labels": distinct_mistakes(
                answers["labels"],
                [
                    Mistake(
                        "labels from the union without -I",
                        "The IoU divides by the "
                        "union, which counts the shared area once.",
                        exact_value([1 if v > threshold else 0 for v in no_minus]),
                    ),
                ],
            ),
            "target": distinct_mistakes(
                answers["target"],
                [
                    Mistake(
                        "anchor relative to box",
                        "The target moves the anchor onto the "
                        "ground-truth box: x_R - x_a, and w_R over w_a.",
                        exact_value([-t for t in target]),
                    ),
                ],
            ),
        }
