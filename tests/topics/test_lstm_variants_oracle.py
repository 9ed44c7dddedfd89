"""Oracle tests for lstm-output-tanh and lstm-crelu-counter: NumPy loops and differences."""

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


def _within(value: float, expected: float, answer: object) -> bool:
    return abs(value - expected) <= max(answer.rel_tol * abs(expected), answer.abs_tol)


def _tanh_case(seed: int) -> tuple[dict[str, float], object]:
    params, solution, _ = draw_and_solve(get_template("lstm-output-tanh"), seed)
    return {key: _number(value) for key, value in params.items()}, solution


def _tanh_loss(v: dict[str, float], nudge: float) -> float:
    # A loss whose total derivatives at h[t] and c[t+1] are the given ones:
    # L = dL/dh[t] h[t] + dL/dc[t+1] c[t+1], with c[t+1] = f[t+1] c[t] + (constant).
    c = v["f"] * v["c_prev"] + v["i"] * v["g"] + nudge
    h = v["o"] * np.tanh(c)
    c_next = v["f_next"] * c + 0.3
    return v["dh"] * h + v["dc_next"] * c_next


@pytest.mark.parametrize("seed", SEEDS)
def test_output_tanh_cell(seed: int) -> None:
    v, solution = _tanh_case(seed)
    expected = v["f"] * v["c_prev"] + v["i"] * v["g"]
    assert solution.answers["cell"].value == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("seed", SEEDS)
def test_output_tanh_output(seed: int) -> None:
    v, solution = _tanh_case(seed)
    expected = v["o"] * np.tanh(v["f"] * v["c_prev"] + v["i"] * v["g"])
    assert solution.answers["output"].value == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("seed", SEEDS)
def test_output_tanh_gradient(seed: int) -> None:
    v, solution = _tanh_case(seed)
    expected = (_tanh_loss(v, STEP) - _tanh_loss(v, -STEP)) / (2 * STEP)
    assert solution.answers["gradient"].value == pytest.approx(expected, rel=1e-7, abs=1e-7)


def test_output_tanh_differs_from_course() -> None:
    # The course's h = o c must be marked wrong: the gap exceeds the tolerance.
    for seed in SEEDS:
        v, solution = _tanh_case(seed)
        answer = solution.answers["output"]
        c = v["f"] * v["c_prev"] + v["i"] * v["g"]
        assert not _within(v["o"] * c, answer.value, answer), f"seed {seed}"


def test_output_tanh_asymmetric_case() -> None:
    # c[t] = (1/2)(2) + (1/2)(4/5) = 7/5 and o = 1/2: the answer is tanh(7/5)/2 = 0.4427,
    # not the course's o c = 0.7. The gradient has the factor 1 - tanh(7/5)^2.
    params = {"c_prev": "2", "i": "1/2", "f": "1/2", "o": "1/2", "g": "4/5",
              "f_next": "1/4", "dh": "2", "dc_next": "1"}
    solution = get_template("lstm-output-tanh").solve(params)
    assert solution.answers["output"].value == pytest.approx(0.5 * np.tanh(1.4))
    assert solution.answers["output"].value != pytest.approx(0.7, abs=1e-2)
    expected = 2 * 0.5 * (1 - np.tanh(1.4) ** 2) + 0.25
    assert solution.answers["gradient"].value == pytest.approx(expected)


def test_output_tanh_table_answers_accepted() -> None:
    # Answers worked from 3-decimal table values must fall within the tolerance.
    for seed in SEEDS:
        v, solution = _tanh_case(seed)
        c = v["f"] * v["c_prev"] + v["i"] * v["g"]
        t = round(float(np.tanh(c)), 3)
        slope = round(1 - float(np.tanh(c)) ** 2, 3)
        output, gradient = solution.answers["output"], solution.answers["gradient"]
        assert _within(v["o"] * t, output.value, output), f"seed {seed}"
        for table_slope in (slope, 1 - t * t):
            worked = v["dh"] * v["o"] * table_slope + v["dc_next"] * v["f_next"]
            assert _within(worked, gradient.value, gradient), f"seed {seed}"


def test_output_tanh_text_states_variant() -> None:
    problem = make_problem(get_template("lstm-output-tanh"), 5, 10)
    statement = render_problem(problem, 1, "markdown").statement
    assert r"h[t] = o[t] \tanh(c[t])" in statement
    assert "PyTorch" in statement


