"""Oracle tests for the z-transform templates: SciPy filters the equations directly."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from scipy import signal

from examgen.problems import draw_and_solve
from examgen.registry import get_template

SEEDS = range(300)


def _coefficients(params: dict) -> tuple[np.ndarray, np.ndarray]:
    # Rebuild the filter from the poles alone: SciPy's denominator is prod (1 - p z^-1).
    poles = [float(Fraction(p)) for p in params["poles"]]
    b = np.array([1.0, float(Fraction(params["b1"]))])
    a = np.poly(poles)
    return b, a


@pytest.mark.parametrize("seed", SEEDS)
def test_difference_equation_matches_scipy(seed: int) -> None:
    template = get_template("z-transform-difference-equation")
    params, solution, _ = draw_and_solve(template, seed)
    b, a = _coefficients(params)

    impulse = np.zeros(4)
    impulse[0] = 1.0
    expected_h = signal.lfilter(b, a, impulse)
    np.testing.assert_allclose(solution.answers["impulse"].value, expected_h, rtol=1e-9)

    _, response = signal.freqz(b, a, worN=[0.0, np.pi])
    np.testing.assert_allclose(solution.answers["gains"].value, np.abs(response),
                               rtol=1e-9, atol=1e-9)

    _, poles, _ = signal.tf2zpk(b, a)
    assert sorted(solution.answers["poles"].value) == pytest.approx(sorted(poles.real))


def test_difference_equation_feedback_sign() -> None:
    # y[n] = x[n] + a y[n-1] with a = 1/2 has its pole at +1/2, not -1/2.
    import sympy

    from examgen.kernels.z_transform import feedback_coefficients

    assert feedback_coefficients([sympy.Rational(1, 2)]) == [sympy.Rational(1, 2)]


def _resonator_denominator(params: dict) -> np.ndarray:
    # SciPy's denominator from the complex poles alone: prod (1 - p z^-1) (1 - p* z^-1).
    radius = float(Fraction(params["r"]))
    angle = np.pi * float(Fraction(params["w1_over_pi"]))
    pole = radius * np.exp(1j * angle)
    return np.real(np.poly([pole, np.conj(pole)]))


@pytest.mark.parametrize("seed", SEEDS)
def test_resonator_matches_scipy(seed: int) -> None:
    template = get_template("z-transform-resonator")
    params, solution, _ = draw_and_solve(template, seed)
    a = _resonator_denominator(params)

    # The feedback coefficients are the negated denominator taps: y[n] = x[n] + a1 y[n-1] + ...
    np.testing.assert_allclose(solution.answers["coefficients"].value, -a[1:], atol=1e-12)

    impulse = np.zeros(5)
    impulse[0] = 1.0
    np.testing.assert_allclose(solution.answers["impulse"].value,
                               signal.lfilter([1.0], a, impulse), rtol=1e-9, atol=1e-12)

    _, response = signal.freqz([1.0], a, worN=[0.0, np.pi])
    np.testing.assert_allclose(solution.answers["gains"].value, np.abs(response), rtol=1e-9)


def test_resonator_feedback_sign() -> None:
    # Poles at (1/2) e^{+-j pi/3} give y[n] = x[n] + (1/2) y[n-1] - (1/4) y[n-2].
    for seed in SEEDS:
        params, solution, _ = draw_and_solve(get_template("z-transform-resonator"), seed)
        if params == {"r": "1/2", "w1_over_pi": "1/3"}:
            h = signal.lfilter([1.0], [1.0, -0.5, 0.25], [1.0, 0.0, 0.0])
            assert solution.answers["coefficients"].value == pytest.approx((0.5, -0.25))
            assert solution.answers["impulse"].value[:3] == pytest.approx(tuple(h))
            return
    pytest.fail("no seed drew r = 1/2, w1 = pi/3")
