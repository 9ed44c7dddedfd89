"""Oracle tests for the HMM templates: brute-force enumeration of all state paths."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from examgen.problems import draw_and_solve
from examgen.registry import get_template

SEEDS = range(250)


def _model(params: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int]]:
    pi = np.array([float(Fraction(x)) for x in params["pi"]])
    a = np.array([[float(Fraction(x)) for x in row] for row in params["A"]])
    b = np.array([[float(Fraction(x)) for x in row] for row in params["B"]])
    return pi, a, b, [x - 1 for x in params["obs"]]


def _path_probabilities(params: dict) -> dict[tuple[int, ...], float]:
    """Return p(X, q) for every state path q, each computed as one product."""
    pi, a, b, obs = _model(params)
    table = {}
    for path in itertools.product(range(len(pi)), repeat=len(obs)):
        p = pi[path[0]] * b[path[0], obs[0]]
        for t in range(1, len(obs)):
            p *= a[path[t - 1], path[t]] * b[path[t], obs[t]]
        table[path] = p
    return table


def _prefix_joint(params: dict, t: int, state: int) -> float:
    """Return p(x_1..x_t, q_t = state) by summing over paths of length t."""
    truncated = dict(params, obs=params["obs"][:t])
    return sum(p for path, p in _path_probabilities(truncated).items() if path[-1] == state)


@pytest.mark.parametrize("seed", SEEDS)
def test_forward_matches_enumeration(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("hmm-forward"), seed)
    paths = _path_probabilities(params)
    steps = len(params["obs"])

    expected_alpha = [[_prefix_joint(params, t, i) for i in range(2)]
                      for t in range(1, steps + 1)]
    np.testing.assert_allclose(solution.answers["alpha"].value, expected_alpha, rtol=1e-10)

    likelihood = sum(paths.values())
    assert solution.answers["likelihood"].value == pytest.approx(likelihood, rel=1e-10)

    t = params["t"] - 1
    expected_gamma = [sum(p for path, p in paths.items() if path[t] == i) / likelihood
                      for i in range(2)]
    np.testing.assert_allclose(solution.answers["posterior"].value, expected_gamma,
                               rtol=1e-10)


@pytest.mark.parametrize("seed", SEEDS)
def test_viterbi_matches_enumeration(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("hmm-viterbi"), seed)
    paths = _path_probabilities(params)
    ranked = sorted(paths.items(), key=lambda item: item[1], reverse=True)
    best_path, best = ranked[0]

    assert ranked[1][1] < best * (1 - 1e-9), "the best path must be unique"
    assert list(solution.answers["path"].value) == [s + 1 for s in best_path]
    assert solution.answers["probability"].value == pytest.approx(best, rel=1e-10)

    # delta_t(j) is the best probability over paths of length t that end in j.
    for t in range(1, len(params["obs"]) + 1):
        prefix = _path_probabilities(dict(params, obs=params["obs"][:t]))
        for j in range(2):
            expected = max(p for path, p in prefix.items() if path[-1] == j)
            assert solution.answers["delta"].value[t - 1][j] == pytest.approx(expected,
                                                                             rel=1e-10)


@pytest.mark.parametrize("seed", SEEDS)
def test_viterbi_path_has_no_zero_step(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("hmm-viterbi"), seed)
    pi, a, b, obs = _model(params)
    path = [s - 1 for s in solution.answers["path"].value]
    assert pi[path[0]] > 0
    for t in range(1, len(path)):
        assert a[path[t - 1], path[t]] > 0


@pytest.mark.parametrize("seed", SEEDS)
def test_scaled_forward_matches_enumeration(seed: int) -> None:
    params, solution, _ = draw_and_solve(get_template("hmm-scaled-forward"), seed)
    steps = len(params["obs"])
    prefix = [sum(_path_probabilities(dict(params, obs=params["obs"][:t])).values())
              for t in range(1, steps + 1)]

    # g_t = p(x_1..x_t) / p(x_1..x_{t-1}), so the product of g_1..g_t is p(x_1..x_t).
    expected_g = [prefix[0]] + [prefix[t] / prefix[t - 1] for t in range(1, steps)]
    np.testing.assert_allclose(solution.answers["scales"].value, expected_g, rtol=1e-10)

    # alpha^_t(j) = P(q_t = j | x_1..x_t).
    expected_hat = [[_prefix_joint(params, t, j) / prefix[t - 1] for j in range(2)]
                    for t in range(1, steps + 1)]
    np.testing.assert_allclose(solution.answers["normalized"].value, expected_hat,
                               rtol=1e-10)

    assert solution.answers["loglikelihood"].value == pytest.approx(np.log(prefix[-1]),
                                                                    rel=1e-10)


def test_forward_uses_row_to_column_transitions() -> None:
    # With A asymmetric, a_12 (from 1 to 2) and a_21 differ; the enumeration above uses
    # A[from, to], so a transposed kernel would fail; pin one case by hand as well.
    from examgen.topics.probability.hmm import HmmForward

    params = {"pi": ["1", "0"], "A": [["1/4", "3/4"], ["1/2", "1/2"]],
              "B": [["1/2", "1/2"], ["1/4", "3/4"]], "obs": [1, 2, 2], "t": 1}
    solution = HmmForward().solve(params)
    # alpha_2(2) = alpha_1(1) a_12 b_2(2) = 1/2 * 3/4 * 3/4.
    assert solution.answers["alpha"].value[1][1] == pytest.approx(9 / 32)


def test_forward_mistake_differs() -> None:
    for seed in range(50):
        params, solution, _ = draw_and_solve(get_template("hmm-forward"), seed)
        right = np.array(solution.answers["posterior"].value)
        for mistake in solution.mistakes.get("posterior", ()):
            assert np.max(np.abs(np.array(mistake.value) - right)) > 1e-3
