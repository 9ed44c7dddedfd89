"""Two-dimensional true convolution and the DTFT of a centred box filter."""

from __future__ import annotations

import sympy

Grid = list[list[int]]


def convolve2d_full(x: Grid, h: Grid) -> Grid:
    """Return the full true convolution y[n1,n2] = sum x[m1,m2] h[n1-m1, n2-m2].

    The output has (rows(x) + rows(h) - 1) x (columns(x) + columns(h) - 1) samples.
    """
    rows, columns = len(x) + len(h) - 1, len(x[0]) + len(h[0]) - 1
    y = [[0] * columns for _ in range(rows)]
    for m1, row in enumerate(x):
        for m2, value in enumerate(row):
            for k1, h_row in enumerate(h):
                for k2, tap in enumerate(h_row):
                    y[m1 + k1][m2 + k2] += value * tap
    return y


def flip(h: Grid) -> Grid:
    """Return h[-n1, -n2] re-indexed from 0: the kernel rotated by 180 degrees."""
    return [row[::-1] for row in h[::-1]]


def convolution_terms(x: Grid, h: Grid, n1: int, n2: int) -> list[tuple[int, int]]:
    """Return the (x[m1,m2], h[n1-m1, n2-m2]) pairs that add up to y[n1,n2], x in row order."""
    terms = []
    for m1, row in enumerate(x):
        for m2, value in enumerate(row):
            k1, k2 = n1 - m1, n2 - m2
            if 0 <= k1 < len(h) and 0 <= k2 < len(h[0]):
                terms.append((value, h[k1][k2]))
    return terms


def box_response_1d(size: int, frequency: sympy.Expr) -> sympy.Expr:
    """Return the DTFT (1/M) sum_{n=-(M-1)/2}^{(M-1)/2} e^{-j w n} of a centred odd box.

    Pairing n and -n makes it real: (1 + 2 sum_{k=1}^{(M-1)/2} cos(k w)) / M.
    """
    if size % 2 == 0:
        raise ValueError(f"a centred box needs an odd length, not {size}")
    half = (size - 1) // 2
    return (1 + 2 * sum(sympy.cos(k * frequency) for k in range(1, half + 1))) / size


def box_response_2d(size: int, w1: sympy.Expr, w2: sympy.Expr) -> sympy.Expr:
    """Return H(w1, w2) = H1(w1) H1(w2) of the separable M x M box with taps 1/M^2."""
    return sympy.expand(box_response_1d(size, w1) * box_response_1d(size, w2))


def multiplication_counts(image_size: int, kernel_size: int) -> tuple[int, int]:
    """Return the multiplications to filter an N x N image with an M x M kernel.

    Direct filtering costs M^2 per output pixel, a separable kernel M + M (a row pass,
    then a column pass), over N^2 output pixels.
    """
    pixels = image_size * image_size
    return pixels * kernel_size * kernel_size, pixels * 2 * kernel_size
