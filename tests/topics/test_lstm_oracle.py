"""Oracle tests for the LSTM templates: NumPy forward passes and central differences."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from examgen.problems import draw_and_solve, make_problem
from examgen.registry import get_template
from examgen.render.problem import render_problem

SEEDS = range(300)
STEP = 1e-6


def _number(text: object) -> float:
    return float(Fraction(str(text)))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + np.exp(-z))


def _forward(params: dict) -> tuple[list[float], list[float], list[float]]:
    # Pre-activations are ln r. The course output has no tanh on the cell.
    c = _number(params["c0"])
    cells, outputs, pytorch_outputs = [], [], []
    for step in params["steps"]:
        pre = {name: np.log(_number(step[name])) for name in ("i", "f", "o", "g")}
        i, f, o = (_sigmoid(pre[name]) for name in ("i", "f", "o"))
        c = f * c + i * np.tanh(pre["g"])
        cells.append(c)
        outputs.append(o * c)
        pytorch_outputs.append(o * np.tanh(c))
    return cells, outputs, pytorch_outputs


@pytest.mark.parametrize("seed", SEEDS)
def test_forward_step_cells(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("lstm-forward-step"), seed)
    cells, _, _ = _forward(params)
    np.testing.assert_allclose(solution.answers["cell"].value, cells, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_forward_step_outputs(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("lstm-forward-step"), seed)
    _, outputs, _ = _forward(params)
    np.testing.assert_allclose(solution.answers["output"].value, outputs,
                               rtol=1e-10, atol=1e-12)


def test_forward_step_output_has_no_tanh() -> None:
    # c[0] = 2, gates sigma(ln 1) = 1/2 and input tanh(ln 3) = 4/5 at step 1 give
    # c[1] = 7/5, so o c = 7/10 while o tanh(c) = 0.443: the answer must be 7/10.
    template = get_template("lstm-forward-step")
    step = {"i": "1", "f": "1", "o": "1", "g": "3"}
    solution = template.solve({"c0": "2", "steps": [step, step]})
    assert solution.answers["output"].value[0] == pytest.approx(0.7)
    assert solution.answers["output"].value[0] != pytest.approx(0.5 * np.tanh(1.4), abs=1e-3)


def test_forward_step_differs_from_pytorch() -> None:
    for seed in SEEDS:
        params, solution, _ = draw_and_solve(get_template("lstm-forward-step"), seed)
        _, _, pytorch_outputs = _forward(params)
        for course, pytorch in zip(solution.answers["output"].value, pytorch_outputs):
            gap = abs(course - pytorch)
            assert gap > max(0.005 * abs(course), 0.001), f"seed {seed}"


def test_forward_step_text_states_output() -> None:
    problem = make_problem(get_template("lstm-forward-step"), 5, 10)
    statement = render_problem(problem, 1, "markdown").statement
    assert r"h[t] = o[t]\, c[t]" in statement
    assert "no tanh" in statement


def _bptt_loss(v: dict[str, float], nudge: dict[str, float]) -> float:
    # A loss whose total derivatives at h[t] and c[t+1] are the given ones:
    # L = dL/dh[t] h[t] + dL/dc[t+1] c[t+1], with c[t+1] = f[t+1] c[t] + (constant).
    i, f, o = v["i"] + nudge["i"], v["f"] + nudge["f"], v["o"] + nudge["o"]
    c = f * v["c_prev"] + i * v["g"] + nudge["c"]
    h = o * c
    c_next = v["f_next"] * c + 0.3
    return v["dh"] * h + v["dc_next"] * c_next


def _bptt_derivative(v: dict[str, float], name: str) -> float:
    up = {key: 0.0 for key in ("i", "f", "o", "c")}
    down = dict(up)
    up[name] = STEP
    down[name] = -STEP
    return (_bptt_loss(v, up) - _bptt_loss(v, down)) / (2 * STEP)


def _bptt_case(seed: int) -> tuple[dict[str, float], object]:
    params, solution, _ = draw_and_solve(get_template("lstm-bptt-step"), seed)
    return {key: _number(value) for key, value in params.items()}, solution


@pytest.mark.parametrize("seed", SEEDS)
def test_bptt_step_cell_gradient(seed: int) -> None:
    v, solution = _bptt_case(seed)
    expected = _bptt_derivative(v, "c")
    assert solution.answers["cell"].value == pytest.approx(expected, rel=1e-7, abs=1e-7)


@pytest.mark.parametrize("seed", SEEDS)
def test_bptt_step_gate_gradients(seed: int) -> None:
    v, solution = _bptt_case(seed)
    expected = [_bptt_derivative(v, name) for name in ("i", "f", "o")]
    np.testing.assert_allclose(solution.answers["gates"].value, expected,
                               rtol=1e-7, atol=1e-7)


def test_bptt_step_output_has_no_tanh() -> None:
    # c[t] = (1/2)(2) + (1/2)(4/5) = 7/5. With h = o c, dL/dc = 2 (1/2) + 1 (1/4) = 5/4
    # and dL/do = 2 (7/5); h = o tanh(c) would add the factor 1 - tanh(7/5)^2.
    template = get_template("lstm-bptt-step")
    params = {"c_prev": "2", "i": "1/2", "f": "1/2", "o": "1/2", "g": "4/5",
              "f_next": "1/4", "dh": "2", "dc_next": "1"}
    solution = template.solve(params)
    with_tanh = 2 * 0.5 * (1 - np.tanh(1.4) ** 2) + 0.25
    assert solution.answers["cell"].value == pytest.approx(1.25)
    assert solution.answers["cell"].value != pytest.approx(with_tanh, abs=1e-3)
    assert solution.answers["gates"].value[2] == pytest.approx(2.8)
