"""Oracle tests for the back-propagation templates: float64 forward passes written here,
differentiated by central finite differences."""

from __future__ import annotations

from typing import Callable

import numpy as np
import pytest

from examgen.problems import draw_and_solve
from examgen.registry import get_template

SEEDS = range(250)
STEP = 1e-6


def _central_difference(loss: Callable[[np.ndarray], float], at: np.ndarray) -> np.ndarray:
    grad = np.zeros_like(at, dtype=float)
    for index in np.ndindex(at.shape):
        up, down = at.astype(float), at.astype(float)
        up[index] += STEP
        down[index] -= STEP
        grad[index] = (loss(up) - loss(down)) / (2 * STEP)
    return grad


def _net_output(params: dict, w1: np.ndarray, w2: np.ndarray) -> float:
    x = np.array(params["x"], dtype=float)
    pre = w1 @ x + np.array(params["b1"], dtype=float)
    hidden = np.where(pre > 0, pre, 0.0)
    out = float(w2 @ hidden + params["b2"][0])
    if params["output"] == "sigmoid":
        return 1.0 / (1.0 + np.exp(-out))
    return out


def _net_loss(params: dict, w1: np.ndarray, w2: np.ndarray) -> float:
    y_hat, y = _net_output(params, w1, w2), params["y"]
    if params["output"] == "sigmoid":
        return float(-(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat)))
    return 0.5 * (y_hat - y) ** 2


def _weights(params: dict) -> tuple[np.ndarray, np.ndarray]:
    return (np.array(params["w1"], dtype=float),
            np.array(params["w2"], dtype=float).reshape(-1))


@pytest.mark.parametrize("seed", SEEDS)
def test_two_layer_matches_finite_differences(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("backprop-two-layer"), seed)
    w1, w2 = _weights(params)

    assert solution.answers["forward"].value == pytest.approx(_net_output(params, w1, w2),
                                                              rel=1e-9, abs=1e-12)

    grad_w1 = _central_difference(lambda m: _net_loss(params, m, w2), w1)
    np.testing.assert_allclose(solution.answers["grad_w1"].value, grad_w1,
                               rtol=1e-6, atol=1e-7)

    grad_w2 = _central_difference(lambda v: _net_loss(params, w1, v), w2)
    np.testing.assert_allclose(solution.answers["step"].value,
                               w2 - params["eta"] * grad_w2, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("seed", SEEDS)
def test_two_layer_mistakes_differ(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("backprop-two-layer"), seed)
    assert solution.mistakes["step"]
    for part, mistakes in solution.mistakes.items():
        for mistake in mistakes:
            gap = np.abs(np.subtract(mistake.value, solution.answers[part].value))
            assert np.max(gap) > 1e-3, (part, mistake.name)


def test_two_layer_weight_index_order() -> None:
    # w_kj connects input j to output k: W1 x, not W1^T x, for an asymmetric W1.
    params = {"output": "linear", "x": [1, 2], "w1": [[2, 1], [-1, 0]], "b1": [0, 2],
              "w2": [[1, 1]], "b2": [0], "y": 3, "eta": 0.5}
    solution = get_template("backprop-two-layer").solve(params)
    w1, w2 = _weights(params)
    expected = _net_output(params, w1, w2)
    transposed = _net_output(params, w1.T, w2)
    assert expected != transposed
    assert solution.answers["forward"].value == pytest.approx(expected)


def _batch_cross_entropy(logits: np.ndarray, labels: list[int]) -> float:
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.mean([log_softmax[i, c] for i, c in enumerate(labels)]))


@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_ce_matches_finite_differences(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("backprop-softmax-ce"), seed)
    logits = np.log(np.array(params["exps"], dtype=float))
    hidden = np.array(params["h"], dtype=float)
    labels = params["labels"]

    assert solution.answers["loss"].value == pytest.approx(
        _batch_cross_entropy(logits, labels), rel=1e-9)

    grad_logits = _central_difference(lambda z: _batch_cross_entropy(z, labels), logits)
    expected_logits = grad_logits[0] if len(labels) == 1 else grad_logits
    np.testing.assert_allclose(solution.answers["grad_logits"].value, expected_logits,
                               rtol=1e-6, atol=1e-8)

    # Moving W by D moves each example's logits by D h_i, so dL/dW is dL/dD at D = 0.
    def loss_of_shift(shift: np.ndarray) -> float:
        return _batch_cross_entropy(logits + hidden @ shift.T, labels)

    grad_w = _central_difference(loss_of_shift, np.zeros((3, 2)))
    np.testing.assert_allclose(solution.answers["grad_w"].value, grad_w,
                               rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("seed", SEEDS)
def test_softmax_ce_mistakes_differ(seed: int) -> None:
    _, solution, _ = draw_and_solve(get_template("backprop-softmax-ce"), seed)
    assert solution.mistakes["grad_w"]
    for part, mistakes in solution.mistakes.items():
        for mistake in mistakes:
            gap = np.abs(np.subtract(mistake.value, solution.answers[part].value))
            assert np.max(gap) > 1e-3, (part, mistake.name)


@pytest.mark.parametrize("seed", SEEDS)
def test_vanishing_gradient_matches_finite_differences(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("backprop-vanishing-gradient"), seed)
    y = params["y"]
    xi = np.array([np.log(params["a"]) * (-1.0 if y == 1 else 1.0)])

    def y_hat(z: np.ndarray) -> float:
        return float(1.0 / (1.0 + np.exp(-z[0])))

    def mse(z: np.ndarray) -> float:
        return 0.5 * (y_hat(z) - y) ** 2

    def bce(z: np.ndarray) -> float:
        return float(-(y * np.log(y_hat(z)) + (1 - y) * np.log(1 - y_hat(z))))

    mse_grad = _central_difference(mse, xi)[0]
    bce_grad = _central_difference(bce, xi)[0]
    assert solution.answers["mse"].value == pytest.approx(mse_grad, rel=1e-6)
    assert solution.answers["bce"].value == pytest.approx(bce_grad, rel=1e-6)
    assert solution.answers["ratio"].value == pytest.approx(abs(bce_grad / mse_grad), rel=1e-6)
    assert solution.answers["ratio"].value > 1
