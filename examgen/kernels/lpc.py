"""Linear prediction by the autocorrelation method, in exact rational arithmetic.

Analysis e[n] = s[n] - sum_{k=1}^p a_k s[n-k]; synthesis s[n] = e[n] + sum_k a_k s[n-k].
The autocorrelation is not normalized: R[m] = sum_n s[n] s[n-m], with s = 0 outside
the given samples.
"""

from __future__ import annotations

import sympy


def autocorrelation(signal: list[sympy.Rational], max_lag: int) -> list[sympy.Rational]:
    """Return R[0..max_lag] of a finite signal that is zero outside its samples."""
    return [sum((signal[n] * signal[n - m] for n in range(m, len(signal))), sympy.Integer(0))
            for m in range(max_lag + 1)]


def normal_equations_2(r: list[sympy.Rational]) -> tuple[sympy.Rational, list[sympy.Rational]]:
    """Return (det R, [a_1, a_2]) solving [[R0, R1], [R1, R0]] a = [R1, R2] by Cramer's rule.

    Raises ZeroDivisionError when the Toeplitz matrix is singular.
    """
    det = r[0] ** 2 - r[1] ** 2
    if det == 0:
        raise ZeroDivisionError("singular autocorrelation matrix")
    a1 = (r[0] * r[1] - r[1] * r[2]) / det
    a2 = (r[0] * r[2] - r[1] ** 2) / det
    return det, [a1, a2]


def prediction_error(r: list[sympy.Rational], a: list[sympy.Rational]) -> sympy.Rational:
    """Return the minimum error E = R[0] - sum_k a_k R[k]."""
    return r[0] - sum((ak * r[k + 1] for k, ak in enumerate(a)), sympy.Integer(0))


def residual(signal: list[sympy.Rational], a: list[sympy.Rational]) -> list[sympy.Rational]:
    """Return e[n] = s[n] - sum_k a_k s[n-k] for n = 0..len(signal) + p - 1."""
    def sample(n: int) -> sympy.Rational:
        return signal[n] if 0 <= n < len(signal) else sympy.Integer(0)

    return [sample(n) - sum((ak * sample(n - k - 1) for k, ak in enumerate(a)), sympy.Integer(0))
            for n in range(len(signal) + len(a))]


def synthesis_roots_2(a: list[sympy.Expr]) -> list[sympy.Expr]:
    """Return the two roots of z^2 - a_1 z - a_2, the poles of the synthesis filter 1/A(z)."""
    discriminant = a[0] ** 2 + 4 * a[1]
    root = sympy.sqrt(discriminant)
    return [(a[0] - root) / 2, (a[0] + root) / 2]


def pitch_period(r: list[sympy.Rational], min_lag: int, max_lag: int) -> int:
    """Return the lag in [min_lag, max_lag] where R[m] is largest.

    Raises ValueError on a tie, since the pitch period would then be ambiguous.
    """
    lags = range(min_lag, max_lag + 1)
    best = max(r[m] for m in lags)
    winners = [m for m in lags if r[m] == best]
    if len(winners) != 1:
        raise ValueError(f"tie in R[m] at lags {winners}")
    return winners[0]
