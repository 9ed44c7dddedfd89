"""Flow-graph templates: total derivatives as sums over paths, partial versus total."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer, exact_value, rational
from examgen.figures import Figure, GraphFigure, Node
from examgen.kernels import flow_graph as kernel
from examgen.model import Answer, Mistake
from examgen.registry import register
from examgen.rules import distinct_mistakes, require_hand_sized
from examgen.template import PartSpec, Solution, Template

X, H, H0, H1 = sympy.symbols("x h h_0 h_1")
POINTS = (-1, 1, 2)

# Allowed (a, b) per node form. The b of a form that has none is 0.
COEFFICIENTS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    "square": ((-1, 1, 2), (-1, 0, 1, 2)),
    "linear": ((-2, -1, 2, 3), (-1, 0, 1, 2)),
    "exp": ((-1, 1, 2), (0,)),
    "log": ((1,), (0, 1, 2)),
    "product": ((-1, 1, 2), (0,)),
    "sum": ((-1, 1, 2, 3), (-2, -1, 1, 2)),
    "square-sum": ((-1, 1, 2, 3), (0,)),
    "scaled-exp": ((-1, 1, 2), (0,)),
    "ratio": ((-1, 1, 2, 6), (0,)),
    "log-sum": ((-1, 1, 2), (0,)),
}
# Forms for a node of x alone, of (x, h_0) and of (h_0, h_1).
FIRST_FORMS = ("square", "linear", "exp", "log")
MIDDLE_FORMS = ("product", "sum", "square-sum", "scaled-exp", "ratio", "log-sum")
LAST_FORMS = ("product", "sum", "square-sum", "ratio", "log-sum")

# Exact forms longer than this, or with larger exponents or denominators, are redrawn.
MAX_CHARS = 30
MAX_EXPONENT = 2
MAX_DENOMINATOR = 100

# The recursion h_t = ReLU(w h_{t-1} + x_t): weights, initial states and inputs.
WEIGHTS = ("-2", "-1", "-1/2", "1/2", "2")
STARTS = (-2, -1, 1, 2)
INPUTS = tuple(range(-3, 4))
STEPS = 3
# The chance that a draw with a ReLU switched off is rejected.
CUT_REJECTION = 0.8


def draw_node(rng: np.random.Generator, forms: tuple[str, ...]) -> dict[str, Any]:
    """Draw a node's form and its coefficients."""
    form = str(rng.choice(forms))
    a_choices, b_choices = COEFFICIENTS[form]
    return {
        "form": form,
        "a": int(rng.choice(a_choices)),
        "b": int(rng.choice(b_choices)),
    }


def coefficients(node: dict[str, Any]) -> tuple[sympy.Integer, sympy.Integer]:
    """Return a drawn node's coefficients (a, b)."""
    return sympy.Integer(node["a"]), sympy.Integer(node["b"])


def evaluate(node: dict[str, Any], values: list[sympy.Expr]) -> sympy.Expr:
    """Return a node's output, raising DegenerateDrawError outside its domain."""
    value = sympy.expand(kernel.node_value(node["form"], coefficients(node), values))
    if not (value.is_real and value.is_finite):
        raise DegenerateDrawError(f"node {node['form']} undefined at {values}")
    return value


def partials(
    node: dict[str, Any], values: list[sympy.Expr]
) -> tuple[sympy.Expr, sympy.Expr]:
    """Return a node's partial derivatives with respect to its two inputs, expanded."""
    # Expanding writes ln 9 as 2 ln 3 here as in the totals, so the text stays consistent.
    by_u, by_v = kernel.node_partials(node["form"], coefficients(node), values)
    return sympy.expand(by_u), sympy.expand(by_v)


def expression(node: dict[str, Any], inputs: list[sympy.Symbol]) -> sympy.Expr:
    """Return a node's function of named inputs, for the problem text."""
    return kernel.node_expression(node["form"], coefficients(node), inputs)


def derivative_expressions(
    node: dict[str, Any], inputs: list[sympy.Symbol]
) -> tuple[sympy.Expr, sympy.Expr]:
    """Return a node's partial derivatives as functions of named inputs."""
    return kernel.node_partial_expressions(node["form"], coefficients(node), inputs)


