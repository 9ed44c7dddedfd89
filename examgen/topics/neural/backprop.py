"""Back-propagation templates: a 2-2-1 ReLU network, a softmax output layer, and the
vanishing gradient of a sigmoid output under MSE."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer, exact_value, rationals
from examgen.kernels import backprop as kernel
from examgen.model import Answer, Mistake
from examgen.registry import register
from examgen.rules import distinct_by_part, require_hand_sized
from examgen.template import PartSpec, Solution, Template

# Sigmoid values the statement prints, enough to work sigma(k) for |k| <= 3 by hand.
SIGMOID_TABLE = {0: "0.5", 1: "0.731", 2: "0.881", 3: "0.953"}
ETA_CHOICES = (0.1, 0.25, 0.5)
# exp of these logits is a small integer, so every softmax value is a fraction.
LOGIT_EXPONENTIALS = (1, 2, 3, 4, 6)


@register
class TwoLayer(Template):
    id = "backprop-two-layer"
    topic = "backprop"
    title = "Back-propagation in a 2-2-1 network"
    description = "Forward pass, dL/dW1 and one gradient step of a ReLU 2-2-1 network"
    kind = "computation"
    minutes = 15
    difficulty = 2
    parts = (PartSpec("forward", 1), PartSpec("grad_w1", 2), PartSpec("step", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        output = str(rng.choice(["linear", "sigmoid"]))
        x = [int(v) for v in rng.integers(-2, 3, size=2)]
        if x == [0, 0]:
            raise DegenerateDrawError("zero input")
        w1 = [[int(v) for v in row] for row in rng.integers(-1, 3, size=(2, 2))]
        b1 = [int(v) for v in rng.integers(-1, 2, size=2)]
        w2 = [[int(v) for v in rng.choice([-2, -1, 1, 2], size=2)]]
        b2 = [int(rng.integers(-1, 2))]
        y = int(rng.integers(-2, 4)) if output == "linear" else int(rng.integers(0, 2))
        eta = float(rng.choice(ETA_CHOICES))
        return {"output": output, "x": x, "w1": w1, "b1": b1, "w2": w2, "b2": b2,
                "y": y, "eta": eta}

    def solve(self, params: dict[str, Any]) -> Solution:
        output = params["output"]
        x = rationals(params["x"])
        w1, b1 = rationals(params["w1"]), rationals(params["b1"])
        w2, b2 = rationals(params["w2"]), rationals(params["b2"])
        y = [sympy.Integer(params["y"])]
        eta = sympy.Rational(str(params["eta"]))

        forward_pass = kernel.forward(w1, b1, w2, b2, x, output)
        self._reject(forward_pass, y, output)
        gradients = kernel.backward(w2, [x], [forward_pass], [y])
        new_w2 = kernel.descent_step(w2, gradients.w2, eta)
        require_hand_sized(forward_pass.y_hat, gradients.w1, new_w2)

        answers = {
            "forward": exact_answer(forward_pass.y_hat[0]),
            "grad_w1": exact_answer(gradients.w1),
            "step": exact_answer(new_w2[0]),
        }
        mistakes = self._mistakes(answers, params, forward_pass, gradients, x, w1, b1, w2, b2, eta)
        work = {
            "xi1": forward_pass.xi1, "h": forward_pass.h, "xi2": forward_pass.xi2[0], "y_hat": forward_pass.y_hat[0],
            "relu_slope": [kernel.relu_derivative(v) for v in forward_pass.xi1],
            "back": kernel.mat_vec(kernel.transpose(w2), gradients.delta2[0]),
            "delta2": gradients.delta2[0][0], "delta1": gradients.delta1[0],
            "grad_w2": gradients.w2[0], "grad_w1": gradients.w1, "new_w2": new_w2[0],
            "eta": eta, "sigmoid_table": SIGMOID_TABLE,
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)

    @staticmethod
    def _reject(forward_pass: kernel.ForwardPass, y: list[sympy.Expr], output: str) -> None:
        if any(v == 0 for v in forward_pass.xi1):
            raise DegenerateDrawError("ReLU pre-activation exactly 0")
        if all(v < 0 for v in forward_pass.xi1):
            raise DegenerateDrawError("both hidden units inactive")
        if output == "sigmoid" and abs(forward_pass.xi2[0]) > 3:
            raise DegenerateDrawError("sigmoid argument outside the printed table")
        if output == "linear" and (abs(forward_pass.xi2[0]) > 6 or forward_pass.y_hat[0] == y[0]
                                   or abs(forward_pass.y_hat[0] - y[0]) > 4):
            raise DegenerateDrawError("output too large or already exact")

    @staticmethod
    def _mistakes(answers: dict[str, Answer], params: dict[str, Any],
                  forward_pass: kernel.ForwardPass, gradients: kernel.Gradients, x: kernel.Vector,
                  w1: kernel.Matrix, b1: kernel.Vector, w2: kernel.Matrix,
                  b2: kernel.Vector, eta: sympy.Expr) -> dict[str, tuple[Mistake, ...]]:
        linear_h = [s + b for s, b in zip(kernel.mat_vec(w1, x), b1)]
        skipped = kernel.mat_vec(w2, linear_h)[0] + b2[0]
        if params["output"] == "sigmoid":
            skipped = kernel.sigmoid(skipped)
        unmasked = kernel.outer(kernel.mat_vec(kernel.transpose(w2), gradients.delta2[0]), x)
        transposed = kernel.transpose(gradients.w1)
        plus = kernel.add(w2, kernel.scale(eta, gradients.w2))
        candidates = {
            "forward": [Mistake("ReLU skipped",
                                "The hidden pre-activations were used without the ReLU.",
                                exact_value(skipped))],
            "grad_w1": [
                Mistake("ReLU derivative ignored",
                        "The back-propagated error was not multiplied by u(xi1) "
                        "at the inactive hidden unit.",
                        exact_value(unmasked)),
                Mistake("gradient transposed",
                        "x delta1^T was used instead of delta1 x^T.",
                        exact_value(transposed)),
            ],
            "step": [Mistake("gradient added",
                             "The step went up the gradient: w + eta dL/dw.",
                             exact_value(plus[0]))],
        }
        mistakes = distinct_by_part(answers, candidates)
        if "step" not in mistakes:
            raise DegenerateDrawError("a common mistake gives the right answer")
        return mistakes


def _logit_column(exps: list[int]) -> str:
    # The logits are ln a, written as such: the filters would print ln(a) in SymPy form.
    rows = " \\\\ ".join("0" if a == 1 else rf"\ln {a}" for a in exps)
    return r"\begin{bmatrix}" + rows + r"\end{bmatrix}"


def _log_tex(value: sympy.Rational) -> str:
    if value.q == 1:
        return rf"\ln {value.p}"
    return rf"\ln \frac{{{value.p}}}{{{value.q}}}"


@register
class SoftmaxCrossEntropy(Template):
    id = "backprop-softmax-ce"
    topic = "backprop"
    title = "Softmax and cross-entropy gradients"
    description = "Cross-entropy loss, dL/dxi = (y_hat - y)/n and dL/dW of a softmax layer"
    kind = "computation"
    minutes = 12
    difficulty = 2
    parts = (PartSpec("loss", 1), PartSpec("grad_logits", 1), PartSpec("grad_w", 2))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        n = int(rng.integers(1, 3))
        exps = [[int(a) for a in rng.choice(LOGIT_EXPONENTIALS, size=3)] for _ in range(n)]
        hs = [[int(v) for v in rng.integers(0, 4, size=2)] for _ in range(n)]
        if any(h == [0, 0] for h in hs):
            raise DegenerateDrawError("hidden vector of zeros")
        if any(len(set(row)) == 1 for row in exps):
            raise DegenerateDrawError("equal logits")
        labels = [int(c) for c in rng.integers(0, 3, size=n)]
        return {"exps": exps, "h": hs, "labels": labels}

    def solve(self, params: dict[str, Any]) -> Solution:
        labels = params["labels"]
        n = len(labels)
        logits = [[sympy.log(sympy.Integer(a)) for a in row] for row in params["exps"]]
        hs = rationals(params["h"])
        probabilities = [kernel.softmax(z) for z in logits]
        loss = kernel.cross_entropy(probabilities, labels)
        deltas, grad_w = kernel.softmax_output_gradients(probabilities, labels, hs)
        require_hand_sized(loss, deltas, grad_w)

        grad_logits = deltas[0] if n == 1 else deltas
        answers = {
            "loss": exact_answer(loss),
            "grad_logits": exact_answer(grad_logits),
            "grad_w": exact_answer(grad_w),
        }
        mistakes = self._mistakes(answers, n, loss, grad_logits, grad_w)
        work = {
            "n": n, "logit_columns": [_logit_column(row) for row in params["exps"]],
            "sums": [sum(row) for row in params["exps"]], "probabilities": probabilities,
            "one_hot": [[int(k == c) for k in range(3)] for c in labels],
            "deltas": deltas, "grad_w": grad_w, "loss": loss,
            "outers": [kernel.outer(d, h) for d, h in zip(deltas, hs)],
            "label_probabilities": [p[c] for p, c in zip(probabilities, labels)],
            "log_terms": [_log_tex(1 / p[c]) for p, c in zip(probabilities, labels)],
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)

    @staticmethod
    def _mistakes(answers: dict[str, Answer], n: int, loss: sympy.Expr,
                  grad_logits: Any, grad_w: kernel.Matrix) -> dict[str, tuple[Mistake, ...]]:
        flipped = [[-x for x in row] for row in grad_w]
        candidates: dict[str, list[Mistake]] = {
            "loss": [], "grad_logits": [],
            "grad_w": [Mistake("sign flipped", "y - y_hat was used in place of y_hat - y.",
                               exact_value(flipped))],
        }
        if n > 1:
            times_n = sympy.Integer(n)
            candidates["loss"].append(Mistake(
                "1/n forgotten", "The losses of the examples were summed, not averaged.",
                exact_value(loss * times_n)))
            candidates["grad_logits"].append(Mistake(
                "1/n forgotten", "The output gradient was taken as y_hat - y, without 1/n.",
                exact_value([[times_n * x for x in row] for row in grad_logits])))
            candidates["grad_w"].append(Mistake(
                "1/n forgotten", "The outer products were summed without the factor 1/n.",
                exact_value([[times_n * x for x in row] for row in grad_w])))
        mistakes = distinct_by_part(answers, candidates)
        if "grad_w" not in mistakes:
            raise DegenerateDrawError("a common mistake gives the right answer")
        return mistakes

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        failures: list[str] = []
        for p in solution.work["probabilities"]:
            if sum(p) != 1:
                failures.append(f"softmax values {p} do not sum to 1")
        return failures


# exp(-xi) = a for xi = -ln a, so sigma(xi) = 1/(1 + a) is a fraction.
SATURATION_CHOICES = (3, 4, 5, 7, 9)


@register
class VanishingGradient(Template):
    id = "backprop-vanishing-gradient"
    topic = "backprop"
    title = "Which loss keeps the gradient of a sigmoid output alive"
    description = "dL/dxi of a saturated sigmoid output under MSE and under BCE, and their ratio"
    kind = "analysis"
    minutes = 8
    difficulty = 2
    parts = (PartSpec("mse", 1), PartSpec("bce", 1), PartSpec("ratio", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        return {"a": int(rng.choice(SATURATION_CHOICES)), "y": int(rng.integers(0, 2))}

    def solve(self, params: dict[str, Any]) -> Solution:
        a, y = sympy.Integer(params["a"]), sympy.Integer(params["y"])
        # The unit is confidently wrong: xi = -ln a when y = 1 and xi = +ln a when y = 0.
        y_hat = 1 / (1 + a) if y == 1 else a / (1 + a)
        mse, bce = kernel.sigmoid_output_gradients(y_hat, y)
        ratio = abs(bce / mse)
        require_hand_sized(y_hat, mse, bce, ratio)

        answers = {"mse": exact_answer(mse), "bce": exact_answer(bce),
                   "ratio": exact_answer(ratio)}
        candidates = {
            "mse": [Mistake("sigma' forgotten",
                            "The chain rule through the sigmoid was left out.",
                            exact_value(y_hat - y))],
            "bce": [Mistake("sigma' kept",
                            "The factor y_hat (1 - y_hat) cancels in the BCE gradient.",
                            exact_value(mse))],
            "ratio": [Mistake("ratio inverted", "|MSE / BCE| was given in place of |BCE / MSE|.",
                              exact_value(1 / ratio))],
        }
        mistakes = distinct_by_part(answers, candidates)
        if len(mistakes) < len(candidates):
            raise DegenerateDrawError("a common mistake gives the right answer")
        work = {"y_hat": y_hat, "slope": y_hat * (1 - y_hat), "error": y_hat - y,
                "sign": "-" if y == 1 else "", "mse": mse, "bce": bce, "ratio": ratio}
        return Solution(answers=answers, work=work, mistakes=mistakes)
