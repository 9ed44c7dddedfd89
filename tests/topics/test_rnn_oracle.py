"""Oracle tests for the RNN templates: a NumPy forward pass and central differences."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from examgen.problems import draw_and_solve
from examgen.registry import get_template

SEEDS = range(300)
STEP = 1e-6


def _number(text: object) -> float:
    return float(Fraction(str(text)))


def _rnn_loss(x: np.ndarray, y: np.ndarray, w: float, relu: bool,
              nudges: np.ndarray | None = None) -> tuple[float, np.ndarray]:
    # h[n] = g(x[n] + w h[n-1]) + nudge[n]. A nudge added to h[n] after the activation
    # makes dL/dnudge[n] the total derivative dL/dh[n].
    h = np.zeros(len(x))
    previous = 0.0
    for n in range(len(x)):
        pre = x[n] + w * previous
        h[n] = max(pre, 0.0) if relu else pre
        if nudges is not None:
            h[n] += nudges[n]
        previous = h[n]
    return 0.5 * float(np.sum((h - y) ** 2)), h


def _case(seed: int) -> tuple[dict, object, np.ndarray, np.ndarray, float, bool]:
    params, solution, _ = draw_and_solve(get_template("rnn-bptt"), seed)
    x = np.array([_number(v) for v in params["x"]])
    y = np.array([_number(v) for v in params["y"]])
    return params, solution, x, y, _number(params["w"]), bool(params["relu"])


@pytest.mark.parametrize("seed", SEEDS)
def test_bptt_forward(seed: int) -> None:
    _, solution, x, y, w, relu = _case(seed)
    _, h = _rnn_loss(x, y, w, relu)
    np.testing.assert_allclose(solution.answers["forward"].value, h, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_bptt_state_gradients(seed: int) -> None:
    _, solution, x, y, w, relu = _case(seed)
    expected = np.zeros(len(x))
    for n in range(len(x)):
        nudge = np.zeros(len(x))
        nudge[n] = STEP
        up, _ = _rnn_loss(x, y, w, relu, nudge)
        down, _ = _rnn_loss(x, y, w, relu, -nudge)
        expected[n] = (up - down) / (2 * STEP)
    np.testing.assert_allclose(solution.answers["backward"].value, expected,
                               rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("seed", SEEDS)
def test_bptt_weight_gradient(seed: int) -> None:
    _, solution, x, y, w, relu = _case(seed)
    up, _ = _rnn_loss(x, y, w + STEP, relu)
    down, _ = _rnn_loss(x, y, w - STEP, relu)
    expected = (up - down) / (2 * STEP)
    assert solution.answers["weight"].value == pytest.approx(expected, rel=1e-6, abs=1e-6)


def test_bptt_draws_both_activations() -> None:
    activations = {draw_and_solve(get_template("rnn-bptt"), seed)[0]["relu"] for seed in SEEDS}
    assert activations == {False, True}


def test_bptt_relu_clips_somewhere() -> None:
    # A ReLU draw must clip at least once after step 1, or the slopes never matter.
    for seed in SEEDS:
        params, solution, x, y, w, relu = _case(seed)
        if not relu:
            continue
        xi = x[1:] + w * np.array(solution.answers["forward"].value[:-1])
        assert np.any(xi < 0), f"seed {seed}: ReLU never clips"
        assert np.all(xi != 0), f"seed {seed}: ReLU pre-activation at 0"


def test_bptt_starts_from_zero_state() -> None:
    # h[0] = 0 and the sum over delays starts at m = 1, so h[1] = g(x[1]) exactly.
    for seed in range(50):
        _, solution, x, _, _, relu = _case(seed)
        first = max(x[0], 0.0) if relu else x[0]
        assert solution.answers["forward"].value[0] == pytest.approx(first)


def _final_state(w: float, start: float, steps: int) -> float:
    # Linear RNN from a state h[N-m] = start with zero inputs: returns h[N].
    h = start
    for _ in range(steps):
        h = 0.0 + w * h
    return h


@pytest.mark.parametrize("seed", SEEDS)
def test_vanishing_factor_and_gradient(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("rnn-vanishing-exploding"), seed)
    w, m = _number(params["w"]), int(params["m"])
    step = 1e-3
    factor = (_final_state(w, step, m) - _final_state(w, -step, m)) / (2 * step)
    assert solution.answers["factor"].value == pytest.approx(factor, rel=1e-9)
    gradient = params["dh_last"] * factor
    assert solution.answers["gradient"].value == pytest.approx(gradient, rel=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_vanishing_threshold_steps(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("rnn-vanishing-exploding"), seed)
    size = abs(_number(params["w"]))
    powers = size ** np.arange(1, 40)
    beyond = powers < 0.01 if size < 1 else powers > 100
    assert solution.answers["steps"].value == int(np.argmax(beyond)) + 1
