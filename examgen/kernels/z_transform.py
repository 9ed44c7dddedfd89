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
