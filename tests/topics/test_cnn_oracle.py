"""Oracle tests for the CNN templates: SciPy convolution, finite differences and
explicit argmax routing written here."""

from __future__ import annotations

from typing import Callable

import numpy as np
import pytest
from scipy import signal

from examgen.problems import draw_and_solve
from examgen.registry import get_template

SEEDS = range(250)
STEP = 1e-4


def _central_difference(loss: Callable[[np.ndarray], float], at: np.ndarray) -> np.ndarray:
    grad = np.zeros(at.shape)
    for index in np.ndindex(at.shape):
        up, down = at.astype(float), at.astype(float)
        up[index] += STEP
        down[index] -= STEP
        grad[index] = (loss(up) - loss(down)) / (2 * STEP)
    return grad


@pytest.mark.parametrize("seed", SEEDS)
def test_convolution_matches_scipy(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("cnn-convolution"), seed)
    h = np.array(params["h"], dtype=float)
    w = np.array(params["w"], dtype=float)
    upstream = np.array(params["grad_xi"], dtype=float)

    np.testing.assert_array_equal(solution.answers["forward"].value,
                                  signal.convolve2d(h, w, mode="valid"))

    # L = sum(upstream * xi) has dL/dxi = upstream, so its input gradient is dL/dh.
    grad_h = _central_difference(
        lambda x: float(np.sum(upstream * signal.convolve2d(x, w, mode="valid"))), h)
    np.testing.assert_allclose(solution.answers["grad_input"].value, grad_h, atol=1e-6)


@pytest.mark.parametrize("seed", SEEDS)
def test_convolution_differs_from_correlation(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("cnn-convolution"), seed)
    correlation = signal.correlate2d(params["h"], params["w"], mode="valid")
    assert not np.array_equal(solution.answers["forward"].value, correlation)
    mistake = solution.mistakes["forward"][0]
    np.testing.assert_array_equal(mistake.value, correlation)


def test_convolution_flips_asymmetric_kernel() -> None:
    # h is 1 only at the centre, so true convolution copies the kernel into the output
    # while correlation copies it rotated by 180 degrees.
    params = {"h": [[0, 0, 0], [0, 1, 0], [0, 0, 0]], "w": [[1, 2], [0, 0]],
              "grad_xi": [[1, 0], [0, 0]]}
    solution = get_template("cnn-convolution").solve(params)
    assert solution.answers["forward"].value == ((1, 2), (0, 0))
    assert signal.correlate2d(params["h"], params["w"], mode="valid").tolist() == [[0, 0], [2, 1]]


def _pool_output(xi: np.ndarray) -> np.ndarray:
    h = np.maximum(xi, 0.0)
    return h.reshape(2, 2, 2, 2).max(axis=(1, 3))


@pytest.mark.parametrize("seed", SEEDS)
def test_maxpool_matches_finite_differences(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("cnn-maxpool"), seed)
    xi = np.array(params["xi"], dtype=float)
    upstream = np.array(params["grad_y"], dtype=float)

    np.testing.assert_array_equal(solution.answers["forward"].value, _pool_output(xi))

    grad = _central_difference(lambda x: float(np.sum(upstream * _pool_output(x))), xi)
    np.testing.assert_allclose(solution.answers["grad"].value, grad, atol=1e-6)


@pytest.mark.parametrize("seed", SEEDS)
def test_maxpool_routes_to_argmax(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("cnn-maxpool"), seed)
    xi = np.array(params["xi"])
    expected = np.zeros_like(xi)
    for i in range(2):
        for j in range(2):
            window = np.maximum(xi[2 * i:2 * i + 2, 2 * j:2 * j + 2], 0)
            if window.max() > 0:
                r, c = np.unravel_index(np.argmax(window), window.shape)
                expected[2 * i + r, 2 * j + c] = params["grad_y"][i][j]
    np.testing.assert_array_equal(solution.answers["grad"].value, expected)
    assert any(m.name == "gradient sent to every cell" for m in solution.mistakes["grad"])


def test_maxpool_dead_window_passes_nothing() -> None:
    params = {"xi": [[-1, -2, 1, 3], [-3, -1, 2, -1], [4, 1, 5, -2], [2, 3, 1, 6]],
              "grad_y": [[2, 1], [-1, 3]]}
    solution = get_template("cnn-maxpool").solve(params)
    grad = np.array(solution.answers["grad"].value)
    assert np.all(grad[:2, :2] == 0)
    assert solution.answers["forward"].value[0][0] == 0


@pytest.mark.parametrize("seed", SEEDS)
def test_parameter_count_matches_layer_arrays(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("cnn-parameter-count"), seed)
    size, k = params["size"], params["kernel"]
    c_in, c_out = params["channels_in"], params["channels_out"]
    weights = np.zeros((k, k, c_in, c_out))
    biases = np.zeros(c_out)
    assert solution.answers["parameters"].value == weights.size + biases.size

    # Each valid output position multiplies one kernel entry per covered input sample.
    products = signal.convolve2d(np.ones((size, size)), np.ones((k, k)), mode="valid")
    assert solution.answers["multiplications"].value == int(products.sum()) * c_in * c_out

    outputs = products.size * c_out
    dense_weights = np.zeros((outputs, size * size * c_in))
    assert solution.answers["dense"].value == dense_weights.size + outputs
