"""Difference equations and their z-transforms, in the course's feedback convention.

y[n] = sum_k b_k x[n-k] + sum_k a_k y[n-k], so H(z) = B(z) / (1 - sum_k a_k z^-k).
"""

from __future__ import annotations

import sympy


def feedback_coefficients(poles: list[sympy.Expr]) -> list[sympy.Expr]:
    """Return a_1..a_N such that 1 - sum_k a_k z^-k = prod_i (1 - p_i z^-1)."""
    z_inv = sympy.Symbol("w")
    product = sympy.expand(sympy.prod([1 - p * z_inv for p in poles]))
    return [-product.coeff(z_inv, k) for k in range(1, len(poles) + 1)]


def magnitude_response(b: list[sympy.Expr], a: list[sympy.Expr], z: sympy.Expr) -> sympy.Expr:
    """Return |H(z)| for B(z) = sum b_k z^-k and feedback coefficients a_1..a_N."""
    numerator = sum(bk * z ** (-k) for k, bk in enumerate(b))
    denominator = 1 - sum(ak * z ** (-(k + 1)) for k, ak in enumerate(a))
    return sympy.Abs(sympy.nsimplify(numerator / denominator))


def partial_fractions(b: list[sympy.Expr], poles: list[sympy.Expr]) -> list[sympy.Expr]:
    """Return C_i with H(z) = sum_i C_i / (1 - p_i z^-1), for distinct poles.

    B(z) must have fewer taps than there are poles (a proper rational function of z^-1).
    C_i = B(z) prod_{j != i} (1 - p_j z^-1)^-1 evaluated at z = p_i.
    """
    residues = []
    for i, pole in enumerate(poles):
        numerator = sum(bk * pole ** (-k) for k, bk in enumerate(b))
        others = sympy.prod([1 - other / pole for j, other in enumerate(poles) if j != i])
        residues.append(sympy.simplify(numerator / others))
    return residues


def impulse_response(residues: list[sympy.Expr], poles: list[sympy.Expr],
                     count: int) -> list[sympy.Expr]:
    """Return h[0..count-1] = sum_i C_i p_i^n for n >= 0."""
    return [sympy.nsimplify(sum(c * p**n for c, p in zip(residues, poles)))
            for n in range(count)]


def resonator_coefficients(radius: sympy.Expr, frequency: sympy.Expr) -> list[sympy.Expr]:
    """Return a_1 = 2 r cos(w1) and a_2 = -r^2 for the poles p = r e^{+-j w1}."""
    return [2 * radius * sympy.cos(frequency), -radius**2]


def resonator_impulse(radius: sympy.Expr, frequency: sympy.Expr, count: int) -> list[sympy.Expr]:
    """Return h[n] = r^n sin(w1 (n+1)) / sin(w1) for n = 0..count-1.

    This is the impulse response of 1 / (1 - a_1 z^-1 - a_2 z^-2) with poles r e^{+-j w1}.
    """
    return [radius**n * sympy.sin(frequency * (n + 1)) / sympy.sin(frequency)
            for n in range(count)]


def all_pole_gain(a: list[sympy.Expr], z: sympy.Expr) -> sympy.Expr:
    """Return |1 / (1 - sum_k a_k z^-k)| at a real z, as one fraction."""
    point = sympy.sympify(z)  # a Python int would turn z**-1 into a float
    denominator = 1 - sum(ak * point ** (-(k + 1)) for k, ak in enumerate(a))
    return sympy.Abs(sympy.together(1 / denominator))
