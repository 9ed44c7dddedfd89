"""Oracle tests for the Gaussian templates: scipy.stats densities and numpy.linalg."""

from __future__ import annotations

from fractions import Fraction
from typing import Callable

import numpy as np
import pytest
from scipy import optimize, stats

from examgen.problems import draw_and_solve
from examgen.registry import get_template

SEEDS = range(250)


@pytest.mark.parametrize("seed", SEEDS)
def test_pdf_matches_scipy(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("gaussian-bayes-pdf"), seed)
    sigma = np.array(params["Sigma"], dtype=float)
    inverse = np.linalg.inv(sigma)
    np.testing.assert_allclose(solution.answers["inverse"].value, inverse, atol=1e-10)

    # The contour coefficients must reproduce the quadratic form at arbitrary offsets.
    c_aa, c_ab, c_bb = solution.answers["contour"].value
    for a, b in [(1.0, 0.0), (0.0, 1.0), (1.0, 1.0), (2.0, -3.0), (-0.5, 1.5)]:
        offset = np.array([a, b])
        assert c_aa * a * a + c_ab * a * b + c_bb * b * b == pytest.approx(
            offset @ inverse @ offset, rel=1e-9, abs=1e-12)

    expected = stats.multivariate_normal(mean=params["mu"], cov=sigma).pdf(params["x"])
    assert solution.answers["pdf"].value == pytest.approx(expected, rel=1e-9)


def test_contour_cross_term_is_doubled() -> None:
    # Sigma = [[1, 1], [1, 4]] gives d = (4a^2 - 2ab + b^2)/3: the cross term is -2/3 ab.
    from examgen.topics.probability.gaussian_bayes import GaussianPdf

    params = {"Sigma": [[1, 1], [1, 4]], "mu": [0, 0], "x": [1, 1]}
    c_aa, c_ab, c_bb = GaussianPdf().solve(params).answers["contour"].value
    assert c_ab == pytest.approx(-2 / 3)
    assert c_aa == pytest.approx(4 / 3)
    assert c_bb == pytest.approx(1 / 3)


def _weighted_difference(params: dict) -> Callable[[float], float]:
    mu1, mu2 = params["mu"]
    scale = np.sqrt(params["variance"])
    p1, p2 = (float(Fraction(p)) for p in params["priors"])
    # logpdf keeps the far tails finite, where pdf would underflow to 0.
    return lambda x: (np.log(p1) + stats.norm(mu1, scale).logpdf(x)
                      - np.log(p2) - stats.norm(mu2, scale).logpdf(x))


@pytest.mark.parametrize("seed", SEEDS)
def test_threshold_matches_scipy(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("gaussian-bayes-threshold"), seed)
    difference = _weighted_difference(params)
    root = optimize.brentq(difference, -100.0, 100.0, xtol=1e-13)
    assert solution.answers["threshold"].value == pytest.approx(root, abs=1e-9)

    expected = 1 if difference(float(params["x0"])) > 0 else 2
    assert solution.answers["decision"].value == expected


def test_threshold_mistake_flips_decision() -> None:
    flipped = 0
    for seed in range(200):
        _, solution, _ = draw_and_solve(get_template("gaussian-bayes-threshold"), seed)
        for mistake in solution.mistakes.get("decision", ()):
            assert mistake.value != solution.answers["decision"].value
            flipped += 1
    assert flipped > 0
