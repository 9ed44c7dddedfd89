"""Linear algebra templates: eigenpairs of a symmetric 2x2 matrix and least squares."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer, float_value, rationals
from examgen.kernels import linear_algebra as kernel
from examgen.model import Mistake
from examgen.registry import register
from examgen.rules import differs, hand_sized
from examgen.template import PartSpec, Solution, Template

# Eigenvector directions (p, q) with small integers, so A = l2 I + (l1 - l2) v v^T has
# integer entries whenever p^2 + q^2 divides l1 - l2.
DIRECTIONS = ((1, 1), (1, -1), (1, 2), (2, 1), (1, -2), (2, -1), (1, 3), (3, 1), (1, -3), (3, -1))
DESIGN_ENTRIES = (-2, -1, 0, 1, 2)
TARGET_ENTRIES = (-3, -2, -1, 0, 1, 2, 3)


@register
class Eigenpairs(Template):
    id = "linear-algebra-eigenpairs"
    topic = "linear-algebra"
    title = "Eigenpairs of a symmetric matrix"
    description = "Determinant, eigenvalues and the unit eigenvector of a symmetric 2x2 matrix"
    kind = "computation"
    minutes = 10
    difficulty = 1
    parts = (PartSpec("determinant", 1), PartSpec("eigenvalues", 1), PartSpec("eigenvector", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        p, q = DIRECTIONS[int(rng.integers(len(DIRECTIONS)))]
        smaller = int(rng.integers(-3, 4))
        # A = l2 I + (l1 - l2) v v^T with v = (p, q) / sqrt(p^2 + q^2) and
        # l1 - l2 = scale (p^2 + q^2), which keeps every entry an integer.
        scale = int(rng.integers(1, 3))
        matrix = [[smaller + scale * p * p, scale * p * q], [scale * p * q, smaller + scale * q * q]]
        return {"A": matrix}

    def solve(self, params: dict[str, Any]) -> Solution:
        a = rationals(params["A"])
        if a[0][1] != a[1][0]:
            raise DegenerateDrawError("matrix is not symmetric")
        det = kernel.determinant_2(a)
        eigenvalues = kernel.symmetric_eigenvalues_2(a)
        if eigenvalues[0] == eigenvalues[1]:
            raise DegenerateDrawError("repeated eigenvalue")
        try:
            vectors = [kernel.unit_eigenvector_2(a, value) for value in eigenvalues]
        except ValueError as error:
            raise DegenerateDrawError(str(error)) from error
        if not hand_sized(det, eigenvalues, vectors):
            raise DegenerateDrawError("numbers too large to work by hand")

        answers = {
            "determinant": exact_answer(det),
            "eigenvalues": exact_answer(eigenvalues, unordered=True),
            "eigenvector": exact_answer(vectors[0], sign_free=True),
        }
        direction = [a[0][1], eigenvalues[0] - a[0][0]]
        mistakes = {
            "determinant": (Mistake(
                "plus sign in the determinant",
                "Computed a11 a22 + a12 a21; the determinant is a11 a22 - a12 a21.",
                float_value(a[0][0] * a[1][1] + a[0][1] * a[1][0])),),
            "eigenvalues": (Mistake(
                "diagonal taken as eigenvalues",
                "Read the eigenvalues off the diagonal; that holds only for a diagonal matrix.",
                float_value([a[0][0], a[1][1]])),),
            "eigenvector": (Mistake(
                "eigenvector not normalized",
                "Gave a null vector of A - lambda I without dividing by its length.",
                float_value(direction)),),
        }
        for part, items in mistakes.items():
            if any(not differs(m.value, answers[part]) for m in items):
                raise DegenerateDrawError(f"a common mistake in part {part} gives the answer")
        work = {
            "A": a, "det": det, "trace": a[0][0] + a[1][1], "eigenvalues": eigenvalues,
            "vectors": vectors, "direction": direction,
            "norm": sympy.sqrt(direction[0] ** 2 + direction[1] ** 2),
            "flipped": bool(direction[0].is_negative),
            "shifted": [[a[0][0] - eigenvalues[0], a[0][1]], [a[1][0], a[1][1] - eigenvalues[0]]],
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        w = solution.work
        a = sympy.Matrix(w["A"])
        failures = []
        for value, vector in zip(w["eigenvalues"], w["vectors"]):
            v = sympy.Matrix(vector)
            if sympy.expand(a * v - value * v) != sympy.zeros(2, 1):
                failures.append(f"A v != {value} v")
            if sympy.expand(v.dot(v)) != 1:
                failures.append("eigenvector is not a unit vector")
        if w["eigenvalues"][0] * w["eigenvalues"][1] != w["det"]:
            failures.append("product of the eigenvalues != det A")
        return failures


@register
class LeastSquares(Template):
    id = "linear-algebra-least-squares"
    topic = "linear-algebra"
    title = "Least-squares solution of an overdetermined system"
    description = "A^T A, the pseudo-inverse solution and the residual of a 3x2 system"
    kind = "computation"
    minutes = 15
    difficulty = 2
    parts = (PartSpec("normal_matrix", 1), PartSpec("solution", 2), PartSpec("residual", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        a = [[int(x) for x in rng.choice(DESIGN_ENTRIES, size=2)] for _ in range(3)]
        b = [int(x) for x in rng.choice(TARGET_ENTRIES, size=3)]
        return {"A": a, "b": b}

    def solve(self, params: dict[str, Any]) -> Solution:
        a = rationals(params["A"])
        b = [sympy.Integer(x) for x in params["b"]]
        try:
            normal, rhs, x = kernel.least_squares(a, b)
        except ZeroDivisionError as error:
            raise DegenerateDrawError("A has dependent columns") from error
        det = kernel.determinant_2(normal)
        if det > 100:
            raise DegenerateDrawError("det(A^T A) too large to work by hand")
        fitted = [row[0] for row in kernel.matmul(a, [[v] for v in x])]
        residual = [bi - fi for bi, fi in zip(b, fitted)]
        if all(r == 0 for r in residual):
            raise DegenerateDrawError("b lies in the column space: no least-squares fit needed")
        if not hand_sized(normal, x, residual):
            raise DegenerateDrawError("numbers too large to work by hand")

        answers = {
            "normal_matrix": exact_answer(normal),
            "solution": exact_answer(x),
            "residual": exact_answer(residual),
        }
        mistakes = {
            "residual": (Mistake(
                "residual sign",
                "Computed A x - b; the residual is b - A x.",
                float_value([-r for r in residual])),),
        }
        work = {
            "A": a, "b": b, "At": kernel.transpose(a), "normal": normal, "rhs": rhs,
            "det": det, "inverse": kernel.inverse_2(normal), "x": x, "fitted": fitted,
            "residual": residual,
            "adjugate": [[normal[1][1], -normal[0][1]], [-normal[1][0], normal[0][0]]],
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        w = solution.work
        # The residual of a least-squares fit is orthogonal to every column of A.
        products = kernel.matmul(w["At"], [[r] for r in w["residual"]])
        return [] if all(row[0] == 0 for row in products) else ["A^T (b - A x) != 0"]
