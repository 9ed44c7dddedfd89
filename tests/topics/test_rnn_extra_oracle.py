"""Oracle tests for rnn-two-delays: a NumPy forward pass and central differences."""

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


def _loss(x: np.ndarray, y: np.ndarray, w1: float, w2: float, relu: bool,
          nudges: np.ndarray | None = None) -> tuple[float, np.ndarray]:
    # h[n] = g(x[n] + w1 h[n-1] + w2 h[n-2]) + nudge[n], with h[0] = h[-1] = 0. A nudge
    # added after the activation makes dL/dnudge[n] the total derivative dL/dh[n].
    h = np.zeros(len(x))
    for n in range(len(x)):
        one_back = h[n - 1] if n >= 1 else 0.0
        two_back = h[n - 2] if n >= 2 else 0.0
        pre = x[n] + w1 * one_back + w2 * two_back
        h[n] = max(pre, 0.0) if relu else pre
        if nudges is not None:
            h[n] += nudges[n]
    return 0.5 * float(np.sum((h - y) ** 2)), h


def _case(seed: int) -> tuple[object, np.ndarray, np.ndarray, float, float, bool]:
    params, solution, _ = draw_and_solve(get_template("rnn-two-delays"), seed)
    x = np.array([_number(v) for v in params["x"]])
    y = np.array([_number(v) for v in params["y"]])
    w1, w2 = (_number(v) for v in params["w"])
    return solution, x, y, w1, w2, bool(params["relu"])


@pytest.mark.parametrize("seed", SEEDS)
def test_two_delays_forward(seed: int) -> None:
    solution, x, y, w1, w2, relu = _case(seed)
    _, h = _loss(x, y, w1, w2, relu)
    np.testing.assert_allclose(solution.answers["forward"].value, h, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_two_delays_state_gradients(seed: int) -> None:
    solution, x, y, w1, w2, relu = _case(seed)
    expected = np.zeros(len(x))
    for n in range(len(x)):
        nudge = np.zeros(len(x))
        nudge[n] = STEP
        up, _ = _loss(x, y, w1, w2, relu, nudge)
        down, _ = _loss(x, y, w1, w2, relu, -nudge)
        expected[n] = (up - down) / (2 * STEP)
    np.testing.assert_allclose(solution.answers["backward"].value, expected,
                               rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("seed", SEEDS)
def test_two_delays_weight_gradients(seed: int) -> None:
    solution, x, y, w1, w2, relu = _case(seed)
    d_w1 = (_loss(x, y, w1 + STEP, w2, relu)[0] - _loss(x, y, w1 - STEP, w2, relu)[0]) / (2 * STEP)
    d_w2 = (_loss(x, y, w1, w2 + STEP, relu)[0] - _loss(x, y, w1, w2 - STEP, relu)[0]) / (2 * STEP)
    np.testing.assert_allclose(solution.answers["weights"].value, [d_w1, d_w2],
                               rtol=1e-6, atol=1e-6)


def test_two_delays_draws_both_activations() -> None:
    activations = {draw_and_solve(get_template("rnn-two-delays"), seed)[0]["relu"]
                   for seed in SEEDS}
    assert activations == {False, True}


def test_two_delays_relu_clips_cleanly() -> None:
    # A ReLU draw must clip after step 1 and never sit at the kink.
    for seed in SEEDS:
        solution, x, y, w1, w2, relu = _case(seed)
        if not relu:
            continue
        h = np.concatenate([[0.0, 0.0], solution.answers["forward"].value])
        xi = x + w1 * h[1:-1] + w2 * h[:-2]
        assert np.any(xi[1:] < 0), f"seed {seed}: ReLU never clips"
        assert np.all(xi != 0), f"seed {seed}: ReLU pre-activation at 0"


def test_two_delays_delay_order() -> None:
    # Asymmetric weights w[1] = 1/2, w[2] = 1: w[2] must multiply h[n-2], and the sum
    # starts at m = 1 so that h[1] = x[1]. Swapped delays would give h[3] = 1, not 5/4.
    template = get_template("rnn-two-delays")
    params = {"relu": False, "w": ["1/2", "1"], "x": [1, 0, 0, 1], "y": [0, 0, 0, 0]}
    solution = template.solve(params)
    _, h = _loss(np.array([1.0, 0, 0, 1]), np.zeros(4), 0.5, 1.0, False)
    _, swapped = _loss(np.array([1.0, 0, 0, 1]), np.zeros(4), 1.0, 0.5, False)
    np.testing.assert_allclose(solution.answers["forward"].value, h)
    assert not np.allclose(solution.answers["forward"].value, swapped)
    assert solution.answers["forward"].value[0] == 1


def test_two_delays_mistakes_differ() -> None:
    template = get_template("rnn-two-delays")
    for seed in range(100):
        _, solution, _ = draw_and_solve(template, seed)
        assert solution.mistakes["backward"] and solution.mistakes["weights"]
        for part, listed in solution.mistakes.items():
            expected = np.ravel(solution.answers[part].value)
            for mistake in listed:
                assert not np.allclose(np.ravel(mistake.value), expected, atol=1e-4), \
                    f"seed {seed}: {mistake.name}"
