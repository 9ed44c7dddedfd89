"""Convolution and max-pooling layers and their back-propagation, on exact numbers.

The forward pass is TRUE 2-D convolution (kernel flipped) kept in 'valid' mode:
xi[m, n] = sum_{m', n'} w[m', n'] h[m - m', n - n'] for the (m, n) where every h sample
exists. Back-propagation to the input is the correlation
dL/dh[a, b] = sum_{m, n} w[m - a, n - b] dL/dxi[m, n]. Matrices are lists of rows,
indexed [row][column] from 0, and valid output index i stands for m = i + K - 1.
"""

from __future__ import annotations

Grid = list[list[int]]


def rotate_180(w: Grid) -> Grid:
    """Return w flipped in both directions, w[K-1-m', K-1-n']."""
    return [list(reversed(row)) for row in reversed(w)]


def convolve_valid(h: Grid, w: Grid) -> Grid:
    """Return the valid part of the true 2-D convolution of h with w."""
    k = len(w)
    size = len(h) - k + 1
    width = len(h[0]) - k + 1
    return [[sum(w[a][b] * h[i + k - 1 - a][j + k - 1 - b]
                 for a in range(k) for b in range(k))
             for j in range(width)] for i in range(size)]


def correlate_valid(h: Grid, w: Grid) -> Grid:
    """Return the valid 2-D correlation of h with w (the kernel not flipped)."""
    return convolve_valid(h, rotate_180(w))


def input_gradient(grad_xi: Grid, w: Grid, height: int, width: int) -> Grid:
    """Return dL/dh[a][b] = sum_{m, n} w[m - a][n - b] dL/dxi[m][n] for an input of that size.

    m and n run over the valid output positions, m = i + K - 1 for output row i.
    """
    k = len(w)
    grad = [[0] * width for _ in range(height)]
    for i, row in enumerate(grad_xi):
        for j, g in enumerate(row):
            m, n = i + k - 1, j + k - 1
            for a in range(max(0, m - k + 1), min(height, m + 1)):
                for b in range(max(0, n - k + 1), min(width, n + 1)):
                    grad[a][b] += w[m - a][n - b] * g
    return grad


def relu_grid(xi: Grid) -> Grid:
    """Return max(0, xi) element by element."""
    return [[v if v > 0 else 0 for v in row] for row in xi]


def pool_windows(height: int, width: int, size: int) -> list[list[tuple[int, int]]]:
    """Return the cells of each non-overlapping size x size window, row by row."""
    return [[(r + a, c + b) for a in range(size) for b in range(size)]
            for r in range(0, height, size) for c in range(0, width, size)]


def max_pool(h: Grid, size: int) -> tuple[Grid, list[tuple[int, int]]]:
    """Return the max-pooled grid and the argmax cell of each window, row by row.

    The caller makes sure that no window has a tie at its maximum.
    """
    rows, cols = len(h) // size, len(h[0]) // size
    pooled: Grid = [[0] * cols for _ in range(rows)]
    winners = []
    for index, cells in enumerate(pool_windows(len(h), len(h[0]), size)):
        best = max(cells, key=lambda cell: h[cell[0]][cell[1]])
        pooled[index // cols][index % cols] = h[best[0]][best[1]]
        winners.append(best)
    return pooled, winners


def max_pool_relu_gradient(xi: Grid, grad_pooled: Grid, size: int) -> Grid:
    """Return dL/dxi for y = maxpool(ReLU(xi)).

    Each window's gradient goes only to its argmax, and only if the pooled value is
    positive, because ReLU'(xi) = 0 there otherwise.
    """
    h = relu_grid(xi)
    pooled, winners = max_pool(h, size)
    cols = len(pooled[0])
    grad = [[0] * len(xi[0]) for _ in xi]
    for index, (r, c) in enumerate(winners):
        if pooled[index // cols][index % cols] > 0:
            grad[r][c] = grad_pooled[index // cols][index % cols]
    return grad


def conv_layer_counts(height: int, width: int, kernel: int, channels_in: int,
                      channels_out: int) -> tuple[int, int]:
    """Return (parameters, multiplications) of a valid conv layer with biases.

    Parameters: (K^2 C_in + 1) C_out. Multiplications: K^2 C_in for each of the
    (H - K + 1)(W - K + 1) C_out outputs.
    """
    parameters = (kernel * kernel * channels_in + 1) * channels_out
    outputs = (height - kernel + 1) * (width - kernel + 1) * channels_out
    return parameters, outputs * kernel * kernel * channels_in
