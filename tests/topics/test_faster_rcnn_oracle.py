"""Oracle tests for the Faster R-CNN templates: pixel counting and plain NumPy losses."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from scipy.special import xlogy

from examgen.problems import draw_and_solve
from examgen.registry import get_template

SEEDS = range(300)
IDS = (
    "faster-rcnn-iou",
    "faster-rcnn-loss",
    "faster-rcnn-anchor-inverse",
    "faster-rcnn-anchor-labels",
)


def _paint(box: list[int], size: int) -> np.ndarray:
    # Pixel (row r, column c) covers [c, c+1) x [r, r+1), so a w x h box covers w*h pixels.
    grid = np.zeros((size, size), dtype=bool)
    x, y, w, h = box
    grid[y : y + h, x : x + w] = True
    return grid


def _pixel_iou(box_a: list[int], box_b: list[int]) -> float:
    size = max(v[0] + v[2] for v in (box_a, box_b)) + max(
        v[1] + v[3] for v in (box_a, box_b)
    )
    a, b = _paint(box_a, size), _paint(box_b, size)
    return float(np.count_nonzero(a & b)) / float(np.count_nonzero(a | b))


@pytest.mark.parametrize("seed", SEEDS)
def test_iou_pixels(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("faster-rcnn-iou"), seed)
    anchor, box = params["anchor"], params["box"]
    assert min(anchor[:2] + box[:2]) >= 0

    expected = _pixel_iou(box, anchor)
    assert solution.answers["iou"].value == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert solution.answers["label"].value == int(expected > params["threshold"])
    assert abs(expected - params["threshold"]) > 1e-9


@pytest.mark.parametrize("seed", SEEDS)
def test_iou_target(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("faster-rcnn-iou"), seed)
    (xa, ya, wa, ha), (x, y, w, h) = params["anchor"], params["box"]
    expected = [(x - xa) / wa, (y - ya) / ha, math.log(w / wa), math.log(h / ha)]
    np.testing.assert_allclose(
        solution.answers["target"].value, expected, rtol=1e-9, atol=1e-12
    )


def test_iou_clamp() -> None:
    # Apart along both axes: the unclamped overlaps (-3) * (-4) would give an area of 12.
    template = get_template("faster-rcnn-iou")
    params: dict[str, Any] = {
        "anchor": [0, 0, 2, 2],
        "box": [5, 6, 2, 2],
        "threshold": 0.7,
    }
    solution = template.solve(params)
    assert _pixel_iou(params["box"], params["anchor"]) == 0.0
    assert solution.answers["iou"].value == 0
    names = {m.name: m.value for m in solution.mistakes["iou"]}
    assert names["no clamp"] == pytest.approx(12 / (4 + 4 - 12))


def test_iou_target_direction() -> None:
    # A box twice the anchor's width, half an anchor-width to the right: [1/2, 0, ln 2, 0].
    solution = get_template("faster-rcnn-iou").solve(
        {"anchor": [0, 0, 2, 4], "box": [1, 0, 4, 4], "threshold": 0.5}
    )
    np.testing.assert_allclose(
        solution.answers["target"].value, [0.5, 0, math.log(2), 0]
    )


def test_iou_draws_cover_cases() -> None:
    # The draws include disjoint boxes and positive anchors, not only partial overlaps.
    template = get_template("faster-rcnn-iou")
    answers = [draw_and_solve(template, seed)[1].answers for seed in SEEDS]
    assert any(a["iou"].value == 0 for a in answers)
    assert any(a["label"].value == 1 for a in answers)


def _vector(value: Any) -> list[float]:
    return [float(v) for v in value]


def _target(box: list[float], anchor: list[float]) -> list[float]:
    (x, y, w, h), (xa, ya, wa, ha) = box, anchor
    return [(x - xa) / wa, (y - ya) / ha, math.log(w / wa), math.log(h / ha)]


@pytest.mark.parametrize("seed", SEEDS)
def test_inverse_decode(seed: int) -> None:
    params, solution, _ = draw_and_solve(
        get_template("faster-rcnn-anchor-inverse"), seed
    )
    xa, ya, wa, ha = params["anchor"]
    tx, ty = (float(Fraction(t)) for t in params["offsets"])
    tw, th = (k * math.log(2) for k in params["exponents"])
    expected = [xa + tx * wa, ya + ty * ha, wa * math.exp(tw), ha * math.exp(th)]
    decoded = _vector(solution.answers["box"].value)

    np.testing.assert_allclose(decoded, expected, rtol=1e-9)
    # Encoding the decoded box again gives back the predicted vector.
    np.testing.assert_allclose(
        _target(decoded, params["anchor"]), [tx, ty, tw, th], atol=1e-9
    )
    assert all(v.is_integer() for v in decoded)


@pytest.mark.parametrize("seed", SEEDS)
def test_inverse_iou_pixels(seed: int) -> None:
    params, solution, _ = draw_and_solve(
        get_template("faster-rcnn-anchor-inverse"), seed
    )
    decoded = [round(v) for v in _vector(solution.answers["box"].value)]
    expected = _pixel_iou(decoded, params["truth"])
    assert solution.answers["iou"].value == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_labels_pixels(seed: int) -> None:
    params, solution, _ = draw_and_solve(
        get_template("faster-rcnn-anchor-labels"), seed
    )
    truth = params["truth"]
    ious = [_pixel_iou(truth, anchor) for anchor in params["anchors"]]
    best = params["anchors"][int(np.argmax(ious))]

    np.testing.assert_allclose(
        solution.answers["ious"].value, ious, rtol=1e-9, atol=1e-12
    )
    assert _vector(solution.answers["labels"].value) == [
        int(v > params["threshold"]) for v in ious
    ]
    np.testing.assert_allclose(
        solution.answers["target"].value, _target(truth, best), rtol=1e-9, atol=1e-12
    )


def test_labels_draws_cover_cases() -> None:
    # Some draws have a positive anchor and some an anchor apart from the box.
    template = get_template("faster-rcnn-anchor-labels")
    answers = [draw_and_solve(template, seed)[1].answers for seed in SEEDS]
    assert any(1 in _vector(a["labels"].value) for a in answers)
    assert any(0 in _vector(a["ious"].value) for a in answers)


def _loss_by_hand(params: dict[str, Any]) -> tuple[float, float]:
    labels = np.array(params["labels"], dtype=float)
    p = np.array([float(Fraction(q)) for q in params["probabilities"]])
    bce = -np.mean(xlogy(labels, p) + xlogy(1 - labels, 1 - p))
    total, positives = 0.0, 0
    for label, target, predicted in zip(
        params["labels"], params["targets"], params["predictions"]
    ):
        if label:
            total += float(np.sum((np.array(target) - np.array(predicted)) ** 2))
            positives += 1
    return float(bce), 0.5 * total / positives


@pytest.mark.parametrize("seed", SEEDS)
def test_loss_numpy(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("faster-rcnn-loss"), seed)
    bce, regression = _loss_by_hand(params)
    answers = solution.answers
    assert answers["classification"].value == pytest.approx(bce, rel=1e-9)
    assert answers["regression"].value == pytest.approx(regression, rel=1e-9)
    assert answers["total"].value == pytest.approx(bce + regression, rel=1e-9)


def test_loss_negative_term() -> None:
    # A negative anchor with p = 1/4 costs -ln(3/4), a positive one with p = 1/2 costs ln 2.
    params = {
        "labels": [0, 1],
        "probabilities": ["1/4", "1/2"],
        "targets": [[], [0.1, 0.0, 0.0, 0.0]],
        "predictions": [[], [0.0, 0.0, 0.0, 0.0]],
    }
    solution = get_template("faster-rcnn-loss").solve(params)
    assert solution.answers["classification"].value == pytest.approx(
        (math.log(4 / 3) + math.log(2)) / 2
    )
    assert solution.answers["regression"].value == pytest.approx(0.5 * 0.01 / 1)
