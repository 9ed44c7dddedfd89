"""`examgen quiz --exam FILE`: the problems of a generated exam.json, and bad files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from quiz_helpers import process_env

from examgen.answers import AnswerSyntaxError, parse_answer
from examgen.cli import cli
from examgen.problems import make_problem
from examgen.quiz.exam_file import MAX_EXAM_BYTES, MAX_EXAM_PROBLEMS
from examgen.quiz.history import history_path, load_attempts
from examgen.registry import all_templates, get_template
from examgen.render.json_format import problem_to_json

MAX_SEEDS = 60
# SymPy writes Euler's number as E; exact forms with it must parse too.
SYMPY_E = re.compile(r"(?<![A-Za-z0-9.])E(?![A-Za-z0-9])")
# Far beyond every tolerance: the whole answer is moved this far past its largest element.
SHIFT = 10.0


def generate_json(seed: int, folder: Path) -> Path:
    """Write the exam of `seed` with the real command and return its exam.json."""
    result = CliRunner().invoke(cli, ["generate", "--seed", str(seed), "--format", "json",
                                      "--out", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder / "exam.json"


@pytest.fixture(scope="module")
def exam_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Return exam.json files of seeds 0, 1, ... until every template has appeared."""
    missing = {template.id for template in all_templates()}
    files = []
    for seed in range(MAX_SEEDS):
        path = generate_json(seed, tmp_path_factory.mktemp(f"exam-{seed}"))
        files.append(path)
        missing -= {problem["template"] for problem in load(path)["problems"]}
        if not missing:
            return files
    pytest.fail(f"templates {sorted(missing)} appear in no exam of seeds 0 to "
                f"{MAX_SEEDS - 1}")


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def parts_of(path: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Return (problem, part) pairs of an exam file in the order the quiz asks them."""
    return [(problem, part) for problem in load(path)["problems"]
            for part in problem["parts"]]


def typed_value(value: Any) -> str:
    """Write a JSON answer value as a student types it: 3, [a, b] or [[a, b], [c, d]]."""
    if isinstance(value, list):
        return "[" + ", ".join(typed_value(item) for item in value) + "]"
    return str(value) if isinstance(value, int) else f"{value:.12g}"


def right_line(answer: dict[str, Any]) -> str:
    """Return the exact form of a JSON answer, or its value when it has none."""
    exact = answer.get("exact")
    if exact is not None:
        return str(exact)
    return typed_value(answer["value"])


def wrong_line(answer: dict[str, Any]) -> str:
    """Return the answer with every element far off and, unless sign-free, sign-flipped.

    Each typed element is at least SHIFT plus the largest magnitude away from every
    expected element (and from its negative), so no order or sign makes it right.
    """
    largest = max((abs(x) for x in flat(answer["value"])), default=0.0)
    shift = SHIFT + 3 * largest
    assert shift > 10 * max(answer["rel_tol"] * largest, answer["abs_tol"])
    flip = not answer.get("sign_free", False)
    return typed_value(moved(answer["value"], shift, flip))


def moved(value: Any, shift: float, flip: bool) -> Any:
    """Return `value` with each element pushed `shift` away (and negated when `flip`)."""
    if isinstance(value, list):
        return [moved(item, shift, flip) for item in value]
    if not flip:
        return value + shift
    return -(value + shift) if value >= 0 else -(value - shift)


def flat(value: Any) -> list[float]:
    if isinstance(value, list):
        return [x for item in value for x in flat(item)]
    return [float(value)]


def quiz(args: list[str], lines: list[str]) -> Result:
    """Run `examgen quiz ARGS` with one typed line per entry of `lines`."""
    text = "".join(line + "\n" for line in lines)
    return CliRunner().invoke(cli, ["quiz", *args], input=text)


def exact_forms(files: list[Path]) -> list[str]:
    return [part["answer"]["exact"] for path in files for _, part in parts_of(path)
            if "exact" in part["answer"]]


def test_every_template_appears(exam_files: list[Path]) -> None:
    seen = {problem["template"] for path in exam_files for problem in load(path)["problems"]}
    assert seen == {template.id for template in all_templates()}


def test_answers_from_the_file_accepted(exam_files: list[Path], home: Path) -> None:
    for path in exam_files:
        history_path().unlink(missing_ok=True)
        asked = parts_of(path)
        result = quiz(["--exam", str(path)],
                      [right_line(part["answer"]) for _, part in asked])
        assert result.exit_code == 0, f"{path}: {result.output}"
        attempts = load_attempts(history_path())
        assert [(a.template, a.seed, a.topic, a.part) for a in attempts] == [
            (problem["template"], problem["seed"], problem["topic"], part["name"])
            for problem, part in asked
        ], path
        rejected = [(a.template, a.part, a.answer) for a in attempts if a.verdict != "right"]
        assert not rejected, f"{path}: {rejected}"
        assert "Quiz ended (finished)" in result.output


def test_perturbed_answers_rejected(exam_files: list[Path], home: Path) -> None:
    for path in exam_files:
        history_path().unlink(missing_ok=True)
        asked = parts_of(path)
        result = quiz(["--exam", str(path)],
                      [wrong_line(part["answer"]) for _, part in asked])
        assert result.exit_code == 0, f"{path}: {result.output}"
        attempts = load_attempts(history_path())
        assert len(attempts) == len(asked), f"{path}: {result.output}"
        accepted = [(a.template, a.part, a.answer) for a in attempts if a.verdict != "wrong"]
        assert not accepted, f"{path}: {accepted}"


def test_exact_forms_parse(exam_files: list[Path]) -> None:
    unread = []
    for exact in exact_forms(exam_files):
        try:
            parse_answer(exact)
        except AnswerSyntaxError as error:
            unread.append(f"{exact}: {error}")
    assert not unread


def test_exact_forms_with_sympy_e_parse(exam_files: list[Path]) -> None:
    # SymPy writes Euler's number as E; the stored exact forms must still parse.
    with_e = [exact for exact in exact_forms(exam_files) if SYMPY_E.search(exact)]
    assert with_e
    for exact in with_e:
        assert parse_answer(exact).values


def test_history_counts_in_stats(exam_files: list[Path], home: Path) -> None:
    path = exam_files[0]
    first_problem = load(path)["problems"][0]
    lines = [right_line(part["answer"]) for part in first_problem["parts"]]
    quiz(["--exam", str(path)], [*lines, "quit"])
    report = json.loads(CliRunner().invoke(cli, ["stats", "--json"]).output)
    assert report["attempts"] == len(lines)
    assert report["right"] == len(lines)
    assert report["topics"][0]["name"] == first_problem["topic"]


# Bad files: the first generated exam with problem 2 replaced by a problem of the
# template that EDITED names and then changed, so the messages name problem 2.
PROBLEM_SEED = 5
EDITED = {"w": "rnn-vanishing-exploding", "output": "backprop-two-layer",
          "A": "linear-algebra-eigenpairs", "kernel": "cnn-parameter-count"}


def set_param(key: str, value: Any, template_id: str | None = None) -> Any:
    """Return an edit that sets param `key` of `template_id`, by default EDITED[key]."""
    def edit(data: dict[str, Any]) -> None:
        problem = data["problems"][1] = problem_json(template_id or EDITED[key])
        problem["params"][key] = value
    return edit


def set_problem(key: str, value: Any) -> Any:
    """Return an edit that sets `key` of problem 2, drawn from rnn-vanishing-exploding."""
    def edit(data: dict[str, Any]) -> None:
        problem = data["problems"][1] = problem_json("rnn-vanishing-exploding")
        problem[key] = value
    return edit


def problem_json(template_id: str) -> dict[str, Any]:
    """Return the exam.json object of one problem of `template_id`."""
    return problem_to_json(make_problem(get_template(template_id), PROBLEM_SEED, 10))


BAD_EDITS = [
    pytest.param(set_problem("template", "no-such-template"),
                 "unknown template 'no-such-template'; run 'examgen list'",
                 id="unknown-template"),
    pytest.param(set_problem("version", 99),
                 "rnn-vanishing-exploding written by template version 99, this examgen "
                 "has 1; regenerate the exam", id="version"),
    pytest.param(set_problem("version", "1"), "'version' is '1', not a whole number",
                 id="version-text"),
    pytest.param(set_problem("seed", -1), "'seed' is -1, not a whole number", id="seed"),
    pytest.param(set_problem("points", 0), "'points' is 0, not a whole number",
                 id="points"),
    pytest.param(set_problem("params", [1, 2]), "invalid params for "
                 "rnn-vanishing-exploding: 'params' is [1, 2], not an object",
                 id="params-not-object"),
    pytest.param(set_problem("params", {"w": "1/2", "m": 3, "dh_last": 2, "x": 1}),
                 "invalid params for rnn-vanishing-exploding: params must be an object "
                 "with the keys dh_last, m, w", id="extra-key"),
    pytest.param(set_param("w", "1/0"), "invalid params for rnn-vanishing-exploding: "
                 "they lead to a division by zero; regenerate the exam with 'examgen "
                 "generate --format json'", id="solve-divides-by-zero"),
    pytest.param(set_param("output", "cubic"), "invalid params for backprop-two-layer: "
                 "unknown output activation 'cubic'; regenerate", id="unknown-word"),
    pytest.param(set_param("component", 7, "gmm-em-step"), "invalid params for "
                 "gmm-em-step: a number that picks an item, such as a component or a "
                 "symbol, is out of range; regenerate", id="component-out-of-range"),
    pytest.param(set_param("obs", [3, 2, 2], "hmm-forward"), "invalid params for "
                 "hmm-forward: a number that picks an item", id="symbol-out-of-range"),
    pytest.param(set_param("A", [["1/2", "1/3"], ["1/2", "1/2"]], "hmm-forward"),
                 "invalid params for hmm-forward: they give a degenerate problem (",
                 id="not-stochastic"),
    pytest.param(set_param("w", ["1/2"]), "invalid params for rnn-vanishing-exploding: "
                 "params.w must be a string", id="list-for-string"),
    pytest.param(set_param("A", [[1, -4], [-4]]), "invalid params for "
                 "linear-algebra-eigenpairs: params.A[1] must be a list of 2 values",
                 id="ragged-matrix"),
    pytest.param(set_param("kernel", 10**7), "invalid params for cnn-parameter-count: "
                 "params.kernel is 10000000, not a number", id="huge-number"),
    pytest.param(set_param("w", "1e999999999"), "invalid params for "
                 "rnn-vanishing-exploding: params.w is '1e999999999', not a number",
                 id="huge-number-text"),
]
BAD_TOP_EDITS = [
    pytest.param(lambda data: data["problems"].append(7), "problem 10: is 7, not an object",
                 id="problem-not-object"),
    pytest.param(lambda data: data.update(schema=2),
                 "has exam.json schema 2, this examgen reads schema 1; regenerate",
                 id="schema"),
    pytest.param(lambda data: data.update(problems=[]), "has 0 problems, a quiz asks 1 to",
                 id="no-problems"),
    pytest.param(lambda data: data.update(problems=data["problems"] * 12),
                 f"has 108 problems, a quiz asks 1 to {MAX_EXAM_PROBLEMS}",
                 id="too-many-problems"),
    pytest.param(lambda data: data.pop("problems"), "not an examgen exam", id="no-array"),
]


def write_edited(exam: Path, folder: Path, edit: Any) -> Path:
    """Write the exam file `exam` with `edit` applied into `folder`; return the new file."""
    data = load(exam)
    edit(data)
    path = folder / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def assert_one_line_error(result: Result, path: Path, expected: str) -> None:
    """Assert a failed run whose only output is one error line naming `path`."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception)
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"Error: exam file {path}"), lines[0]
    assert expected in lines[0]
    # Students read these messages, so Python's exception names stay out of them.
    assert not re.search(r"\b[A-Z][a-z]+(Error|Exception)\b|raised", lines[0]), lines[0]


