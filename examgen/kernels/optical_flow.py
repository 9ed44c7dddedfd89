"""Lucas-Kanade optical flow on a small block, in exact rational arithmetic.

The brightness-constancy equation is -f_t = f_c v_c + f_r v_r, with the gradient taken
column first: grad f = [df/dc, df/dr] and v = [v_c, v_r].
"""

from __future__ import annotations

from typing import Any

import sympy

from examgen.kernels.linear_algebra import inverse_2, matmul, transpose

Grid = list[list[sympy.Expr]]


def central_gradients(f: Grid, rows: range, columns: range) -> tuple[Grid, Grid]:
    """Return (f_c, f_r) at the given pixels, filtered by h[n] = 0.5 d[n+1] - 0.5 d[n-1].

    (h * f)[n] = (f[n+1] - f[n-1]) / 2, along the columns for f_c and the rows for f_r.
    """
    half = sympy.Rational(1, 2)
    f_c = [[half * (f[r][c + 1] - f[r][c - 1]) for c in columns] for r in rows]
    f_r = [[half * (f[r + 1][c] - f[r - 1][c]) for c in columns] for r in rows]
    return f_c, f_r


def lucas_kanade(f_c: Grid, f_r: Grid, f_t: Grid) -> dict[str, Any]:
    """Return A, b, A^T A, A^T b and v = (A^T A)^{-1} A^T b for one block, pixels in row order.

    Each pixel gives the row [f_c, f_r] of A and the entry -f_t of b.
    Raises ZeroDivisionError when A^T A is singular (the aperture problem).
    """
    a = [[c, r] for row_c, row_r in zip(f_c, f_r) for c, r in zip(row_c, row_r)]
    b = [-t for row in f_t for t in row]
    a_t = transpose(a)
    normal = matmul(a_t, a)
    rhs = [row[0] for row in matmul(a_t, [[y] for y in b])]
    v = [row[0] for row in matmul(inverse_2(normal), [[y] for y in rhs])]
    return {"A": a, "b": b, "normal": normal, "rhs": rhs, "v": v}
