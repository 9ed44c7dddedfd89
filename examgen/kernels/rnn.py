"""Scalar recurrent networks and back-propagation through time, in exact arithmetic.

The course's RNN is h[n] = g(xi[n]) with xi[n] = x[n] + sum_{m=1}^{M} w[m] h[n-m] and
the loss L = (1/2) sum_n (h[n] - y[n])^2. Sequences run over n = 1..N with h[n] = 0 for
n <= 0. Lists below are indexed from 0, so index k is step n = k + 1, and
`weights[m - 1]` is w[m].
"""

from __future__ import annotations

from typing import Sequence

import sympy

ZERO = sympy.Integer(0)
ONE = sympy.Integer(1)


def activation(xi: sympy.Expr, relu: bool) -> sympy.Expr:
    """Apply g: the identity, or ReLU(xi) = xi for xi > 0 and 0 otherwise."""
    if relu:
        return xi if xi > 0 else ZERO
    return xi


def activation_slope(xi: sympy.Expr, relu: bool) -> sympy.Expr:
    """Return g'(xi): 1 for the identity, the unit step u(xi) for ReLU (with u(0) = 0)."""
    if relu:
        return ONE if xi > 0 else ZERO
    return ONE


def past(h: Sequence[sympy.Expr], index: int) -> sympy.Expr:
    """Return h[index], which is 0 before the sequence starts (a negative index)."""
    return h[index] if index >= 0 else ZERO


def forward(x: Sequence[sympy.Expr], weights: Sequence[sympy.Expr],
            relu: bool) -> tuple[list[sympy.Expr], list[sympy.Expr]]:
    """Run the RNN over `x` and return (xi, h), both indexed by step."""
    xi: list[sympy.Expr] = []
    h: list[sympy.Expr] = []
    for k, x_k in enumerate(x):
        pre = x_k + sum((w * past(h, k - m) for m, w in enumerate(weights, start=1)), ZERO)
        xi.append(pre)
        h.append(activation(pre, relu))
    return xi, h


def loss(h: Sequence[sympy.Expr], y: Sequence[sympy.Expr]) -> sympy.Expr:
    """Return L = (1/2) sum_n (h[n] - y[n])^2."""
    return sum(((h_k - y_k) ** 2 for h_k, y_k in zip(h, y)), ZERO) / 2


def total_state_gradients(xi: Sequence[sympy.Expr], h: Sequence[sympy.Expr],
                          y: Sequence[sympy.Expr], weights: Sequence[sympy.Expr],
                          relu: bool) -> list[sympy.Expr]:
    """Return the total derivatives dL/dh[n], computed backwards from the last step.

    dL/dh[n] = (h[n] - y[n]) + sum_{m=1}^{M} dL/dh[n+m] g'(xi[n+m]) w[m].
    """
    steps = len(h)
    grads: list[sympy.Expr] = [ZERO] * steps
    for k in reversed(range(steps)):
        total = h[k] - y[k]
        for m, w in enumerate(weights, start=1):
            if k + m < steps:
                total += grads[k + m] * activation_slope(xi[k + m], relu) * w
        grads[k] = total
    return grads


def weight_gradient(grads: Sequence[sympy.Expr], xi: Sequence[sympy.Expr],
                    h: Sequence[sympy.Expr], delay: int, relu: bool) -> sympy.Expr:
    """Return dL/dw[m] = sum_n dL/dh[n] g'(xi[n]) h[n-m] for the delay m = `delay`."""
    return sum((grads[k] * activation_slope(xi[k], relu) * past(h, k - delay)
                for k in range(len(h))), ZERO)


def gradient_factor(w: sympy.Expr, steps: int) -> sympy.Expr:
    """Return dh[n]/dh[n-m] = w^m of a scalar linear RNN, for m = `steps`."""
    return w**steps


def steps_past_threshold(w: sympy.Expr, threshold: sympy.Expr) -> int:
    """Return the smallest m >= 1 with |w|^m < 1/threshold (|w| < 1) or > threshold (|w| > 1).

    Raises ValueError for |w| = 1, where |w|^m never moves.
    """
    size = abs(w)
    if size == 1:
        raise ValueError("|w| = 1 neither vanishes nor explodes")
    m = 1
    while (size**m >= 1 / threshold) if size < 1 else (size**m <= threshold):
        m += 1
    return m
