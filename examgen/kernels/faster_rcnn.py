"""Faster R-CNN box arithmetic: IoU, classification and regression targets, the loss.

A box is (x, y, w, h) with (x, y) its top-left corner. The intersection clamps each
axis's overlap at 0, so that two disjoint boxes never get a positive intersection.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

Box = Sequence[sympy.Expr]


def overlap(
    start_a: sympy.Expr, size_a: sympy.Expr, start_b: sympy.Expr, size_b: sympy.Expr
) -> sympy.Expr:
    """Return the unclamped overlap of two intervals along one axis (negative if apart)."""
    return sympy.Min(start_a + size_a, start_b + size_b) - sympy.Max(start_a, start_b)


def intersection(box_a: Box, box_b: Box) -> sympy.Expr:
    """Return the area shared by two boxes, each axis's overlap clamped at 0."""
    width = sympy.Max(0, overlap(box_a[0], box_a[2], box_b[0], box_b[2]))
    height = sympy.Max(0, overlap(box_a[1], box_a[3], box_b[1], box_b[3]))
    return width * height


def unclamped_intersection(box_a: Box, box_b: Box) -> sympy.Expr:
    """Return the product of the two axes' overlaps without the clamp at 0."""
    return overlap(box_a[0], box_a[2], box_b[0], box_b[2]) * overlap(
        box_a[1], box_a[3], box_b[1], box_b[3]
    )


def union(box_a: Box, box_b: Box, shared: sympy.Expr) -> sympy.Expr:
    """Return the area covered by either box, given their intersection `shared`."""
    return box_a[2] * box_a[3] + box_b[2] * box_b[3] - shared


def iou(box_a: Box, box_b: Box) -> sympy.Expr:
    """Return the intersection over union of two boxes."""
    shared = intersection(box_a, box_b)
    return shared / union(box_a, box_b, shared)


def classification_target(value: sympy.Expr, threshold: sympy.Expr) -> int:
    """Return y_c: 1 when the IoU is strictly above the threshold, else 0."""
    return 1 if value > threshold else 0


def regression_target(box: Box, anchor: Box) -> list[sympy.Expr]:
    """Return [(x - x_a)/w_a, (y - y_a)/h_a, ln(w/w_a), ln(h/h_a)] of `box` on `anchor`."""
    return [
        (box[0] - anchor[0]) / anchor[2],
        (box[1] - anchor[1]) / anchor[3],
        sympy.log(box[2] / anchor[2]),
        sympy.log(box[3] / anchor[3]),
    ]


def apply_regression(anchor: Box, target: Sequence[sympy.Expr]) -> list[sympy.Expr]:
    """Return the box that `target` encodes on `anchor` (the inverse of the target)."""
    return [
        anchor[0] + target[0] * anchor[2],
        anchor[1] + target[1] * anchor[3],
        anchor[2] * sympy.exp(target[2]),
        anchor[3] * sympy.exp(target[3]),
    ]


def likelihood_product(
    labels: Sequence[int], probabilities: Sequence[sympy.Expr]
) -> sympy.Expr:
    """Return the product over boxes of the probability given to each box's true label."""
    return sympy.Mul(*[p if y == 1 else 1 - p for y, p in zip(labels, probabilities)])


def classification_loss(
    labels: Sequence[int], probabilities: Sequence[sympy.Expr]
) -> sympy.Expr:
    """Return the averaged BCE, -(1/n) sum [y ln p + (1 - y) ln(1 - p)], as one log."""
    # The sum of logs is the log of a product: one short exact form instead of n terms.
    product = likelihood_product(labels, probabilities)
    return sympy.log(1 / product) / len(labels)


def squared_error(
    target: Sequence[sympy.Expr], predicted: Sequence[sympy.Expr]
) -> sympy.Expr:
    """Return ||target - predicted||^2."""
    return sympy.Add(*[(t - q) ** 2 for t, q in zip(target, predicted)])


def regression_loss(labels: Sequence[int], errors: Sequence[sympy.Expr]) -> sympy.Expr:
    """Return (1/2) sum_i y_c,i e_i / sum_i y_c,i for squared errors e_i."""
    positives = sum(labels)
    if positives == 0:
        raise ZeroDivisionError(
            "no positive box: the regression loss divides by their count"
        )
    return (
        sympy.Rational(1, 2)
        * sympy.Add(*[y * e for y, e in zip(labels, errors)])
        / positives
    )