def _exp_and_log_by_hand(expr: sympy.Expr) -> bool:
    # ln(ln 2), e^(ln 3 + 1) and 1/ln 2 are beyond a hand computation.
    if any(not call.args[0].is_Rational for call in expr.atoms(sympy.exp, sympy.log)):
        return False
    if any(abs(call.args[0]) > MAX_EXPONENT for call in expr.atoms(sympy.exp)):
        return False
    return not any(
        power.exp.is_negative and power.base.has(sympy.exp, sympy.log)
        for power in expr.atoms(sympy.Pow)
    )


def require_hand_friendly(values: list[sympy.Expr]) -> None:
    """Raise DegenerateDrawError when a value is too awkward to work by hand.

    Flow-graph values are held to a tighter length and denominator than the shared
    rule, and their exponentials and logarithms must have small rational arguments.
    """
    require_hand_sized(*values, max_length=MAX_CHARS, max_denominator=MAX_DENOMINATOR)
    for value in values:
        if not _exp_and_log_by_hand(value):
            raise DegenerateDrawError(f"value {value} too awkward by hand")


@register
class TotalDerivative(Template):
    id = "flow-graph-total-derivative"
    topic = "flow-graph"
    title = "Total derivative through a flow graph"
    description = (
        "Partials on the edges of h0 = f(x), h1 = g(x, h0), y = k(h0, h1), then dy/dx"
    )
    kind = "computation"
    minutes = 12
    difficulty = 2
    parts = (PartSpec("partials", 2), PartSpec("hidden", 1), PartSpec("total", 2))

    def figure(self, params: dict[str, Any], work: dict[str, Any]) -> Figure:
        nodes = (Node("x", "x", "x", 0, 0), Node("h0", "h0", "h_0", 1, 1),
                 Node("h1", "h1", "h_1", 2, 0), Node("y", "y", "y", 3, 1))
        edges = (("x", "h0"), ("x", "h1"), ("h0", "h1"), ("h0", "y"), ("h1", "y"))
        return GraphFigure(nodes=nodes, edges=edges)

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        return {
            "x": int(rng.choice(POINTS)),
            "h0": draw_node(rng, FIRST_FORMS),
            "h1": draw_node(rng, MIDDLE_FORMS),
            "y": draw_node(rng, LAST_FORMS),
        }

    def solve(self, params: dict[str, Any]) -> Solution:
        x = sympy.Integer(params["x"])
        h0 = evaluate(params["h0"], [x])
        h1 = evaluate(params["h1"], [x, h0])
        y = evaluate(params["y"], [h0, h1])
        dh0_dx = partials(params["h0"], [x])[0]
        dh1_dx, dh1_dh0 = partials(params["h1"], [x, h0])
        dy_dh0, dy_dh1 = partials(params["y"], [h0, h1])

        # Paths x -> h1 and x -> h0 -> h1, then h0 -> y and h1 -> y.
        hidden = kernel.chain_total(dh1_dx, dh1_dh0, dh0_dx)
        total = sympy.expand(dy_dh0 * dh0_dx + dy_dh1 * hidden)
        edge_values = [dh0_dx, dh1_dx, dh1_dh0, dy_dh0, dy_dh1]
        require_hand_friendly([h0, h1, y, hidden, total] + edge_values)
        if dh1_dh0 * dh0_dx * dy_dh1 == 0:
            raise DegenerateDrawError(
                "the path x -> h0 -> h1 -> y carries no derivative"
            )

        answers = {
            "partials": exact_answer(edge_values),
            "hidden": exact_answer(hidden),
            "total": exact_answer(total),
        }
        mistakes = self._mistakes(answers, edge_values, hidden)
        work = {
            "x": x,
            "h0": h0,
            "h1": h1,
            "y": y,
            "hidden": hidden,
            "total": total,
            "edges": edge_values,
            "f": expression(params["h0"], [X]),
            "g": expression(params["h1"], [X, H0]),
            "k": expression(params["y"], [H0, H1]),
            "df": derivative_expressions(params["h0"], [X])[0],
            "dg": derivative_expressions(params["h1"], [X, H0]),
            "dk": derivative_expressions(params["y"], [H0, H1]),
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)

    @staticmethod
    def _mistakes(
        answers: dict[str, Answer], edges: list[sympy.Expr], hidden: sympy.Expr
    ) -> dict[str, tuple[Mistake, ...]]:
        dh0_dx, dh1_dx, _, dy_dh0, dy_dh1 = edges
        return {
            "hidden": distinct_mistakes(
                answers["hidden"],
                [
                    Mistake(
                        "partial for total",
                        "dh1/dx also runs through h0: add "
                        "(partial h1/partial h0)(dh0/dx).",
                        exact_value(dh1_dx),
                    ),
                ],
            ),
            "total": distinct_mistakes(
                answers["total"],
                [
                    Mistake(
                        "partial h1/partial x for dh1/dx",
                        "Above the cut h1 needs its "
                        "total derivative, which includes the path through h0.",
                        exact_value(dy_dh0 * dh0_dx + dy_dh1 * dh1_dx),
                    ),
                    Mistake(
                        "path through h0 dropped",
                        "y also depends on h0 directly: add "
                        "(partial y/partial h0)(dh0/dx).",
                        exact_value(dy_dh1 * hidden),
                    ),
                ],
            ),
        }


