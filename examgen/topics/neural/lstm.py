"""LSTM templates: forward steps and one step of back-propagation through time.

Every template uses the course's output h[t] = o[t] c[t], and its text states it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer, exact_value, rational, rationals
from examgen.kernels import lstm as kernel
from examgen.model import Mistake
from examgen.registry import register
from examgen.rules import hand_sized, require_distinct
from examgen.template import PartSpec, Solution, Template

# A pre-activation ln r gives sigma = r / (r + 1) and tanh = (r^2 - 1) / (r^2 + 1).
GATE_LOG_ARGUMENTS = ("1/3", "1/2", "1", "2", "3")
INPUT_LOG_ARGUMENTS = ("1/3", "1/2", "2", "3")
INITIAL_CELLS = ("-1", "-1/2", "1/2", "1", "2")
GATE_NAMES = ("i", "f", "o")
# Tolerance of a typed answer (the Answer defaults), tripled so the gap is clear.
TANH_REL_TOL = 0.015
TANH_ABS_TOL = 0.003

GIVEN_GATES = ("1/4", "1/3", "1/2", "2/3", "3/4")
GIVEN_INPUTS = ("-4/5", "-3/5", "-1/2", "1/2", "3/5", "4/5")
GIVEN_CELLS = ("-2", "-1", "-1/2", "1/2", "1", "2")
GIVEN_GRADIENTS = ("-2", "-1", "-1/2", "1/2", "1", "2", "3")
# The values a one-step problem gives, with the set each is drawn from.
GIVEN_CHOICES = {"c_prev": GIVEN_CELLS, "i": GIVEN_GATES, "f": GIVEN_GATES, "o": GIVEN_GATES,
                 "g": GIVEN_INPUTS, "f_next": GIVEN_GATES, "dh": GIVEN_GRADIENTS,
                 "dc_next": GIVEN_GRADIENTS}


def draw_given_step(rng: np.random.Generator) -> dict[str, str]:
    """Draw the values that a one-step problem gives: c[t-1], the gates and the gradients."""
    return {name: str(rng.choice(choices)) for name, choices in GIVEN_CHOICES.items()}


def given_step(params: dict[str, Any]) -> dict[str, sympy.Rational]:
    """Return the values drawn by `draw_given_step` as Rationals."""
    return dict(zip(GIVEN_CHOICES, rationals([params[name] for name in GIVEN_CHOICES])))


def log_text(r: sympy.Rational) -> str:
    """Return the LaTeX of ln r, written as 0, ln k or -ln k."""
    if r == 1:
        return "0"
    if r > 1:
        return rf"\ln {sympy.latex(r)}"
    return rf"-\ln {sympy.latex(1 / r)}"


@register
class LstmForwardStep(Template):
    id = "lstm-forward-step"
    topic = "lstm"
    title = "Two forward steps of an LSTM cell"
    description = "Gate values, c[t] and h[t] = o[t] c[t] of a scalar LSTM over two steps"
    kind = "computation"
    minutes = 12
    difficulty = 1
    parts = (PartSpec("cell", 1), PartSpec("output", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        steps = []
        for _ in range(2):
            step = {name: str(rng.choice(GATE_LOG_ARGUMENTS)) for name in GATE_NAMES}
            step["g"] = str(rng.choice(INPUT_LOG_ARGUMENTS))
            steps.append(step)
        return {"c0": str(rng.choice(INITIAL_CELLS)), "steps": steps}

    def solve(self, params: dict[str, Any]) -> Solution:
        c_prev = rational(params["c0"])
        rows = []
        for step in params["steps"]:
            logs = {name: rational(step[name]) for name in (*GATE_NAMES, "g")}
            gates = {name: kernel.sigmoid_of_log(logs[name]) for name in GATE_NAMES}
            g = kernel.tanh_of_log(logs["g"])
            c = kernel.cell_update(c_prev, gates["i"], gates["f"], g)
            if c == 0:
                raise DegenerateDrawError("c[t] is 0, so h[t] = o tanh(c) would agree")
            rows.append({
                **gates, "g": g, "c_prev": c_prev, "c": c,
                "h": kernel.course_output(gates["o"], c),
                "pre": {name: log_text(value) for name, value in logs.items()},
                "logs": logs,
            })
            c_prev = c
        _require_visible_convention(rows)
        cells = [row["c"] for row in rows]
        outputs = [row["h"] for row in rows]
        if not hand_sized(cells, outputs, max_magnitude=10):
            raise DegenerateDrawError("values too awkward for hand work")
        answers = {"cell": exact_answer(cells), "output": exact_answer(outputs)}
        mistakes = _forward_mistakes(params, rows)
        require_distinct(answers, mistakes)
        work = {"c0": rational(params["c0"]), "rows": rows}
        return Solution(answers=answers, work=work, mistakes=mistakes)


def _require_visible_convention(rows: list[dict[str, Any]]) -> None:
    # Near c = 0, tanh(c) is close to c, so each h[t] must tell o c from o tanh(c).
    for row in rows:
        course = float(row["h"])
        pytorch = float(row["o"]) * math.tanh(float(row["c"]))
        if abs(course - pytorch) <= max(TANH_REL_TOL * abs(course), TANH_ABS_TOL):
            raise DegenerateDrawError("o c and o tanh(c) agree within the tolerance")


def _forward_mistakes(params: dict[str, Any],
                      rows: list[dict[str, Any]]) -> dict[str, tuple[Mistake, ...]]:
    # The course's cell input is tanh of the pre-activation, so ln r itself is wrong.
    no_input_tanh = []
    no_forget = []
    c_raw = float(rational(params["c0"]))
    c_skip = rational(params["c0"])
    for row in rows:
        c_raw = float(row["f"]) * c_raw + float(row["i"]) * math.log(float(row["logs"]["g"]))
        no_input_tanh.append(c_raw)
        c_skip = c_skip + row["i"] * row["g"]
        no_forget.append(c_skip)
    tanh_output = tuple(float(row["o"]) * math.tanh(float(row["c"])) for row in rows)
    gate_skipped = exact_value([row["c"] for row in rows])
    return {
        "cell": (
            Mistake("tanh of the cell input skipped",
                    "The cell input is g[t] = tanh(pre-activation), not the pre-activation.",
                    tuple(no_input_tanh)),
            Mistake("forget gate skipped",
                    "c[t] = f[t] c[t-1] + i[t] g[t]: the old cell is scaled by f[t].",
                    exact_value(no_forget)),
        ),
        "output": (
            Mistake("tanh on the output",
                    "This problem uses h[t] = o[t] c[t]; o[t] tanh(c[t]) is the PyTorch "
                    "LSTMCell convention.",
                    tanh_output),
            Mistake("output gate skipped",
                    "h[t] = o[t] c[t]: the cell value is scaled by the output gate.",
                    gate_skipped),
        ),
    }


@register
class LstmBpttStep(Template):
    id = "lstm-bptt-step"
    topic = "lstm"
    title = "One step of back-propagation through an LSTM cell"
    description = "dL/dc[t] and the gate gradients dL/di, dL/df, dL/do at one step"
    kind = "computation"
    minutes = 12
    difficulty = 2
    parts = (PartSpec("cell", 1), PartSpec("gates", 2))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        return draw_given_step(rng)

    def solve(self, params: dict[str, Any]) -> Solution:
        v = given_step(params)
        c = kernel.cell_update(v["c_prev"], v["i"], v["f"], v["g"])
        if c == 0:
            raise DegenerateDrawError("c[t] is 0")
        dc = kernel.cell_gradient(v["dh"], v["o"], v["dc_next"], v["f_next"])
        di, df, do = kernel.gate_gradients(dc, v["dh"], c, v["c_prev"], v["g"])
        if not hand_sized(c, dc, di, df, do, max_magnitude=20):
            raise DegenerateDrawError("values too awkward for hand work")
        answers = {"cell": exact_answer(dc), "gates": exact_answer([di, df, do])}
        mistakes = _bptt_mistakes(v, c, dc, di, df, do)
        require_distinct(answers, mistakes)
        work = {**v, "c": c, "dc": dc, "di": di, "df": df, "do": do,
                "dc_from_h": v["dh"] * v["o"], "dc_from_next": v["dc_next"] * v["f_next"]}
        return Solution(answers=answers, work=work, mistakes=mistakes)


def _bptt_mistakes(v: dict[str, sympy.Rational], c: sympy.Expr, dc: sympy.Expr,
                   di: sympy.Expr, df: sympy.Expr,
                   do: sympy.Expr) -> dict[str, tuple[Mistake, ...]]:
    dc_local = v["dh"] * v["o"]
    tanh_slope = 1 - math.tanh(float(c)) ** 2
    dc_tanh = float(dc_local) * tanh_slope + float(v["dc_next"] * v["f_next"])
    return {
        "cell": (
            Mistake("f[t+1] term forgotten",
                    "c[t] also reaches the loss through c[t+1] = f[t+1] c[t] + ..., "
                    "which adds dL/dc[t+1] f[t+1].",
                    exact_value(dc_local)),
            Mistake("tanh derivative on the output",
                    "With h[t] = o[t] c[t] there is no tanh between c[t] and h[t], so no "
                    "factor 1 - tanh(c[t])^2.",
                    dc_tanh),
        ),
        "gates": (
            Mistake("f[t+1] term forgotten",
                    "dL/di and dL/df use the total dL/dc[t], including dL/dc[t+1] f[t+1].",
                    exact_value([dc_local * v["g"], dc_local * v["c_prev"], do])),
            Mistake("c[t] in place of c[t-1]",
                    "f[t] multiplies c[t-1] in c[t] = f[t] c[t-1] + i[t] g[t], so "
                    "dL/df[t] = dL/dc[t] c[t-1].",
                    exact_value([di, dc * c, do])),
        ),
    }
