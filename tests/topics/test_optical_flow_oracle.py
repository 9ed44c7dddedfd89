"""Oracle tests for the optical-flow templates: SciPy filters, numpy.linalg.lstsq solves."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

from examgen.problems import draw_and_solve
from examgen.registry import get_template

SEEDS = range(300)


def _flow(f_c: np.ndarray, f_r: np.ndarray, f_t: np.ndarray) -> np.ndarray:
    # Each pixel, in row order, gives the equation f_c v_c + f_r v_r = -f_t.
    a = np.column_stack([f_c.ravel(), f_r.ravel()])
    v, *_ = np.linalg.lstsq(a, -f_t.ravel(), rcond=None)
    return v


@pytest.mark.parametrize("seed", SEEDS)
def test_lucas_kanade(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("optical-flow-lucas-kanade"), seed)
    f_c, f_r, f_t = (np.array(params[k], dtype=float) for k in ("f_c", "f_r", "f_t"))
    a = np.column_stack([f_c.ravel(), f_r.ravel()])

    np.testing.assert_allclose(solution.answers["normal_matrix"].value, a.T @ a, atol=1e-12)
    np.testing.assert_allclose(solution.answers["rhs"].value, a.T @ -f_t.ravel(), atol=1e-12)
    np.testing.assert_allclose(solution.answers["velocity"].value, _flow(f_c, f_r, f_t),
                               rtol=1e-9, atol=1e-12)


def _central_differences(frame: np.ndarray, axis: int) -> np.ndarray:
    # ndimage.convolve1d flips its weights (true convolution), so the weights are
    # [h[-1], h[0], h[1]] = [0.5, 0, -0.5].
    return ndimage.convolve1d(frame, [0.5, 0.0, -0.5], axis=axis)[1:3, 1:3]


@pytest.mark.parametrize("seed", SEEDS)
def test_gradient_flow(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("optical-flow-gradient"), seed)
    frame = np.array(params["f"], dtype=float)
    f_t = np.array(params["f_t"], dtype=float)
    f_c = _central_differences(frame, axis=1)
    f_r = _central_differences(frame, axis=0)

    np.testing.assert_allclose(solution.answers["column_gradient"].value, f_c, atol=1e-12)
    np.testing.assert_allclose(solution.answers["row_gradient"].value, f_r, atol=1e-12)
    np.testing.assert_allclose(solution.answers["velocity"].value, _flow(f_c, f_r, f_t),
                               rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("seed", range(100))
def test_gradient_sign(seed: int) -> None:
    # Brightness rising to the right (larger c) gives a positive f_c, and rising
    # downwards a positive f_r: the filter is applied as a convolution, not a correlation.
    params, solution, _ = draw_and_solve(get_template("optical-flow-gradient"), seed)
    frame = np.array(params["f"], dtype=float)
    rightward = np.sign(frame[1:3, 2:4] - frame[1:3, 0:2])
    downward = np.sign(frame[2:4, 1:3] - frame[0:2, 1:3])
    assert np.array_equal(np.sign(solution.answers["column_gradient"].value), rightward)
    assert np.array_equal(np.sign(solution.answers["row_gradient"].value), downward)
