"""One EM iteration of a one-dimensional Gaussian mixture, in exact arithmetic.

p(x) = sum_k c_k N(x | mu_k, var_k). The E-step gives the responsibilities
gamma_i(k) = c_k N_k(x_i) / sum_l c_l N_l(x_i). The M-step then re-estimates
c_k = (1/n) sum_i gamma_i(k), mu_k = sum_i gamma_i(k) x_i / sum_i gamma_i(k) and
var_k = sum_i gamma_i(k) (x_i - mu_k)^2 / sum_i gamma_i(k) with the NEW mean mu_k.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

Vector = list[sympy.Expr]


def density_ratio(x: sympy.Expr, mu_top: sympy.Expr, var_top: sympy.Expr,
                  mu_bottom: sympy.Expr, var_bottom: sympy.Expr) -> sympy.Expr:
    """Return N(x | mu_top, var_top) / N(x | mu_bottom, var_bottom).

    The 1/sqrt(2 pi) factors cancel, so only the root of the variance ratio and one
    exponential remain. With both variances s^2 / (2 ln 2), the exponential is a power of 2.
    """
    exponent = (x - mu_bottom) ** 2 / (2 * var_bottom) - (x - mu_top) ** 2 / (2 * var_top)
    return sympy.sqrt(var_bottom / var_top) * sympy.exp(exponent)


def weight_ratio(x: sympy.Expr, c: Sequence[sympy.Expr], mu: Sequence[sympy.Expr],
                 var: Sequence[sympy.Expr]) -> sympy.Expr:
    """Return c_1 N_1(x) / (c_2 N_2(x)) for a two-component mixture."""
    return c[0] / c[1] * density_ratio(x, mu[0], var[0], mu[1], var[1])


def responsibilities(x: Sequence[sympy.Expr], c: Sequence[sympy.Expr],
                     mu: Sequence[sympy.Expr], var: Sequence[sympy.Expr]) -> list[Vector]:
    """Return [gamma_i(1), gamma_i(2)] for each point of a two-component mixture.

    Dividing through by c_2 N_2(x_i) gives gamma_i(1) = r_i / (1 + r_i) with
    r_i = c_1 N_1(x_i) / (c_2 N_2(x_i)), which stays exact when r_i is rational.
    """
    rows = []
    for point in x:
        ratio = weight_ratio(point, c, mu, var)
        first = ratio / (1 + ratio)
        rows.append([first, 1 - first])
    return rows


def m_step(x: Sequence[sympy.Expr],
           gamma: Sequence[Sequence[sympy.Expr]]) -> tuple[Vector, Vector, Vector]:
    """Return the re-estimated (weights, means, variances) from responsibilities.

    `gamma[i][k]` is the responsibility of component k for point i. Raises
    ZeroDivisionError for a component whose responsibilities sum to 0.
    """
    n = len(x)
    components = len(gamma[0])
    weights, means, variances = [], [], []
    for k in range(components):
        total = sum(row[k] for row in gamma)
        if total == 0:
            raise ZeroDivisionError(f"component {k + 1} has no responsibility")
        mean = sum(row[k] * point for row, point in zip(gamma, x)) / total
        variance = sum(row[k] * (point - mean) ** 2 for row, point in zip(gamma, x)) / total
        weights.append(total / n)
        means.append(mean)
        variances.append(variance)
    return weights, means, variances
