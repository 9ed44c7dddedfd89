"""A scalar LSTM cell and its one-step back-propagation, in exact arithmetic.

Course convention: c[t] = f[t] c[t-1] + i[t] g[t] with the cell input
g[t] = tanh(w_c x[t] + u_c h[t-1] + b_c), and the output h[t] = o[t] c[t] (no tanh,
unlike PyTorch's LSTMCell, which outputs o[t] tanh(c[t])).
"""

from __future__ import annotations

import sympy


def sigmoid_of_log(r: sympy.Rational) -> sympy.Rational:
    """Return sigma(ln r) = r / (r + 1) for r > 0."""
    return r / (r + 1)


def tanh_of_log(r: sympy.Rational) -> sympy.Rational:
    """Return tanh(ln r) = (r^2 - 1) / (r^2 + 1) for r > 0."""
    return (r**2 - 1) / (r**2 + 1)


def cell_update(c_prev: sympy.Expr, i: sympy.Expr, f: sympy.Expr,
                g: sympy.Expr) -> sympy.Expr:
    """Return c[t] = f[t] c[t-1] + i[t] g[t]."""
    return f * c_prev + i * g


def course_output(o: sympy.Expr, c: sympy.Expr) -> sympy.Expr:
    """Return the course's output h[t] = o[t] c[t]."""
    return o * c


def cell_gradient(dh: sympy.Expr, o: sympy.Expr, dc_next: sympy.Expr,
                  f_next: sympy.Expr) -> sympy.Expr:
    """Return dL/dc[t] = dL/dh[t] o[t] + dL/dc[t+1] f[t+1] (h[t] = o[t] c[t])."""
    return dh * o + dc_next * f_next


def gate_gradients(dc: sympy.Expr, dh: sympy.Expr, c: sympy.Expr, c_prev: sympy.Expr,
                   g: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr, sympy.Expr]:
    """Return (dL/di[t], dL/df[t], dL/do[t]) = (dL/dc g[t], dL/dc c[t-1], dL/dh c[t])."""
    return dc * g, dc * c_prev, dh * c
