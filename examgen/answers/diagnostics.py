"""The parser's error messages: each names the offending text and what to type."""

from __future__ import annotations

from examgen.answers.arithmetic import Quantity
from examgen.answers.errors import AnswerSyntaxError, quote
from examgen.answers.lexer import Token

_VECTOR_EXAMPLE = "type a vector in brackets, as in [1, 2]"
_WHOLE_ANSWER = ("brackets may only enclose the whole answer, as in [1, 2] or "
                 "[[1, 2], [3, 4]]")


def decimal_comma_at(tokens: list[Token], index: int) -> str | None:
    """Return ``a.b`` if the comma at `index` is tight between digit runs a and b."""
    if index == 0 or index + 1 >= len(tokens):
        return None
    before, comma, after = tokens[index - 1: index + 2]
    if (before.kind == "number" and before.text.isdigit()
            and after.kind == "number" and after.text.isdigit()
            and before.end == comma.start and after.start == comma.end):
        return f"{before.text}.{after.text}"
    return None


def first_decimal_comma(tokens: list[Token]) -> str | None:
    """Return the suggestion for the first digit-comma-digit run in `tokens`."""
    for index, token in enumerate(tokens):
        if token.kind == "operator" and token.text == ",":
            suggestion = decimal_comma_at(tokens, index)
            if suggestion:
                return suggestion
    return None


def comma_error(tokens: list[Token], index: int) -> AnswerSyntaxError:
    """Return the error for a comma at `index` that separates no vector elements."""
    comma = tokens[index]
    suggestion = decimal_comma_at(tokens, index)
    if suggestion:
        typed = suggestion.replace(".", ",")
        vector = suggestion.replace(".", ", ")
        return AnswerSyntaxError(
            f"{quote(typed)} has a decimal comma; use a decimal point: "
            f"{suggestion} (or type [{vector}] for a vector)",
            comma.column,
        )
    return AnswerSyntaxError(
        f"comma at column {comma.column} does not separate vector elements; "
        f"{_VECTOR_EXAMPLE}",
        comma.column,
    )


def log_base_error(tokens: list[Token], index: int, text: str) -> AnswerSyntaxError:
    """Return the error for a base written onto log, as in log10(2): not supported."""
    name, base = tokens[index - 1], tokens[index]
    argument = _parenthesized_text(tokens, index + 1, text) or "x"
    return AnswerSyntaxError(
        f"{quote(name.text + base.text)} at column {name.column} is not supported "
        f"(log is the natural logarithm); type ln({argument})/ln({base.text}) or "
        f"log({argument})/log({base.text})",
        name.column,
    )


def _parenthesized_text(tokens: list[Token], index: int, text: str) -> str | None:
    """Return the text inside the parentheses that open at token `index`, if closed."""
    if index >= len(tokens) or tokens[index].text != "(":
        return None
    depth = 0
    for token in tokens[index:]:
        if token.kind == "operator" and token.text in ("(", ")"):
            depth += 1 if token.text == "(" else -1
        if depth == 0:
            inner = text[tokens[index].end:token.start].strip()
            return inner or None
    return None


def extra_argument_error(name: Token) -> AnswerSyntaxError:
    """Return the error for a second argument to the function `name`."""
    if name.text in ("log", "ln"):
        hint = ("log and ln are natural logarithms, so type log(8)/log(2) for a "
                "base-2 logarithm")
    else:
        hint = f"type {name.text}(x) with one x"
    return AnswerSyntaxError(
        f"{name.text}() at column {name.column} takes one argument; {hint}",
        name.column,
    )


