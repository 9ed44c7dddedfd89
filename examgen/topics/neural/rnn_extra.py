"""RNN templates beyond one delay: a scalar RNN with M = 2 delays and its BPTT."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

import numpy as np
import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer, exact_value, rationals
from examgen.kernels import rnn as kernel
from examgen.model import Mistake
from examgen.registry import register
from examgen.rules import distinct_by_part, hand_sized
from examgen.template import PartSpec, Solution, Template

DELAY_WEIGHTS = ("-1", "-1/2", "1/2", "1")
STEPS = 4
DRAWS_PER_ACTIVATION = 100
# Exact answers are rationals with small denominators: a typed fraction or a value
# rounded to 4 decimals is accepted, and an answer such as 1/16 keeps a tight tolerance.
EXACT_ABS_TOL = 1e-4
# Larger values are exact but too tedious to carry through a backward pass by hand.
MAX_MAGNITUDE = 60


@register
class RnnTwoDelays(Template):
    id = "rnn-two-delays"
    topic = "rnn"
    title = "Back-propagation through time with two delays"
    description = "Forward pass, dL/dh[n] and dL/dw[1], dL/dw[2] of a scalar RNN with M = 2"
    kind = "computation"
    minutes = 18
    difficulty = 3
    parts = (PartSpec("forward", 1), PartSpec("backward", 2), PartSpec("weights", 2))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        # ReLU draws are often degenerate, so the numbers are redrawn with the
        # activation kept, or ReLU would be rare.
        relu = bool(rng.integers(2))
        for _ in range(DRAWS_PER_ACTIVATION):
            params: dict[str, Any] = {
                "relu": relu,
                "w": [str(rng.choice(DELAY_WEIGHTS)) for _ in range(2)],
                "x": [int(v) for v in rng.integers(-3, 4, size=STEPS)],
                "y": [int(v) for v in rng.integers(-2, 3, size=STEPS)],
            }
            if relu:
                # h[1] > 0 keeps the unit alive at the start.
                params["x"][0] = int(rng.integers(1, 4))
                if not _relu_clips_cleanly(params):
                    continue
            try:
                self.solve(params)
            except DegenerateDrawError:
                continue
            return params
        raise DegenerateDrawError("no usable numbers for this activation")

    def solve(self, params: dict[str, Any]) -> Solution:
        relu = bool(params["relu"])
        weights = rationals(params["w"])
        x, y = rationals(params["x"]), rationals(params["y"])
        xi, h = kernel.forward(x, weights, relu)
        _check_preactivations(xi, relu)
        grads = kernel.total_state_gradients(xi, h, y, weights, relu)
        dws = [kernel.weight_gradient(grads, xi, h, m, relu) for m in (1, 2)]
        if any(dw == 0 for dw in dws):
            raise DegenerateDrawError("a weight gradient is 0")
        if not hand_sized(h, grads, dws, max_magnitude=MAX_MAGNITUDE):
            raise DegenerateDrawError("values too large for hand work")

        answers = {
            "forward": exact_answer(h, abs_tol=EXACT_ABS_TOL),
            "backward": exact_answer(grads, abs_tol=EXACT_ABS_TOL),
            "weights": exact_answer(dws, abs_tol=EXACT_ABS_TOL),
        }
        mistakes = distinct_by_part(
            answers, _two_delay_mistakes(xi, h, y, weights, grads, dws, relu))
        if "backward" not in mistakes or "weights" not in mistakes:
            raise DegenerateDrawError("every common mistake gives the right answer")
        return Solution(answers=answers, work=_work(weights, x, y, xi, h, grads, dws, relu),
                        mistakes=mistakes)

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        # Each total derivative must equal its error plus the two delayed paths.
        work = solution.work
        failures = []
        for k, grad in enumerate(work["grads"]):
            total = work["errors"][k] + sum(work["paths"][k], sympy.Integer(0))
            if total != grad:
                failures.append(f"dL/dh[{k + 1}] does not equal its error plus its paths")
        return failures


def _work(weights: list[sympy.Rational], x: list[sympy.Rational], y: list[sympy.Rational],
          xi: list[sympy.Expr], h: list[sympy.Expr], grads: list[sympy.Expr],
          dws: list[sympy.Expr], relu: bool) -> dict[str, Any]:
    """Collect the values that the worked solution shows, indexed by step."""
    steps = len(x)
    slopes = [kernel.activation_slope(v, relu) for v in xi]
    # paths[k][m - 1] = dL/dh[n+m] g'(xi[n+m]) w[m], the path through delay m.
    paths = [[grads[k + m] * slopes[k + m] * weights[m - 1]
              for m in (1, 2) if k + m < steps] for k in range(steps)]
    previous = [[kernel.past(h, k - m) for k in range(steps)] for m in (1, 2)]
    terms = [[grads[k] * slopes[k] * previous[m][k] for k in range(steps)] for m in (0, 1)]
    return {
        "w1": weights[0], "w2": weights[1], "x": x, "y": y, "xi": xi, "h": h,
        "relu": relu, "steps": steps, "errors": [a - b for a, b in zip(h, y)],
        "slopes": slopes, "grads": grads, "paths": paths, "previous": previous,
        "terms": terms, "dw": dws,
    }


def _relu_clips_cleanly(params: dict[str, Any]) -> bool:
    # A cheap screen in Python fractions before the exact SymPy solve, which checks again.
    w1, w2 = (Fraction(w) for w in params["w"])
    h1, h2 = Fraction(0), Fraction(0)
    clipped_later = False
    for n, x in enumerate(params["x"]):
        pre = x + w1 * h1 + w2 * h2
        if pre == 0:
            return False
        clipped_later = clipped_later or (n > 0 and pre < 0)
        h1, h2 = max(pre, Fraction(0)), h1
    return clipped_later


def _check_preactivations(xi: Sequence[sympy.Expr], relu: bool) -> None:
    # ReLU must clip somewhere after the first step and must never sit at its kink.
    if not relu:
        return
    if any(v == 0 for v in xi):
        raise DegenerateDrawError("ReLU pre-activation is exactly 0")
    if all(v > 0 for v in xi[1:]):
        raise DegenerateDrawError("ReLU never clips after the first step")


def _two_delay_mistakes(xi: list[sympy.Expr], h: list[sympy.Expr], y: list[sympy.Expr],
                        weights: list[sympy.Rational], grads: list[sympy.Expr],
                        dws: list[sympy.Expr],
                        relu: bool) -> dict[str, tuple[Mistake, ...]]:
    partial = [a - b for a, b in zip(h, y)]
    one_delay = kernel.total_state_gradients(xi, h, y, weights[:1], relu)
    backward = [
        Mistake("second delay forgotten",
                "h[n] also feeds xi[n+2] through w[2], so dL/dh[n] adds "
                "dL/dh[n+2] g'(xi[n+2]) w[2].",
                exact_value(one_delay)),
        Mistake("partial derivative only",
                "dL/dh[n] collects the paths through h[n+1] and h[n+2]; h[n] - y[n] "
                "alone is the partial derivative.",
                exact_value(partial)),
    ]
    weight = [
        Mistake("h[n-1] for both delays",
                "w[2] multiplies h[n-2] inside xi[n], so dxi[n]/dw[2] = h[n-2].",
                exact_value([dws[0], dws[0]])),
        Mistake("partial derivatives in the sum",
                "dL/dw[m] sums the total derivatives dL/dh[n], not h[n] - y[n].",
                exact_value([kernel.weight_gradient(partial, xi, h, m, relu)
                             for m in (1, 2)])),
        Mistake("second delay forgotten",
                "dL/dh[n] in the sum must include the path through w[2].",
                exact_value([kernel.weight_gradient(one_delay, xi, h, m, relu)
                             for m in (1, 2)])),
    ]
    return {"backward": tuple(backward), "weights": tuple(weight)}
