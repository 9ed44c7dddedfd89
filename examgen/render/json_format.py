"""The machine-readable exam (``exam.json``); its schema is in docs/exam-json.md."""

from __future__ import annotations

import json
from typing import Any

from examgen.exact import round_float
from examgen.model import Answer, Exam, Problem, Value

SCHEMA_VERSION = 1


def answer_to_json(answer: Answer) -> dict[str, Any]:
    """Return the JSON object of one answer."""
    data: dict[str, Any] = {"value": _rounded(answer.value)}
    if answer.exact is not None:
        data["exact"] = answer.exact
    data["rel_tol"] = answer.rel_tol
    data["abs_tol"] = answer.abs_tol
    data["digits"] = answer.digits
    if answer.sign_free:
        data["sign_free"] = True
    if answer.unordered:
        data["unordered"] = True
    return data


def _rounded(value: Value) -> Value:
    # Stored values keep 12 significant digits so the file is the same on every machine.
    if isinstance(value, tuple):
        return tuple(_rounded(item) for item in value)  # type: ignore[return-value]
    return value if isinstance(value, int) else round_float(value)


def problem_to_json(problem: Problem) -> dict[str, Any]:
    """Return the JSON object of one problem."""
    return {
        "template": problem.template,
        "version": problem.version,
        "topic": problem.topic,
        "area": problem.area,
        "seed": problem.seed,
        "points": problem.points,
        "params": problem.params,
        "parts": [
            {
                "name": part.name,
                "points": part.points,
                "answer": answer_to_json(part.answer),
                **({"mistakes": [{"name": m.name, "value": _rounded(m.value)}
                                 for m in part.mistakes]}
                   if part.mistakes else {}),
            }
            for part in problem.parts
        ],
    }


def exam_to_json(exam: Exam) -> dict[str, Any]:
    """Return the JSON object of a whole exam."""
    data: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "seed": exam.seed,
        "points": exam.points,
        "mix": dict(exam.mix),
        "problems": [problem_to_json(p) for p in exam.problems],
    }
    if exam.student is not None:
        data["student"] = exam.student
    return data


def render_exam(exam: Exam) -> str:
    """Return ``exam.json`` as text: two-space indent, a final newline."""
    return json.dumps(exam_to_json(exam), indent=2, ensure_ascii=False) + "\n"
