"""LaTeX math turned into Unicode boxes for the terminal.

Math is laid out as boxes of text lines that share a baseline, so a matrix next to
other symbols keeps its rows and columns aligned. Greek letters, sub- and
superscripts, ``\\frac{a}{b}`` as ``a/b``, square roots and operators become Unicode.
examgen.render.text puts these boxes into prose.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

DEFAULT_WIDTH = 78
DISPLAY_INDENT = "    "

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ",
    "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ",
    "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς",
    "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}

SYMBOLS = {
    "cdot": "·", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "ast": "*",
    "star": "⋆", "circ": "∘", "bullet": "•", "odot": "⊙", "otimes": "⊗", "oplus": "⊕",
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "ll": "≪",
    "gg": "≫", "approx": "≈", "sim": "∼", "simeq": "≃", "equiv": "≡", "propto": "∝",
    "cong": "≅", "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←",
    "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "iff": "⇔",
    "implies": "⇒", "mapsto": "↦", "leftrightarrow": "↔", "longrightarrow": "⟶",
    "uparrow": "↑", "downarrow": "↓",
    "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃",
    "cup": "∪", "cap": "∩", "emptyset": "∅", "varnothing": "∅", "setminus": "∖",
    "forall": "∀", "exists": "∃", "neg": "¬", "lnot": "¬", "land": "∧", "wedge": "∧",
    "lor": "∨", "vee": "∨",
    "infty": "∞", "partial": "∂", "nabla": "∇", "ell": "ℓ", "hbar": "ħ", "Re": "ℜ",
    "Im": "ℑ", "prime": "′", "degree": "°", "angle": "∠", "perp": "⊥",
    "parallel": "∥", "top": "ᵀ", "intercal": "ᵀ", "dagger": "†",
    "sum": "∑", "prod": "∏", "int": "∫", "oint": "∮",
    "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮", "ddots": "⋱",
    "dotsc": "…", "dotsb": "⋯",
    "langle": "⟨", "rangle": "⟩", "lvert": "|", "rvert": "|", "lVert": "‖",
    "rVert": "‖", "vert": "|", "Vert": "‖", "mid": "|", "lfloor": "⌊", "rfloor": "⌋",
    "lceil": "⌈", "rceil": "⌉", "colon": ":", "backslash": "∖",
    "{": "{", "}": "}", "|": "‖", "%": "%", "&": "&", "#": "#", "_": "_", "$": "$",
    "lbrace": "{", "rbrace": "}", "lbrack": "[", "rbrack": "]",
}

# Upright function names print as the plain word.
FUNCTIONS = frozenset({
    "log", "ln", "lg", "exp", "sin", "cos", "tan", "cot", "sec", "csc", "arcsin",
    "arccos", "arctan", "sinh", "cosh", "tanh", "coth", "max", "min", "sup", "inf",
    "arg", "det", "dim", "ker", "lim", "liminf", "limsup", "deg", "gcd", "Pr", "hom",
})

# Wide spaces are written as QUAD, and the gaps between table cells as GAP, so that
# collapsing runs of spaces keeps them. Both print as spaces; a wide display formula
# may break at a QUAD run but never at a GAP.
QUAD = "\x01"
GAP = "\x02"
SPACES = {",": " ", ":": " ", ";": " ", ">": " ", " ": " ", "!": "", "quad": QUAD * 2,
          "qquad": QUAD * 4, "enspace": " ", "thinspace": " ", "medspace": " ",
          "thickspace": " ", "space": " "}

# Commands that only change size or style, and take no argument.
IGNORED = frozenset({
    "displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle", "limits",
    "nolimits", "nonumber", "notag", "big", "Big", "bigg", "Bigg", "bigl", "bigr",
    "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr", "bigm", "Bigm", "middle",
    "normalsize", "small", "large", "Large", "tiny", "footnotesize", "centering",
    "noindent", "allowbreak", "relax", "strut",
})

# Commands whose single argument prints as it is (fonts, text, operator names).
PASS_THROUGH = frozenset({
    "text", "textrm", "textnormal", "textup", "textbf", "textit", "textsf", "texttt",
    "emph", "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "mathcal", "mathfrak",
    "mathscr", "boldsymbol", "bm", "operatorname", "mathop", "mbox", "hbox",
    "mathnormal", "pmb", "underline", "mathring", "boxed",
})

# Commands whose argument is dropped.
DROPPED = frozenset({"label", "tag", "phantom", "hphantom", "vphantom", "hspace",
                     "vspace", "hspace*", "vspace*"})

COMBINING = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0305",
             "tilde": "\u0303", "widetilde": "\u0303", "vec": "\u20d7",
             "dot": "\u0307", "ddot": "\u0308", "check": "\u030c", "breve": "\u0306",
             "acute": "\u0301", "grave": "\u0300", "overrightarrow": "\u20d7"}

DOUBLE_STRUCK = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼",
                 "P": "ℙ", "1": "𝟙"}

SUPERSCRIPTS = dict(zip(
    "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW−ᵀ′*",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ⁻ᵀ′*",
))

SUBSCRIPTS = dict(zip(
    "0123456789+-=()aehijklmnoprstuvxβγρφχ−",
    "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ₋",
))

SCRIPT_CHARACTERS = frozenset(SUPERSCRIPTS.values()) | frozenset(SUBSCRIPTS.values())
# The core of a single factor, once brackets, scripts and accents are taken out: a
# number, one letter, a bracketed group, or a name with its bracketed argument.
SINGLE_FACTOR = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]|\(\)|[^\W\d_]+\(\)")

# A whole-number negative exponent, and what may stand right before a term.
NEGATIVE_POWER = re.compile(r"[-−](\d+)")
TERM_STARTS = frozenset("([{,=+-−<>≤≥≈:;")

MATRIX_BRACKETS = {"bmatrix": ("[", "]"), "pmatrix": ("(", ")"), "vmatrix": ("|", "|"),
                   "Vmatrix": ("‖", "‖"), "Bmatrix": ("{", "}"), "matrix": ("", ""),
                   "smallmatrix": ("", ""), "array": ("", ""), "bmatrix*": ("[", "]"),
                   "pmatrix*": ("(", ")")}

FUNCTION_BEFORE = re.compile(r"(?<![A-Za-z])(?:" + "|".join(sorted(FUNCTIONS)) + r") ?$")
TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|\s+|[^\\\s]", re.DOTALL)
MATH = re.compile(r"\$\$(.+?)\$\$|(?<!\\)\$(.+?)(?<!\\)\$", re.DOTALL)
# Characters that join terms, so a fraction part containing one needs parentheses.
OPERATORS = frozenset("+-−/·×*=,<>≤≥≈±∓:;|∈→")


@dataclass(frozen=True)
class Box:
    """A block of text lines with a baseline row, and its one-line form.

    `flat` is the same content on one line (a matrix as ``[[1, 2], [3, 4]]``), used
    where a box must fit in a single line such as an exponent.
    """

    lines: tuple[str, ...]
    baseline: int
    flat: str
    # A fraction "a/b" needs a space before a term glued after it: "1/2 x", not "1/2x".
    fraction: bool = False

    @property
    def height(self) -> int:
        return len(self.lines)

    @property
    def width(self) -> int:
        return max((display_width(line) for line in self.lines), default=0)


def display_width(text: str) -> int:
    """Return the number of terminal columns of `text` (combining accents take none)."""
    return sum(0 if unicodedata.combining(char) else 1 for char in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """Pad `text` with spaces to `width` columns, on the left when `right`."""
    fill = " " * max(width - display_width(text), 0)
    return fill + text if right else text + fill


def printable(text: str) -> str:
    """Return `text` with the QUAD and GAP placeholders turned into spaces."""
    return text.replace(QUAD, " ").replace(GAP, " ")


def text_box(text: str) -> Box:
    """Return a one-line box of `text`."""
    return Box((text,), 0, text)


def join_boxes(boxes: list[Box]) -> Box:
    """Place boxes side by side, aligning their baselines."""
    if all(box.height == 1 for box in boxes):
        text = "".join(box.lines[0] for box in boxes)
        return Box((text,), 0, "".join(box.flat for box in boxes))
    above = max(box.baseline for box in boxes)
    below = max(box.height - box.baseline for box in boxes)
    rows = [""] * (above + below)
    for box in boxes:
        top = above - box.baseline
        width = box.width
        for row in range(len(rows)):
            index = row - top
            cell = box.lines[index] if 0 <= index < box.height else ""
            rows[row] += pad(cell, width)
    rows = [row.rstrip() for row in rows]
    return Box(tuple(rows), above, "".join(box.flat for box in boxes))


def stack_rows(rows: list[list[Box]], align: str, left: str, right: str,
               rules: frozenset[int] = frozenset()) -> Box:
    """Lay out a table of cells in aligned columns between bracket characters.

    `align` is "r" for right-aligned columns (numbers) or "l" (aligned equations);
    `rules` contains the indices of rows that get a horizontal rule above them.
    """
    cells = [[cell.flat.strip() for cell in row] for row in rows] or [[""]]
    columns = max(len(row) for row in cells)
    cells = [row + [""] * (columns - len(row)) for row in cells]
    widths = [max(display_width(row[c]) for row in cells) for c in range(columns)]
    separator = GAP * 2 if align == "r" else GAP
    lines = []
    for index, row in enumerate(cells):
        padded = [pad(cell, w, right=align == "r") for cell, w in zip(row, widths)]
        body = separator.join(padded)
        if index in rules and index > 0:
            lines.append("─" * display_width(body))
        if left or right:
            lines.append(f"{left}{GAP}{body}{GAP}{right}")
        else:
            lines.append(body.rstrip(" " + GAP))
    return Box(tuple(lines), (len(lines) - 1) // 2, flat_table(cells, bool(left)))


def flat_table(cells: list[list[str]], bracketed: bool) -> str:
    """Return a table on one line: ``[[1, 2], [3, 4]]``, ``[1, 2]`` or ``a = b; c = d``."""
    if not bracketed:
        return "; ".join(" ".join(cell for cell in row if cell) for row in cells)
    if len(cells) == 1 or all(len(row) == 1 for row in cells):
        return "[" + ", ".join(cell for row in cells for cell in row) + "]"
    return "[" + ", ".join("[" + ", ".join(row) + "]" for row in cells) + "]"


def is_atom(text: str) -> bool:
    """Return whether `text` reads as one term that needs no parentheses.

    A term is a name or number with scripts and bracketed arguments (``x[n-1]``,
    ``f(x)``, ``e⁻ˣ``, ``-3``), or one bracketed group.
    """
    if not text:
        return False
    core = text[1:] if text[0] == "-" else text
    previous = None
    while previous != core:
        previous = core
        core = re.sub(r"\([^()]*\)|\[[^\[\]]*\]|\|[^|]*\||‖[^‖]*‖", "()", core)
    if core == "()":
        return True
    core = core.replace("()", "")
    return bool(core) and not any(char in OPERATORS or char.isspace() for char in core)


def is_single_factor(text: str) -> bool:
    """Return whether `text` is one number or one symbol, which a root may take bare.

    A product of atoms such as ``2πσ²`` is one term, but after a radical it would
    read as ``√2 · πσ²``, so it is not a single factor.
    """
    if not is_atom(text) or text.startswith("-"):
        return False
    core = text
    previous = None
    while previous != core:
        previous = core
        core = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", "()", core)
    core = re.sub(r"[\^_](\(\)|\w)", "", core)
    core = "".join(char for char in core
                   if char not in SCRIPT_CHARACTERS and not unicodedata.combining(char))
    return bool(SINGLE_FACTOR.fullmatch(core))


def starts_term_with_e(pieces: list[Box]) -> bool:
    """Return whether the last piece is Euler's e at the start of a term."""
    if not pieces or pieces[-1].flat != "e":
        return False
    before = "".join(piece.flat for piece in pieces[:-1]).rstrip()
    return not before or before[-1] in TERM_STARTS


