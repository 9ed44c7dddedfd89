"""Gaussian densities and Bayes decisions in closed form.

The course calls d = (x - mu)^T Sigma^-1 (x - mu) the Mahalanobis distance (the squared
form, with no root), and N(x | mu, Sigma) = exp(-d/2) / ((2 pi)^(D/2) |Sigma|^(1/2)).
"""

from __future__ import annotations

from typing import Sequence

import sympy

Vector = list[sympy.Expr]
Matrix = list[list[sympy.Expr]]


def determinant_2x2(s: Matrix) -> sympy.Expr:
    """Return s11 s22 - s12 s21."""
    return s[0][0] * s[1][1] - s[0][1] * s[1][0]


def inverse_2x2(s: Matrix) -> Matrix:
    """Return the inverse of a 2x2 matrix: swap the diagonal, negate the rest, divide by det."""
    det = determinant_2x2(s)
    if det == 0:
        raise ZeroDivisionError("singular 2x2 matrix")
    return [[s[1][1] / det, -s[0][1] / det], [-s[1][0] / det, s[0][0] / det]]


def contour_coefficients(inverse: Matrix) -> Vector:
    """Return (c_aa, c_ab, c_bb) with d = c_aa a^2 + c_ab a b + c_bb b^2 for (a, b) = x - mu.

    The cross coefficient is twice the off-diagonal entry, because the quadratic form
    collects both the (1, 2) and the (2, 1) terms.
    """
    return [inverse[0][0], inverse[0][1] + inverse[1][0], inverse[1][1]]


def mahalanobis(offset: Sequence[sympy.Expr], inverse: Matrix) -> sympy.Expr:
    """Return d = offset^T inverse offset."""
    n = len(offset)
    return sum(offset[i] * inverse[i][j] * offset[j] for i in range(n) for j in range(n))


def normal_pdf(d: sympy.Expr, det: sympy.Expr, dimension: int) -> sympy.Expr:
    """Return exp(-d/2) / ((2 pi)^(D/2) sqrt(det)) for a Mahalanobis distance d."""
    return sympy.exp(-d / 2) / ((2 * sympy.pi) ** sympy.Rational(dimension, 2)
                                * sympy.sqrt(det))


def equal_variance_threshold(mu1: sympy.Expr, mu2: sympy.Expr, variance: sympy.Expr,
                             prior1: sympy.Expr, prior2: sympy.Expr) -> sympy.Expr:
    """Return x where prior1 N(x | mu1, var) = prior2 N(x | mu2, var), for mu1 != mu2.

    Taking logs of both sides leaves a linear equation:
    x = (mu1 + mu2)/2 + var ln(prior1/prior2) / (mu2 - mu1).
    """
    return (mu1 + mu2) / 2 + variance * sympy.log(prior1 / prior2) / (mu2 - mu1)
