"""Parse a typed answer into SymPy numbers without evaluating any typed text.

The grammar, over the tokens of `examgen.answers.lexer`::

    answer     = expression | "[" expression ("," expression)* "]"
               | "[" row ("," row)* "]"
    row        = "[" expression ("," expression)* "]"
    expression = term (("+" | "-") term)*
    term       = signed (("*" | "/") signed | implicit factor)*
    signed     = ("+" | "-") signed | power
    power      = atom (("^" | "**") signed)?
    atom       = number | imaginary | constant | function "(" expression ")"
               | "(" expression ")"

Powers are right-associative and bind tighter than a sign, so ``-2^2`` is -4 and
``2^-1`` is 0.5. An implicit product (``2pi``, ``2 sqrt(2)``, ``(1+j)(1-j)``) binds
like ``*``. Juxtapositions whose reading is unclear are rejected instead of guessed:
``1/2pi``, ``2/3j``, ``2^3pi``, ``2e`` (2*e or 2e3?), ``e(2)`` (e*2 or exp(2)?) and
``2 3``.

Decimal commas: a comma outside brackets is an error, and when it stands between
digits (``0,5``, ``1,25``) the message suggests the decimal point (0.5, 1.25). Inside
brackets a comma always separates elements, so ``[0,5]`` is a 2-vector, but the
first digit-comma-digit run is kept as `ParsedAnswer.decimal_comma`. The checker adds
it as a hint when the element count does not match the expected shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import sympy

from examgen.answers import arithmetic, diagnostics
from examgen.answers.arithmetic import Quantity
from examgen.answers.errors import AnswerSyntaxError, quote
from examgen.answers.lexer import FUNCTIONS, Token, strip_answer, tokenize
from examgen.answers.limits import MAX_DEPTH

_Item = TypeVar("_Item")


@dataclass(frozen=True)
class ParsedAnswer:
    """A typed answer: a scalar, a vector or a matrix of SymPy numbers.

    `shape` is ``()`` for a scalar, ``(n,)`` for a vector and ``(rows, columns)`` for
    a matrix. `elements` holds the SymPy numbers and `values` their complex values,
    both in row-major order. An element that involves only numbers, j, + - * / and
    integer powers is an evaluated exact number such as ``Rational(3, 7)``. Any other
    element is an unevaluated tree as typed (``2*sqrt(2)`` stays a product), because
    SymPy's evaluation can take exponential time on nested input. ``doit()``
    evaluates such an element, so call it only under a time bound. Its value in
    `values` was computed in complex floating point. `decimal_comma` is a number such as
    ``"0.5"`` when the brackets contain a digit-comma-digit run like ``0,5``, which
    may be a decimal comma rather than two elements.
    """

    text: str
    shape: tuple[int, ...]
    elements: tuple[Any, ...]
    values: tuple[complex, ...]
    decimal_comma: str | None = None

    @property
    def kind(self) -> Literal["scalar", "vector", "matrix"]:
        return ("scalar", "vector", "matrix")[len(self.shape)]

    @property
    def expr(self) -> Any:
        """The SymPy scalar, or an ImmutableMatrix (a column for a vector)."""
        if not self.shape:
            return self.elements[0]
        if len(self.shape) == 1:
            return sympy.ImmutableMatrix(list(self.elements))
        rows, columns = self.shape
        return sympy.ImmutableMatrix(rows, columns, list(self.elements))


def parse_answer(text: str) -> ParsedAnswer:
    """Parse the answer a student typed, or raise AnswerSyntaxError.

    Raises TypeError only when `text` is not a str.
    """
    stripped = strip_answer(text)
    return _Parser(stripped, tokenize(stripped)).answer()


class _Parser:
    """A recursive-descent parser over one answer's tokens."""

    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.index = 0
        self.depth = 0
        self.in_brackets = False

    def answer(self) -> ParsedAnswer:
        decimal_comma = None
        if self.at("["):
            self.in_brackets = True
            shape, quantities = self.brackets()
            decimal_comma = diagnostics.first_decimal_comma(self.tokens)
        else:
            shape, quantities = (), [self.expression()]
        self.expect_end()
        return ParsedAnswer(
            text=self.text,
            shape=shape,
            elements=tuple(q.expr for q in quantities),
            values=tuple(q.value for q in quantities),
            decimal_comma=decimal_comma,
        )

    # Token access -------------------------------------------------------------

    def peek(self) -> Token:
        return self.tokens[self.index]

    def previous(self) -> Token:
        return self.tokens[self.index - 1]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def at(self, *operators: str) -> bool:
        token = self.peek()
        return token.kind == "operator" and token.text in operators

    # Vectors and matrices -----------------------------------------------------

    def brackets(self) -> tuple[tuple[int, ...], list[Quantity]]:
        opening = self.advance()
        if not self.at("["):
            elements = self.sequence(opening, self.element)
            return (len(elements),), elements
        rows = self.sequence(opening, self.row)
        width = len(rows[0])
        for number, row in enumerate(rows[1:], start=2):
            if len(row) != width:
                raise AnswerSyntaxError(
                    f"matrix row 1 has {_elements(width)} but row {number} has "
                    f"{len(row)}; give every row the same number of elements, as in "
                    "[[1, 2], [3, 4]]"
                )
        return (len(rows), width), [q for row in rows for q in row]

    def row(self) -> list[Quantity]:
        if not self.at("["):
            token = self.peek()
            raise AnswerSyntaxError(
                f"matrix element {quote(token.text)} at column {token.column} is "
                "outside a row; type every row in brackets, as in [[1, 2], [3, 4]]",
                token.column,
            )
        return self.sequence(self.advance(), self.element)

    def element(self) -> Quantity:
        if self.at("["):
            token = self.peek()
            raise AnswerSyntaxError(
                f"'[' at column {token.column} nests too deep; type a vector "
                "[1, 2] or a matrix [[1, 2], [3, 4]]",
                token.column,
            )
        return self.expression()

    def sequence(self, opening: Token, item: Callable[[], _Item]) -> list[_Item]:
        """Parse comma-separated items up to the ']' that closes `opening`."""
        if self.at("]"):
            raise AnswerSyntaxError(
                f"empty brackets at column {opening.column}; type at least one "
                "element, as in [1, 2]",
                opening.column,
            )
        items = [item()]
        while self.at(","):
            comma = self.advance()
            if self.at("]"):
                raise AnswerSyntaxError(
                    f"missing element after the comma at column {comma.column}; "
                    "remove the comma or add an element",
                    comma.column,
                )
            items.append(item())
        self.close(opening, "]")
        return items

    # Expressions --------------------------------------------------------------

    def expression(self) -> Quantity:
        left = self.term()
        while self.at("+", "-"):
            operator = self.advance().text
            right = self.term()
            left = arithmetic.combine(operator, left, right, self.text)
        return left

    def term(self) -> Quantity:
        left = self.signed()
        after_division = False
        while True:
            if self.at("*", "/"):
                operator = self.advance().text
                right = self.signed()
                after_division = operator == "/"
                if after_division and self._bare_imaginary(right):
                    raise diagnostics.imaginary_divisor_error(self.text, left, right)
            elif _starts_operand(self.peek()):
                error = diagnostics.implicit_product_error(
                    self.text, self.previous(), self.peek(), left.start,
                    after_division, self.in_brackets)
                if error:
                    raise error
                operator, right = "*", self.power()
            else:
                return left
            left = arithmetic.combine(operator, left, right, self.text)

    def signed(self) -> Quantity:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                token = self.peek()
                raise AnswerSyntaxError(
                    f"the expression is nested too deeply at column {token.column}; "
                    "simplify it",
                    token.column,
                )
            if not self.at("+", "-"):
                return self.power()
            sign = self.advance()
            operand = self.signed()
            if sign.text == "+":
                return operand.spanning(sign.start, operand.end)
            return arithmetic.negate(operand, sign.start)
        finally:
            self.depth -= 1

    def _bare_imaginary(self, operand: Quantity) -> bool:
        """Return whether `operand` is only a signed imaginary literal such as 3j."""
        last = self.previous()
        literal = self.text[operand.start:operand.end].lstrip("+- ")
        return last.kind == "imaginary" and literal == last.text

    def power(self) -> Quantity:
        base = self.atom()
        if not self.at("^", "**"):
            return base
        self.advance()
        exponent = self.signed()
        if _starts_operand(self.peek()):
            raise diagnostics.power_product_error(self.text, base.start, self.peek())
        return arithmetic.power(base, exponent, self.text)

    def atom(self) -> Quantity:
        token = self.advance()
        if token.kind == "number":
            return arithmetic.number(token.text, token.start)
        if token.kind == "imaginary":
            return arithmetic.imaginary(token.text, token.start)
        if token.kind == "name" and token.text in FUNCTIONS:
            return self.call(token)
        if token.kind == "name":
            return arithmetic.constant(token.text, token.start)
        if token.text == "(":
            if self.at(")"):
                raise AnswerSyntaxError(
                    f"empty parentheses at column {token.column}; type an "
                    "expression inside them",
                    token.column,
                )
            inner = self.expression()
            closing = self.close(token, ")")
            return inner.spanning(token.start, closing.end)
        raise diagnostics.missing_operand_error(self.tokens, token)

    def call(self, name: Token) -> Quantity:
        following = self.peek()
        if (name.text == "log" and following.kind == "number"
                and following.start == name.end):
            # log10(2) lexes as log, 10, (2); it means a base, which log does not take.
            raise diagnostics.log_base_error(self.tokens, self.index, self.text)
        if not self.at("("):
            raise AnswerSyntaxError(
                f"{quote(name.text)} at column {name.column} needs parentheses; "
                f"type {name.text}(2)",
                name.column,
            )
        opening = self.advance()
        argument = self.expression()
        # log(8,2) is more likely a base than a decimal comma; elsewhere 0,5 is.
        if self.at(",") and (name.text in ("log", "ln") or not
                             diagnostics.decimal_comma_at(self.tokens, self.index)):
            raise diagnostics.extra_argument_error(name)
        closing = self.close(opening, ")")
        return arithmetic.call(name.text, argument, name.start, closing.end, self.text)

    # Closing and trailing tokens ----------------------------------------------

    def close(self, opening: Token, closing: str) -> Token:
        """Consume the `closing` bracket that matches `opening`, or raise."""
        if self.at(closing):
            return self.advance()
        raise diagnostics.unclosed_error(self.tokens, self.index, opening, closing)

    def expect_end(self) -> None:
        if self.peek().kind != "end":
            raise diagnostics.trailing_error(self.text, self.tokens, self.index)


def _starts_operand(token: Token) -> bool:
    if token.kind in ("number", "imaginary", "name"):
        return True
    return token.kind == "operator" and token.text == "("


def _elements(count: int) -> str:
    """Return "1 element" or "N elements"."""
    return f"{count} element" + ("" if count == 1 else "s")
