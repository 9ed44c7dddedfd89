"""Optical-flow templates: Lucas-Kanade from given derivatives and from pixel values."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

from examgen.errors import DegenerateDrawError
from examgen.exact import exact_answer, float_value, rationals
from examgen.kernels import optical_flow as kernel
from examgen.kernels.linear_algebra import determinant_2
from examgen.model import Mistake
from examgen.registry import register
from examgen.rules import differs, hand_sized
from examgen.template import PartSpec, Solution, Template

GRADIENT_CHOICES = (-2, -1, 0, 1, 2)
TIME_CHOICES = (-3, -2, -1, 0, 1, 2, 3)
# Even pixel values keep the half-differences whole, so the flow stays hand-sized.
PIXEL_CHOICES = (0, 2, 4, 6, 8)
# The block is the central 2x2 of a 4x4 patch, so every central difference stays inside.
BLOCK = range(1, 3)
# A^T A with a larger determinant, or a flow with a larger denominator, is too awkward
# to work out by hand.
MAX_DETERMINANT = 100
MAX_FLOW_DENOMINATOR = 12


def _solve_block(f_c: list[list[sympy.Expr]], f_r: list[list[sympy.Expr]],
                 f_t: list[list[sympy.Expr]]) -> dict[str, Any]:
    # Shared by both templates: solve, then reject draws a student cannot work by hand.
    try:
        result = kernel.lucas_kanade(f_c, f_r, f_t)
    except ZeroDivisionError as error:
        raise DegenerateDrawError("A^T A is singular (aperture problem)") from error
    det = determinant_2(result["normal"])
    if abs(det) > MAX_DETERMINANT or all(x == 0 for x in result["v"]):
        raise DegenerateDrawError("determinant too large or zero flow")
    if any(sympy.fraction(x)[1] > MAX_FLOW_DENOMINATOR for x in result["v"]):
        raise DegenerateDrawError("flow has a large denominator")
    if not hand_sized(result["normal"], result["rhs"], result["v"]):
        raise DegenerateDrawError("numbers too large to work by hand")
    normal = result["normal"]
    result["det"] = det
    result["adjugate"] = [[normal[1][1], -normal[0][1]], [-normal[1][0], normal[0][0]]]
    return result


def _flow_sign_mistake(v: list[sympy.Expr]) -> Mistake:
    return Mistake(
        "sign of f_t",
        "Used b = f_t instead of b = -f_t; brightness constancy gives -f_t = f_c v_c + f_r v_r.",
        float_value([-x for x in v]))


def _flow_validate(work: dict[str, Any]) -> list[str]:
    # The residual b - A v must be orthogonal to both columns of A.
    a, b, v = work["A"], work["b"], work["v"]
    residual = [bi - (row[0] * v[0] + row[1] * v[1]) for row, bi in zip(a, b)]
    dots = [sum(row[k] * e for row, e in zip(a, residual)) for k in range(2)]
    return [] if all(d == 0 for d in dots) else ["A^T (b - A v) != 0"]


@register
class LucasKanade(Template):
    id = "optical-flow-lucas-kanade"
    topic = "optical-flow"
    title = "Lucas-Kanade optical flow"
    description = "A and b from f_c, f_r, f_t on a 2x2 block, then v = (A^T A)^{-1} A^T b"
    kind = "computation"
    minutes = 15
    difficulty = 2
    parts = (PartSpec("normal_matrix", 1), PartSpec("rhs", 1), PartSpec("velocity", 2))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        def grid(choices: tuple[int, ...]) -> list[list[int]]:
            return [[int(v) for v in rng.choice(choices, size=2)] for _ in range(2)]

        return {"f_c": grid(GRADIENT_CHOICES), "f_r": grid(GRADIENT_CHOICES),
                "f_t": grid(TIME_CHOICES)}

    def solve(self, params: dict[str, Any]) -> Solution:
        f_c, f_r, f_t = (rationals(params[k]) for k in ("f_c", "f_r", "f_t"))
        work = _solve_block(f_c, f_r, f_t)
        answers = {
            "normal_matrix": exact_answer(work["normal"]),
            "rhs": exact_answer(work["rhs"]),
            "velocity": exact_answer(work["v"]),
        }
        mistakes = {
            "rhs": (Mistake("sign of f_t", "Used b = f_t instead of b = -f_t.",
                            float_value([-x for x in work["rhs"]])),),
            "velocity": (_flow_sign_mistake(work["v"]),),
        }
        if not differs(mistakes["rhs"][0].value, answers["rhs"]):
            raise DegenerateDrawError("A^T b is zero, so the sign of f_t does not show")
        work.update({"f_c": f_c, "f_r": f_r, "f_t": f_t})
        return Solution(answers=answers, work=work, mistakes=mistakes)

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        return _flow_validate(solution.work)


@register
class GradientFlow(Template):
    id = "optical-flow-gradient"
    topic = "optical-flow"
    title = "Optical flow from pixel values"
    description = "f_c, f_r by the central-difference filter on a 4x4 patch, then the flow"
    kind = "computation"
    minutes = 18
    difficulty = 3
    parts = (PartSpec("column_gradient", 1), PartSpec("row_gradient", 1),
             PartSpec("velocity", 2))

    def draw(self, rng: np.random.Generator) -> dict[str, Any]:
        frame = [[int(v) for v in rng.choice(PIXEL_CHOICES, size=4)] for _ in range(4)]
        f_t = [[int(v) for v in rng.choice(TIME_CHOICES, size=2)] for _ in range(2)]
        return {"f": frame, "f_t": f_t}

    def solve(self, params: dict[str, Any]) -> Solution:
        frame = rationals(params["f"])
        f_t = rationals(params["f_t"])
        f_c, f_r = kernel.central_gradients(frame, BLOCK, BLOCK)
        work = _solve_block(f_c, f_r, f_t)
        answers = {
            "column_gradient": exact_answer(f_c),
            "row_gradient": exact_answer(f_r),
            "velocity": exact_answer(work["v"]),
        }
        mistakes = {
            "column_gradient": (Mistake(
                "filter not flipped",
                "Computed (f[n-1] - f[n+1]) / 2; convolving with h[n] = 0.5 d[n+1] - 0.5 d[n-1] "
                "gives (f[n+1] - f[n-1]) / 2.",
                float_value([[-x for x in row] for row in f_c])),),
            "velocity": (_flow_sign_mistake(work["v"]),),
        }
        if not differs(mistakes["column_gradient"][0].value, answers["column_gradient"]):
            raise DegenerateDrawError("f_c is zero on the block")
        work.update({"frame": frame, "f_c": f_c, "f_r": f_r, "f_t": f_t,
                     "pixels": [(r, c) for r in BLOCK for c in BLOCK]})
        return Solution(answers=answers, work=work, mistakes=mistakes)

    def validate(self, params: dict[str, Any], solution: Solution) -> list[str]:
        return _flow_validate(solution.work)
