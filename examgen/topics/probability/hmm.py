"""Hidden Markov model templates: forward-backward, Viterbi and the scaled forward pass.

Every template draws a 2-state, 2-symbol HMM whose probabilities are halves and
quarters, with T = 3 observations, so that every forward value has a power-of-two
denominator that a student can reach by hand.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer, float_value, rational
from examgen.kernels import hmm as kernel
from examgen.model import Mistake
from examgen.registry import register
from examgen.rules import differs, require_hand_sized
from examgen.template import PartSpec, Solution, Template

# Rows of a 2-state (or 2-symbol) distribution. None has a zero, so every path is possible.
ROW_CHOICES = (("1/4", "3/4"), ("1/2", "1/2"), ("3/4", "1/4"))
STEPS = 3
# Forward values go down to 1/512, so the default absolute tolerance would be too loose.
TOLERANCE = {"rel_tol": 0.005, "abs_tol": 1e-5, "digits": 6}


def draw_hmm(rng: np.random.Generator) -> dict[str, Any]:
    """Draw pi, A, B (rows of halves and quarters) and T symbols, all 1-based."""
    rows = [list(ROW_CHOICES[int(k)]) for k in rng.integers(0, len(ROW_CHOICES), size=5)]
    observations = [int(k) for k in rng.integers(1, 3, size=STEPS)]
    # Equal rows of A make the states forget the past, and equal rows of B make the
    # observations carry no information about the state.
    if rows[1] == rows[2] or rows[3] == rows[4]:
        raise DegenerateDrawError("two equal rows in A or in B")
    return {"pi": rows[0], "A": rows[1:3], "B": rows[3:5], "obs": observations}


def parse_hmm(params: dict[str, Any]) -> tuple[list[sympy.Expr], list[list[sympy.Expr]],
                                                list[list[sympy.Expr]], list[int]]:
    """Return (pi, A, B, 0-based observations) as exact values."""
    pi = [rational(x) for x in params["pi"]]
    a = [[rational(x) for x in row] for row in params["A"]]
    b = [[rational(x) for x in row] for row in params["B"]]
    return pi, a, b, [x - 1 for x in params["obs"]]


def consistency_failures(params: dict[str, Any], solution: Solution) -> list[str]:
    """Return failures of the drawn model: rows that do not sum to 1."""
    pi, a, b, _ = parse_hmm(params)
    rows = {"pi": pi, **{f"A row {i + 1}": r for i, r in enumerate(a)},
            **{f"B row {j + 1}": r for j, r in enumerate(b)}}
    return [f"{name} sums to {sum(row)}" for name, row in rows.items() if sum(row) != 1]


@register
class HmmForward(Template):
    id = "hmm-forward"
    topic = "hmm"
    title = "HMM forward and backward variables"
    description = "Forward variables, p(X) and one state posterior of a 2-state HMM, T = 3"
    kind = "computation"
    minutes = 15
    difficulty = 2
    parts = (PartSpec("alpha", 2), PartSpec("likelihood", 1), PartSpec("posterior", 2))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        params = draw_hmm(rng)
        # At t = T the posterior is alpha normalized, so ask about an earlier step.
        params["t"] = int(rng.integers(1, STEPS))
        return params

    def solve(self, params: dict[str, Any]) -> Solution:
        pi, a, b, obs = parse_hmm(params)
        t = params["t"] - 1
        alpha = kernel.forward(pi, a, b, obs)
        beta = kernel.backward(a, b, obs)
        likelihood = sum(alpha[-1])
        gamma = kernel.posteriors(alpha, beta)
        products = [x * y for x, y in zip(alpha[t], beta[t])]
        require_hand_sized(alpha, beta, likelihood, gamma[t])

        answers = {
            "alpha": exact_answer(alpha, **TOLERANCE),
            "likelihood": exact_answer(likelihood, **TOLERANCE),
            "posterior": exact_answer(gamma[t], **TOLERANCE),
        }
        mistakes = []
        filtered = float_value([x / sum(alpha[t]) for x in alpha[t]])
        if differs(filtered, answers["posterior"]):
            mistakes.append(Mistake(
                "alpha only",
                "normalized alpha_t(i) without multiplying by beta_t(i), which ignores "
                "the observations after t",
                filtered))
        work = {"alpha": alpha, "beta": beta, "likelihood": likelihood,
                "gamma": gamma[t], "products": products}
        return Solution(answers=answers, work=work, mistakes={"posterior": tuple(mistakes)})

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        failures = consistency_failures(params, solution)
        gamma = solution.work["gamma"]
        if sum(gamma) != 1:
            failures.append(f"posterior sums to {sum(gamma)}")
        return failures


@register
class HmmViterbi(Template):
    id = "hmm-viterbi"
    topic = "hmm"
    title = "Viterbi decoding of an HMM"
    description = "Viterbi variables, most likely state path and its probability, T = 3"
    kind = "computation"
    minutes = 15
    difficulty = 2
    parts = (PartSpec("delta", 2), PartSpec("path", 1), PartSpec("probability", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        return draw_hmm(rng)

    def solve(self, params: dict[str, Any]) -> Solution:
        pi, a, b, obs = parse_hmm(params)
        try:
            delta, psi, path = kernel.viterbi(pi, a, b, obs)
        except ValueError as error:
            raise DegenerateDrawError(str(error)) from None
        probability = delta[-1][path[-1]]
        require_hand_sized(delta)

        states = [s + 1 for s in path]
        greedy = [max(range(len(row)), key=row.__getitem__) + 1 for row in delta]
        mistakes = []
        if greedy != states:
            mistakes.append(Mistake(
                "no backtracking",
                "took the largest delta_t(j) at each t instead of following the "
                "back-pointers from the best final state",
                tuple(greedy)))
        answers = {
            "delta": exact_answer(delta, **TOLERANCE),
            "path": exact_answer(states),
            "probability": exact_answer(probability, **TOLERANCE),
        }
        work = {"delta": delta, "psi": [[i + 1 for i in row] for row in psi[1:]],
                "path": states, "probability": probability}
        return Solution(answers=answers, work=work, mistakes={"path": tuple(mistakes)})

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        return consistency_failures(params, solution)


@register
class HmmScaledForward(Template):
    id = "hmm-scaled-forward"
    topic = "hmm"
    title = "Scaled forward algorithm"
    description = "Scale factors g_t, normalized forward rows and ln p(X) of a 2-state HMM"
    kind = "computation"
    minutes = 15
    difficulty = 2
    parts = (PartSpec("scales", 2), PartSpec("normalized", 1),
             PartSpec("loglikelihood", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        return draw_hmm(rng)

    def solve(self, params: dict[str, Any]) -> Solution:
        pi, a, b, obs = parse_hmm(params)
        g, alpha_hat = kernel.scaled_forward(pi, a, b, obs)
        tilde = [[x * scale for x in row] for row, scale in zip(alpha_hat, g)]
        likelihood = sympy.prod(g)
        require_hand_sized(g, alpha_hat, tilde, likelihood)
        loglikelihood = sympy.log(likelihood)

        answers = {
            "scales": exact_answer(g, **TOLERANCE),
            "normalized": exact_answer(alpha_hat, **TOLERANCE),
            "loglikelihood": exact_answer(loglikelihood, **TOLERANCE),
        }
        unscaled = float_value([sum(row) for row in kernel.forward(pi, a, b, obs)])
        mistakes = []
        if differs(unscaled, answers["scales"]):
            mistakes.append(Mistake(
                "no rescaling",
                "summed the unscaled alpha_t(j) instead of the rescaled alpha~_t(j)",
                unscaled))
        work = {"g": g, "alpha_hat": alpha_hat, "tilde": tilde, "likelihood": likelihood,
                "loglikelihood": loglikelihood}
        return Solution(answers=answers, work=work, mistakes={"scales": tuple(mistakes)})

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        failures = consistency_failures(params, solution)
        for t, row in enumerate(solution.work["alpha_hat"], start=1):
            if sum(row) != 1:
                failures.append(f"normalized forward row {t} sums to {sum(row)}")
        return failures