def _counter_case(seed: int) -> tuple[dict, object]:
    params, solution, _ = draw_and_solve(get_template("lstm-crelu-counter"), seed)
    return params, solution


def _counter_forward(params: dict, w_o: float, b_o: float,
                     clip_top: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    # Gates are np.clip(pre, 0, 1). The cell input is 1 (count) or x[t] (sum), and the
    # output is the course's h = o c.
    w_i, u_i, b_i = (_number(v) for v in params["i"])
    w_f, b_f = (_number(v) for v in params["f"])
    c, h = 0.0, 0.0
    cells, outputs = [], []
    for x in params["x"]:
        i = np.clip(w_i * x + u_i * h + b_i, 0.0, clip_top)
        f = np.clip(w_f * x + b_f, 0.0, clip_top)
        o = np.clip(w_o * x + b_o, 0.0, clip_top)
        g = 1.0 if params["mode"] == "count" else float(x)
        c = f * c + i * g
        h = o * c
        cells.append(c)
        outputs.append(h)
    return np.array(cells), np.array(outputs)


@pytest.mark.parametrize("seed", SEEDS)
def test_counter_design_meets_spec(seed: int) -> None:
    # The designed gate must equal the ramp from 0 at x = low to 1 at x = high on a fine
    # grid of inputs. Outside the ramp, np.interp returns the end values 0 and 1.
    params, solution = _counter_case(seed)
    w_o, b_o = solution.answers["design"].value
    grid = np.linspace(-1.0, 4.0, 501)
    gate = np.clip(w_o * grid + b_o, 0.0, 1.0)
    spec = np.interp(grid, [params["low"], params["high"]], [0.0, 1.0])
    np.testing.assert_allclose(gate, spec, atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_counter_cells(seed: int) -> None:
    params, solution = _counter_case(seed)
    w_o = 1.0 / (params["high"] - params["low"])
    cells, _ = _counter_forward(params, w_o, -w_o * params["low"])
    np.testing.assert_allclose(solution.answers["cell"].value, cells, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_counter_outputs(seed: int) -> None:
    params, solution = _counter_case(seed)
    w_o = 1.0 / (params["high"] - params["low"])
    _, outputs = _counter_forward(params, w_o, -w_o * params["low"])
    np.testing.assert_allclose(solution.answers["output"].value, outputs,
                               rtol=1e-10, atol=1e-12)


def test_counter_clamp_at_one_matters() -> None:
    # Every draw must be one where a ReLU gate (no clamp at 1) changes the cells.
    for seed in SEEDS:
        params, solution = _counter_case(seed)
        w_o = 1.0 / (params["high"] - params["low"])
        unclamped, _ = _counter_forward(params, w_o, -w_o * params["low"], np.inf)
        assert not np.allclose(solution.answers["cell"].value, unclamped), f"seed {seed}"


def test_counter_asymmetric_case() -> None:
    # x = (2, 0, 3, 1) with i = CReLU(x - 1), f = CReLU(x + 1/2), g = x (sum) and o open
    # from x = 2: step 1 i = 1 and c = 2; step 2 f = 1/2 and c = 1; step 3 i = CReLU(2) = 1
    # (not 2) and c = 4; step 4 f = 1, i = 0 so c = 4. Outputs o c without tanh.
    params = {"x": [2, 0, 3, 1], "i": ["1", "0", "-1"], "f": ["1", "1/2"],
              "mode": "sum", "low": 1, "high": 2}
    solution = get_template("lstm-crelu-counter").solve(params)
    cells, outputs = _counter_forward(params, 1.0, -1.0)
    np.testing.assert_allclose(solution.answers["cell"].value, cells)
    np.testing.assert_allclose(cells, [2, 1, 4, 4])
    np.testing.assert_allclose(solution.answers["output"].value, outputs)
    assert solution.answers["output"].value[0] != pytest.approx(np.tanh(2.0))


def test_counter_mistakes_differ() -> None:
    template = get_template("lstm-crelu-counter")
    for seed in range(100):
        _, solution, _ = draw_and_solve(template, seed)
        names = {m.name for m in solution.mistakes["cell"]}
        assert "clamp at 1 forgotten" in names, f"seed {seed}"
        for part, listed in solution.mistakes.items():
            expected = np.ravel(solution.answers[part].value)
            for mistake in listed:
                assert not np.allclose(np.ravel(mistake.value), expected, atol=1e-4), \
                    f"seed {seed}: {mistake.name}"
