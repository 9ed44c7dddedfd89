"""LSTM variants: the tanh output h[t] = o[t] tanh(c[t]) and hand-designed CReLU gates."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer, exact_value, rationals, round_float, tex
from examgen.kernels import lstm as kernel
from examgen.model import Answer, Mistake
from examgen.registry import register
from examgen.rules import differs, distinct_mistakes, hand_sized, require_distinct
from examgen.template import PartSpec, Solution, Template
from examgen.topics.neural.lstm import draw_given_step, given_step

# Decimals of the tanh table in the statement.
TABLE_DIGITS = 3
# A student works from the 3-decimal table, so answers near 0 would be judged mostly by
# the rounding of the table. Smaller answers are redrawn.
MIN_OUTPUT = 0.1
MIN_GRADIENT = 0.2
OUTPUT_ABS_TOL = 0.001
# 1 - tanh^2 computed from a 3-decimal tanh is off by up to about 0.001 per unit of
# dL/dh[t] o[t], so the gradient allows twice that.
GRADIENT_ABS_TOL = 0.002
MAX_CELL = 3


def _table_value(value: float) -> Fraction:
    # The rounded decimal that the statement prints, as an exact fraction.
    return Fraction(f"{value:.{TABLE_DIGITS}f}")


def _table_text(value: Fraction) -> str:
    return f"{float(value):.{TABLE_DIGITS}f}"


@register
class LstmOutputTanh(Template):
    id = "lstm-output-tanh"
    topic = "lstm"
    title = "An LSTM step with the tanh output"
    description = "c[t], h[t] = o[t] tanh(c[t]) and dL/dc[t] of the PyTorch-style LSTM output"
    kind = "computation"
    minutes = 12
    difficulty = 2
    parts = (PartSpec("cell", 1), PartSpec("output", 1), PartSpec("gradient", 2))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        return draw_given_step(rng)

    def solve(self, params: dict[str, Any]) -> Solution:
        v = given_step(params)
        c = kernel.cell_update(v["c_prev"], v["i"], v["f"], v["g"])
        if c == 0 or abs(c) > MAX_CELL:
            raise DegenerateDrawError("c[t] is 0 or too large for the tanh table")
        # Screens in floats first: SymPy's evaluation of tanh expressions is slow.
        tanh_c = math.tanh(float(c))
        h_value = float(v["o"]) * tanh_c
        dc_value = float(v["dh"] * v["o"]) * (1 - tanh_c**2) + float(v["dc_next"] * v["f_next"])
        if abs(h_value) < MIN_OUTPUT or abs(dc_value) < MIN_GRADIENT:
            raise DegenerateDrawError("answer too close to 0 for a 3-decimal table")
        if not hand_sized(c):
            raise DegenerateDrawError("c[t] too awkward for hand work")
        h = kernel.tanh_output(v["o"], c)
        dc = kernel.tanh_output_cell_gradient(v["dh"], v["o"], c, v["dc_next"], v["f_next"])

        answers = {
            "cell": exact_answer(c, abs_tol=1e-4),
            "output": _symbolic_answer(h, h_value, OUTPUT_ABS_TOL),
            "gradient": _symbolic_answer(dc, dc_value, GRADIENT_ABS_TOL),
        }
        table = _tanh_table(v, c)
        _require_table_accuracy(v, c, answers)
        mistakes = _tanh_output_mistakes(v, c)
        require_distinct(answers, mistakes)
        work = {
            **v, "c": c, "h": h, "dc": dc, "table": table,
            "tanh_c": _table_text(_table_value(tanh_c)),
            "slope_c": _table_text(_table_value(1 - tanh_c**2)),
            "dc_from_h": v["dh"] * v["o"], "dc_from_next": v["dc_next"] * v["f_next"],
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        # The table must list tanh at the cell value that the student computes.
        work = solution.work
        if not any(row["x"] == work["c"] for row in work["table"]):
            return ["the tanh table does not list c[t]"]
        return []


def _symbolic_answer(expr: sympy.Expr, value: float, abs_tol: float) -> Answer:
    """Return the Answer of an exact form that contains tanh, given its float value.

    It matches `exact_answer(expr)` but takes the value from `math.tanh`, which is
    much faster than SymPy's evaluation of the expression.
    """
    return Answer(value=round_float(value), exact=sympy.sstr(expr), latex=tex(expr),
                  abs_tol=abs_tol)


def _tanh_table(v: dict[str, sympy.Rational], c: sympy.Rational) -> list[dict[str, Any]]:
    """Return the rows (x, tanh x, 1 - tanh^2 x) of the table, c[t] among distractors.

    The distractors are the cell values of common mistakes, so the table does not
    give c[t] away.
    """
    candidates = [c, v["c_prev"] + v["i"] * v["g"], v["f"] * v["c_prev"] + v["g"],
                  c + sympy.Rational(1, 2), c - sympy.Rational(1, 2)]
    chosen: list[sympy.Rational] = []
    for x in candidates:
        if x != 0 and x not in chosen and abs(x) <= MAX_CELL:
            chosen.append(x)
        if len(chosen) == 3:
            break
    rows = []
    for x in sorted(chosen):
        t = math.tanh(float(x))
        rows.append({"x": x, "tanh": _table_text(_table_value(t)),
                     "slope": _table_text(_table_value(1 - t * t))})
    return rows


def _require_table_accuracy(v: dict[str, sympy.Rational], c: sympy.Rational,
                            answers: dict[str, Answer]) -> None:
    # Answers computed from the printed table must be accepted, whether the student
    # reads 1 - tanh^2 from the table or squares the printed tanh.
    t = float(_table_value(math.tanh(float(c))))
    slope = float(_table_value(1 - math.tanh(float(c)) ** 2))
    o, dh = float(v["o"]), float(v["dh"])
    rest = float(v["dc_next"] * v["f_next"])
    if differs(o * t, answers["output"]):
        raise DegenerateDrawError("the table value of tanh(c[t]) is too coarse")
    for table_slope in (slope, 1 - t * t):
        if differs(dh * o * table_slope + rest, answers["gradient"]):
            raise DegenerateDrawError("the table value of 1 - tanh^2 is too coarse")


def _tanh_output_mistakes(v: dict[str, sympy.Rational],
                          c: sympy.Rational) -> dict[str, tuple[Mistake, ...]]:
    local = v["dh"] * v["o"]
    rest = v["dc_next"] * v["f_next"]
    tanh_c = math.tanh(float(c))
    return {
        "cell": (
            Mistake("forget gate skipped",
                    "c[t] = f[t] c[t-1] + i[t] g[t]: the old cell is scaled by f[t].",
                    exact_value(v["c_prev"] + v["i"] * v["g"])),
        ),
        "output": (
            Mistake("tanh forgotten",
                    "This problem uses h[t] = o[t] tanh(c[t]); o[t] c[t] is the course's "
                    "own convention, not this variant.",
                    exact_value(kernel.course_output(v["o"], c))),
            Mistake("output gate skipped",
                    "h[t] = o[t] tanh(c[t]): tanh(c[t]) is scaled by the output gate.",
                    round_float(tanh_c)),
        ),
        "gradient": (
            Mistake("1 - tanh^2 factor missing",
                    "With h[t] = o[t] tanh(c[t]), dh[t]/dc[t] = o[t] (1 - tanh(c[t])^2).",
                    exact_value(local + rest)),
            Mistake("f[t+1] term forgotten",
                    "c[t] also reaches the loss through c[t+1] = f[t+1] c[t] + ..., "
                    "which adds dL/dc[t+1] f[t+1].",
                    round_float(float(local) * (1 - tanh_c**2))),
        ),
    }


COUNTER_STEPS = 4
COUNTER_INPUTS = (0, 1, 2, 3)
INPUT_GATE_WEIGHTS = ("1/2", "1", "2")
INPUT_GATE_RECURRENT = ("-1/2", "0", "1/2")
INPUT_GATE_BIASES = ("-2", "-3/2", "-1", "-1/2", "0")
FORGET_GATE_WEIGHTS = ("1/2", "1", "2")
FORGET_GATE_BIASES = ("0", "1/2")
# The cell input g[t] = w_c x[t] + b_c: g = 1 counts the steps, g = x[t] adds the inputs.
CANDIDATES = {"count": ("0", "1"), "sum": ("1", "0")}
EXACT_ABS_TOL = 1e-4


def _sigmoid(z: Any) -> float:
    return 1 / (1 + math.exp(-float(z)))


def _relu(z: Any) -> Any:
    return max(sympy.Integer(0), z)


@register
class LstmCreluCounter(Template):
    id = "lstm-crelu-counter"
    topic = "lstm"
    title = "A hand-designed LSTM counter with CReLU gates"
    description = "Design a CReLU output gate, then run a hand-designed counting LSTM for 4 steps"
    kind = "design"
    minutes = 15
    difficulty = 2
    parts = (PartSpec("design", 1), PartSpec("cell", 2), PartSpec("output", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        low = int(rng.integers(0, 3))
        high = int(rng.integers(low + 1, min(low + 2, 3) + 1))
        return {
            "x": [int(v) for v in rng.choice(COUNTER_INPUTS, size=COUNTER_STEPS)],
            "i": [str(rng.choice(INPUT_GATE_WEIGHTS)), str(rng.choice(INPUT_GATE_RECURRENT)),
                  str(rng.choice(INPUT_GATE_BIASES))],
            "f": [str(rng.choice(FORGET_GATE_WEIGHTS)), str(rng.choice(FORGET_GATE_BIASES))],
            "mode": str(rng.choice(sorted(CANDIDATES))),
            "low": low,
            "high": high,
        }

    def solve(self, params: dict[str, Any]) -> Solution:
        x = rationals(params["x"])
        w_i, u_i, b_i = rationals(params["i"])
        w_f, b_f = rationals(params["f"])
        low, high = sympy.Integer(params["low"]), sympy.Integer(params["high"])
        w_o, b_o = kernel.ramp_gate_design(low, high)
        zero = sympy.Integer(0)
        gates = {"i": (w_i, u_i, b_i), "f": (w_f, zero, b_f), "o": (w_o, zero, b_o)}
        candidate = tuple(rationals(CANDIDATES[params["mode"]]))
        rows = kernel.gated_forward(x, gates, candidate)
        cells = [row["c"] for row in rows]
        outputs = [row["h"] for row in rows]
        if all(h == 0 for h in outputs):
            raise DegenerateDrawError("every output is 0")
        if not hand_sized(cells, outputs, max_magnitude=12):
            raise DegenerateDrawError("values too awkward for hand work")

        answers = {
            "design": exact_answer([w_o, b_o], abs_tol=EXACT_ABS_TOL),
            "cell": exact_answer(cells, abs_tol=EXACT_ABS_TOL),
            "output": exact_answer(outputs, abs_tol=EXACT_ABS_TOL),
        }
        mistakes = _counter_mistakes(x, gates, candidate, rows, low, high)
        # The clamp at 1 must change the cell values, so that mistake always shows.
        if not differs(mistakes["cell"][1].value, answers["cell"]):
            raise DegenerateDrawError("the clamp at 1 never changes the cell")
        mistakes = {part: distinct_mistakes(answers[part], listed)
                    for part, listed in mistakes.items()}
        work = {"x": x, "w_i": w_i, "u_i": u_i, "b_i": b_i, "w_f": w_f, "b_f": b_f,
                "w_o": w_o, "b_o": b_o, "low": low, "high": high, "mode": params["mode"],
                "w_c": candidate[0], "b_c": candidate[1], "rows": rows,
                "steps": len(rows)}
        return Solution(answers=answers, work=work, mistakes=mistakes)

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        # The designed gate must meet its specification at every integer input.
        work = solution.work
        failures = []
        for x in range(4):
            gate = kernel.crelu(work["w_o"] * x + work["b_o"])
            if x <= work["low"] and gate != 0:
                failures.append(f"o is {gate} at x = {x}, not closed")
            if x >= work["high"] and gate != 1:
                failures.append(f"o is {gate} at x = {x}, not fully open")
        return failures


def _counter_mistakes(x: list[sympy.Rational], gates: dict[str, tuple[sympy.Expr, ...]],
                      candidate: tuple[sympy.Expr, ...], rows: list[dict[str, Any]],
                      low: sympy.Integer,
                      high: sympy.Integer) -> dict[str, tuple[Mistake, ...]]:
    w_o, _ = kernel.ramp_gate_design(low, high)
    sigmoid_rows = kernel.gated_forward(x, gates, candidate, squash=_sigmoid)
    relu_rows = kernel.gated_forward(x, gates, candidate, squash=_relu)
    return {
        "design": (
            Mistake("ramp placed at the open input",
                    "w_o x + b_o must be 0 at the closed input and 1 at the open input; "
                    "a ramp that starts at the open input keeps the gate shut there.",
                    exact_value([w_o, -w_o * high])),
            Mistake("bias not scaled by the weight",
                    "w_o x + b_o = 0 at x = low gives b_o = -w_o low, not -low.",
                    exact_value([w_o, -low])),
        ),
        "cell": (
            Mistake("sigmoid in place of CReLU",
                    "The gates here are CReLU(z) = min(1, max(0, z)), not sigma(z).",
                    tuple(round_float(float(row["c"])) for row in sigmoid_rows)),
            Mistake("clamp at 1 forgotten",
                    "CReLU clips at 1 as well as at 0, so a gate never exceeds 1.",
                    exact_value([row["c"] for row in relu_rows])),
        ),
        "output": (
            Mistake("tanh on the output",
                    "This course's LSTM outputs h[t] = o[t] c[t], with no tanh on the cell.",
                    tuple(round_float(float(row["o"]) * math.tanh(float(row["c"])))
                          for row in rows)),
            Mistake("output gate skipped",
                    "h[t] = o[t] c[t]: the cell value is scaled by the output gate.",
                    exact_value([row["c"] for row in rows])),
        ),
    }
