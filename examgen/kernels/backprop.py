"""Two-layer networks and their back-propagation, in exact SymPy arithmetic.

Column-vector convention: xi1 = W1 x + b1, h = ReLU(xi1), xi2 = W2 h + b2,
y_hat = g(xi2), where w_kj connects input j to output k. Losses are averaged over the
batch with 1/n, and the output gradient of linear+MSE, sigmoid+BCE and softmax+CE is
(y_hat - y)/n. Vectors are lists and matrices lists of rows, which keeps the small
products fast (SymPy matrices are slower for 2x2 work).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

Vector = list[sympy.Expr]
Matrix = list[list[sympy.Expr]]

ZERO = sympy.Integer(0)
ONE = sympy.Integer(1)


def mat_vec(a: Matrix, v: Vector) -> Vector:
    """Return the product A v."""
    return [sum((aij * vj for aij, vj in zip(row, v)), ZERO) for row in a]


def transpose(a: Matrix) -> Matrix:
    """Return the transpose of A."""
    return [list(column) for column in zip(*a)]


def outer(u: Vector, v: Vector) -> Matrix:
    """Return the outer product u v^T."""
    return [[ui * vj for vj in v] for ui in u]


def add(a: Matrix, b: Matrix) -> Matrix:
    """Return A + B."""
    return [[x + y for x, y in zip(ra, rb)] for ra, rb in zip(a, b)]


def scale(c: sympy.Expr, a: Matrix) -> Matrix:
    """Return c A."""
    return [[c * x for x in row] for row in a]


def relu(x: sympy.Expr) -> sympy.Expr:
    """Return max(0, x)."""
    return x if x > 0 else ZERO


def relu_derivative(x: sympy.Expr) -> sympy.Expr:
    """Return u(x), taking ReLU'(0) = 0."""
    return ONE if x > 0 else ZERO


def sigmoid(x: sympy.Expr) -> sympy.Expr:
    """Return 1 / (1 + e^-x), kept symbolic unless it is rational."""
    if x == 0:
        return sympy.Rational(1, 2)
    return ONE / (ONE + sympy.exp(-x))


def softmax(logits: Vector) -> Vector:
    """Return exp(z_k) / sum_l exp(z_l). Logits that are logarithms give rationals."""
    exps = [sympy.exp(z) for z in logits]
    total = sum(exps, ZERO)
    return [e / total for e in exps]


@dataclass(frozen=True)
class ForwardPass:
    """The values of one example's forward pass through a two-layer network."""

    xi1: Vector
    h: Vector
    xi2: Vector
    y_hat: Vector


@dataclass(frozen=True)
class Gradients:
    """The deltas and parameter gradients of a two-layer network for a batch."""

    delta2: list[Vector]
    delta1: list[Vector]
    w2: Matrix
    b2: Vector
    w1: Matrix
    b1: Vector


def forward(w1: Matrix, b1: Vector, w2: Matrix, b2: Vector, x: Vector,
            output: str) -> ForwardPass:
    """Run x through the ReLU hidden layer and a `linear` or `sigmoid` output layer."""
    xi1 = [s + b for s, b in zip(mat_vec(w1, x), b1)]
    h = [relu(v) for v in xi1]
    xi2 = [s + b for s, b in zip(mat_vec(w2, h), b2)]
    if output == "linear":
        y_hat = list(xi2)
    elif output == "sigmoid":
        y_hat = [sigmoid(v) for v in xi2]
    else:
        raise ValueError(f"unknown output activation {output!r}")
    return ForwardPass(xi1=xi1, h=h, xi2=xi2, y_hat=y_hat)


def backward(w2: Matrix, xs: list[Vector], passes: list[ForwardPass],
             ys: list[Vector]) -> Gradients:
    """Return the gradients of the batch loss for a matched output/loss pair.

    delta2_i = (y_hat_i - y_i)/n, delta1_i = (W2^T delta2_i) * u(xi1_i),
    grad W2 = sum_i delta2_i h_i^T and grad W1 = sum_i delta1_i x_i^T.
    """
    n = sympy.Integer(len(xs))
    w2_t = transpose(w2)
    delta2 = [[(yh - y) / n for yh, y in zip(p.y_hat, yv)] for p, yv in zip(passes, ys)]
    delta1 = [[back * relu_derivative(v) for back, v in zip(mat_vec(w2_t, d2), p.xi1)]
              for d2, p in zip(delta2, passes)]
    grad_w2 = _sum_outer(delta2, [p.h for p in passes])
    grad_w1 = _sum_outer(delta1, xs)
    return Gradients(delta2=delta2, delta1=delta1, w2=grad_w2, b2=_sum_vectors(delta2),
                     w1=grad_w1, b1=_sum_vectors(delta1))


def _sum_outer(us: list[Vector], vs: list[Vector]) -> Matrix:
    total = outer(us[0], vs[0])
    for u, v in zip(us[1:], vs[1:]):
        total = add(total, outer(u, v))
    return total


def _sum_vectors(vs: list[Vector]) -> Vector:
    return [sum(items, ZERO) for items in zip(*vs)]


def descent_step(w: Matrix, grad: Matrix, eta: sympy.Expr) -> Matrix:
    """Return w - eta dL/dw."""
    return add(w, scale(-eta, grad))


def cross_entropy(probabilities: list[Vector], labels: list[int]) -> sympy.Expr:
    """Return -(1/n) sum_i ln y_hat_i[c_i] for one-hot labels c_i.

    Each term is written ln(1/p), which SymPy keeps as the log of a fraction above 1.
    """
    n = sympy.Integer(len(labels))
    return sum((sympy.log(1 / p[c]) for p, c in zip(probabilities, labels)), ZERO) / n


def softmax_output_gradients(probabilities: list[Vector], labels: list[int],
                             hs: list[Vector]) -> tuple[list[Vector], Matrix]:
    """Return dL/dxi_i = (y_hat_i - y_i)/n and dL/dW = sum_i dL/dxi_i h_i^T."""
    n = sympy.Integer(len(labels))
    deltas = [[(pk - (ONE if k == c else ZERO)) / n for k, pk in enumerate(p)]
              for p, c in zip(probabilities, labels)]
    return deltas, _sum_outer(deltas, hs)


def sigmoid_output_gradients(y_hat: sympy.Expr, y: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    """Return dL/dxi of a sigmoid output under MSE (1/2)(y_hat - y)^2 and under BCE.

    MSE multiplies the error by sigma' = y_hat (1 - y_hat), which vanishes when the unit
    saturates. BCE cancels that factor and leaves y_hat - y.
    """
    return (y_hat - y) * y_hat * (1 - y_hat), y_hat - y
