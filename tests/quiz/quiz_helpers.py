"""Build the problems a quiz will ask and the answers to type for them."""

from __future__ import annotations

import os
from pathlib import Path

from examgen.model import Answer, Problem
from examgen.problems import make_problem
from examgen.quiz.runner import QUIZ_POINTS
from examgen.quiz.selection import candidate_templates, random_plan
from examgen.render.environment import format_decimal

REPO_ROOT = Path(__file__).resolve().parents[2]
# A real quiz process: the command runs without the examgen group around it.
QUIZ_CODE = "from examgen.quiz.commands import quiz; quiz()"


def process_env(home: Path) -> dict[str, str]:
    """Return the environment for a quiz in a real process: this checkout, this home."""
    env = dict(os.environ)
    env["EXAMGEN_HOME"] = str(home)
    paths = [str(REPO_ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def planned_problems(topics: tuple[str, ...], count: int, seed: int) -> list[Problem]:
    """Return the problems that `examgen quiz --topic ... --count --seed` asks."""
    plan = random_plan(candidate_templates(topics, None), count, seed)
    return [make_problem(template, problem_seed, QUIZ_POINTS)
            for template, problem_seed in plan]


def right_text(answer: Answer) -> str:
    """Return the exact form of an answer, or its decimal form when it has none."""
    if answer.exact is not None:
        return answer.exact
    return value_text(answer.value, 0.0)


def wrong_text(answer: Answer) -> str:
    """Return an answer of the right shape whose first element is far off."""
    return value_text(answer.value, 1.0)


def value_text(value: object, shift: float) -> str:
    """Write a scalar, vector or matrix value, shifting its first element by a lot."""
    if isinstance(value, tuple):
        items = [value_text(item, shift if index == 0 else 0.0)
                 for index, item in enumerate(value)]
        return "[" + ", ".join(items) + "]"
    number = float(value)  # type: ignore[arg-type]
    if shift:
        number += shift * (10 + 3 * abs(number))
    return format_decimal(number, 8)


def answer_lines(problems: list[Problem], wrong: bool = False) -> list[str]:
    """Return one typed line per part of `problems`."""
    make = wrong_text if wrong else right_text
    return [make(part.answer) for problem in problems for part in problem.parts]
