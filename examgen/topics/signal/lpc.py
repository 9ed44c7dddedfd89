"""Linear prediction templates: normal equations, prediction error, stability and pitch."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer, float_value, rational
from examgen.kernels import lpc as kernel
from examgen.model import Mistake
from examgen.registry import register
from examgen.rules import differs, hand_sized
from examgen.template import PartSpec, Solution, Template

SAMPLE_CHOICES = (-3, -2, -1, 1, 2, 3)
# Zero samples inside the signal keep R[1] or R[2] small without making the draw trivial.
INNER_CHOICES = (-3, -2, -1, 0, 1, 2, 3)
# R[0]^2 - R[1]^2 is the common denominator of a_1 and a_2; beyond this the fractions get
# too awkward for a hand solution.
MAX_DETERMINANT = 200
# Real roots of z^2 - a1 z - a2 on both sides of the unit circle, never on it.
ROOT_CHOICES = ("-3/2", "-5/4", "-1/2", "-1/4", "1/4", "1/2", "3/4", "5/4", "3/2")
ENERGY_CHOICES = (40, 50, 60, 80, 100)
THRESHOLD_CHOICES = ("0.3", "0.4", "0.5")
MIN_LAG, MAX_LAG = 3, 10


@register
class NormalEquations(Template):
    id = "lpc-normal-equations"
    topic = "lpc"
    title = "Second-order linear prediction"
    description = "R[0..2] of a short signal, the 2x2 normal equations and the minimum error"
    kind = "computation"
    minutes = 15
    difficulty = 2
    parts = (PartSpec("autocorrelation", 1), PartSpec("predictor", 2), PartSpec("error", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        length = int(rng.choice([3, 4]))
        inner = [int(x) for x in rng.choice(INNER_CHOICES, size=length - 2)]
        first, last = (int(x) for x in rng.choice(SAMPLE_CHOICES, size=2))
        return {"s": [first, *inner, last]}

    def solve(self, params: dict[str, Any]) -> Solution:
        s = [sympy.Integer(x) for x in params["s"]]
        r = kernel.autocorrelation(s, 2)
        if r[1] == 0 and r[2] == 0:
            raise DegenerateDrawError("gamma = 0 gives a zero predictor")
        try:
            det, a = kernel.normal_equations_2(r)
        except ZeroDivisionError as singular:
            raise DegenerateDrawError(str(singular)) from singular
        error = kernel.prediction_error(r, a)
        if not hand_sized(r, a, error, det) or abs(det) > MAX_DETERMINANT:
            raise DegenerateDrawError("numbers too large to solve by hand")

        answers = {
            "autocorrelation": exact_answer(r),
            "predictor": exact_answer(a),
            "error": exact_answer(error),
        }
        mistakes = self._mistakes(s, r, a, error)
        for part, items in mistakes.items():
            if any(not differs(m.value, answers[part]) for m in items):
                raise DegenerateDrawError(f"a common mistake in part {part} gives the answer")
        work = {
            "s": s, "length": len(s), "r": r, "det": det, "a": a, "error": error,
            "adjugate_gamma": [r[0] * r[1] - r[1] * r[2], r[0] * r[2] - r[1] ** 2],
            "products": [[s[n] * s[n - m] for n in range(m, len(s))] for m in range(3)],
            "a_dot_gamma": a[0] * r[1] + a[1] * r[2],
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)

    @staticmethod
    def _mistakes(s: list[sympy.Integer], r: list[sympy.Expr], a: list[sympy.Expr],
                  error: sympy.Expr) -> dict[str, tuple[Mistake, ...]]:
        n = len(s)
        return {
            "autocorrelation": (Mistake(
                "normalized autocorrelation",
                f"Divided each R[m] by N = {n}; the course's R[m] is the plain sum.",
                float_value([x / n for x in r])),),
            "predictor": (Mistake(
                "sign of the predictor",
                "Solved R a = -gamma; with e[n] = s[n] - sum a_k s[n-k] the system is R a = gamma.",
                float_value([-x for x in a])),),
            "error": (Mistake(
                "plus sign in the error",
                "Computed R[0] + a^T gamma; the minimum error is R[0] - a^T gamma.",
                float_value(r[0] + (r[0] - error))),),
        }

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        w = solution.work
        r, a = w["r"], w["a"]
        failures = []
        if [r[0] * a[0] + r[1] * a[1], r[1] * a[0] + r[0] * a[1]] != [r[1], r[2]]:
            failures.append("R a != gamma")
        e = kernel.residual(w["s"], a)
        if sum(x**2 for x in e) != w["error"]:
            failures.append("E differs from the residual energy")
        for k in (1, 2):
            if sum(e[n] * w["s"][n - k] for n in range(k, len(w["s"]) + k)) != 0:
                failures.append(f"residual not orthogonal to s[n-{k}]")
        return failures


@register
class StabilityPitch(Template):
    id = "lpc-stability-pitch"
    topic = "lpc"
    title = "LPC synthesis stability and pitch"
    description = "Roots of z^2 - a1 z - a2, pitch period from R[m] and the voicing decision"
    kind = "analysis"
    minutes = 12
    difficulty = 1
    parts = (PartSpec("roots", 1), PartSpec("pitch", 1), PartSpec("voicing", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        roots = [rational(x) for x in rng.choice(ROOT_CHOICES, size=2, replace=False)]
        a1, a2 = roots[0] + roots[1], -roots[0] * roots[1]
        energy = int(rng.choice(ENERGY_CHOICES))
        step = energy // 10
        # R[P] is a tenth-multiple of R[0]; R[1] exceeds it, so the lag range matters.
        peak = step * int(rng.integers(2, 9))
        period = int(rng.integers(MIN_LAG, MAX_LAG + 1))
        r = [energy, int(rng.integers(peak + 1, energy)), int(rng.integers(-energy // 2, energy))]
        for m in range(MIN_LAG, MAX_LAG + 1):
            r.append(peak if m == period else int(rng.integers(-energy // 2, peak)))
        return {"a": [str(a1), str(a2)], "r": r, "threshold": str(rng.choice(THRESHOLD_CHOICES))}

    def solve(self, params: dict[str, Any]) -> Solution:
        a = [rational(x) for x in params["a"]]
        roots = kernel.synthesis_roots_2(a)
        if any(not root.is_rational for root in roots):
            raise DegenerateDrawError("complex or irrational roots")
        r = [sympy.Integer(x) for x in params["r"]]
        try:
            period = kernel.pitch_period(r, MIN_LAG, MAX_LAG)
            unrestricted = kernel.pitch_period(r, 1, MAX_LAG)
        except ValueError as error:
            raise DegenerateDrawError(str(error)) from error
        ratio = r[period] / r[0]
        threshold = rational(params["threshold"])
        if ratio == threshold:
            raise DegenerateDrawError("R[P]/R[0] equals the threshold")

        answers = {
            "roots": exact_answer(roots, unordered=True),
            "pitch": exact_answer(sympy.Integer(period)),
            "voicing": exact_answer(ratio),
        }
        mistakes = {
            "pitch": (Mistake(
                "lag range ignored",
                f"Took the largest R[m] over every lag m >= 1; the search runs over "
                f"{MIN_LAG} <= m <= {MAX_LAG}, which excludes the peak near m = 0.",
                float(unrestricted)),),
        }
        if not differs(mistakes["pitch"][0].value, answers["pitch"]):
            raise DegenerateDrawError("ignoring the lag range gives the right period")
        work = {
            "a": a, "roots": roots, "stable": all(abs(x) < 1 for x in roots),
            "discriminant": a[0] ** 2 + 4 * a[1], "period": period, "ratio": ratio,
            "threshold": threshold, "voiced": ratio >= threshold,
            "relation": r"\ge" if ratio >= threshold else "<",
            "min_lag": MIN_LAG, "max_lag": MAX_LAG, "peak": r[period], "r": r,
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        a = solution.work["a"]
        return [f"root {root} does not solve z^2 - a1 z - a2 = 0"
                for root in solution.work["roots"] if root**2 - a[0] * root - a[1] != 0]
