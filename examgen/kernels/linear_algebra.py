"""Closed-form 2x2 eigenpairs and small least-squares fits, in exact arithmetic."""

from __future__ import annotations

import sympy

Matrix = list[list[sympy.Expr]]


def determinant_2(a: Matrix) -> sympy.Expr:
    """Return the determinant of a 2x2 matrix."""
    return a[0][0] * a[1][1] - a[0][1] * a[1][0]


def symmetric_eigenvalues_2(a: Matrix) -> list[sympy.Expr]:
    """Return the eigenvalues of a symmetric 2x2 matrix, largest first.

    The roots of lambda^2 - tr(A) lambda + det(A) are tr/2 +- sqrt((a11 - a22)^2/4 + a12^2).
    """
    mean = (a[0][0] + a[1][1]) / 2
    radius = sympy.sqrt(((a[0][0] - a[1][1]) / 2) ** 2 + a[0][1] ** 2)
    return [mean + radius, mean - radius]


def unit_eigenvector_2(a: Matrix, eigenvalue: sympy.Expr) -> list[sympy.Expr]:
    """Return the unit eigenvector of a 2x2 matrix for `eigenvalue`, first nonzero element >= 0.

    Uses the row (a11 - lambda, a12) of A - lambda I, whose null vector is (a12, lambda - a11).
    Raises ValueError when a12 = 0, where that row gives no direction.
    """
    if a[0][1] == 0:
        raise ValueError("a12 = 0: the matrix is diagonal")
    direction = [a[0][1], eigenvalue - a[0][0]]
    # Dividing by the positive norm keeps each sign, so the test runs on the cheap direction.
    if next(x for x in direction if x != 0).is_negative:
        direction = [-x for x in direction]
    norm = sympy.sqrt(direction[0] ** 2 + direction[1] ** 2)
    return [x / norm for x in direction]


def transpose(a: Matrix) -> Matrix:
    """Return the transpose of a matrix given as a list of rows."""
    return [list(column) for column in zip(*a)]


def matmul(a: Matrix, b: Matrix) -> Matrix:
    """Return the product of two matrices given as lists of rows."""
    return [[sum((x * y for x, y in zip(row, column)), sympy.Integer(0)) for column in zip(*b)]
            for row in a]


def inverse_2(a: Matrix) -> Matrix:
    """Return the inverse of a 2x2 matrix by its adjugate. Raises ZeroDivisionError if singular."""
    det = determinant_2(a)
    if det == 0:
        raise ZeroDivisionError("singular matrix")
    return [[a[1][1] / det, -a[0][1] / det], [-a[1][0] / det, a[0][0] / det]]


def least_squares(a: Matrix, b: list[sympy.Expr]) -> tuple[Matrix, list[sympy.Expr], list[sympy.Expr]]:
    """Return (A^T A, A^T b, x) with x = (A^T A)^{-1} A^T b for a tall matrix with 2 columns."""
    a_t = transpose(a)
    normal = matmul(a_t, a)
    rhs = [row[0] for row in matmul(a_t, [[x] for x in b])]
    x = [row[0] for row in matmul(inverse_2(normal), [[y] for y in rhs])]
    return normal, rhs, x
