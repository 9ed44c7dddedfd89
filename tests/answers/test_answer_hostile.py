"""Hostile input: every case must raise AnswerSyntaxError quickly and touch no file."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from examgen.answers import AnswerSyntaxError, parse_answer

# Generous bound for one parse on a slow or loaded machine; a typical parse takes
# well under a millisecond.
SECONDS_PER_INPUT = 2.0

HOSTILE: list[tuple[str, str]] = [
    ("import-system", "__import__('os').system('touch pwned')"),
    ("import-no-quotes", "__import__"),
    ("dunder-class", "().__class__"),
    ("dunder-subclasses", "().__class__.__bases__[0].__subclasses__()"),
    ("open-write", "open('pwned','w').write('x')"),
    ("exec", "exec('open(1)')"),
    ("eval", "eval('1')"),
    ("compile", "compile('1','f','eval')"),
    ("os-system", "os.system('touch pwned')"),
    ("attribute-on-number", "(1).real"),
    ("attribute-on-name", "pi.real"),
    ("attribute-on-call", "sqrt(2).evalf()"),
    ("attribute-on-number-literal", "1 .real"),
    ("lambda", "lambda: 1"),
    ("lambda-call", "(lambda x: x)(1)"),
    ("f-string", "f'{1+1}'"),
    ("byte-string", "b'1'"),
    ("double-quotes", '"1"'),
    ("backticks", "`1`"),
    ("semicolon", "1; import os"),
    ("assignment", "x = 1"),
    ("walrus", "(x := 1)"),
    ("backslash", "1\\\n2"),
    ("underscore-digits", "1_000"),
    ("comment", "1 # comment"),
    ("sympy-name", "Symbol('x')"),
    ("sympify-name", "sympify('1')"),
    ("tower-star", "9**9**9"),
    ("tower-caret", "10^10^10"),
    ("tower-twos", "2**2**2**2**2"),
    ("huge-power", "10^10000"),
    ("huge-negative-power", "10^-10000"),
    ("tiny-base-power", "(1+10^-30)^1000"),
    ("repeated-squares", "((((2^100)^100)^100)^100)"),
    ("huge-literal-exponent", "1e999999"),
    ("huge-literal-negative-exponent", "1e-999999"),
    ("many-digits", "9" * 400),
    ("deep-parentheses", "(" * 1000 + "1" + ")" * 1000),
    ("deep-brackets", "[" * 1000 + "1" + "]" * 1000),
    ("deep-functions", "sqrt(" * 100 + "2" + ")" * 100),
    ("deep-parentheses-within-length", "(" * 200 + "1" + ")" * 200),
    ("deep-brackets-within-length", "[" * 200 + "1" + "]" * 200),
    ("deep-functions-within-length", "exp(" * 40 + "0" + ")" * 40),
    ("deep-signs-within-tokens", "-" * 200 + "1"),
    ("deep-powers-within-tokens", "^".join(["1"] * 100)),
    ("long-input", "1+" * 50000 + "1"),
    ("long-spaces", " " * 100001),
    ("many-tokens", "+".join(["1"] * 240)),
    ("unary-chain", "-" * 499 + "1"),
    ("nul-byte", "1\x002"),
    ("nul-only", "\x00"),
    ("escape", "1\x1b[2J"),
    ("zero-width-space", "1\u200b2"),
    ("bidi-override", "1\u202e2"),
    ("right-to-left-mark", "\u200f1"),
    ("fullwidth-digits", "\uff11\uff12"),
    ("arabic-indic-digits", "\u0661\u0662"),
    ("superscript-two", "2\u00b2"),
    ("unknown-function", "foo(1)"),
    ("unknown-constant", "x"),
    ("python-builtin", "abs(-1)"),
    ("python-keyword", "not 1"),
    ("dict-literal", "{1: 2}"),
    ("set-literal", "{1}"),
    ("percent-format", "'%s' % 1"),
    ("matrix-product", "[1, 2] @ [3, 4]"),
    ("infinity", "oo"),
    ("division-by-zero", "1/(2-2)"),
    ("exp-overflow", "exp(exp(exp(10)))"),
    ("complex-overflow", "sin(1000j)"),
    ("nested-sigma-overflow", "sigma(-1000)"),
]


def _listing(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


@pytest.mark.parametrize("text", [text for _, text in HOSTILE],
                         ids=[name for name, _ in HOSTILE])
def test_hostile_input_is_rejected(text: str, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "marker").write_text("x")
    monkeypatch.chdir(tmp_path)
    before = _listing(tmp_path)
    started = time.monotonic()
    with pytest.raises(AnswerSyntaxError) as caught:
        parse_answer(text)
    elapsed = time.monotonic() - started
    assert elapsed < SECONDS_PER_INPUT
    assert _listing(tmp_path) == before
    assert not Path("pwned").exists()
    assert "\n" not in str(caught.value)
    assert len(str(caught.value)) < 300


def test_hostile_corpus_is_large() -> None:
    assert len(HOSTILE) >= 30
    assert len({text for _, text in HOSTILE}) == len(HOSTILE)


def test_parser_never_calls_evaluating_functions() -> None:
    # A static guard: the parsing modules must not contain calls that evaluate text.
    package = Path(__file__).resolve().parents[2] / "examgen" / "answers"
    forbidden = ("eval(", "exec(", "compile(", "sympify(", "parse_expr(",
                 "literal_eval(", "__import__(", "S(")
    for name in ("lexer.py", "parse.py", "arithmetic.py", "diagnostics.py"):
        # re.compile builds the lexer's patterns from constants, not from input.
        source = (package / name).read_text().replace("re.compile(", "")
        for call in forbidden:
            assert call not in source, (name, call)


_ANSWER_ALPHABET = "0123456789.+-*/^()[], jepisqrtlogexcnhamJE_'\"\\;=%\t\x00\u03c0"


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=600),
                 st.text(alphabet=_ANSWER_ALPHABET, max_size=120)))
def test_random_text_raises_only_answer_syntax_error(text: str) -> None:
    started = time.monotonic()
    try:
        parse_answer(text)
    except AnswerSyntaxError as error:
        assert "\n" not in str(error)
    assert time.monotonic() - started < SECONDS_PER_INPUT


def test_environment_untouched_by_hostile_corpus(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    environment = dict(os.environ)
    for _, text in HOSTILE:
        with pytest.raises(AnswerSyntaxError):
            parse_answer(text)
    assert dict(os.environ) == environment
    assert list(tmp_path.iterdir()) == []
