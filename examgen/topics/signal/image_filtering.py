"""Image filtering templates: 2-D true convolution and the box filter's DTFT and cost."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer, float_value, rational
from examgen.kernels import image_filtering as kernel
from examgen.model import Mistake
from examgen.registry import register
from examgen.rules import differs, hand_sized
from examgen.template import PartSpec, Solution, Template

PIXEL_CHOICES = (0, 1, 2, 3)
TAP_CHOICES = (-2, -1, 0, 1, 2)
# The asked output sample: an interior one, where all four kernel taps overlap the image.
SAMPLE = (1, 1)
BOX_SIZES = (3, 5)
# Frequencies (as multiples of pi) whose cosines are 0, +-1/2, +-sqrt(2)/2 or +-1.
FREQUENCY_CHOICES = ("0", "1/4", "1/3", "1/2", "2/3", "1")
IMAGE_SIZES = (64, 100, 128, 200, 256, 512)
FILTER_SIZES = (3, 5, 7, 9)


@register
class Convolution(Template):
    id = "image-filtering-convolution"
    topic = "image-filtering"
    title = "Two-dimensional convolution"
    description = "True 2-D convolution of a 3x3 image with an asymmetric 2x2 kernel"
    kind = "computation"
    minutes = 15
    difficulty = 2
    parts = (PartSpec("sample", 1), PartSpec("output", 2))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        x = [[int(v) for v in rng.choice(PIXEL_CHOICES, size=3)] for _ in range(3)]
        h = [[int(v) for v in rng.choice(TAP_CHOICES, size=2)] for _ in range(2)]
        return {"x": x, "h": h}

    def solve(self, params: dict[str, Any]) -> Solution:
        x, h = params["x"], params["h"]
        flipped = kernel.flip(h)
        # A kernel equal to its own 180-degree rotation hides the flip, which the problem tests.
        if h == flipped or sum(v != 0 for row in h for v in row) < 3:
            raise DegenerateDrawError("kernel is symmetric or nearly empty")
        if sum(v != 0 for row in x for v in row) < 6:
            raise DegenerateDrawError("image is mostly zeros")
        y = kernel.convolve2d_full(x, h)
        correlation = kernel.convolve2d_full(x, flipped)
        n1, n2 = SAMPLE

        answers = {
            "sample": exact_answer(sympy.Integer(y[n1][n2])),
            "output": exact_answer(y),
        }
        mistakes = {
            "output": (Mistake(
                "kernel not flipped",
                "Slid h over the image without flipping it (correlation); convolution "
                "uses h[n1-m1, n2-m2], the kernel rotated by 180 degrees.",
                float_value(correlation)),),
        }
        sample_mistake = Mistake(
            "kernel not flipped",
            "Multiplied x[m1,m2] by h[m1-n1+1, m2-n2+1] (correlation) instead of h[n1-m1, n2-m2].",
            float(correlation[n1][n2]))
        if differs(sample_mistake.value, answers["sample"]):
            mistakes["sample"] = (sample_mistake,)
        if not differs(mistakes["output"][0].value, answers["output"]):
            raise DegenerateDrawError("correlation equals convolution for this draw")
        work = {
            "x": x, "h": h, "flipped": flipped, "y": y, "n1": n1, "n2": n2,
            "terms": kernel.convolution_terms(x, h, n1, n2),
            "rows": len(y), "columns": len(y[0]),
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        # Summing y gives sum(x) sum(h), a check that needs no flip.
        w = solution.work
        total = sum(map(sum, w["x"])) * sum(map(sum, w["h"]))
        return [] if sum(map(sum, w["y"])) == total else ["sum(y) != sum(x) sum(h)"]


@register
class BoxFilter(Template):
    id = "image-filtering-box-dtft"
    topic = "image-filtering"
    title = "Box filter: frequency response and cost"
    description = "DTFT of a centred M x M box filter at two frequencies and multiplication counts"
    kind = "analysis"
    minutes = 12
    difficulty = 2
    parts = (PartSpec("response", 2), PartSpec("multiplications", 1))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        frequencies = [[str(f) for f in rng.choice(FREQUENCY_CHOICES, size=2)] for _ in range(2)]
        return {"M": int(rng.choice(BOX_SIZES)), "frequencies": frequencies,
                "N": int(rng.choice(IMAGE_SIZES)), "K": int(rng.choice(FILTER_SIZES))}

    def solve(self, params: dict[str, Any]) -> Solution:
        size = params["M"]
        points = [[sympy.pi * rational(f) for f in pair] for pair in params["frequencies"]]
        if points[0] == points[1]:
            raise DegenerateDrawError("the same frequency pair twice")
        factors = [[kernel.box_response_1d(size, w) for w in pair] for pair in points]
        response = [kernel.box_response_2d(size, *pair) for pair in points]
        if all(value == 0 for value in response):
            raise DegenerateDrawError("both responses are zero")
        direct, separable = kernel.multiplication_counts(params["N"], params["K"])
        if not hand_sized(response):
            raise DegenerateDrawError("numbers too large to work by hand")

        answers = {
            "response": exact_answer(response),
            "multiplications": exact_answer([sympy.Integer(direct), sympy.Integer(separable)]),
        }
        mistakes = {
            "response": (Mistake(
                "box not normalized",
                f"Summed e^(-j w n) over the taps without the factor 1/M^2 = 1/{size * size}.",
                float_value([value * size * size for value in response])),),
        }
        work = {
            "M": size, "half": (size - 1) // 2, "points": points, "factors": factors,
            "response": response, "N": params["N"], "K": params["K"],
            "direct": direct, "separable": separable, "pixels": params["N"] ** 2,
        }
        return Solution(answers=answers, work=work, mistakes=mistakes)