@register
class PartialVersusTotal(Template):
    id = "flow-graph-partial-vs-total"
    topic = "flow-graph"
    title = "Partial versus total derivative"
    description = (
        "For h = f(x), y = k(x, h): the partial dy/dx with h held fixed and the total"
    )
    kind = "analysis"
    minutes = 8
    difficulty = 1
    parts = (PartSpec("partial", 1), PartSpec("total", 1))

    def figure(self, params: dict[str, Any], work: dict[str, Any]) -> Figure:
        nodes = (Node("x", "x", "x", 0, 0), Node("h", "h", "h", 1, 1), Node("y", "y", "y", 2, 0))
        return GraphFigure(nodes=nodes, edges=(("x", "h"), ("h", "y"), ("x", "y")))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        return {
            "x": int(rng.choice(POINTS)),
            "h": draw_node(rng, FIRST_FORMS),
            "y": draw_node(rng, MIDDLE_FORMS),
        }

    def solve(self, params: dict[str, Any]) -> Solution:
        x = sympy.Integer(params["x"])
        h = evaluate(params["h"], [x])
        y = evaluate(params["y"], [x, h])
        dh_dx = partials(params["h"], [x])[0]
        dy_dx, dy_dh = partials(params["y"], [x, h])
        total = kernel.chain_total(dy_dx, dy_dh, dh_dx)
        require_hand_friendly([h, y, dh_dx, dy_dx, dy_dh, total])
        if dy_dh * dh_dx == 0:
            raise DegenerateDrawError("the path through h carries no derivative")

        answers = {"partial": exact_answer(dy_dx), "total": exact_answer(total)}
        mistakes = {
            "partial": distinct_mistakes(
                answers["partial"],
                [
                    Mistake(
                        "total for partial",
                        "The partial derivative holds h fixed: "
                        "the path through h is left out.",
                        exact_value(total),
                    ),
                ],
            ),
            "total": distinct_mistakes(
                answers["total"],
                [
                    Mistake(
                        "partial for total",
                        "The total derivative adds the path "
                        "through h: (partial y/partial h)(dh/dx).",
                        exact_value(dy_dx),
                    ),
                    Mistake(
                        "path through h only",
                        "The direct edge x -> y also counts.",
                        exact_value(dy_dh * dh_dx),
                    ),
                ],
            ),
        }
        work = {
            "x": x,
            "h": h,
            "y": y,
            "dh_dx": dh_dx,
            "dy_dx": dy_dx,
            "dy_dh": dy_dh,
            "path": sympy.expand(dy_dh * dh_dx),
            "total": total,
            "f": expression(params["h"], [X]),
            "k": expression(params["y"], [X, H]),
            "df": derivative_expressions(params["h"], [X])[0],
            "dk": derivative_expressions(params["y"], [X, H]),
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)


