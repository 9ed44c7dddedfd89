"""Rebuild the problems of a practice exam's ``exam.json`` for `examgen quiz --exam`.

The file is untrusted. It is read with a size cap and parsed only by `json`. Each
problem is solved again from its template id, version and params by the template's
own `solve`; the answers stored in the file are never used. Before `solve` sees the
params, they must hold only small numbers, number strings such as ``"-3/4"`` and
short words, laid out exactly as the template's own draw lays them out. The layout
check matters: several templates pass params to `sympy.Rational`, which runs
`sympify` on a list or other non-string value, so a list where the template draws a
string must never reach `solve`.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any, NoReturn

from examgen.errors import DegenerateDrawError, ExamgenError, UnknownTemplateError
from examgen.model import Problem
from examgen.options import MAX_SEED
from examgen.problems import draw_and_solve, is_finite, package_problem
from examgen.quiz.errors import ExamFileError
from examgen.registry import get_template
from examgen.render.json_format import SCHEMA_VERSION
from examgen.template import Template

MAX_EXAM_BYTES = 5 * 2**20
MAX_EXAM_PROBLEMS = 100
MAX_POINTS = 100
# Drawn params are at most a few dozen values below 1000 in magnitude, nested three
# deep (measured over 200 draws of every template), so these bounds leave room.
MAX_PARAM_VALUES = 2000
MAX_PARAM_DEPTH = 8
MAX_MAGNITUDE = 10**6
MAX_INTEGER_DIGITS = 30
NUMBER_TEXT = re.compile(r"-?[0-9]{1,9}(\.[0-9]{1,9})?(/[0-9]{1,9})?")
WORD_TEXT = re.compile(r"[a-z][a-z0-9_-]{0,39}")
KEY_TEXT = re.compile(r"[A-Za-z0-9_-]{1,40}")
MAX_SHOWN = 40

USE_GENERATED = "use the exam.json that 'examgen generate --format json' writes"
REGENERATE = "regenerate the exam with 'examgen generate --format json'"


def load_exam_problems(path: Path) -> list[Problem]:
    """Return the problems of the exam file `path` in sheet order, solved again."""
    entries = problem_entries(path, read_exam_json(path))
    return [rebuild_problem(path, number, entry)
            for number, entry in enumerate(entries, start=1)]


def read_exam_json(path: Path) -> Any:
    """Return the parsed JSON of `path`; raise ExamFileError if unreadable or invalid."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_EXAM_BYTES + 1)
    except OSError as error:
        raise ExamFileError(path, f"could not be read ({error.strerror or error})",
                            "check the path") from None
    if len(data) > MAX_EXAM_BYTES:
        raise ExamFileError(path, f"larger than {MAX_EXAM_BYTES // 2**20} MB",
                            USE_GENERATED)
    try:
        return json.loads(data, parse_int=_parse_int, parse_float=_parse_float,
                          parse_constant=_reject_constant)
    except RecursionError:
        raise ExamFileError(path, "invalid JSON (nested too deeply)", USE_GENERATED) from None
    except ValueError as error:
        raise ExamFileError(path, f"invalid JSON ({one_line(error)})", USE_GENERATED) from None


def problem_entries(path: Path, data: Any) -> list[dict[str, Any]]:
    """Return the problem objects of parsed exam JSON after checking its top level."""
    if not isinstance(data, dict) or not isinstance(data.get("problems"), list):
        raise ExamFileError(path, "not an examgen exam (the top level must be an object "
                                  "with a 'problems' array)", USE_GENERATED)
    schema = data.get("schema")
    if type(schema) is not int or schema != SCHEMA_VERSION:
        raise ExamFileError(path, f"has exam.json schema {shown(schema)}, this examgen "
                                  f"reads schema {SCHEMA_VERSION}", REGENERATE)
    entries: list[Any] = data["problems"]
    if not 1 <= len(entries) <= MAX_EXAM_PROBLEMS:
        raise ExamFileError(path, f"has {len(entries)} problems, a quiz asks 1 to "
                                  f"{MAX_EXAM_PROBLEMS}", REGENERATE)
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ExamFileError(path, f"is {shown(entry)}, not an object", REGENERATE,
                                number)
    return entries


def rebuild_problem(path: Path, number: int, entry: dict[str, Any]) -> Problem:
    """Return problem `number` of the file, solved from its template and params."""
    template = file_template(path, number, entry)
    seed = whole_number(path, number, entry, "seed", MAX_SEED)
    points = whole_number(path, number, entry, "points", MAX_POINTS, low=1)
    params = checked_params(path, number, template, seed, entry.get("params"))
    try:
        solution = template.solve(params)
    except Exception as error:  # noqa: BLE001 - edited params can break solve anyhow
        invalid_params(path, number, template, solve_failure(error))
    bad = [name for name, answer in solution.answers.items() if not is_finite(answer.value)]
    if bad:
        invalid_params(path, number, template, f"part {bad[0]} has no finite answer")
    return package_problem(template, seed, points, params, solution)


def file_template(path: Path, number: int, entry: dict[str, Any]) -> Template:
    """Return the registered template that the entry names, at the same version."""
    template_id = entry.get("template")
    if not isinstance(template_id, str):
        raise ExamFileError(path, "missing 'template' id", REGENERATE, number)
    try:
        template = get_template(template_id)
    except UnknownTemplateError:
        raise ExamFileError(path, f"unknown template {shown(template_id)}",
                            "run 'examgen list' for the template ids, or " + REGENERATE,
                            number) from None
    version = entry.get("version")
    if type(version) is not int:
        raise ExamFileError(path, f"'version' is {shown(version)}, not a whole number",
                            REGENERATE, number)
    if version != template.version:
        raise ExamFileError(path, f"{template.id} written by template version {version}, "
                                  f"this examgen has {template.version}", REGENERATE,
                            number)
    return template