@pytest.mark.parametrize(("edit", "expected"), BAD_EDITS)
def test_bad_problem_rejected(exam_files: list[Path], tmp_path: Path, home: Path,
                              edit: Any, expected: str) -> None:
    path = write_edited(exam_files[0], tmp_path, edit)
    assert_one_line_error(quiz(["--exam", str(path)], []), path, f"problem 2: {expected}")
    assert not home.exists()


@pytest.mark.parametrize(("edit", "expected"), BAD_TOP_EDITS)
def test_bad_exam_rejected(exam_files: list[Path], tmp_path: Path, home: Path,
                           edit: Any, expected: str) -> None:
    path = write_edited(exam_files[0], tmp_path, edit)
    assert_one_line_error(quiz(["--exam", str(path)], []), path, expected)
    assert not home.exists()


BAD_TEXTS = [
    pytest.param(b"not json at all", "invalid JSON (Expecting value", id="not-json"),
    pytest.param(b"\xff\xfe\xfa", "invalid JSON", id="not-text"),
    pytest.param(b"[1, 2]", "not an examgen exam", id="top-level-list"),
    pytest.param(b'{"schema": 1, "problems": [NaN]}', "invalid JSON (NaN is not a number)",
                 id="nan"),
    pytest.param(b'{"schema": 1, "problems": [' + b"9" * 5000 + b"]}",
                 "invalid JSON (an integer with more than 30 digits)", id="long-integer"),
    pytest.param(b'{"schema": 1e999, "problems": []}', "invalid JSON (the number 1e999 is",
                 id="infinite-float"),
    pytest.param(b"[" * 100_000 + b"]" * 100_000, "invalid JSON (nested too deeply)",
                 id="deep"),
    pytest.param(b" " * (MAX_EXAM_BYTES + 1), "larger than 5 MB", id="too-large"),
]


