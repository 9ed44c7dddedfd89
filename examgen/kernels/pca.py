"""Principal component analysis of 2-D data in closed form.

The centered data matrix X has one row (x_m - mu)^T per point. The principal directions
are the unit eigenvectors of the sum-of-squares matrix X^T X, each signed so that its
first nonzero element is positive.
"""

from __future__ import annotations

from typing import Sequence

import sympy

Vector = list[sympy.Expr]
Matrix = list[list[sympy.Expr]]


def mean(points: Sequence[Sequence[sympy.Expr]]) -> Vector:
    """Return the mean of the points (rows)."""
    count = len(points)
    return [sum(p[d] for p in points) / count for d in range(len(points[0]))]


def center(points: Sequence[Sequence[sympy.Expr]]) -> Matrix:
    """Return the centered data matrix whose rows are (x_m - mu)^T."""
    mu = mean(points)
    return [[x - m for x, m in zip(p, mu)] for p in points]


def matmul(x: Matrix, y: Matrix) -> Matrix:
    """Return the matrix product x y for lists of rows."""
    return [[sum(a * b for a, b in zip(row, col)) for col in zip(*y)] for row in x]


def transpose(x: Matrix) -> Matrix:
    """Return the transpose of a list of rows."""
    return [list(col) for col in zip(*x)]


def symmetric_eigenvalues(s: Matrix) -> Vector:
    """Return the eigenvalues of a symmetric 2x2 matrix, largest first.

    lambda = (tr +- sqrt(tr^2 - 4 det)) / 2, the roots of the characteristic polynomial.
    """
    trace = s[0][0] + s[1][1]
    det = s[0][0] * s[1][1] - s[0][1] * s[1][0]
    root = sympy.sqrt(trace**2 - 4 * det)
    return [(trace + root) / 2, (trace - root) / 2]


def unit_eigenvector(s: Matrix, eigenvalue: sympy.Expr) -> Vector:
    """Return the unit eigenvector of a symmetric 2x2 matrix for a simple eigenvalue.

    (s12, lambda - s11) solves the first row of (S - lambda I) v = 0. When s12 = 0 the
    matrix is diagonal, so the eigenvector is an axis.
    """
    if s[0][1] != 0:
        v = [s[0][1], eigenvalue - s[0][0]]
    elif eigenvalue == s[0][0]:
        v = [sympy.Integer(1), sympy.Integer(0)]
    else:
        v = [sympy.Integer(0), sympy.Integer(1)]
    return normalize(v)


def normalize(v: Vector) -> Vector:
    """Return v / |v|, signed so that its first nonzero element is positive."""
    norm = sympy.sqrt(sum(x**2 for x in v))
    sign = next(1 if x > 0 else -1 for x in v if x != 0)
    return [sympy.radsimp(sign * x / norm) for x in v]


def percent_of_energy(eigenvalues: Vector, k: int) -> sympy.Expr:
    """Return PoE(k) = 100 sum_{d<=k} lambda_d / sum_d lambda_d (eigenvalues sorted)."""
    return 100 * sum(eigenvalues[:k]) / sum(eigenvalues)


def direction_from_gram(x: Matrix, u: Vector) -> Vector:
    """Return v = X^T u / |X^T u|, the principal direction of a Gram eigenvector u."""
    return normalize([sum(row[d] * ui for row, ui in zip(x, u)) for d in range(len(x[0]))])
