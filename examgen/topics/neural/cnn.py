"""CNN templates: true 2-D convolution with its input gradient, max pooling, and the
parameter and multiplication counts of a convolution layer."""

from __future__ import annotations

from typing import Any

import numpy as np

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer, exact_value
from examgen.kernels import cnn as kernel
from examgen.model import Mistake
from examgen.registry import register
from examgen.rules import distinct_by_part
from examgen.template import PartSpec, Solution, Template

INPUT_VALUES = (-1, 0, 1, 2, 3)
KERNEL_VALUES = (-1, 0, 1, 2)
GRADIENT_VALUES = (-2, -1, 1, 2)
POOL = 2


def _grid(rng: np.random.Generator, values: tuple[int, ...], rows: int,
          cols: int) -> kernel.Grid:
    return [[int(v) for v in row] for row in rng.choice(values, size=(rows, cols))]


@register
class Convolution(Template):
    id = "cnn-convolution"
    topic = "cnn"
    title = "Convolution layer: forward pass and input gradient"
    description = "Valid true 2-D convolution of a 3x3 input with a 2x2 kernel, and dL/dh"
    kind = "computation"
    minutes = 12
    difficulty = 2
    parts = (PartSpec("forward", 1), PartSpec("grad_input", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        w = _grid(rng, KERNEL_VALUES, 2, 2)
        if w == kernel.rotate_180(w):
            raise DegenerateDrawError("kernel symmetric under flipping")
        return {"h": _grid(rng, INPUT_VALUES, 3, 3), "w": w,
                "grad_xi": _grid(rng, GRADIENT_VALUES, 2, 2)}

    def solve(self, params: dict[str, Any]) -> Solution:
        h, w, grad_xi = params["h"], params["w"], params["grad_xi"]
        xi = kernel.convolve_valid(h, w)
        grad_h = kernel.input_gradient(grad_xi, w, len(h), len(h[0]))
        answers = {"forward": exact_answer(xi), "grad_input": exact_answer(grad_h)}

        flipped = kernel.rotate_180(w)
        candidates = {
            "forward": [Mistake("kernel not flipped",
                                "Correlation was computed: w[m', n'] h[m + m', n + n'].",
                                exact_value(kernel.correlate_valid(h, w)))],
            "grad_input": [Mistake("kernel flipped in back-propagation",
                                   "The input gradient is a correlation with w, "
                                   "not a convolution.",
                                   exact_value(kernel.input_gradient(
                                       grad_xi, flipped, len(h), len(h[0]))))],
        }
        mistakes = distinct_by_part(answers, candidates)
        if "forward" not in mistakes:
            raise DegenerateDrawError("correlation gives the convolution's answer")
        work = {"xi": xi, "grad_h": grad_h, "flipped": flipped,
                "terms": self._terms(h, w)}
        return Solution(answers=answers, work=work, mistakes=mistakes)

    @staticmethod
    def _terms(h: kernel.Grid, w: kernel.Grid) -> list[list[list[int]]]:
        # The products w[m', n'] h[m - m', n - n'] of each output, in the reading order of
        # the input block, which is the order of the flipped kernel's entries.
        k = len(w)
        return [[[w[a][b] * h[i + k - 1 - a][j + k - 1 - b]
                  for a in reversed(range(k)) for b in reversed(range(k))]
                 for j in range(len(h[0]) - k + 1)] for i in range(len(h) - k + 1)]


@register
class MaxPool(Template):
    id = "cnn-maxpool"
    topic = "cnn"
    title = "ReLU and max pooling: forward pass and gradient routing"
    description = "2x2 max pooling of ReLU outputs on a 4x4 grid, and dL/dxi"
    kind = "computation"
    minutes = 10
    difficulty = 1
    parts = (PartSpec("forward", 1), PartSpec("grad", 2))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        xi = _grid(rng, (-3, -2, -1, 1, 2, 3, 4, 5, 6), 4, 4)
        # A window of negative pre-activations pools to 0 and passes no gradient.
        if rng.random() < 0.3:
            r, c = (int(v) * POOL for v in rng.integers(0, 2, size=2))
            for a in range(POOL):
                for b in range(POOL):
                    xi[r + a][c + b] = int(rng.integers(-3, 0))
        return {"xi": xi, "grad_y": _grid(rng, (-2, -1, 1, 2, 3), 2, 2)}

    def solve(self, params: dict[str, Any]) -> Solution:
        xi, grad_y = params["xi"], params["grad_y"]
        h = kernel.relu_grid(xi)
        self._reject_ties(h)
        pooled, winners = kernel.max_pool(h, POOL)
        grad = kernel.max_pool_relu_gradient(xi, grad_y, POOL)
        answers = {"forward": exact_answer(pooled), "grad": exact_answer(grad)}

        everywhere = [[grad_y[r // POOL][c // POOL] for c in range(len(xi[0]))]
                      for r in range(len(xi))]
        no_relu, _ = kernel.max_pool(xi, POOL)
        unmasked = self._route_without_relu(xi, grad_y)
        candidates = {
            "forward": [Mistake("ReLU skipped", "The pre-activations were pooled, not h.",
                                exact_value(no_relu))],
            "grad": [
                Mistake("gradient sent to every cell",
                        "Each window's gradient was copied to all of its cells, not only "
                        "to the argmax.", exact_value(everywhere)),
                Mistake("ReLU derivative ignored",
                        "A window whose pooled value is 0 passed its gradient on.",
                        exact_value(unmasked)),
            ],
        }
        mistakes = distinct_by_part(answers, candidates)
        if "grad" not in mistakes:
            raise DegenerateDrawError("a common mistake gives the right answer")
        dead = [index for index, (r, c) in enumerate(winners) if h[r][c] == 0]
        work = {"h": h, "pooled": pooled, "grad": grad, "dead": dead,
                "winners": [[r + 1, c + 1] for r, c in winners]}
        return Solution(answers=answers, work=work, mistakes=mistakes)

    @staticmethod
    def _reject_ties(h: kernel.Grid) -> None:
        for cells in kernel.pool_windows(len(h), len(h[0]), POOL):
            values = sorted((h[r][c] for r, c in cells), reverse=True)
            if values[0] > 0 and values[0] == values[1]:
                raise DegenerateDrawError("tie at the maximum of a pooling window")

    @staticmethod
    def _route_without_relu(xi: kernel.Grid, grad_y: kernel.Grid) -> kernel.Grid:
        # Routes every window's gradient to its largest xi, even when that xi is negative.
        grad = [[0] * len(xi[0]) for _ in xi]
        for index, cells in enumerate(kernel.pool_windows(len(xi), len(xi[0]), POOL)):
            r, c = max(cells, key=lambda cell: xi[cell[0]][cell[1]])
            grad[r][c] = grad_y[index // len(grad_y[0])][index % len(grad_y[0])]
        return grad


@register
class ParameterCount(Template):
    id = "cnn-parameter-count"
    topic = "cnn"
    title = "Parameters and multiplications of a convolution layer"
    description = "Weights, biases and multiplications of a conv layer versus a dense layer"
    kind = "analysis"
    minutes = 8
    difficulty = 1
    parts = (PartSpec("parameters", 1), PartSpec("multiplications", 1), PartSpec("dense", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        return {"size": int(rng.choice([6, 8, 10, 12])), "kernel": int(rng.choice([3, 5])),
                "channels_in": int(rng.choice([1, 2, 3, 4])),
                "channels_out": int(rng.choice([2, 4, 8, 10]))}

    def solve(self, params: dict[str, Any]) -> Solution:
        size, k = params["size"], params["kernel"]
        c_in, c_out = params["channels_in"], params["channels_out"]
        parameters, multiplications = kernel.conv_layer_counts(size, size, k, c_in, c_out)
        out_size = size - k + 1
        inputs, outputs = size * size * c_in, out_size * out_size * c_out
        dense = (inputs + 1) * outputs

        answers = {"parameters": exact_answer(parameters),
                   "multiplications": exact_answer(multiplications),
                   "dense": exact_answer(dense)}
        candidates = {
            "parameters": [
                Mistake("biases forgotten", "Each output channel also has one bias.",
                        k * k * c_in * c_out),
                Mistake("input channels forgotten",
                        "Each kernel spans all C_in input channels: K^2 C_in weights.",
                        (k * k + 1) * c_out),
            ],
            "multiplications": [
                Mistake("input size used for the output",
                        "A valid output is (H - K + 1) x (W - K + 1), not H x W.",
                        size * size * c_out * k * k * c_in),
            ],
            "dense": [Mistake("biases forgotten", "Each dense output also has one bias.",
                              inputs * outputs)],
        }

        mistakes = distinct_by_part(answers, candidates)
        if "multiplications" not in mistakes:
            raise DegenerateDrawError("a common mistake gives the right answer")

        work = {"out_size": out_size, "inputs": inputs, "outputs": outputs,
                "kernel_volume": k * k * c_in,
                "parameters": parameters, "multiplications": multiplications,
                "dense": dense}
        return Solution(answers=answers, work=work, mistakes=mistakes)