@pytest.mark.parametrize(("content", "expected"), BAD_TEXTS)
def test_bad_exam_text_rejected(tmp_path: Path, home: Path, content: bytes,
                                expected: str) -> None:
    path = tmp_path / "exam.json"
    path.write_bytes(content)
    assert_one_line_error(quiz(["--exam", str(path)], []), path, expected)


def test_missing_exam_rejected(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "missing.json"
    result = quiz(["--exam", str(path)], [])
    assert_one_line_error(result, path, "could not be read (No such file or directory)")


def test_code_in_params_never_runs(exam_files: list[Path], tmp_path: Path,
                                   home: Path) -> None:
    marker = tmp_path / "ran"
    payload = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    for number, value in enumerate(([payload], payload, {"n": payload})):
        folder = tmp_path / str(number)
        folder.mkdir()
        path = write_edited(exam_files[0], folder, set_param("w", value))
        assert_one_line_error(quiz(["--exam", str(path)], []), path, "invalid params")
    assert not marker.exists()


@pytest.mark.parametrize("chooser", [["--topic", "hmm"], ["--area", "signal"],
                                     ["--count", "3"], ["--seed", "4"], ["--review"]],
                         ids=lambda chooser: chooser[0])
def test_exam_with_chooser_rejected(exam_files: list[Path], home: Path,
                                    chooser: list[str]) -> None:
    path = exam_files[0]
    result = quiz(["--exam", str(path), *chooser], [])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: --exam asks the problems of the file, so it cannot be combined with "
        f"{chooser[0]}; drop {chooser[0]} or drop --exam\n"
    )
    assert not home.exists()


def test_bad_exam_in_a_real_process(tmp_path: Path, home: Path) -> None:
    path = tmp_path / "exam.json"
    path.write_text('{"schema": 1, "problems": [{"template": "x"}]}', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "examgen", "quiz", "--exam", str(path)],
                          env=process_env(home), capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (f"Error: exam file {path}, problem 1: unknown template 'x'; "
                           "run 'examgen list' for the template ids, or regenerate the "
                           "exam with 'examgen generate --format json'\n")
