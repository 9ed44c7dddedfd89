"""PCA templates: principal directions, energy and the Gram-matrix shortcut.

Points are built from two orthogonal integer directions (p, q) and (-q, p) and integer
coordinates along them, so X^T X has integer eigenvalues and unit eigenvectors such as
(1, 2)/sqrt(5).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer
from examgen.kernels import pca as kernel
from examgen.model import Mistake
from examgen.registry import register
from examgen.template import PartSpec, Solution, Template

DIRECTIONS = ((1, 0), (0, 1), (1, 1), (1, -1), (1, 2), (2, 1), (1, -2), (2, -1))
POINTS = 4
_COORDINATES = [v for v in itertools.product(range(-2, 3), repeat=POINTS)
                if sum(v) == 0 and any(v)]
# Coordinate pairs (a, b) along the two directions: each sums to zero (centered data),
# they are orthogonal (so the directions are the eigenvectors) and a carries more
# energy than b (distinct eigenvalues, a first).
COORDINATE_PAIRS = [(a, b) for a in _COORDINATES for b in _COORDINATES
                    if np.dot(a, b) == 0 and np.dot(a, a) > np.dot(b, b)]


def draw_points(rng: np.random.Generator) -> list[list[int]]:
    """Draw 4 distinct integer points whose scatter matrix has integer eigenvalues."""
    p, q = DIRECTIONS[int(rng.integers(0, len(DIRECTIONS)))]
    a, b = COORDINATE_PAIRS[int(rng.integers(0, len(COORDINATE_PAIRS)))]
    mu = [int(x) for x in rng.integers(1, 5, size=2)]
    points = [[mu[0] + a[m] * p - b[m] * q, mu[1] + a[m] * q + b[m] * p]
              for m in range(POINTS)]
    if len({tuple(x) for x in points}) < POINTS:
        raise DegenerateDrawError("two equal points")
    return points


def analyse(points: list[list[int]]) -> dict[str, Any]:
    """Return the centered data, X^T X, eigenpairs and projections of the points."""
    data = [[sympy.Integer(x) for x in point] for point in points]
    mu = kernel.mean(data)
    x = kernel.center(data)
    scatter = kernel.matmul(kernel.transpose(x), x)
    eigenvalues = kernel.symmetric_eigenvalues(scatter)
    if eigenvalues[1] == 0 or eigenvalues[0] == eigenvalues[1]:
        raise DegenerateDrawError(f"eigenvalues {eigenvalues} not distinct and nonzero")
    vectors = [kernel.unit_eigenvector(scatter, lam) for lam in eigenvalues]
    projections = kernel.matmul(x, kernel.transpose(vectors))
    return {"mu": mu, "X": x, "scatter": scatter, "eigenvalues": eigenvalues,
            "v1": vectors[0], "v2": vectors[1],
            "projections": projections}


def eigen_failures(work: dict[str, Any]) -> list[str]:
    """Return failures of S v = lambda v and |v| = 1 for both eigenpairs."""
    s = sympy.Matrix(work["scatter"])
    failures = []
    for lam, name in zip(work["eigenvalues"], ("v1", "v2")):
        v = sympy.Matrix(work[name])
        if sympy.expand(s * v - lam * v) != sympy.zeros(2, 1):
            failures.append(f"S {name} != lambda {name}")
        if sympy.expand(v.dot(v)) != 1:
            failures.append(f"{name} is not a unit vector")
    return failures


@register
class PcaEnergy(Template):
    id = "pca-energy"
    topic = "pca"
    title = "Principal components of four points"
    description = "X^T X of centered 2-D data, principal eigenvector and percent of energy"
    kind = "computation"
    minutes = 15
    difficulty = 2
    parts = (PartSpec("scatter", 1), PartSpec("principal", 2), PartSpec("energy", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        return {"points": draw_points(rng)}

    def solve(self, params: dict[str, Any]) -> Solution:
        work = analyse(params["points"])
        energy = kernel.percent_of_energy(work["eigenvalues"], 1)
        work["energy"] = energy
        raw = [[sympy.Integer(x) for x in point] for point in params["points"]]
        uncentered = kernel.matmul(kernel.transpose(raw), raw)
        singular = [float(sympy.sqrt(lam)) for lam in work["eigenvalues"]]
        mistakes = {
            "scatter": (Mistake("not centered", "used the raw points instead of x_m - mu",
                                tuple(tuple(int(v) for v in row) for row in uncentered)),),
            "principal": (Mistake("smaller eigenvalue",
                                  "took the eigenvector of the smaller eigenvalue",
                                  tuple(float(v) for v in work["v2"])),),
            "energy": (Mistake("singular values",
                               "summed sqrt(lambda) (singular values) instead of lambda",
                               100 * singular[0] / sum(singular)),),
        }
        answers = {
            "scatter": exact_answer(work["scatter"]),
            "principal": exact_answer(work["v1"], sign_free=True),
            "energy": exact_answer(energy),
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        work = solution.work
        failures = eigen_failures(work)
        first = sum(row[0] ** 2 for row in work["projections"])
        if sympy.expand(first - work["eigenvalues"][0]) != 0:
            failures.append(f"sum of y_m1^2 is {first}, not lambda_1")
        return failures


@register
class PcaGram(Template):
    id = "pca-gram"
    topic = "pca"
    title = "PCA through the Gram matrix"
    description = "Gram matrix X X^T, its nonzero eigenvalues and v_1 from X^T u_1"
    kind = "analysis"
    minutes = 15
    difficulty = 2
    parts = (PartSpec("gram", 1), PartSpec("eigenvalues", 1), PartSpec("principal", 2))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        return {"points": draw_points(rng)}

    def solve(self, params: dict[str, Any]) -> Solution:
        work = analyse(params["points"])
        x = work["X"]
        gram = kernel.matmul(x, kernel.transpose(x))
        # u_1 = X v_1 / sqrt(lambda_1) is the unit eigenvector of G that the text gives.
        root = sympy.sqrt(work["eigenvalues"][0])
        u1 = [sympy.radsimp(row[0] / root) for row in work["projections"]]
        v1 = kernel.direction_from_gram(x, u1)
        work.update({"G": gram, "u1": u1, "Xu1": kernel.matmul(kernel.transpose(x),
                                                                [[u] for u in u1]),
                     "v1": v1, "trace": sum(gram[m][m] for m in range(POINTS))})
        covariance = [lam / (POINTS - 1) for lam in work["eigenvalues"]]
        mistakes = {"eigenvalues": (Mistake(
            "covariance scaling",
            "divided by M - 1: those are the eigenvalues of the covariance, not of G",
            tuple(float(v) for v in covariance)),)}
        answers = {
            "gram": exact_answer(gram),
            "eigenvalues": exact_answer(work["eigenvalues"]),
            "principal": exact_answer(v1, sign_free=True),
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        work = solution.work
        failures = eigen_failures(work)
        g = sympy.Matrix(work["G"])
        u = sympy.Matrix(work["u1"])
        if sympy.expand(g * u - work["eigenvalues"][0] * u) != sympy.zeros(POINTS, 1):
            failures.append("G u1 != lambda_1 u1")
        if work["trace"] != sum(work["eigenvalues"]):
            failures.append("trace of G differs from the sum of the eigenvalues")
        return failures
