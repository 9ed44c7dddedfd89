"""Oracle tests for the PCA templates: numpy.linalg.svd of the centered data."""

from __future__ import annotations

import numpy as np
import pytest

from examgen.problems import draw_and_solve
from examgen.registry import get_template

SEEDS = range(250)


def _svd(points: list[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    data = np.array(points, dtype=float)
    centered = data - data.mean(axis=0)
    u, s, vt = np.linalg.svd(centered, full_matrices=False)
    return centered, u, s, vt


def _same_up_to_sign(actual: np.ndarray, expected: np.ndarray) -> bool:
    return bool(np.allclose(actual, expected, atol=1e-9)
                or np.allclose(actual, -expected, atol=1e-9))


@pytest.mark.parametrize("seed", SEEDS)
def test_energy_matches_svd(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("pca-energy"), seed)
    centered, _, s, vt = _svd(params["points"])

    np.testing.assert_allclose(solution.answers["scatter"].value, centered.T @ centered,
                               atol=1e-9)

    v1 = np.array(solution.answers["principal"].value)
    assert _same_up_to_sign(v1, vt[0])
    first_nonzero = v1[np.abs(v1) > 1e-9][0]
    assert first_nonzero > 0

    energy = 100 * s[0] ** 2 / np.sum(s**2)
    assert solution.answers["energy"].value == pytest.approx(energy, rel=1e-10)


@pytest.mark.parametrize("seed", SEEDS)
def test_energy_projections_match_svd(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("pca-energy"), seed)
    centered, u, s, vt = _svd(params["points"])
    projections = np.array([[float(y) for y in row] for row in solution.work["projections"]])
    # Projections onto each principal direction are the columns of U S, up to sign.
    for k in range(2):
        assert _same_up_to_sign(projections[:, k], u[:, k] * s[k])


def test_energy_mistakes_differ() -> None:
    for seed in range(50):
        _, solution, _ = draw_and_solve(get_template("pca-energy"), seed)
        energy = solution.answers["energy"].value
        for mistake in solution.mistakes["energy"]:
            assert abs(mistake.value - energy) > 0.005 * abs(energy)


@pytest.mark.parametrize("seed", SEEDS)
def test_gram_matches_numpy(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("pca-gram"), seed)
    centered, _, _, vt = _svd(params["points"])
    gram = centered @ centered.T
    np.testing.assert_allclose(solution.answers["gram"].value, gram, atol=1e-9)

    eigenvalues = np.sort(np.linalg.eigvalsh(gram))[::-1]
    np.testing.assert_allclose(solution.answers["eigenvalues"].value, eigenvalues[:2],
                               rtol=1e-10)
    assert abs(eigenvalues[2]) < 1e-9

    # The u_1 printed in the statement must be a unit eigenvector of G for lambda_1.
    u1 = np.array([float(u) for u in solution.work["u1"]])
    assert np.linalg.norm(u1) == pytest.approx(1.0)
    np.testing.assert_allclose(gram @ u1, eigenvalues[0] * u1, atol=1e-9)

    v1 = np.array(solution.answers["principal"].value)
    assert _same_up_to_sign(v1, vt[0])
