"""A scalar LSTM cell and its one-step back-propagation, in exact arithmetic.

Course convention: c[t] = f[t] c[t-1] + i[t] g[t] with the cell input
g[t] = tanh(w_c x[t] + u_c h[t-1] + b_c), and the output h[t] = o[t] c[t] (no tanh,
unlike PyTorch's LSTMCell, which outputs o[t] tanh(c[t])).
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

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


def tanh_output(o: sympy.Expr, c: sympy.Expr) -> sympy.Expr:
    """Return the tanh output variant h[t] = o[t] tanh(c[t]) of PyTorch's LSTMCell."""
    return o * sympy.tanh(c)


def tanh_output_cell_gradient(dh: sympy.Expr, o: sympy.Expr, c: sympy.Expr,
                              dc_next: sympy.Expr, f_next: sympy.Expr) -> sympy.Expr:
    """Return dL/dc[t] = dL/dh[t] o[t] (1 - tanh(c[t])^2) + dL/dc[t+1] f[t+1].

    This is the gradient for the output h[t] = o[t] tanh(c[t]).
    """
    return dh * o * (1 - sympy.tanh(c) ** 2) + dc_next * f_next


def crelu(z: sympy.Expr) -> sympy.Expr:
    """Apply the clipped ReLU CReLU(z) = min(1, max(0, z))."""
    return min(sympy.Integer(1), max(sympy.Integer(0), z))


def ramp_gate_design(low: sympy.Expr, high: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    """Return (w, b) such that CReLU(w x + b) is 0 at x <= low, 1 at x >= high, linear between.

    The ramp w x + b passes through 0 at x = low and 1 at x = high.
    """
    if high <= low:
        raise ValueError(f"the open input {high} must exceed the closed input {low}")
    w = 1 / (high - low)
    return w, -w * low


def gated_forward(x: Sequence[sympy.Expr], gates: dict[str, tuple[sympy.Expr, ...]],
                  candidate: tuple[sympy.Expr, sympy.Expr],
                  squash: Callable[[Any], Any] = crelu) -> list[dict[str, Any]]:
    """Run a scalar LSTM with hand-set gates over `x`, from c[0] = h[0] = 0.

    `gates` maps "i", "f" and "o" to (w, u, b), the gate being squash(w x[t] +
    u h[t-1] + b). The cell input is linear, g[t] = w_c x[t] + b_c with
    `candidate` = (w_c, b_c), and the output is the course's h[t] = o[t] c[t]. Returns
    one row per step with the pre-activations, the gates, g, c and h.
    """
    c: Any = sympy.Integer(0)
    h: Any = sympy.Integer(0)
    rows = []
    for x_t in x:
        pre = {name: w * x_t + u * h + b for name, (w, u, b) in gates.items()}
        gate = {name: squash(value) for name, value in pre.items()}
        g = candidate[0] * x_t + candidate[1]
        c_prev, h_prev = c, h
        c = cell_update(c, gate["i"], gate["f"], g)
        h = course_output(gate["o"], c)
        rows.append({"x": x_t, "pre": pre, **gate, "g": g, "c_prev": c_prev,
                     "h_prev": h_prev, "c": c, "h": h})
    return rows
