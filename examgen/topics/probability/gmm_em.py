"""Gaussian mixture templates: one full EM iteration, and an M-step from given responsibilities.

The E-step of a Gaussian mixture needs ratios of exponentials, which are rarely exact.
So the EM-step template gives both components the variance s^2 / (2 ln 2), puts the
means s apart and puts the data on a grid of s/2. Then every density ratio
N_1(x_i) / N_2(x_i) is a power of 2, and every responsibility is a fraction.
"""

from __future__ import annotations

import functools
from fractions import Fraction
from itertools import combinations_with_replacement
from typing import Any

import numpy as np
import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer, float_value, rational
from examgen.kernels import gmm_em as kernel
from examgen.model import Mistake
from examgen.registry import register
from examgen.rules import MAX_DENOMINATOR, distinct_by_part, require_hand_sized
from examgen.template import PartSpec, Solution, Template

# Responsibilities go down to 1/17 and new means come within 0.01 of 0, so the
# default absolute tolerance of 0.001 would be too loose.
TOLERANCE = {"rel_tol": 0.005, "abs_tol": 1e-4, "digits": 4}
# Prior weights (c_1, c_2), whose ratio is 1, a power of 2, or 3 or 1/3.
WEIGHT_PAIRS = (("1/2", "1/2"), ("1/3", "2/3"), ("2/3", "1/3"), ("1/4", "3/4"),
                ("3/4", "1/4"), ("1/5", "4/5"), ("4/5", "1/5"))
# Distance s between the means. The common variance is s^2 / (2 ln 2).
SCALES = (1, 2)
# Data x = mu_1 + j s/2 for these j, where log2(N_1(x) / N_2(x)) = 1 - j.
GRID_STEPS = tuple(range(-2, 5))
POINT_COUNTS = (3, 4, 5)
# Fewer distinct values would leave too little data to fit two components.
MIN_DISTINCT = 3
MAX_RATIO = 16
# Each component must keep at least this much total responsibility.
MIN_TOTAL = Fraction(1, 2)
# Responsibility denominators of the M-step template.
GAMMA_DENOMINATORS = (2, 3, 4, 5)
MIN_SOFT = 2


def grid_number(value: sympy.Expr) -> int | float:
    """Return a drawn grid value as an int when whole, else as a short decimal."""
    return int(value) if value.is_integer else float(value)


def _first_responsibilities(pair: tuple[str, str]) -> dict[int, Fraction]:
    """Return gamma(1) at each grid step whose weighted density ratio is in range."""
    c1, c2 = Fraction(pair[0]), Fraction(pair[1])
    first = {}
    for j in GRID_STEPS:
        ratio = c1 / c2 * Fraction(2) ** (1 - j)
        if 1 <= ratio * MAX_RATIO and ratio <= MAX_RATIO:
            first[j] = ratio / (1 + ratio)
    return first


def _hand_sized_components(steps: tuple[int, ...], first: dict[int, Fraction]) -> list[int]:
    """Return the components whose M-step has small fractions, for data at mu_1 + j/2.

    Shifting the data by mu_1 leaves every denominator alone, and s = 2 only removes
    factors of 2, so s = 1 (x = j/2) is the case to test. Empty when a component has
    too little responsibility or a weight or mean has a large denominator.
    """
    gammas = [first[j] for j in steps]
    if any(g.denominator > MAX_DENOMINATOR for g in gammas):
        return []
    x = [Fraction(j, 2) for j in steps]
    found = []
    for k, gamma in enumerate((gammas, [1 - g for g in gammas])):
        total = sum(gamma, Fraction(0))
        if total < MIN_TOTAL:
            return []
        mean = sum((g * p for g, p in zip(gamma, x)), Fraction(0)) / total
        if (total / len(x)).denominator > MAX_DENOMINATOR or mean.denominator > MAX_DENOMINATOR:
            return []
        variance = sum((g * (p - mean) ** 2 for g, p in zip(gamma, x)), Fraction(0)) / total
        if variance.denominator <= MAX_DENOMINATOR:
            found.append(k)
    return found


