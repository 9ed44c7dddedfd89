"""Oracle tests for the linear-algebra templates: numpy.linalg recomputes every answer."""

from __future__ import annotations

import numpy as np
import pytest

from examgen.problems import draw_and_solve
from examgen.registry import get_template

SEEDS = range(300)


@pytest.mark.parametrize("seed", SEEDS)
def test_eigenpairs(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("linear-algebra-eigenpairs"), seed)
    a = np.array(params["A"], dtype=float)

    assert solution.answers["determinant"].value == pytest.approx(np.linalg.det(a), abs=1e-9)

    values, vectors = np.linalg.eigh(a)  # ascending eigenvalues, unit column eigenvectors
    np.testing.assert_allclose(sorted(solution.answers["eigenvalues"].value), values,
                               atol=1e-9)

    expected = vectors[:, -1]
    vector = np.array(solution.answers["eigenvector"].value)
    assert abs(abs(vector @ expected) - 1.0) < 1e-9


@pytest.mark.parametrize("seed", range(100))
def test_eigenvector_sign(seed: int) -> None:
    # The course's normalization: unit norm and the first nonzero element positive.
    _, solution, _ = draw_and_solve(get_template("linear-algebra-eigenpairs"), seed)
    vector = np.array(solution.answers["eigenvector"].value)
    assert np.linalg.norm(vector) == pytest.approx(1.0)
    assert vector[np.flatnonzero(np.abs(vector) > 1e-12)[0]] > 0


@pytest.mark.parametrize("seed", SEEDS)
def test_least_squares(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("linear-algebra-least-squares"), seed)
    a = np.array(params["A"], dtype=float)
    b = np.array(params["b"], dtype=float)

    np.testing.assert_allclose(solution.answers["normal_matrix"].value, a.T @ a, atol=1e-12)

    x, *_ = np.linalg.lstsq(a, b, rcond=None)
    np.testing.assert_allclose(solution.answers["solution"].value, x, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(solution.answers["residual"].value, b - a @ x, atol=1e-9)