def glue_coefficient(text: str) -> str:
    """Write a number times one symbol without the space: "2√3", "5π", "3x"."""
    match = re.fullmatch(r"(-?\d+) (\S+)", text)
    if match and is_atom(match.group(2)) and not match.group(2)[0].isdigit():
        return match.group(1) + match.group(2)
    return text


def wrap_term(text: str) -> str:
    """Return `text` in parentheses unless it is a single term."""
    text = text.strip()
    return text if is_atom(text) else f"({text})"


def script(text: str, table: dict[str, str], marker: str) -> str:
    """Return `text` as Unicode sub- or superscript, or ``^x`` / ``_(x y)`` when it cannot."""
    text = text.strip()
    if text and all(char in table for char in text):
        return "".join(table[char] for char in text)
    if text == "ᵀ":
        return text
    if len(text) == 1 or (marker == "_" and re.fullmatch(r"\w+", text)):
        return marker + text
    return f"{marker}({text})"


class MathParser:
    """A recursive-descent reader of one LaTeX math string into a `Box`."""

    def __init__(self, source: str) -> None:
        self.tokens = TOKEN.findall(source)
        self.index = 0

    def parse(self) -> Box:
        """Read the whole source and return its box; "\\\\" starts a new line."""
        lines: list[list[Box]] = [[]]
        while True:
            lines[-1].append(self.sequence(stop=frozenset({"\\\\"})))
            token = self.next()
            if token is None:
                break
            if token == "\\\\":
                lines.append([])
            # Any other token here is unbalanced ("}", "\\right", "\\end"): skip it.
        boxes = [finish(line) for line in lines]
        if len(boxes) == 1:
            return boxes[0]
        return stack_rows([[box] for box in boxes], "l", "", "")

    def peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def next(self) -> str | None:
        token = self.peek()
        if token is not None:
            self.index += 1
        return token

    def skip_spaces(self) -> None:
        while (token := self.peek()) is not None and token.isspace():
            self.index += 1

    def sequence(self, stop: frozenset[str]) -> Box:
        """Read tokens up to (not including) a token in `stop`, "}", ``\\end`` or ``\\right``."""
        pieces: list[Box] = []
        ends = stop | {"}", "\\end", "\\right"}
        while (token := self.peek()) is not None and token not in ends:
            self.index += 1
            self.token(token, pieces)
        return finish(pieces)

    def argument(self) -> Box:
        """Read one argument: a braced group or a single token."""
        self.skip_spaces()
        token = self.next()
        if token is None:
            return text_box("")
        if token == "{":
            box = self.sequence(stop=frozenset())
            if self.peek() == "}":
                self.index += 1
            return box
        pieces: list[Box] = []
        self.token(token, pieces)
        return finish(pieces)

    def optional_argument(self) -> Box | None:
        """Read a ``[...]`` argument when one follows."""
        self.skip_spaces()
        if self.peek() != "[":
            return None
        self.index += 1
        box = self.sequence(stop=frozenset({"]"}))
        if self.peek() == "]":
            self.index += 1
        return box

    def raw_argument(self) -> str:
        """Return the text of a braced argument without converting it (environment names)."""
        self.skip_spaces()
        if self.peek() != "{":
            return self.next() or ""
        self.index += 1
        parts = []
        while (token := self.next()) is not None and token != "}":
            parts.append(token)
        return "".join(parts).strip()

    def token(self, token: str, pieces: list[Box]) -> None:
        """Convert one token (and the arguments it takes) onto `pieces`."""
        if token.isspace() or token == "~":
            pieces.append(text_box(" "))
        elif token == "{":
            group = self.sequence(stop=frozenset())
            if self.peek() == "}":
                self.index += 1
            pieces.append(group)
        elif token in ("^", "_"):
            self.scripts(token, pieces)
        elif token == "'":
            pieces.append(text_box("′"))
        elif token == "&":
            pieces.append(text_box(" "))
        elif token.startswith("\\"):
            self.command(token[1:], pieces)
        else:
            pieces.append(text_box(token))

    def scripts(self, marker: str, pieces: list[Box]) -> None:
        box = self.argument()
        table = SUPERSCRIPTS if marker == "^" else SUBSCRIPTS
        power = NEGATIVE_POWER.fullmatch(box.flat.strip()) if marker == "^" else None
        if power and starts_term_with_e(pieces):
            # SymPy writes exp(-1) as e^{-1} but 2 exp(-1) as 2/e; one form reads better.
            exponent = "" if power.group(1) == "1" else script(power.group(1), table, "^")
            pieces[-1] = Box((f"1/e{exponent}",), 0, f"1/e{exponent}", fraction=True)
            return
        pieces.append(text_box(script(box.flat, table, marker)))

    def command(self, name: str, pieces: list[Box]) -> None:
        """Convert the command ``\\name`` with its arguments."""
        if name in GREEK:
            pieces.append(text_box(GREEK[name]))
        elif name in SYMBOLS:
            pieces.append(text_box(SYMBOLS[name]))
        elif name in SPACES:
            pieces.append(text_box(SPACES[name]))
        elif name in FUNCTIONS:
            pieces.append(text_box(name))
        elif name in IGNORED:
            pass
        elif name in PASS_THROUGH or name == "operatorname*":
            pieces.append(self.argument())
        elif name in DROPPED:
            self.argument()
        elif name in ("frac", "dfrac", "tfrac", "cfrac"):
            self.fraction(pieces)
        elif name == "binom":
            top, bottom = self.argument().flat, self.argument().flat
            pieces.append(text_box(f"C({top.strip()}, {bottom.strip()})"))
        elif name == "sqrt":
            self.root(pieces)
        elif name in COMBINING:
            pieces.append(text_box(accent(self.argument().flat, COMBINING[name])))
        elif name in ("mathbb", "mathbbm"):
            text = self.argument().flat
            pieces.append(text_box("".join(DOUBLE_STRUCK.get(c, c) for c in text)))
        elif name == "left":
            self.delimited(pieces)
        elif name == "begin":
            self.environment(pieces)
        elif name in ("underbrace", "overbrace"):
            pieces.append(self.argument())
            self.skip_spaces()
            if self.peek() in ("_", "^"):
                self.index += 1
                self.argument()
        elif name in ("stackrel", "overset", "underset"):
            self.argument()
            pieces.append(self.argument())
        elif name in ("hline", "toprule", "midrule", "bottomrule"):
            pass
        elif name == "cline":
            self.argument()
        elif name == "not":
            pieces.append(text_box(negate(self.argument().flat)))
        elif name in ("color", "textcolor"):
            self.argument()
            if name == "textcolor":
                pieces.append(self.argument())
        else:
            # An unknown command stays visible so that tests over the registry catch it.
            pieces.append(text_box("\\" + name))

    def fraction(self, pieces: list[Box]) -> None:
        top = glue_coefficient(self.argument().flat.strip())
        bottom = glue_coefficient(self.argument().flat.strip())
        numerator = top if is_atom(top) else f"({top})"
        text = f"{numerator}/{wrap_term(bottom)}"
        previous = "".join(piece.flat for piece in pieces[-3:])
        if FUNCTION_BEFORE.search(previous):
            # "ln a/b" would read as (ln a)/b, so write ln(a/b).
            text = f"({text})"
            while pieces and not pieces[-1].flat.strip():
                pieces.pop()
        elif previous and (previous[-1].isalnum() or previous[-1] in ")]"):
            text = " " + text
        pieces.append(Box((text,), 0, text, fraction=True))

    def root(self, pieces: list[Box]) -> None:
        index = self.optional_argument()
        body = self.argument().flat.strip()
        radical = {"2": "√", "3": "∛", "4": "∜"}.get(index.flat.strip() if index else "2")
        if radical is None and index is not None:
            radical = script(index.flat, SUPERSCRIPTS, "^") + "√"
        text = f"{radical}{body}" if is_single_factor(body) else f"{radical}({body})"
        pieces.append(text_box(text))

    def delimiter(self) -> str:
        """Read the delimiter after ``\\left`` or ``\\right`` and return its character."""
        self.skip_spaces()
        token = self.next() or ""
        if token == ".":
            return ""
        if token.startswith("\\"):
            return SYMBOLS.get(token[1:], token[1:])
        return token

    def delimited(self, pieces: list[Box]) -> None:
        opening = self.delimiter()
        inner = self.sequence(stop=frozenset())
        closing = ""
        if self.peek() == "\\right":
            self.index += 1
            closing = self.delimiter()
        pieces.append(surround(inner, opening, closing))

    def environment(self, pieces: list[Box]) -> None:
        name = self.raw_argument()
        if name == "array":
            self.raw_argument()  # the column specification
        rows, rules = self.table_rows()
        if self.peek() == "\\end":
            self.index += 1
            self.raw_argument()
        if name in MATRIX_BRACKETS:
            left, right = MATRIX_BRACKETS[name]
            pieces.append(stack_rows(rows, "r", left, right, rules))
        elif name == "cases":
            pieces.append(surround(stack_rows(rows, "l", "", ""), "{", ""))
        else:
            pieces.append(stack_rows(rows, "l", "", "", rules))

    def table_rows(self) -> tuple[list[list[Box]], frozenset[int]]:
        """Read cells separated by "&" and rows separated by "\\\\" up to ``\\end``.

        Returns the rows and the indices of rows that follow a ``\\hline``.
        """
        rows: list[list[Box]] = [[]]
        rules: set[int] = set()
        stop = frozenset({"&", "\\\\"})
        while True:
            if not rows[-1]:
                self.skip_spaces()
                if self.peek() in ("\\hline", "\\midrule", "\\toprule"):
                    rules.add(len(rows) - 1)
            rows[-1].append(self.sequence(stop=stop))
            token = self.peek()
            if token == "&":
                self.index += 1
            elif token == "\\\\":
                self.index += 1
                rows.append([])
            elif token == "}":
                self.index += 1  # a stray closing brace inside a cell
            else:
                break
        if rows and all(not cell.flat.strip() for cell in rows[-1]):
            rows.pop()  # a trailing "\\" before \end
        return rows, frozenset(rules)


