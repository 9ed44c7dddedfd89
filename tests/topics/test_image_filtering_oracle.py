"""Oracle tests for the image-filtering templates: SciPy convolves, NumPy sums the DTFT."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from scipy import signal

from examgen.problems import draw_and_solve
from examgen.registry import get_template

SEEDS = range(300)


@pytest.mark.parametrize("seed", SEEDS)
def test_convolution(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("image-filtering-convolution"), seed)
    x = np.array(params["x"], dtype=float)
    h = np.array(params["h"], dtype=float)

    y = signal.convolve2d(x, h, mode="full")
    np.testing.assert_allclose(solution.answers["output"].value, y, atol=1e-12)
    assert solution.answers["sample"].value == pytest.approx(y[1, 1])


def test_convolution_flips_kernel() -> None:
    # Every drawn kernel is asymmetric, so true convolution and correlation differ and
    # the expected output must match the convolution, with the correlation as the mistake.
    template = get_template("image-filtering-convolution")
    for seed in range(100):
        params, solution, _ = draw_and_solve(template, seed)
        x = np.array(params["x"], dtype=float)
        h = np.array(params["h"], dtype=float)
        correlation = signal.correlate2d(x, h, mode="full")
        assert not np.allclose(solution.answers["output"].value, correlation)
        mistake = solution.mistakes["output"][0].value
        np.testing.assert_allclose(mistake, correlation, atol=1e-12)


def _box_dtft(size: int, w1: float, w2: float) -> complex:
    # The DTFT summed term by term over the centred support.
    half = (size - 1) // 2
    n = np.arange(-half, half + 1)
    n1, n2 = np.meshgrid(n, n, indexing="ij")
    return complex(np.sum(np.exp(-1j * (w1 * n1 + w2 * n2))) / size**2)


def _count_multiplications(image_size: int, kernel_size: int, separable: bool) -> int:
    # Count the multiplications of explicit filtering loops over "same"-size output.
    count = 0
    for _ in range(image_size * image_size):
        if separable:
            for _ in range(2):
                for _ in range(kernel_size):
                    count += 1
        else:
            for _ in range(kernel_size * kernel_size):
                count += 1
    return count


@pytest.mark.parametrize("seed", SEEDS)
def test_box_dtft(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("image-filtering-box-dtft"), seed)
    for value, pair in zip(solution.answers["response"].value, params["frequencies"]):
        w1, w2 = (np.pi * float(Fraction(f)) for f in pair)
        expected = _box_dtft(params["M"], w1, w2)
        assert abs(expected.imag) < 1e-12
        assert value == pytest.approx(expected.real, abs=1e-12)

    # Counting on a 4 x 4 image and scaling by (N/4)^2 keeps the loops short.
    scale = (params["N"] / 4) ** 2
    direct, separable = solution.answers["multiplications"].value
    assert direct == _count_multiplications(4, params["K"], separable=False) * scale
    assert separable == _count_multiplications(4, params["K"], separable=True) * scale