@functools.lru_cache(maxsize=1)
def hand_sized_layouts() -> dict[int, tuple[tuple[tuple[int, ...], int, int], ...]]:
    """Return, by point count, the (grid steps, weight pair, component) with small fractions.

    Most layouts of 4 or 5 distinct points give a total responsibility with a large
    numerator, whose square then lands in the variance's denominator, so points may
    repeat. Drawing from this list keeps redraws rare.
    """
    layouts: dict[int, list[tuple[tuple[int, ...], int, int]]] = {n: [] for n in POINT_COUNTS}
    for index, pair in enumerate(WEIGHT_PAIRS):
        first = _first_responsibilities(pair)
        for n in POINT_COUNTS:
            for steps in combinations_with_replacement(sorted(first), n):
                if len(set(steps)) >= MIN_DISTINCT:
                    layouts[n] += [(steps, index, k)
                                   for k in _hand_sized_components(steps, first)]
    return {n: tuple(sorted(found)) for n, found in layouts.items()}


def m_step_or_redraw(x: list[sympy.Expr],
                     gamma: list[list[sympy.Expr]]) -> tuple[list[sympy.Expr], ...]:
    """Return the M-step, redrawing components with little responsibility or no spread."""
    for k in range(2):
        if sum(row[k] for row in gamma) < sympy.Rational(MIN_TOTAL.numerator,
                                                         MIN_TOTAL.denominator):
            raise DegenerateDrawError(f"component {k + 1} has almost no responsibility")
    weights, means, variances = kernel.m_step(x, gamma)
    if any(v <= 0 for v in variances):
        raise DegenerateDrawError("a component has zero variance after the M-step")
    return weights, means, variances


def mixture_failures(x: list[sympy.Expr], weights: list[sympy.Expr], means: list[sympy.Expr],
                     variances: list[sympy.Expr]) -> list[str]:
    """Return failures of identities every M-step meets.

    The weights sum to 1, the weighted means give the data mean, and the within- plus
    between-component variance gives the data variance (with 1/n).
    """
    failures = []
    if sum(weights) != 1:
        failures.append(f"new weights sum to {sum(weights)}")
    mean = sum(x) / len(x)
    if sum(c * m for c, m in zip(weights, means)) != mean:
        failures.append("weighted means do not give the data mean")
    spread = sum((point - mean) ** 2 for point in x) / len(x)
    parts = sum(c * (v + (m - mean) ** 2) for c, m, v in zip(weights, means, variances))
    if parts != spread:
        failures.append("within and between variances do not add up to the data variance")
    return failures