def finish(pieces: list[Box]) -> Box:
    """Join the pieces of one sequence, tidying spaces between one-line runs."""
    merged: list[Box] = []
    run = ""
    after_fraction = False
    for piece in pieces:
        if piece.height > 1:
            if run:
                merged.append(text_box(tidy(run)))
                run = ""
            merged.append(piece)
            after_fraction = False
            continue
        text = piece.lines[0]
        if after_fraction and (text[:1].isalnum() or text[:1] == "("):
            run += " "
        run += text
        after_fraction = piece.fraction
    if run:
        merged.append(Box((tidy(run),), 0, tidy(run), fraction=after_fraction))
    if not merged:
        return text_box("")
    if len(merged) == 1:
        return merged[0]
    return join_boxes(merged)


def tidy(text: str) -> str:
    """Collapse runs of spaces and join a unary minus or ∂ to the term after it."""
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r"(^ ?|[(\[{,=<>≤≥≈:] ?)- (?=\S)", r"\1-", text)
    return re.sub(r"([∂∇]) (?=\w)", r"\1", text)


def surround(inner: Box, opening: str, closing: str) -> Box:
    """Put delimiters around a box, repeating them on every row of a tall box."""
    if inner.height == 1:
        text = f"{opening}{inner.flat.strip()}{closing}"
        return text_box(text)
    lines = tuple(f"{opening} {pad(line, inner.width)} {closing}" for line in inner.lines)
    return Box(lines, inner.baseline, f"{opening}{inner.flat}{closing}")


def accent(text: str, mark: str) -> str:
    """Return `text` with a combining accent: on each character for an overline, else
    on the last character."""
    text = text.strip()
    if len(text) == 1 or mark == "\u0305":
        marked = "".join(char + mark for char in text)
    else:
        marked = text + mark if text else text
    # NFC uses a precomposed letter such as "ŷ" where Unicode has one.
    return unicodedata.normalize("NFC", marked)


def negate(text: str) -> str:
    """Return the negated form of a relation such as ``=`` or ``∈``."""
    return {"=": "≠", "∈": "∉", "≡": "≢", "∼": "≁", "<": "≮", ">": "≯"}.get(
        text.strip(), text.strip() + "\u0338")


def math_to_text(source: str) -> str:
    """Return LaTeX math (without dollars) as Unicode text, one or more lines."""
    box = MathParser(source).parse()
    return printable("\n".join(line.rstrip() for line in box.lines)).strip("\n")


def math_box(source: str) -> Box:
    """Return LaTeX math (without dollars) as a box; wide spaces stay as QUAD and GAP."""
    box = MathParser(source).parse()
    return Box(tuple(line.rstrip() for line in box.lines), box.baseline, box.flat)
