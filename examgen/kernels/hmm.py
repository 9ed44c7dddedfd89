"""Discrete hidden Markov models: forward, backward, posteriors, Viterbi, scaled forward.

States and time steps are 0-based here, while the problem texts print them 1-based.
`pi[i]` is the initial probability, `a[i][j]` the transition probability from state i
to state j, `b[j][k]` the probability of emitting symbol k in state j, and `obs[t]` the
0-based symbol at time t. All values are exact SymPy numbers.
"""

from __future__ import annotations

from typing import Sequence

import sympy

Vector = list[sympy.Expr]
Matrix = list[list[sympy.Expr]]


def forward(pi: Vector, a: Matrix, b: Matrix, obs: Sequence[int]) -> Matrix:
    """Return alpha[t][j] = p(x_1..x_t, q_t = j) for every t and j."""
    states = range(len(pi))
    alpha = [[pi[j] * b[j][obs[0]] for j in states]]
    for symbol in obs[1:]:
        previous = alpha[-1]
        alpha.append([sum(previous[i] * a[i][j] for i in states) * b[j][symbol]
                      for j in states])
    return alpha


def backward(a: Matrix, b: Matrix, obs: Sequence[int]) -> Matrix:
    """Return beta[t][i] = p(x_{t+1}..x_T | q_t = i), with beta[T-1][i] = 1."""
    states = range(len(a))
    beta = [[sympy.Integer(1) for _ in states]]
    for symbol in reversed(obs[1:]):
        later = beta[0]
        beta.insert(0, [sum(a[i][j] * b[j][symbol] * later[j] for j in states)
                        for i in states])
    return beta


def posteriors(alpha: Matrix, beta: Matrix) -> Matrix:
    """Return gamma[t][i] = p(q_t = i | X) = alpha_t(i) beta_t(i) / p(X)."""
    likelihood = sum(alpha[-1])
    return [[x * y / likelihood for x, y in zip(alpha_t, beta_t)]
            for alpha_t, beta_t in zip(alpha, beta)]


def viterbi(pi: Vector, a: Matrix, b: Matrix,
            obs: Sequence[int]) -> tuple[Matrix, list[list[int]], list[int]]:
    """Return (delta, psi, path) of the Viterbi recursion.

    delta[t][j] is the probability of the best path ending in state j at time t, and
    psi[t][j] its previous state (psi[0] is all -1). Raises ValueError on a tie in any
    max, because a tie leaves the back-pointer or the path ambiguous.
    """
    states = range(len(pi))
    delta = [[pi[j] * b[j][obs[0]] for j in states]]
    psi = [[-1 for _ in states]]
    for symbol in obs[1:]:
        row, pointers = [], []
        for j in states:
            scores = [delta[-1][i] * a[i][j] for i in states]
            best = _unique_argmax(scores)
            row.append(scores[best] * b[j][symbol])
            pointers.append(best)
        delta.append(row)
        psi.append(pointers)
    path = [_unique_argmax(delta[-1])]
    for t in range(len(obs) - 1, 0, -1):
        path.insert(0, psi[t][path[0]])
    return delta, psi, path


def _unique_argmax(values: Sequence[sympy.Expr]) -> int:
    best = max(range(len(values)), key=lambda i: values[i])
    if sum(1 for v in values if v == values[best]) > 1:
        raise ValueError(f"tie in a Viterbi max: {list(values)}")
    return best


def scaled_forward(pi: Vector, a: Matrix, b: Matrix,
                   obs: Sequence[int]) -> tuple[Vector, Matrix]:
    """Return (g, alpha_hat): the scale factors g_t and the normalized forward rows.

    alpha~_t(j) = sum_i alpha^_{t-1}(i) a_ij b_j(x_t), g_t = sum_j alpha~_t(j) and
    alpha^_t = alpha~_t / g_t, so that p(X) = prod_t g_t.
    """
    states = range(len(pi))
    g: Vector = []
    alpha_hat: Matrix = []
    for t, symbol in enumerate(obs):
        if t == 0:
            tilde = [pi[j] * b[j][symbol] for j in states]
        else:
            tilde = [sum(alpha_hat[-1][i] * a[i][j] for i in states) * b[j][symbol]
                     for j in states]
        scale = sum(tilde)
        g.append(scale)
        alpha_hat.append([x / scale for x in tilde])
    return g, alpha_hat

