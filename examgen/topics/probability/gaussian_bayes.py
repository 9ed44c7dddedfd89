"""Gaussian templates: a 2-D density with its contour, and a 1-D Bayes threshold."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer, float_value, rational, rationals
from examgen.kernels import gaussian_bayes as kernel
from examgen.model import Mistake
from examgen.registry import register
from examgen.rules import hand_sized
from examgen.template import PartSpec, Solution, Template

# Pairs of unequal priors (P(y = 1), P(y = 2)) whose ratio has a short logarithm.
PRIOR_PAIRS = (("1/4", "3/4"), ("3/4", "1/4"), ("1/3", "2/3"), ("2/3", "1/3"),
               ("1/5", "4/5"), ("4/5", "1/5"))
VARIANCES = (1, 2, 4)
MAX_MAHALANOBIS = 4


@register
class GaussianPdf(Template):
    id = "gaussian-bayes-pdf"
    topic = "gaussian-bayes"
    title = "A two-dimensional Gaussian"
    description = "Inverse and determinant of a 2x2 covariance, contour equation, pdf value"
    kind = "computation"
    minutes = 12
    difficulty = 2
    parts = (PartSpec("inverse", 1), PartSpec("contour", 1), PartSpec("pdf", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        s11, s22 = (int(v) for v in rng.integers(1, 5, size=2))
        s12 = int(rng.choice([-2, -1, 1, 2]))
        if s11 * s22 - s12 * s12 <= 0:
            raise DegenerateDrawError("covariance is not positive definite")
        mu = [int(v) for v in rng.integers(-2, 3, size=2)]
        offset = [int(v) for v in rng.integers(-2, 3, size=2)]
        if offset == [0, 0]:
            raise DegenerateDrawError("the point is the mean")
        x = [m + o for m, o in zip(mu, offset)]
        return {"Sigma": [[s11, s12], [s12, s22]], "mu": mu, "x": x}

    def solve(self, params: dict[str, Any]) -> Solution:
        sigma = [[sympy.Integer(v) for v in row] for row in params["Sigma"]]
        offset = [sympy.Integer(x - m) for x, m in zip(params["x"], params["mu"])]
        det = kernel.determinant_2x2(sigma)
        inverse = kernel.inverse_2x2(sigma)
        contour = kernel.contour_coefficients(inverse)
        d = kernel.mahalanobis(offset, inverse)
        pdf = kernel.normal_pdf(d, det, 2)
        # Far in the tail the density is too small to tell from the mistakes below.
        if d > MAX_MAHALANOBIS:
            raise DegenerateDrawError(f"Mahalanobis distance {d} is too far in the tail")
        if not hand_sized(pdf):
            raise DegenerateDrawError(f"pdf {pdf} has a long exact form")

        mistakes: dict[str, tuple[Mistake, ...]] = {
            "contour": (Mistake("cross term once",
                                "wrote the off-diagonal entry once instead of twice",
                                (float(contour[0]), float(inverse[0][1]),
                                 float(contour[2]))),),
            "pdf": (Mistake("no one half", "used exp(-d) instead of exp(-d/2)",
                            float(kernel.normal_pdf(2 * d, det, 2))),),
        }
        if det != 1:
            adjugate = [[sigma[1][1], -sigma[0][1]], [-sigma[1][0], sigma[0][0]]]
            mistakes["inverse"] = (Mistake("no division by det",
                                           "swapped and negated the entries but did not "
                                           "divide by the determinant",
                                           float_value(adjugate)),)
        answers = {
            "inverse": exact_answer(inverse),
            "contour": exact_answer(contour),
            "pdf": exact_answer(pdf, rel_tol=0.005, abs_tol=1e-5, digits=6),
        }
        work = {"det": det, "inverse": inverse, "contour": contour, "offset": offset,
                "d": d, "pdf": pdf}
        return Solution(answers=answers, work=work, mistakes=mistakes)

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        sigma = sympy.Matrix(rationals(params["Sigma"]))
        if sigma * sympy.Matrix(solution.work["inverse"]) != sympy.eye(2):
            return ["Sigma times its inverse is not the identity"]
        return []


@register
class GaussianThreshold(Template):
    id = "gaussian-bayes-threshold"
    topic = "gaussian-bayes"
    title = "Bayes threshold with unequal priors"
    description = "1-D decision threshold of two equal-variance Gaussians, and a decision"
    kind = "analysis"
    minutes = 10
    difficulty = 2
    parts = (PartSpec("threshold", 2), PartSpec("decision", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        mu1 = int(rng.integers(-2, 3))
        mu2 = mu1 + int(rng.integers(1, 5))
        priors = list(PRIOR_PAIRS[int(rng.integers(0, len(PRIOR_PAIRS)))])
        variance = int(rng.choice(VARIANCES))
        # Test points on a grid of halves between the means, so some fall between the
        # midpoint and the threshold, where ignoring the priors flips the decision.
        x0 = mu1 + int(rng.integers(0, 2 * (mu2 - mu1) + 1)) / 2
        return {"mu": [mu1, mu2], "variance": variance, "priors": priors, "x0": x0}

    def solve(self, params: dict[str, Any]) -> Solution:
        mu1, mu2 = (sympy.Integer(m) for m in params["mu"])
        variance = sympy.Integer(params["variance"])
        p1, p2 = (rational(p) for p in params["priors"])
        x0 = sympy.Rational(str(params["x0"]))
        threshold = kernel.equal_variance_threshold(mu1, mu2, variance, p1, p2)
        midpoint = (mu1 + mu2) / 2
        # A test point this close to the threshold would need ln values to 3 digits.
        if abs(float(x0) - float(threshold)) < 0.1:
            raise DegenerateDrawError("the test point is too close to the threshold")
        # Class 1 (the smaller mean) wins below the threshold.
        decision = 1 if float(x0) < float(threshold) else 2
        if x0 == midpoint:
            raise DegenerateDrawError("the test point is the midpoint, a tie without priors")
        naive = 1 if x0 < midpoint else 2

        mistakes: dict[str, tuple[Mistake, ...]] = {
            "threshold": (Mistake("priors ignored", "used the midpoint of the means",
                                  float(midpoint)),),
        }
        if naive != decision:
            mistakes["decision"] = (Mistake("priors ignored",
                                            "chose the nearer mean without the priors",
                                            naive),)
        answers = {"threshold": exact_answer(threshold), "decision": exact_answer(decision)}
        work = {"threshold": threshold, "midpoint": midpoint,
                "shift": threshold - midpoint, "decision": decision,
                "log_ratio": sympy.log(p1 / p2)}
        return Solution(answers=answers, work=work, mistakes=mistakes)

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        mu1, mu2 = params["mu"]
        p1, p2 = (float(rational(p)) for p in params["priors"])
        x = float(solution.work["threshold"])
        var = params["variance"]
        left = p1 * np.exp(-(x - mu1) ** 2 / (2 * var))
        right = p2 * np.exp(-(x - mu2) ** 2 / (2 * var))
        if not np.isclose(left, right, rtol=1e-9):
            return [f"weighted densities differ at the threshold: {left} vs {right}"]
        return []
