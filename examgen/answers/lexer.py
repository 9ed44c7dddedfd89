"""Split a typed answer into tokens over an allow-list of characters and names.

Anything outside the allow-list is rejected here, before parsing, with a message that
names the character or word and what to type instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from examgen.answers.errors import AnswerSyntaxError, quote
from examgen.answers.limits import MAX_LENGTH, MAX_NESTING, MAX_TOKENS

TokenKind = Literal["number", "imaginary", "name", "operator", "end"]

CONSTANTS: tuple[str, ...] = ("pi", "e", "j")
FUNCTIONS: tuple[str, ...] = (
    "sqrt", "exp", "ln", "log", "sin", "cos", "tan", "tanh", "sigma",
)
OPERATORS: tuple[str, ...] = ("**", "+", "-", "*", "/", "^", "(", ")", "[", "]", ",")

_NUMBER = re.compile(r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-z]+")
# Only spaces and tabs may separate tokens; the ends of the answer may also carry the
# line break that a terminal leaves there.
_BLANKS = " \t"
_STRIPPED = " \t\r\n"

_ALLOWED = (
    "use numbers, pi, e, j, the functions sqrt, exp, ln, log, sin, cos, tan, tanh, "
    "sigma, operators + - * / ^, parentheses and brackets"
)
_CHARACTER_HINTS: dict[str, str] = {
    "'": "type the number without quotes",
    '"': "type the number without quotes",
    "=": "type only the value, as in 0.5 instead of x = 0.5",
    "%": "type a fraction such as 0.25 instead of a percentage",
    ".": "a decimal point must stand between digits, as in 0.5",
    "\u2212": "type the ASCII minus sign -",
    "\u2013": "type the ASCII minus sign -",
    "\u00d7": "type * for multiplication",
    "\u00b7": "type * for multiplication",
    "\u22c5": "type * for multiplication",
    "\u00f7": "type / for division",
    "\u03c0": "type pi",
    "\u221a": "type sqrt(2) for a square root",
    "\u00b2": "type ^2 for a square",
    "\u00b3": "type ^3 for a cube",
}
_NAME_HINTS: dict[str, str] = {
    "i": "type j for the imaginary unit, as in 1+2j",
    "inf": "type a finite number",
    "infinity": "type a finite number",
    "oo": "type a finite number",
    "nan": "type a finite number",
    "sigmoid": "type sigma(x) for the logistic sigmoid",
}


@dataclass(frozen=True)
class Token:
    """One token: its kind, its text as typed and its offset in the stripped answer."""

    kind: TokenKind
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def column(self) -> int:
        return self.start + 1


def strip_answer(text: str) -> str:
    """Check the raw length of `text` and return it without surrounding blanks."""
    if not isinstance(text, str):
        raise TypeError(f"a typed answer must be a str, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise AnswerSyntaxError(
            f"the answer is {len(text)} characters long; type at most {MAX_LENGTH}"
        )
    stripped = text.strip(_STRIPPED)
    if not stripped:
        raise AnswerSyntaxError("the answer is empty; type a number such as 0.5")
    return stripped


def tokenize(text: str) -> list[Token]:
    """Split the stripped answer `text` into tokens that end with an "end" token."""
    tokens: list[Token] = []
    nesting = 0
    position = 0
    while position < len(text):
        char = text[position]
        if char in _BLANKS:
            position += 1
            continue
        token = _read_token(text, position, nesting)
        nesting += _nesting_change(token)
        if nesting > MAX_NESTING:
            raise AnswerSyntaxError(
                f"{quote(token.text)} at column {token.column} opens more than "
                f"{MAX_NESTING} nested brackets; simplify the expression",
                token.column,
            )
        tokens.append(token)
        if len(tokens) > MAX_TOKENS:
            raise AnswerSyntaxError(
                f"the answer has more than {MAX_TOKENS} numbers, names and operators; "
                "type a shorter expression",
                token.column,
            )
        position = token.end
    tokens.append(Token("end", "", len(text)))
    return tokens


def _nesting_change(token: Token) -> int:
    if token.kind != "operator":
        return 0
    if token.text in ("(", "["):
        return 1
    # Unmatched closing brackets are reported by the parser, which has the context.
    return -1 if token.text in (")", "]") else 0


def _read_token(text: str, position: int, nesting: int) -> Token:
    char = text[position]
    number = _NUMBER.match(text, position)
    if number:
        return _number_token(text, number.group(), position)
    name = _NAME.match(text, position)
    if name:
        return _name_token(name.group(), position)
    for operator in OPERATORS:
        if text.startswith(operator, position):
            return Token("operator", operator, position)
    raise _character_error(char, position, nesting)


def _number_token(text: str, literal: str, position: int) -> Token:
    end = position + len(literal)
    if end < len(text) and text[end] == ".":
        raise AnswerSyntaxError(
            f"{quote(literal + '.')} at column {position + 1} is not a number; "
            "type a single decimal point, as in 1.25",
            position + 1,
        )
    # A "j" straight after a number makes it imaginary (3j), unless a longer word
    # starts there, which the name rules then reject.
    if text.startswith("j", end) and not text[end + 1 : end + 2].isalpha():
        return Token("imaginary", literal + "j", position)
    return Token("number", literal, position)


def _name_token(name: str, position: int) -> Token:
    if name in CONSTANTS or name in FUNCTIONS:
        return Token("name", name, position)
    # SymPy writes Euler's number as E, and keys store exact forms in SymPy syntax.
    if name == "E":
        return Token("name", "e", position)
    hint = _NAME_HINTS.get(name.lower())
    if hint is None and (name.lower() in CONSTANTS or name.lower() in FUNCTIONS):
        hint = f"type {name.lower()} in lower case"
    if hint is None:
        hint = _ALLOWED
    raise AnswerSyntaxError(
        f"unknown name {quote(name)} at column {position + 1}; {hint}", position + 1
    )


def _character_error(char: str, position: int, nesting: int) -> AnswerSyntaxError:
    column = position + 1
    code = f"U+{ord(char):04X}"
    if 0xDC80 <= ord(char) <= 0xDCFF:
        # Python decodes a byte that is not UTF-8 as such a lone surrogate.
        return AnswerSyntaxError(
            f"invalid byte 0x{ord(char) - 0xDC00:02X} at column {column} (not UTF-8 "
            "text); set the terminal to UTF-8 and type the answer again",
            column,
        )
    if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return AnswerSyntaxError(
            f"control or invisible character {code} at column {column}; remove it",
            column,
        )
    if char == ";" and nesting > 0:
        hint = "type a matrix as rows in brackets, as in [[1, 2], [3, 4]]"
    elif char in _CHARACTER_HINTS:
        hint = _CHARACTER_HINTS[char]
    elif unicodedata.category(char) == "Nd":
        hint = "type the ASCII digits 0-9"
    else:
        hint = _ALLOWED
    described = quote(char) if char.isascii() else f"{quote(char)} ({code})"
    return AnswerSyntaxError(
        f"unexpected character {described} at column {column}; {hint}", column
    )