def whole_number(path: Path, number: int, entry: dict[str, Any], key: str, high: int,
                 low: int = 0) -> int:
    """Return the entry's integer `key`, which must lie in [low, high]."""
    value = entry.get(key)
    if type(value) is not int or not low <= value <= high:
        raise ExamFileError(path, f"'{key}' is {shown(value)}, not a whole number from "
                                  f"{low} to {high}", REGENERATE, number)
    return value


def checked_params(path: Path, number: int, template: Template, seed: int,
                   params: Any) -> dict[str, Any]:
    """Return `params` once they hold plain values laid out as the template draws them."""
    if not isinstance(params, dict):
        invalid_params(path, number, template, f"'params' is {shown(params)}, not an object")
    problem = plain_params_problem(params)
    if problem is None:
        # A draw of the same template only shows the layout; its values are not used.
        drawn, _, _ = draw_and_solve(template, seed)
        problem = layout_difference(params, json.loads(json.dumps(drawn)), "params")
    if problem is not None:
        invalid_params(path, number, template, problem)
    return params


def plain_params_problem(params: dict[str, Any]) -> str | None:
    """Return what in `params` is not a small plain value, or None when all are."""
    stack: list[tuple[str, Any, int]] = [("params", params, 0)]
    seen = 0
    while stack:
        where, value, depth = stack.pop()
        seen += 1
        if seen > MAX_PARAM_VALUES or depth > MAX_PARAM_DEPTH:
            return (f"more than {MAX_PARAM_VALUES} values or nested deeper than "
                    f"{MAX_PARAM_DEPTH}")
        if isinstance(value, dict):
            stack.extend((step(where, key), item, depth + 1) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((f"{where}[{index}]", item, depth + 1)
                         for index, item in enumerate(value))
        elif not is_plain(value):
            return (f"{where} is {shown(value)}, not a number of size up to "
                    f"{MAX_MAGNITUDE}, a number text such as \"-3/4\" or a word")
    return None


def is_plain(value: Any) -> bool:
    """Return whether `value` is a bool, a bounded finite number, number text or a word."""
    if isinstance(value, bool):
        return True
    if isinstance(value, (int, float)):
        return math.isfinite(value) and abs(value) <= MAX_MAGNITUDE
    if isinstance(value, str):
        return bool(NUMBER_TEXT.fullmatch(value) or WORD_TEXT.fullmatch(value))
    return False


def layout_difference(value: Any, drawn: Any, where: str) -> str | None:
    """Return where `value` is laid out unlike the drawn params, or None."""
    if isinstance(drawn, dict):
        if not isinstance(value, dict) or set(value) != set(drawn):
            return f"{where} must be an object with the keys {', '.join(sorted(drawn))}"
        pairs = [(value[key], drawn[key], step(where, key)) for key in drawn]
    elif isinstance(drawn, list):
        if not isinstance(value, list) or len(value) != len(drawn):
            return f"{where} must be a list of {len(drawn)} values"
        pairs = [(item, model, f"{where}[{index}]")
                 for index, (item, model) in enumerate(zip(value, drawn))]
    else:
        wanted = kind(drawn)
        return None if kind(value) == wanted else f"{where} must be {wanted}"
    for item, model, place in pairs:
        difference = layout_difference(item, model, place)
        if difference is not None:
            return difference
    return None


def kind(value: Any) -> str:
    """Return the kind of a plain param value, as the layout check compares it."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list or object" if isinstance(value, (list, dict)) else "null"


def solve_failure(error: Exception) -> str:
    """Return in plain words why solving edited params failed, without class names."""
    if isinstance(error, DegenerateDrawError):
        return f"they give a degenerate problem ({one_line(error)})"
    if isinstance(error, ZeroDivisionError):
        return "they lead to a division by zero"
    if isinstance(error, IndexError):
        return "a number that picks an item, such as a component or a symbol, is out of range"
    if isinstance(error, (ExamgenError, ValueError)):
        # Templates write these messages for people, naming the bad value.
        return one_line(error)
    return "they cannot be solved"


def invalid_params(path: Path, number: int, template: Template, reason: str) -> NoReturn:
    """Raise the ExamFileError for params that `template` cannot solve."""
    raise ExamFileError(path, f"invalid params for {template.id}: {reason}", REGENERATE,
                        number)


def step(where: str, key: str) -> str:
    """Return the path of `key` inside `where`, quoting keys that are not plain names."""
    return f"{where}.{key}" if KEY_TEXT.fullmatch(key) else f"{where}[{shown(key)}]"


def shown(value: Any) -> str:
    """Return a short one-line repr of a value from the file, for messages."""
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."


def one_line(error: BaseException) -> str:
    """Return an exception's message on one line, cut to a readable length."""
    text = " ".join(str(error).split()) or "no message"
    return text if len(text) <= 2 * MAX_SHOWN else text[: 2 * MAX_SHOWN - 3] + "..."


def _parse_int(text: str) -> int:
    # Python rejects very long digit strings itself, with a message about an
    # interpreter limit that would only confuse a student.
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise ValueError(f"an integer with more than {MAX_INTEGER_DIGITS} digits")
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:MAX_SHOWN]} is too large")
    return value


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number")
