"""z-transform templates: poles, frequency response and impulse response."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer, float_value, rational
from examgen.kernels import z_transform as kernel
from examgen.model import Mistake
from examgen.registry import register
from examgen.rules import differs, hand_sized
from examgen.template import PartSpec, Solution, Template

# Real poles a student can factor by hand; 3/2 and -3/2 make some filters unstable.
POLE_CHOICES = ("-3/2", "-1/2", "-1/4", "1/4", "1/2", "3/4", "3/2")
ZERO_TAP_CHOICES = ("-1", "-1/2", "1/2", "1", "2")
# Pole radii inside the unit circle, and pole angles (as multiples of pi) whose sine and
# cosine are the standard values 0, 1/2, sqrt(2)/2 or sqrt(3)/2 (up to sign).
RADIUS_CHOICES = ("1/4", "1/3", "1/2", "2/3", "3/4", "4/5")
ANGLE_CHOICES = ("1/6", "1/4", "1/3", "1/2", "2/3", "3/4", "5/6")
RESONATOR_SAMPLES = 5


@register
class DifferenceEquation(Template):
    id = "z-transform-difference-equation"
    topic = "z-transform"
    title = "Second-order difference equation"
    description = "Poles, stability, |H(0)|, |H(pi)| and the first samples of h[n]"
    kind = "analysis"
    minutes = 18
    difficulty = 2
    parts = (PartSpec("poles", 1), PartSpec("gains", 1), PartSpec("impulse", 2))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        poles = [str(p) for p in rng.choice(POLE_CHOICES, size=2, replace=False)]
        b1 = str(rng.choice(ZERO_TAP_CHOICES))
        # A zero on a pole would cancel it and change the partial fractions.
        if any(rational(b1) == -rational(p) for p in poles):
            raise DegenerateDrawError("zero cancels a pole")
        return {"poles": sorted(poles, key=sympy.Rational), "b1": b1}

    def solve(self, params: dict[str, Any]) -> Solution:
        poles = [rational(p) for p in params["poles"]]
        b = [sympy.Integer(1), rational(params["b1"])]
        a = kernel.feedback_coefficients(poles)
        gain_dc = kernel.magnitude_response(b, a, sympy.Integer(1))
        gain_nyquist = kernel.magnitude_response(b, a, sympy.Integer(-1))
        residues = kernel.partial_fractions(b, poles)
        h = kernel.impulse_response(residues, poles, 4)
        stable = all(abs(p) < 1 for p in poles)

        answers = {
            "poles": exact_answer(poles, unordered=True),
            "gains": exact_answer([gain_dc, gain_nyquist]),
            "impulse": exact_answer(h),
        }
        work = {
            "a": a, "b": b, "poles": poles, "zero": -b[1], "stable": stable,
            "gain_dc": gain_dc, "gain_nyquist": gain_nyquist,
            "residues": residues, "h": h,
        }
        return Solution(answers=answers, work=work)


@register
class Resonator(Template):
    id = "z-transform-resonator"
    topic = "z-transform"
    title = "Second-order resonator"
    description = "a_1, a_2 from complex poles r e^{+-j w1}, h[0..4] and |H(0)|, |H(pi)|"
    kind = "design"
    minutes = 15
    difficulty = 2
    parts = (PartSpec("coefficients", 1), PartSpec("impulse", 2), PartSpec("gains", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        return {"r": str(rng.choice(RADIUS_CHOICES)),
                "w1_over_pi": str(rng.choice(ANGLE_CHOICES))}

    def solve(self, params: dict[str, Any]) -> Solution:
        return _solve_resonator(params["r"], params["w1_over_pi"])

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        w = solution.work
        h, a = w["h"], w["a"]
        failures = []
        # h[n] must also follow the recursion h[n] = a_1 h[n-1] + a_2 h[n-2] with h[-1] = 0.
        previous = [sympy.Integer(0), sympy.Integer(0)]
        for n, value in enumerate(h):
            expected = (1 if n == 0 else 0) + a[0] * previous[1] + a[1] * previous[0]
            if sympy.expand(value - expected) != 0:
                failures.append(f"h[{n}] does not follow the difference equation")
            previous = [previous[1], value]
        return failures


# Only len(RADIUS_CHOICES) x len(ANGLE_CHOICES) problems exist, and their trigonometric and
# radical arithmetic takes milliseconds, so each one is solved once per process.
@functools.lru_cache(maxsize=None)
def _solve_resonator(radius_text: str, angle_text: str) -> Solution:
    radius = rational(radius_text)
    frequency = sympy.pi * rational(angle_text)
    a = kernel.resonator_coefficients(radius, frequency)
    h = kernel.resonator_impulse(radius, frequency, RESONATOR_SAMPLES)
    gains = [kernel.all_pole_gain(a, sympy.Integer(1)),
             kernel.all_pole_gain(a, sympy.Integer(-1))]
    if not hand_sized(a, h, gains):
        raise DegenerateDrawError("numbers too large to work by hand")

    answers = {
        "coefficients": exact_answer(a),
        "impulse": exact_answer(h),
        "gains": exact_answer(gains),
    }
    work = {
        "r": radius, "w1": frequency, "cos_w1": sympy.cos(frequency),
        "sin_w1": sympy.sin(frequency), "a": a, "h": h, "gains": gains,
        "sines": [sympy.sin(frequency * (n + 1)) for n in range(RESONATOR_SAMPLES)],
        "powers": [radius**n for n in range(RESONATOR_SAMPLES)],
        "dc_denominator": 1 - a[0] - a[1], "nyquist_denominator": 1 + a[0] - a[1],
    }
    return Solution(answers=answers, work=work,
                    mistakes=_resonator_mistakes(radius, frequency, a, answers))


def _resonator_mistakes(radius: sympy.Expr, frequency: sympy.Expr, a: list[sympy.Expr],
                        answers: dict[str, Any]) -> dict[str, tuple[Mistake, ...]]:
    # Only mistakes that give a wrong value for this draw are listed: at w1 = pi/2,
    # for example, r^n cos(w1 n) equals the right h[n].
    candidates = {
        "coefficients": Mistake(
            "denominator coefficients",
            "Gave the coefficients of 1 - 2 r cos(w1) z^-1 + r^2 z^-2 instead of a_k in "
            "y[n] = x[n] + a_1 y[n-1] + a_2 y[n-2], which flips both signs.",
            float_value([-a[0], -a[1]])),
        "impulse": Mistake(
            "real part of the pole power",
            "Wrote h[n] = r^n cos(w1 n), the real part of p^n, instead of "
            "r^n sin(w1 (n+1)) / sin(w1).",
            float_value([radius**n * sympy.cos(frequency * n)
                         for n in range(RESONATOR_SAMPLES)])),
    }
    return {part: (mistake,) for part, mistake in candidates.items()
            if differs(mistake.value, answers[part])}