@register
class GmmEmStep(Template):
    id = "gmm-em-step"
    topic = "gmm-em"
    title = "One EM iteration of a Gaussian mixture"
    description = "E-step responsibilities, new weights, means and a variance of a 1-D GMM"
    kind = "computation"
    minutes = 18
    difficulty = 2
    parts = (PartSpec("responsibilities", 2), PartSpec("weights_means", 2),
             PartSpec("variance", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        layouts = hand_sized_layouts()[int(rng.choice(POINT_COUNTS))]
        steps, pair, component = layouts[int(rng.integers(0, len(layouts)))]
        scale = int(rng.choice(SCALES))
        mu1 = int(rng.integers(-2, 3))
        x = [grid_number(mu1 + sympy.Rational(j * scale, 2)) for j in steps]
        return {"x": x, "c": list(WEIGHT_PAIRS[pair]), "mu": [mu1, mu1 + scale],
                "scale": scale, "component": component + 1}

    def solve(self, params: dict[str, Any]) -> Solution:
        x = [rational(v) for v in params["x"]]
        c = [rational(v) for v in params["c"]]
        mu = [rational(v) for v in params["mu"]]
        scale = sympy.Integer(params["scale"])
        variance = scale**2 / (2 * sympy.log(2))
        ratios = [kernel.weight_ratio(point, c, mu, [variance, variance]) for point in x]
        if any(not r.is_Rational or r > MAX_RATIO or r < sympy.Rational(1, MAX_RATIO)
               for r in ratios):
            raise DegenerateDrawError("a density ratio is not a small fraction")
        gamma = kernel.responsibilities(x, c, mu, [variance, variance])
        weights, means, variances = m_step_or_redraw(x, gamma)
        k = params["component"] - 1
        first = [row[0] for row in gamma]
        require_hand_sized(first, weights, means, variances[k])

        answers = {
            "responsibilities": exact_answer(first, **TOLERANCE),
            "weights_means": exact_answer(weights + means, **TOLERANCE),
            "variance": exact_answer(variances[k], **TOLERANCE),
        }
        totals = [sum(row[j] for row in gamma) for j in range(2)]
        work = {
            "squares": [[(p - m) ** 2 for m in mu] for p in x],
            "exponents": [((p - mu[1]) ** 2 - (p - mu[0]) ** 2) / scale**2 for p in x],
            "ratios": ratios, "gamma": gamma, "first": first, "totals": totals,
            "weighted_sums": [sum(row[j] * p for row, p in zip(gamma, x)) for j in range(2)],
            "weights": weights, "means": means, "variances": variances,
            "deviations": [(p - means[k]) ** 2 for p in x],
            "weight_ratio": c[0] / c[1], "scale_squared": scale**2,
            "half_scale_squared": scale**2 / 2,
        }
        return Solution(answers=answers, work=work,
                        mistakes=self._mistakes(x, c, mu, variance, gamma, k, answers))

    @staticmethod
    def _mistakes(x: list[sympy.Expr], c: list[sympy.Expr], mu: list[sympy.Expr],
                  variance: sympy.Expr, gamma: list[list[sympy.Expr]], k: int,
                  answers: dict[str, Any]) -> dict[str, tuple[Mistake, ...]]:
        n = len(x)
        no_weights = kernel.responsibilities(x, [sympy.Integer(1)] * 2, mu, [variance] * 2)
        totals = [sum(row[j] for row in gamma) for j in range(2)]
        sums = [sum(row[j] * p for row, p in zip(gamma, x)) for j in range(2)]
        old_spread = sum(row[k] * (p - mu[k]) ** 2 for row, p in zip(gamma, x)) / totals[k]
        new_mean = sums[k] / totals[k]
        over_n = sum(row[k] * (p - new_mean) ** 2 for row, p in zip(gamma, x)) / n
        candidates = {
            "responsibilities": [Mistake(
                "weights left out",
                "used N_1(x_i) / (N_1(x_i) + N_2(x_i)) without the weights c_k",
                float_value([row[0] for row in no_weights]))],
            "weights_means": [Mistake(
                "means divided by n",
                "divided ∑ᵢ γᵢ(k) xᵢ by the number of points n instead of "
                "∑ᵢ γᵢ(k)",
                float_value([t / n for t in totals] + [s / n for s in sums]))],
            "variance": [
                Mistake("old mean",
                        "measured the squared deviations from the old mean mu_k instead "
                        "of the new one", float(old_spread)),
                Mistake("variance divided by n",
                        "divided the weighted squared deviations by n instead of "
                        "∑ᵢ γᵢ(k)", float(over_n)),
            ],
        }
        return distinct_by_part(answers, candidates)

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        w = solution.work
        x = [rational(v) for v in params["x"]]
        failures = mixture_failures(x, w["weights"], w["means"], w["variances"])
        # gamma_i(1) / gamma_i(2) must be the weighted density ratio that the E-step used.
        for i, (row, ratio) in enumerate(zip(w["gamma"], w["ratios"])):
            if row[0] != ratio * row[1]:
                failures.append(f"point {i + 1}: responsibilities do not have ratio {ratio}")
        return failures


@register
class GmmMStep(Template):
    id = "gmm-em-mstep"
    topic = "gmm-em"
    title = "M-step of a Gaussian mixture"
    description = "New weights, means and variances of a 1-D GMM from given responsibilities"
    kind = "computation"
    minutes = 12
    difficulty = 1
    parts = (PartSpec("weights", 1), PartSpec("means", 1), PartSpec("variances", 2))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        count = int(rng.integers(4, 6))
        x = sorted(int(v) for v in rng.choice(np.arange(-3, 6), size=count, replace=False))
        denominator = int(rng.choice(GAMMA_DENOMINATORS))
        numerators = rng.integers(0, denominator + 1, size=count)
        # Hard 0/1 assignments alone would make the M-step plain k-means averaging.
        if sum(0 < k < denominator for k in numerators) < MIN_SOFT:
            raise DegenerateDrawError("too few points shared by both components")
        gamma = [str(sympy.Rational(int(k), denominator)) for k in numerators]
        return {"x": x, "gamma1": gamma}

    def solve(self, params: dict[str, Any]) -> Solution:
        x = [sympy.Integer(v) for v in params["x"]]
        first = [rational(g) for g in params["gamma1"]]
        gamma = [[g, 1 - g] for g in first]
        weights, means, variances = m_step_or_redraw(x, gamma)
        if means[0] == means[1]:
            raise DegenerateDrawError("both components get the same mean")
        require_hand_sized(weights, means, variances)

        answers = {
            "weights": exact_answer(weights, **TOLERANCE),
            "means": exact_answer(means, **TOLERANCE),
            "variances": exact_answer(variances, **TOLERANCE),
        }
        totals = [sum(row[k] for row in gamma) for k in range(2)]
        work = {
            "gamma": gamma, "totals": totals, "weights": weights, "means": means,
            "variances": variances,
            "weighted_sums": [sum(row[k] * p for row, p in zip(gamma, x)) for k in range(2)],
            "deviations": [[(p - means[k]) ** 2 for p in x] for k in range(2)],
        }
        return Solution(answers=answers, work=work,
                        mistakes=self._mistakes(x, gamma, work, answers))

    @staticmethod
    def _mistakes(x: list[sympy.Expr], gamma: list[list[sympy.Expr]], work: dict[str, Any],
                  answers: dict[str, Any]) -> dict[str, tuple[Mistake, ...]]:
        n = len(x)
        totals, sums = work["totals"], work["weighted_sums"]
        data_mean = sum(x) / n
        squared = [sum(row[k] * (p - work["means"][k]) ** 2 for row, p in zip(gamma, x))
                   for k in range(2)]
        candidates = {
            "weights": [Mistake("no 1/n", "gave ∑ᵢ γᵢ(k) without dividing by n",
                                float_value(totals))],
            "means": [
                Mistake("divided by n",
                        "divided ∑ᵢ γᵢ(k) xᵢ by n instead of ∑ᵢ γᵢ(k)",
                        float_value([s / n for s in sums])),
                Mistake("unweighted mean", "gave the plain mean of all points to both "
                        "components", float_value([data_mean, data_mean])),
            ],
            "variances": [
                Mistake("divided by n",
                        "divided the weighted squared deviations by n instead of "
                        "∑ᵢ γᵢ(k)", float_value([s / n for s in squared])),
                Mistake("data mean",
                        "measured the deviations from the mean of all points instead of "
                        "the component's new mean",
                        float_value([sum(row[k] * (p - data_mean) ** 2
                                      for row, p in zip(gamma, x)) / totals[k]
                                  for k in range(2)])),
            ],
        }
        return distinct_by_part(answers, candidates)

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        w = solution.work
        x = [sympy.Integer(v) for v in params["x"]]
        return mixture_failures(x, w["weights"], w["means"], w["variances"])