def implicit_product_error(text: str, before: Token, after: Token, left_start: int,
                           after_division: bool,
                           in_brackets: bool) -> AnswerSyntaxError | None:
    """Return the error for an unclear implicit product, or None if it is clear.

    `before` and `after` are the tokens on either side of the product, `left_start`
    the offset where the left factor's term starts.
    """
    fragment = text[before.start:after.end]
    if after.kind in ("number", "imaginary"):
        hint = ("separate elements with commas, as in [1, 2]" if in_brackets
                else f"type {before.text}*{after.text}")
        return AnswerSyntaxError(
            f"missing operator between {quote(before.text)} and "
            f"{quote(after.text)} at column {after.column}; {hint}",
            after.column,
        )
    if before.kind in ("number", "imaginary") and after.text == "e":
        return AnswerSyntaxError(
            f"{quote(fragment)} is ambiguous; type {before.text}*e for a "
            f"product, or a full exponent such as {before.text}e3",
            before.column,
        )
    if before.kind == "name" and after.text == "(":
        exponential = ", or exp( for the exponential" if before.text == "e" else ""
        return AnswerSyntaxError(
            f"{quote(fragment)} is ambiguous; type {before.text}*( for a "
            f"product{exponential}",
            before.column,
        )
    if after_division:
        return AnswerSyntaxError(
            f"{quote(text[left_start:after.end])} is ambiguous after '/'; add * or "
            "parentheses, as in 1/(2*pi) or (1/2)*pi",
            after.column,
        )
    return None


def imaginary_divisor_error(text: str, left: Quantity,
                            right: Quantity) -> AnswerSyntaxError:
    """Return the error for a division by a bare imaginary literal such as 2/3j."""
    divisor = text[right.start:right.end]
    return AnswerSyntaxError(
        f"{quote(text[left.start:right.end])} is ambiguous; type "
        f"{text[left.start:left.end]}/({divisor}) or "
        f"({text[left.start:left.end]}/{divisor[:-1]})j",
        right.start + 1,
    )


def power_product_error(text: str, base_start: int, after: Token) -> AnswerSyntaxError:
    """Return the error for an implicit product right after an exponent."""
    return AnswerSyntaxError(
        f"{quote(text[base_start:after.end])} is ambiguous after the exponent; add * "
        "or parentheses, as in 2^3*pi or 2^(3*pi)",
        after.column,
    )


def unclosed_error(tokens: list[Token], index: int, opening: Token,
                   closing: str) -> AnswerSyntaxError:
    """Return the error for token `index`, found where `closing` was expected."""
    token = tokens[index]
    if token.kind == "end":
        message = (f"{quote(opening.text)} at column {opening.column} is never "
                   f"closed; add {quote(closing)}")
    elif token.text in (")", "]"):
        message = (f"{quote(token.text)} at column {token.column} does not match "
                   f"{quote(opening.text)} at column {opening.column}; type "
                   f"{quote(closing)}")
    elif token.text == ",":
        return comma_error(tokens, index)
    elif token.text == "[":
        message = f"'[' at column {token.column}: {_WHOLE_ANSWER}"
    else:
        message = f"unexpected {quote(token.text)} at column {token.column}"
    return AnswerSyntaxError(message, token.column)


def trailing_error(text: str, tokens: list[Token], index: int) -> AnswerSyntaxError:
    """Return the error for token `index`, found after a complete answer."""
    token = tokens[index]
    if token.text == ",":
        return comma_error(tokens, index)
    if token.text in (")", "]"):
        opening = "(" if token.text == ")" else "["
        message = (f"{quote(token.text)} at column {token.column} has no matching "
                   f"{quote(opening)}; remove it")
    elif token.text == "[":
        message = f"'[' at column {token.column}: {_WHOLE_ANSWER}"
    else:
        message = (f"{quote(text[token.start:])} follows the closing bracket at "
                   f"column {token.column}; type the vector or matrix on its own, "
                   "as in [1, 2]")
    return AnswerSyntaxError(message, token.column)


def missing_operand_error(tokens: list[Token], token: Token) -> AnswerSyntaxError:
    """Return the error for `token`, found where a number or name was expected."""
    if token.kind == "end":
        last = tokens[-2] if len(tokens) > 1 else token
        return AnswerSyntaxError(
            f"the answer ends after {quote(last.text)}; complete the expression",
            last.column,
        )
    if token.text == "[":
        return AnswerSyntaxError(
            f"'[' at column {token.column}: {_WHOLE_ANSWER}", token.column
        )
    return AnswerSyntaxError(
        f"expected a number, a name or '(' before {quote(token.text)} at column "
        f"{token.column}",
        token.column,
    )
