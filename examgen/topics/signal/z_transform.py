"""z-transform templates: poles, frequency response and impulse response."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer
from examgen.kernels import z_transform as kernel
from examgen.registry import register
from examgen.template import PartSpec, Solution, Template

# Real poles a student can factor by hand; 3/2 and -3/2 make some filters unstable.
POLE_CHOICES = ("-3/2", "-1/2", "-1/4", "1/4", "1/2", "3/4", "3/2")
ZERO_TAP_CHOICES = ("-1", "-1/2", "1/2", "1", "2")


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
        if any(sympy.Rational(b1) == -sympy.Rational(p) for p in poles):
            raise DegenerateDrawError("zero cancels a pole")
        return {"poles": sorted(poles, key=sympy.Rational), "b1": b1}

    def solve(self, params: dict[str, Any]) -> Solution:
        poles = [sympy.Rational(p) for p in params["poles"]]
        b = [sympy.Integer(1), sympy.Rational(params["b1"])]
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
