"""Oracle tests for the flow-graph templates: central finite differences in float64."""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import sympy

from examgen.problems import draw_and_solve
from examgen.registry import get_template

SEEDS = range(300)
IDS = (
    "flow-graph-total-derivative",
    "flow-graph-partial-vs-total",
    "flow-graph-recursion",
)
STEP = 1e-5

# The node functions f(u, v) with coefficients a and b, as the problem text defines them.
NODES: dict[str, Callable[[float, float, float, float], float]] = {
    "square": lambda a, b, u, v: a * u * u + b,
    "linear": lambda a, b, u, v: a * u + b,
    "exp": lambda a, b, u, v: math.exp(a * u),
    "log": lambda a, b, u, v: math.log(u) + b,
    "product": lambda a, b, u, v: a * u * v,
    "sum": lambda a, b, u, v: a * u + b * v,
    "square-sum": lambda a, b, u, v: a * u + v * v,
    "scaled-exp": lambda a, b, u, v: v * math.exp(a * u),
    "ratio": lambda a, b, u, v: a * v / u,
    "log-sum": lambda a, b, u, v: math.log(v) + a * u,
}


def _node(spec: dict[str, Any]) -> Callable[..., float]:
    function = NODES[spec["form"]]

    def node(u: float, v: float = 0.0) -> float:
        return function(spec["a"], spec["b"], u, v)

    return node


def _slope(function: Callable[[float], float], at: float) -> float:
    return (function(at + STEP) - function(at - STEP)) / (2 * STEP)


def _close(actual: Any, expected: Any) -> None:
    np.testing.assert_allclose(actual, expected, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("seed", SEEDS)
def test_total_derivative_differences(seed: int) -> None:
    params, solution, _ = draw_and_solve(
        get_template("flow-graph-total-derivative"), seed
    )
    f, g, k = _node(params["h0"]), _node(params["h1"]), _node(params["y"])
    x = float(params["x"])
    h0 = f(x)
    h1 = g(x, h0)

    edges = [
        _slope(f, x),
        _slope(lambda t: g(t, h0), x),
        _slope(lambda t: g(x, t), h0),
        _slope(lambda t: k(t, h1), h0),
        _slope(lambda t: k(h0, t), h1),
    ]
    _close(solution.answers["partials"].value, edges)
    _close(solution.answers["hidden"].value, _slope(lambda t: g(t, f(t)), x))
    _close(solution.answers["total"].value, _slope(lambda t: k(f(t), g(t, f(t))), x))


@pytest.mark.parametrize("seed", SEEDS)
def test_partial_vs_total_differences(seed: int) -> None:
    params, solution, _ = draw_and_solve(
        get_template("flow-graph-partial-vs-total"), seed
    )
    f, k = _node(params["h"]), _node(params["y"])
    x = float(params["x"])
    h = f(x)

    _close(solution.answers["partial"].value, _slope(lambda t: k(t, h), x))
    _close(solution.answers["total"].value, _slope(lambda t: k(t, f(t)), x))


def test_partial_vs_total_pinned() -> None:
    # h = x^2 and y = x h at x = 2: holding h = 4 gives 4, the total adds x * 2x = 8.
    params = {
        "x": 2,
        "h": {"form": "square", "a": 1, "b": 0},
        "y": {"form": "product", "a": 1, "b": 0},
    }
    solution = get_template("flow-graph-partial-vs-total").solve(params)
    assert solution.answers["partial"].value == 4
    assert solution.answers["total"].value == 12


def _unroll(weight: float, start: float, inputs: list[int]) -> list[float]:
    states = [start]
    for x in inputs:
        states.append(max(0.0, weight * states[-1] + x))
    return states[1:]


@pytest.mark.parametrize("seed", SEEDS)
def test_recursion_differences(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("flow-graph-recursion"), seed)
    weight, start, inputs = (
        float(Fraction(params["w"])),
        float(params["h0"]),
        params["x"],
    )
    states = _unroll(weight, start, inputs)

    _close(solution.answers["forward"].value, states)
    _close(
        solution.answers["partial"].value,
        _slope(lambda t: max(0.0, t * states[1] + inputs[2]), weight),
    )
    _close(
        solution.answers["total"].value,
        _slope(lambda t: _unroll(t, start, inputs)[-1], weight),
    )


def test_recursion_relu_cut() -> None:
    # xi_1 = 2 - 3 < 0 switches h_1 off, so near w = 2, h_3 = 2w + 1 and dh_3/dw = 2.
    params = {"w": "2", "h0": 1, "x": [-3, 2, 1]}
    solution = get_template("flow-graph-recursion").solve(params)
    assert solution.answers["forward"].value == (0, 2, 5)
    assert solution.answers["partial"].value == 2
    assert solution.answers["total"].value == 2


@pytest.mark.parametrize("template_id", IDS[:2])
def test_statement_functions(template_id: str) -> None:
    # The functions the text prints agree with the definitions above at test points.
    x, h, h0, h1 = sympy.symbols("x h h_0 h_1")
    template = get_template(template_id)
    names = {
        "flow-graph-total-derivative": (
            ("f", "h0", (x,)),
            ("g", "h1", (x, h0)),
            ("k", "y", (h0, h1)),
        ),
        "flow-graph-partial-vs-total": (("f", "h", (x,)), ("k", "y", (x, h))),
    }
    for seed in range(50):
        params, solution, _ = draw_and_solve(template, seed)
        for text_name, node_name, inputs in names[template_id]:
            printed = sympy.lambdify(inputs, solution.work[text_name], "math")
            point = (1.5, 0.75)[: len(inputs)]
            assert printed(*point) == pytest.approx(_node(params[node_name])(*point))