@register
class RecursionWeight(Template):
    id = "flow-graph-recursion"
    topic = "flow-graph"
    title = "Total derivative through a recursion"
    description = (
        "dh3/dw for h_t = ReLU(w h_{t-1} + x_t): the weight's paths through every step"
    )
    kind = "computation"
    minutes = 12
    difficulty = 2
    parts = (PartSpec("forward", 1), PartSpec("partial", 1), PartSpec("total", 2))

    def figure(self, params: dict[str, Any], work: dict[str, Any]) -> Figure:
        states = tuple(Node(f"h{t}", f"h{t}", f"h_{t}", t, 0) for t in range(4))
        inputs = tuple(Node(f"x{t}", f"x{t}", f"x_{t}", t, -1) for t in range(1, 4))
        weight = Node("w", "w", "w", 2, 1)
        edges = tuple((f"h{t - 1}", f"h{t}") for t in range(1, 4))
        edges += tuple(("w", f"h{t}") for t in range(1, 4))
        edges += tuple((f"x{t}", f"h{t}") for t in range(1, 4))
        return GraphFigure(nodes=(weight, *states, *inputs), edges=edges)

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        params: dict[str, Any] = {
            "w": str(rng.choice(WEIGHTS)),
            "h0": int(rng.choice(STARTS)),
            "x": [int(v) for v in rng.choice(INPUTS, size=STEPS)],
        }
        # A ReLU that is off cuts every earlier path, so the total equals the partial.
        # That lesson is worth a few draws, not most of them.
        state, weight = sympy.Integer(params["h0"]), rational(params["w"])
        for x in params["x"]:
            state = weight * state + x
            if state < 0 and rng.random() < CUT_REJECTION:
                raise DegenerateDrawError("a ReLU is off")
            state = max(state, sympy.Integer(0))
        return params

    def solve(self, params: dict[str, Any]) -> Solution:
        weight, start = rational(params["w"]), sympy.Integer(params["h0"])
        inputs = [sympy.Integer(v) for v in params["x"]]
        pre_activations, states = kernel.relu_recursion(weight, start, inputs)
        if 0 in pre_activations:
            raise DegenerateDrawError("a pre-activation is exactly 0")
        if pre_activations[-1] < 0:
            raise DegenerateDrawError("the last ReLU is off, so every derivative is 0")
        totals = kernel.recursion_weight_derivatives(
            weight, start, pre_activations, states
        )
        partial = states[-2]
        require_hand_friendly(states + totals)

        answers = {
            "forward": exact_answer(states),
            "partial": exact_answer(partial),
            "total": exact_answer(totals[-1]),
        }
        gates = [kernel.relu_derivative(v) for v in pre_activations]
        mistakes = self._mistakes(answers, weight, start, states, gates, totals)
        if not mistakes["total"]:
            raise DegenerateDrawError("every common mistake equals the correct answer")
        work = {
            "w": weight,
            "h0": start,
            "x": inputs,
            "pre": pre_activations,
            "h": states,
            "gates": gates,
            "totals": totals,
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)

    @staticmethod
    def _mistakes(
        answers: dict[str, Answer],
        weight: sympy.Expr,
        start: sympy.Expr,
        states: list[sympy.Expr],
        gates: list[int],
        totals: list[sympy.Expr],
    ) -> dict[str, tuple[Mistake, ...]]:
        # Both wrong chains run the correct recursion with one factor left out: the ReLU
        # gate u(xi_t), or the weight w on the edge h_{t-1} -> h_t.
        no_gates, no_weight = sympy.Integer(0), sympy.Integer(0)
        for previous, gate in zip([start] + states[:-1], gates):
            no_gates = previous + weight * no_gates
            no_weight = gate * (previous + no_weight)
        return {
            "partial": distinct_mistakes(
                answers["partial"],
                [
                    Mistake(
                        "total for partial",
                        "Holding h_2 fixed leaves out the paths "
                        "through the earlier steps.",
                        exact_value(totals[-1]),
                    ),
                ],
            ),
            "total": distinct_mistakes(
                answers["total"],
                [
                    Mistake(
                        "partial for total",
                        "w also reaches h_3 through h_2 and h_1: add w dh_2/dw.",
                        exact_value(states[-2]),
                    ),
                    Mistake(
                        "ReLU gates ignored",
                        "A step whose pre-activation is negative "
                        "passes no derivative: multiply by u(xi_t).",
                        exact_value(no_gates),
                    ),
                    Mistake(
                        "w dropped on the recurrent edge",
                        "The edge h_{t-1} -> h_t has partial derivative w.",
                        exact_value(no_weight),
                    ),
                ],
            ),
        }
