"""Partial and total derivatives through small flow graphs.

A node computes a function of one or two inputs u and v, chosen from FORMS with the
coefficients a and b. The total derivative of a node with respect to x is the sum over
the paths from x: each edge contributes its partial derivative.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

U, V, A, B = sympy.symbols("u v a b")

# Node functions of (u, v) with coefficients (a, b). One-input nodes use u only.
FORMS: dict[str, sympy.Expr] = {
    "square": A * U**2 + B,
    "linear": A * U + B,
    "exp": sympy.exp(A * U),
    "log": sympy.log(U) + B,
    "product": A * U * V,
    "sum": A * U + B * V,
    "square-sum": A * U + V**2,
    "scaled-exp": V * sympy.exp(A * U),
    "ratio": A * V / U,
    "log-sum": sympy.log(V) + A * U,
}

# The partial derivatives are worked out once, so a solve only substitutes numbers.
PARTIALS: dict[str, tuple[sympy.Expr, sympy.Expr]] = {
    name: (sympy.diff(expr, U), sympy.diff(expr, V)) for name, expr in FORMS.items()
}


def node_expression(
    form: str, coefficients: Sequence[sympy.Expr], inputs: Sequence[sympy.Symbol]
) -> sympy.Expr:
    """Return the node's function of named input symbols, for the problem text."""
    names = {A: coefficients[0], B: coefficients[1], U: inputs[0]}
    if len(inputs) > 1:
        names[V] = inputs[1]
    return FORMS[form].xreplace(names)


def _substitute(
    expr: sympy.Expr, coefficients: Sequence[sympy.Expr], values: Sequence[sympy.Expr]
) -> sympy.Expr:
    second = values[1] if len(values) > 1 else sympy.Integer(0)
    return expr.xreplace(
        {A: coefficients[0], B: coefficients[1], U: values[0], V: second}
    )


def node_value(
    form: str, coefficients: Sequence[sympy.Expr], values: Sequence[sympy.Expr]
) -> sympy.Expr:
    """Return the node's output at the input values."""
    return _substitute(FORMS[form], coefficients, values)


def node_partials(
    form: str, coefficients: Sequence[sympy.Expr], values: Sequence[sympy.Expr]
) -> tuple[sympy.Expr, sympy.Expr]:
    """Return the partial derivatives of the node with respect to u and v at the inputs."""
    by_u, by_v = PARTIALS[form]
    return (
        _substitute(by_u, coefficients, values),
        _substitute(by_v, coefficients, values),
    )


def chain_total(
    direct: sympy.Expr, through: sympy.Expr, upstream: sympy.Expr
) -> sympy.Expr:
    """Return d(node)/dx = direct partial + partial along an edge times that input's dx."""
    return sympy.expand(direct + through * upstream)


def relu_derivative(pre_activation: sympy.Expr) -> int:
    """Return u(xi), the ReLU's derivative, with u(0) = 0."""
    return 1 if pre_activation > 0 else 0


def relu(pre_activation: sympy.Expr) -> sympy.Expr:
    """Return max(0, xi)."""
    return pre_activation if pre_activation > 0 else sympy.Integer(0)


def node_partial_expressions(
    form: str, coefficients: Sequence[sympy.Expr], inputs: Sequence[sympy.Symbol]
) -> tuple[sympy.Expr, sympy.Expr]:
    """Return the node's partial derivatives as functions of named input symbols."""
    names = {A: coefficients[0], B: coefficients[1], U: inputs[0]}
    if len(inputs) > 1:
        names[V] = inputs[1]
    by_u, by_v = PARTIALS[form]
    return by_u.xreplace(names), by_v.xreplace(names)


def relu_recursion(
    weight: sympy.Expr, start: sympy.Expr, inputs: Sequence[sympy.Expr]
) -> tuple[list[sympy.Expr], list[sympy.Expr]]:
    """Return the pre-activations xi_t and states h_t of h_t = ReLU(w h_{t-1} + x_t)."""
    pre_activations, states = [], [start]
    for x in inputs:
        pre_activations.append(weight * states[-1] + x)
        states.append(relu(pre_activations[-1]))
    return pre_activations, states[1:]


def recursion_weight_derivatives(
    weight: sympy.Expr,
    start: sympy.Expr,
    pre_activations: Sequence[sympy.Expr],
    states: Sequence[sympy.Expr],
) -> list[sympy.Expr]:
    """Return dh_t/dw = u(xi_t) (h_{t-1} + w dh_{t-1}/dw) for each step, with dh_0/dw = 0."""
    totals: list[sympy.Expr] = []
    previous_state, previous_total = start, sympy.Integer(0)
    for pre_activation, state in zip(pre_activations, states):
        total = relu_derivative(pre_activation) * (
            previous_state + weight * previous_total
        )
        totals.append(total)
        previous_state, previous_total = state, total
    return totals
