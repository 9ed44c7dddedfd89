"""RNN templates: forward pass and back-propagation through time of a scalar RNN."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

import numpy as np
import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer, exact_value, rational, rationals
from examgen.kernels import rnn as kernel
from examgen.model import Mistake
from examgen.registry import register
from examgen.rules import differs, hand_sized, require_distinct
from examgen.template import PartSpec, Solution, Template

# Larger values are exact but too tedious to carry through a backward pass by hand.
MAX_MAGNITUDE = 60

RECURRENT_WEIGHTS = ("-2", "-1", "-1/2", "1/2", "1", "2")
DRAWS_PER_ACTIVATION = 100
PARTIAL_SUM = "partial derivatives in the sum"


@register
class RnnBptt(Template):
    id = "rnn-bptt"
    topic = "rnn"
    title = "Back-propagation through time in a scalar RNN"
    description = "Forward pass, dL/dh[n] backwards and dL/dw of a one-delay scalar RNN"
    kind = "computation"
    minutes = 15
    difficulty = 2
    parts = (PartSpec("forward", 1), PartSpec("backward", 2), PartSpec("weight", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        # Most ReLU draws are degenerate (a dead unit, a pre-activation of 0), so the
        # numbers are redrawn here with the activation kept, or ReLU would be rare.
        relu = bool(rng.integers(2))
        for _ in range(DRAWS_PER_ACTIVATION):
            steps = int(rng.choice([3, 4]))
            params: dict[str, Any] = {
                "relu": relu,
                "w": str(rng.choice(RECURRENT_WEIGHTS)),
                "x": [int(v) for v in rng.integers(-3, 4, size=steps)],
                "y": [int(v) for v in rng.integers(-2, 3, size=steps)],
            }
            if relu:
                # h[1] > 0 keeps the unit alive at the start, so dL/dw is rarely 0.
                params["x"][0] = int(rng.integers(1, 4))
            if relu and not _relu_clips_cleanly(params):
                continue
            try:
                self.solve(params)
            except DegenerateDrawError:
                continue
            return params
        raise DegenerateDrawError("no usable numbers for this activation")

    def solve(self, params: dict[str, Any]) -> Solution:
        relu = bool(params["relu"])
        w = rational(params["w"])
        x, y = rationals(params["x"]), rationals(params["y"])
        xi, h = kernel.forward(x, [w], relu)
        _check_preactivations(xi, relu)
        grads = kernel.total_state_gradients(xi, h, y, [w], relu)
        slopes = [kernel.activation_slope(v, relu) for v in xi]
        dw = kernel.weight_gradient(grads, xi, h, 1, relu)
        if dw == 0:
            raise DegenerateDrawError("dL/dw is 0")
        if not hand_sized(h, grads, dw, max_magnitude=MAX_MAGNITUDE):
            raise DegenerateDrawError("values too large for hand work")

        answers = {
            "forward": exact_answer(h),
            "backward": exact_answer(grads),
            "weight": exact_answer(dw),
        }
        mistakes = _bptt_mistakes(xi, h, y, w, grads, relu)
        # Where a ReLU clip cuts every future path, the partial and total derivatives
        # give the same dL/dw. That mistake is then dropped, because the backward part
        # already tests the difference between partial and total derivatives.
        mistakes["weight"] = tuple(
            m for m in mistakes["weight"]
            if m.name != PARTIAL_SUM or differs(m.value, answers["weight"]))
        require_distinct(answers, mistakes)
        previous = [sympy.Integer(0)] + h[:-1]
        terms = [g * s * p for g, s, p in zip(grads, slopes, previous)]
        work = {
            "w": w, "x": x, "y": y, "xi": xi, "h": h, "relu": relu, "steps": len(x),
            "errors": [a - b for a, b in zip(h, y)], "slopes": slopes, "grads": grads,
            "previous": previous, "terms": terms, "dw": dw,
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)


def _relu_clips_cleanly(params: dict[str, Any]) -> bool:
    # A cheap screen in Python fractions before the exact SymPy solve, which checks again.
    w = Fraction(params["w"])
    previous = Fraction(0)
    clipped_later = False
    # dL/dw has a nonzero term only at a step n where xi[n] > 0 and h[n-1] != 0.
    feeds_weight = False
    for n, x in enumerate(params["x"]):
        pre = x + w * previous
        if pre == 0:
            return False
        clipped_later = clipped_later or (n > 0 and pre < 0)
        feeds_weight = feeds_weight or (pre > 0 and previous != 0)
        previous = max(pre, Fraction(0))
    return clipped_later and feeds_weight


def _check_preactivations(xi: Sequence[sympy.Expr], relu: bool) -> None:
    # ReLU must matter somewhere and must never sit at its kink.
    if not relu:
        return
    if any(v == 0 for v in xi):
        raise DegenerateDrawError("ReLU pre-activation is exactly 0")
    if all(v > 0 for v in xi[1:]):
        raise DegenerateDrawError("ReLU never clips after the first step")
    if all(v < 0 for v in xi):
        raise DegenerateDrawError("every ReLU output is 0")


def _bptt_mistakes(xi: list[sympy.Expr], h: list[sympy.Expr], y: list[sympy.Expr],
                   w: sympy.Expr, grads: list[sympy.Expr],
                   relu: bool) -> dict[str, tuple[Mistake, ...]]:
    partial = [a - b for a, b in zip(h, y)]
    backward = [Mistake(
        "partial derivative only",
        "dL/dh[n] also collects dL/dh[n+1] g'(xi[n+1]) w from the next step; "
        "h[n] - y[n] alone is the partial derivative.",
        exact_value(partial))]
    if relu:
        no_slope = kernel.total_state_gradients(xi, h, y, [w], relu=False)
        backward.append(Mistake(
            "ReLU slope dropped",
            "The path through step n+1 is multiplied by g'(xi[n+1]) = u(xi[n+1]), "
            "which is 0 where the ReLU clipped.",
            exact_value(no_slope)))
    weight = [
        Mistake("h[n] in place of h[n-1]",
                "w multiplies h[n-1] inside xi[n], so dxi[n]/dw = h[n-1], not h[n].",
                exact_value(_same_step_gradient(grads, xi, h, relu))),
        Mistake(PARTIAL_SUM,
                "dL/dw sums the total derivatives dL/dh[n], not h[n] - y[n].",
                exact_value(kernel.weight_gradient(partial, xi, h, 1, relu))),
    ]
    return {"backward": tuple(backward), "weight": tuple(weight)}


def _same_step_gradient(grads: list[sympy.Expr], xi: list[sympy.Expr],
                        h: list[sympy.Expr], relu: bool) -> sympy.Expr:
    return sum((g * kernel.activation_slope(v, relu) * h_k
                for g, v, h_k in zip(grads, xi, h)), sympy.Integer(0))


# |w| = 3/2 would need m = 12 and powers such as 531441/4096 to pass 100.
DECAY_WEIGHTS = ("-3", "-2", "-1/2", "-1/3", "1/3", "1/2", "2", "3")
THRESHOLD = 100


@register
class RnnVanishingExploding(Template):
    id = "rnn-vanishing-exploding"
    topic = "rnn"
    title = "Vanishing and exploding gradients in a linear RNN"
    description = "dh[n]/dh[n-m] = w^m, dL/dh[n-m], and the delay where |w|^m passes 100"
    kind = "analysis"
    minutes = 8
    difficulty = 1
    parts = (PartSpec("factor", 1), PartSpec("gradient", 1), PartSpec("steps", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        return {
            "w": str(rng.choice(DECAY_WEIGHTS)),
            "m": int(rng.integers(3, 7)),
            "dh_last": int(rng.choice([-4, -3, -2, 2, 3, 4, 6])),
        }

    def solve(self, params: dict[str, Any]) -> Solution:
        w = rational(params["w"])
        m = int(params["m"])
        dh_last = sympy.Integer(params["dh_last"])
        factor = kernel.gradient_factor(w, m)
        gradient = dh_last * factor
        steps = kernel.steps_past_threshold(w, sympy.Integer(THRESHOLD))
        if not hand_sized(factor, gradient, max_magnitude=3000):
            raise DegenerateDrawError("powers too large for hand work")
        answers = {
            "factor": exact_answer(factor),
            "gradient": exact_answer(gradient),
            "steps": exact_answer(sympy.Integer(steps)),
        }
        mistakes = _decay_mistakes(w, m, dh_last, steps)
        require_distinct(answers, mistakes)

        work = {"w": w, "m": m, "dh_last": dh_last, "factor": factor, "gradient": gradient,
                "steps": steps, "size": abs(w), "vanishing": abs(w) < 1,
                "threshold": THRESHOLD, "power": abs(w) ** steps,
                "power_before": abs(w) ** (steps - 1)}
        return Solution(answers=answers, work=work, mistakes=mistakes)


def _decay_mistakes(w: sympy.Rational, m: int, dh_last: sympy.Integer,
                    steps: int) -> dict[str, tuple[Mistake, ...]]:
    return {
        "factor": (
            Mistake("w times m", "Each step multiplies the gradient by w, so the "
                    "factor is w^m, not m w.", exact_value(w * m)),
            Mistake("one step too many", "From h[n-m] to h[n] there are m "
                    "multiplications by w, not m + 1.", exact_value(w ** (m + 1))),
        ),
        "gradient": (
            Mistake("factor forgotten", "dL/dh[n-m] = dL/dh[n] w^m: the chain "
                    "through m steps multiplies by w each time.", exact_value(dh_last)),
        ),
        "steps": (
            Mistake("one step short", "|w|^(m-1) is still on the near side of the "
                    "bound, so m - 1 is too small.",
                    exact_value(sympy.Integer(steps - 1))),
        ),
    }
