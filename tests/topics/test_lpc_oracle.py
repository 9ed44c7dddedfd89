"""Oracle tests for the LPC templates: NumPy and SciPy recompute every answer."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from scipy import linalg, signal

from examgen.problems import draw_and_solve
from examgen.registry import get_template

SEEDS = range(300)


def _autocorrelation(s: np.ndarray, max_lag: int) -> np.ndarray:
    # The full correlation of s with itself has lag 0 at its centre.
    full = np.correlate(s, s, mode="full")
    centre = len(s) - 1
    return full[centre:centre + max_lag + 1]


@pytest.mark.parametrize("seed", SEEDS)
def test_normal_equations(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("lpc-normal-equations"), seed)
    s = np.array(params["s"], dtype=float)

    r = _autocorrelation(s, 2)
    np.testing.assert_allclose(solution.answers["autocorrelation"].value, r, rtol=1e-12)

    a = linalg.solve_toeplitz(r[:2], r[1:3])
    np.testing.assert_allclose(solution.answers["predictor"].value, a, rtol=1e-9, atol=1e-12)

    # The residual of the analysis filter A(z) = 1 - a1 z^-1 - a2 z^-2 over the whole
    # support is orthogonal to s[n-1] and s[n-2], and its energy is the minimum error.
    padded = np.concatenate([s, np.zeros(2)])
    e = signal.lfilter([1.0, -a[0], -a[1]], [1.0], padded)
    for k in (1, 2):
        shifted = np.concatenate([np.zeros(k), s, np.zeros(2 - k)])
        assert abs(e @ shifted) < 1e-9
    assert solution.answers["error"].value == pytest.approx(e @ e, rel=1e-9, abs=1e-12)
    assert solution.answers["error"].value == pytest.approx(r[0] - a @ r[1:3], rel=1e-9)


def test_autocorrelation_not_normalized() -> None:
    # R[0] is the plain sum of squares, not that sum divided by the frame length N.
    for seed in range(50):
        params, solution, _ = draw_and_solve(get_template("lpc-normal-equations"), seed)
        s = np.array(params["s"], dtype=float)
        r0 = solution.answers["autocorrelation"].value[0]
        assert r0 == pytest.approx(float(s @ s))
        assert r0 != pytest.approx(float(s @ s) / len(s))


@pytest.mark.parametrize("seed", SEEDS)
def test_stability_pitch(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("lpc-stability-pitch"), seed)
    a1, a2 = (float(Fraction(x)) for x in params["a"])

    roots = np.roots([1.0, -a1, -a2])
    assert np.allclose(roots.imag, 0.0)
    np.testing.assert_allclose(sorted(solution.answers["roots"].value), sorted(roots.real),
                               atol=1e-9)

    # The synthesis filter 1/A(z) is stable exactly when its impulse response dies out.
    h = signal.lfilter([1.0], [1.0, -a1, -a2], np.eye(1, 200)[0])
    assert solution.work["stable"] == bool(np.max(np.abs(h[-2:])) < 1e-6)

    r = np.array(params["r"], dtype=float)
    lags = np.arange(3, 11)
    period = int(lags[np.argmax(r[lags])])
    assert solution.answers["pitch"].value == period
    assert solution.answers["voicing"].value == pytest.approx(r[period] / r[0])
    assert solution.work["voiced"] == (r[period] / r[0] >= float(params["threshold"]))


def test_pitch_skips_short_lags() -> None:
    # R[1] always exceeds the pitch peak, so an argmax over every lag would give P = 1.
    for seed in range(50):
        params, solution, _ = draw_and_solve(get_template("lpc-stability-pitch"), seed)
        assert params["r"][1] > params["r"][solution.answers["pitch"].value]
        assert solution.answers["pitch"].value >= 3
