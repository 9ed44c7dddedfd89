"""Oracle tests for the Gaussian mixture templates: scipy.stats densities and NumPy averages."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from scipy import stats

from examgen.problems import draw_and_solve
from examgen.registry import get_template

SEEDS = range(300)


def _floats(values: list) -> np.ndarray:
    return np.array([float(Fraction(str(v))) for v in values])


def _e_step(x: np.ndarray, c: np.ndarray, mu: np.ndarray, sd: np.ndarray) -> np.ndarray:
    # Rows are points, columns components: c_k N(x_i | mu_k, sd_k^2), normalized per row.
    weighted = np.column_stack([c[k] * stats.norm.pdf(x, loc=mu[k], scale=sd[k])
                                for k in range(len(c))])
    return weighted / weighted.sum(axis=1, keepdims=True)


def _m_step(x: np.ndarray, gamma: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # np.average and the biased np.cov with analytic weights are the library's own
    # weighted mean and weighted (1/sum of weights) variance.
    weights = gamma.mean(axis=0)
    means = np.array([np.average(x, weights=gamma[:, k]) for k in range(gamma.shape[1])])
    variances = np.array([float(np.cov(x, aweights=gamma[:, k], bias=True))
                          for k in range(gamma.shape[1])])
    return weights, means, variances


def _step_parameters(params: dict) -> tuple[np.ndarray, ...]:
    x = _floats(params["x"])
    c = _floats(params["c"])
    mu = _floats(params["mu"])
    # Both components have the variance s^2 / (2 ln 2).
    sd = np.full(2, params["scale"] / np.sqrt(2 * np.log(2)))
    return x, c, mu, sd


@pytest.mark.parametrize("seed", SEEDS)
def test_step_matches_scipy(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("gmm-em-step"), seed)
    x, c, mu, sd = _step_parameters(params)
    gamma = _e_step(x, c, mu, sd)
    weights, means, variances = _m_step(x, gamma)

    answers = solution.answers
    np.testing.assert_allclose(answers["responsibilities"].value, gamma[:, 0], rtol=1e-9)
    np.testing.assert_allclose(answers["weights_means"].value,
                               np.concatenate([weights, means]), rtol=1e-9, atol=1e-12)
    k = params["component"] - 1
    assert answers["variance"].value == pytest.approx(variances[k], rel=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_step_draw_is_usable(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("gmm-em-step"), seed)
    assert 3 <= len(params["x"]) <= 5
    assert len(set(params["x"])) >= 3
    gamma = np.array(solution.answers["responsibilities"].value)
    # Both components keep some responsibility at every point and overall.
    assert np.all((gamma > 0.05) & (gamma < 0.95))
    assert min(gamma.sum(), (1 - gamma).sum()) >= 0.5


def test_step_density_identity() -> None:
    # The statement's shortcut: with variance s^2/(2 ln 2), e^{-(x-mu)^2/(2 sigma^2)}
    # equals 2^{-(x-mu)^2/s^2}, so N = 2^{-(x-mu)^2/s^2} / sqrt(2 pi sigma^2).
    for scale in (1, 2):
        sd = scale / np.sqrt(2 * np.log(2))
        x = np.linspace(-3, 3, 13)
        expected = 2.0 ** (-(x - 0.5) ** 2 / scale**2) / np.sqrt(2 * np.pi * sd**2)
        np.testing.assert_allclose(stats.norm.pdf(x, loc=0.5, scale=sd), expected, rtol=1e-12)


def test_step_weights_enter_e_step() -> None:
    # c = (1/3, 2/3) with the point at the midpoint of the means: the densities are
    # equal there, so gamma(1) = c_1 = 1/3, not the 1/2 that ignoring c_k would give.
    from examgen.topics.probability.gmm_em import GmmEmStep

    params = {"x": [-0.5, 0.5, 1.5], "c": ["1/3", "2/3"], "mu": [0, 1], "scale": 1,
              "component": 1}
    gamma = GmmEmStep().solve(params).answers["responsibilities"].value
    x, c, mu, sd = _step_parameters(params)
    assert gamma[1] == pytest.approx(1 / 3)
    np.testing.assert_allclose(gamma, _e_step(x, c, mu, sd)[:, 0], rtol=1e-9)


def test_step_variance_uses_new_mean() -> None:
    # The M-step variance is centred on the updated mean, not on the current mu_k.
    from examgen.topics.probability.gmm_em import GmmEmStep

    params = {"x": [-1, 0, 0.5, 2], "c": ["1/2", "1/2"], "mu": [0, 1], "scale": 1,
              "component": 1}
    solution = GmmEmStep().solve(params)
    x, c, mu, sd = _step_parameters(params)
    gamma = _e_step(x, c, mu, sd)[:, 0]
    new_mean = np.sum(gamma * x) / np.sum(gamma)
    around_new = np.sum(gamma * (x - new_mean) ** 2) / np.sum(gamma)
    around_old = np.sum(gamma * (x - mu[0]) ** 2) / np.sum(gamma)
    assert abs(around_new - around_old) > 0.01
    assert solution.answers["variance"].value == pytest.approx(around_new, rel=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_mstep_matches_numpy(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("gmm-em-mstep"), seed)
    x = _floats(params["x"])
    first = _floats(params["gamma1"])
    gamma = np.column_stack([first, 1 - first])
    weights, means, variances = _m_step(x, gamma)

    answers = solution.answers
    np.testing.assert_allclose(answers["weights"].value, weights, rtol=1e-9)
    np.testing.assert_allclose(answers["means"].value, means, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(answers["variances"].value, variances, rtol=1e-9)
    assert np.all(variances > 0)
    assert min(gamma.sum(axis=0)) >= 0.5


def test_mstep_means_divide_by_total_responsibility() -> None:
    # Worked by hand: x = (0, 2, 4) with gamma(1) = (1, 1/2, 0) gives N_1 = 3/2 and
    # mu_1 = (0 + 1) / (3/2) = 2/3, where dividing by n = 3 would give 1/3.
    from examgen.topics.probability.gmm_em import GmmMStep

    solution = GmmMStep().solve({"x": [0, 2, 4], "gamma1": ["1", "1/2", "0"]})
    assert solution.answers["means"].value == pytest.approx((2 / 3, 10 / 3))
    assert solution.answers["weights"].value == pytest.approx((1 / 2, 1 / 2))
    # Component 1: (1 (0 - 2/3)^2 + 1/2 (2 - 2/3)^2) / (3/2) = 8/9.
    assert solution.answers["variances"].value[0] == pytest.approx(8 / 9)
    mistakes = {m.name: m.value for m in solution.mistakes["means"]}
    # Component 2 has sum_i gamma_i(2) x_i = 1/2 * 2 + 1 * 4 = 5, and 5 / n = 5/3.
    assert mistakes["divided by n"] == pytest.approx((1 / 3, 5 / 3))
