"""`examgen quiz` and `examgen stats` driven through click's CliRunner with piped input."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from quiz_helpers import (
    answer_lines,
    planned_problems,
    process_env,
    right_text,
    value_text,
)

from examgen.model import Answer
from examgen.quiz.history import history_path, load_attempts
from examgen.registry import all_templates

SEED = 11
TOPICS = sorted({template.topic for template in all_templates()})


def run(cli: click.Group, args: list[str], lines: list[str]) -> Result:
    """Invoke the CLI with one typed line per entry of `lines`."""
    text = "".join(line + "\n" for line in lines)
    return CliRunner().invoke(cli, args, input=text, catch_exceptions=False)


def topic_size(topic: str) -> int:
    return sum(1 for template in all_templates() if template.topic == topic)


@pytest.mark.parametrize("topic", TOPICS)
def test_right_answers_accepted(cli: click.Group, home: Path, topic: str) -> None:
    count = topic_size(topic)
    problems = planned_problems((topic,), count, SEED)
    lines = answer_lines(problems)
    result = run(cli, ["quiz", "--topic", topic, "--count", str(count),
                       "--seed", str(SEED)], lines)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Right.") == len(lines)
    assert "Wrong." not in result.stdout
    attempts = load_attempts(history_path())
    assert [a.verdict for a in attempts] == ["right"] * len(lines)
    assert {a.template for a in attempts} == {p.template for p in problems}


@pytest.mark.parametrize("topic", TOPICS)
def test_perturbed_answers_rejected(cli: click.Group, home: Path, topic: str) -> None:
    count = topic_size(topic)
    problems = planned_problems((topic,), count, SEED)
    lines = answer_lines(problems, wrong=True)
    result = run(cli, ["quiz", "--topic", topic, "--count", str(count),
                       "--seed", str(SEED)], lines)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Wrong.") == len(lines)
    assert "Right." not in result.stdout
    assert [a.verdict for a in load_attempts(history_path())] == ["wrong"] * len(lines)


def test_history_rows_written(cli: click.Group, home: Path) -> None:
    problems = planned_problems((), 1, SEED)
    lines = answer_lines(problems)
    run(cli, ["quiz", "--count", "1", "--seed", str(SEED)], lines)
    attempts = load_attempts(home / "history.sqlite3")
    problem = problems[0]
    assert [a.part for a in attempts] == [part.name for part in problem.parts]
    assert [a.answer for a in attempts] == lines
    assert {a.seed for a in attempts} == {problem.seed}
    assert {a.template for a in attempts} == {problem.template}
    assert {(a.topic, a.area) for a in attempts} == {(problem.topic, problem.area)}
    assert all(a.seconds >= 0 for a in attempts)
    assert len({a.session for a in attempts}) == 1


def test_stats_json_counts(cli: click.Group, home: Path) -> None:
    problems = planned_problems(("z-transform",), 1, SEED)
    first = problems[0].parts[0].answer
    run(cli, ["quiz", "--topic", "z-transform", "--count", "1", "--seed", str(SEED)],
        [right_text(first), value_text(problems[0].parts[1].answer.value, 1.0), "quit"])
    result = run(cli, ["stats", "--json"], [])
    report = json.loads(result.stdout)
    assert report["attempts"] == 2
    assert report["right"] == 1
    assert report["topics"][0]["name"] == "z-transform"
    assert report["topics"][0]["attempts"] == 2
    assert report["areas"][0]["name"] == "signal"
    assert report["due"][0]["template"] == problems[0].template


def test_stats_text_lists_topic(cli: click.Group, home: Path) -> None:
    problems = planned_problems(("hmm",), 1, SEED)
    run(cli, ["quiz", "--topic", "hmm", "--count", "1", "--seed", str(SEED)],
        answer_lines(problems))
    result = run(cli, ["stats"], [])
    assert result.exit_code == 0
    assert "hmm" in result.stdout
    assert "probability" in result.stdout
    assert "100%" in result.stdout


def test_stats_without_history(cli: click.Group, home: Path) -> None:
    result = run(cli, ["stats"], [])
    assert result.exit_code == 0
    assert "No quiz history yet" in result.stdout
    assert not home.exists()


def test_review_asks_wrong_first(cli: click.Group, home: Path) -> None:
    topic = next((t for t in TOPICS if topic_size(t) >= 2), None)
    if topic is None:
        pytest.skip("no topic has two templates")
    problems = planned_problems((topic,), 2, SEED)
    right_problem, wrong_problem = problems
    lines = answer_lines([right_problem])
    lines.append(value_text(wrong_problem.parts[0].answer.value, 1.0))
    run(cli, ["quiz", "--topic", topic, "--count", "2", "--seed", str(SEED)],
        lines + ["quit"])
    result = run(cli, ["quiz", "--review", "--topic", topic, "--count", "2",
                       "--seed", "12"], ["quit"])
    assert result.exit_code == 0
    assert f"[{wrong_problem.template}, seed" in result.stdout
    assert f"[{right_problem.template}, seed" not in result.stdout


def test_review_uses_fresh_seed(cli: click.Group, home: Path) -> None:
    problems = planned_problems(("z-transform",), 1, SEED)
    run(cli, ["quiz", "--topic", "z-transform", "--count", "1", "--seed", str(SEED)],
        ["skip", "quit"])
    run(cli, ["quiz", "--review", "--topic", "z-transform", "--count", "1",
              "--seed", str(SEED)], ["skip", "quit"])
    attempts = load_attempts(history_path())
    assert len(attempts) == 2
    assert attempts[0].template == attempts[1].template == problems[0].template
    assert attempts[0].seed != attempts[1].seed
    assert attempts[1].review


def test_skip_and_solution_commands(cli: click.Group, home: Path) -> None:
    result = run(cli, ["quiz", "--topic", "z-transform", "--count", "1", "--seed",
                       str(SEED)], ["skip", "solution", "quit"])
    assert result.exit_code == 0
    assert "Solution." in result.stdout
    verdicts = [a.verdict for a in load_attempts(history_path())]
    assert verdicts == ["skipped", "revealed"]


def test_wrong_answer_shows_solution(cli: click.Group, home: Path) -> None:
    problems = planned_problems(("z-transform",), 1, SEED)
    answer = problems[0].parts[0].answer
    result = run(cli, ["quiz", "--topic", "z-transform", "--count", "1", "--seed",
                       str(SEED)], [value_text(answer.value, 1.0), "quit"])
    assert "Wrong." in result.stdout
    assert "Solution." in result.stdout
    assert "Answer: " in result.stdout


def test_matched_mistake_named(cli: click.Group, home: Path) -> None:
    for topic in TOPICS:
        problems = planned_problems((topic,), 1, SEED)
        parts = problems[0].parts
        index = next((i for i, part in enumerate(parts) if part.mistakes), None)
        if index is not None:
            break
    else:
        pytest.skip("no template names a common mistake")
    mistake = parts[index].mistakes[0]
    lines = [right_text(part.answer) for part in parts[:index]]
    lines += [value_text(mistake.value, 0.0), "quit"]
    result = run(cli, ["quiz", "--topic", topic, "--count", "1", "--seed", str(SEED)],
                 lines)
    assert f"Common mistake, {mistake.name}:" in result.stdout
    assert load_attempts(history_path())[-1].mistake == mistake.name


def test_quit_keeps_answers(cli: click.Group, home: Path) -> None:
    problems = planned_problems(("z-transform",), 1, SEED)
    result = run(cli, ["quiz", "--topic", "z-transform", "--count", "1", "--seed",
                       str(SEED)], [right_text(problems[0].parts[0].answer), "quit"])
    assert result.exit_code == 0
    assert "Quiz ended (quit)" in result.stdout
    assert len(load_attempts(history_path())) == 1


def test_end_of_input_ends_cleanly(cli: click.Group, home: Path) -> None:
    problems = planned_problems(("z-transform",), 1, SEED)
    result = run(cli, ["quiz", "--topic", "z-transform", "--count", "1", "--seed",
                       str(SEED)], [right_text(problems[0].parts[0].answer)])
    assert result.exit_code == 0
    assert "Quiz ended (end of input)" in result.stdout
    assert len(load_attempts(history_path())) == 1


def test_unreadable_answer_asked_again(cli: click.Group, home: Path) -> None:
    problems = planned_problems(("z-transform",), 1, SEED)
    answer = right_text(problems[0].parts[0].answer)
    result = run(cli, ["quiz", "--topic", "z-transform", "--count", "1", "--seed",
                       str(SEED)], ["__import__('os')", "", answer, "quit"])
    assert "Cannot read that answer" in result.stdout
    assert [a.verdict for a in load_attempts(history_path())] == ["right"]


def test_wrong_shape_asked_again(cli: click.Group, home: Path) -> None:
    problems = planned_problems(("z-transform",), 1, SEED)
    answer = problems[0].parts[0].answer
    assert isinstance(answer.value, tuple)
    result = run(cli, ["quiz", "--topic", "z-transform", "--count", "1", "--seed",
                       str(SEED)], ["1", right_text(answer), "quit"])
    assert "wrong shape" in result.stdout
    assert [a.verdict for a in load_attempts(history_path())] == ["right"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--topic", "fourier"], "unknown topic 'fourier'; use one of: z-transform"),
        (["--area", "optics"], "unknown area 'optics'; use one of: signal, probability"),
        (["--topic", "lpc", "--area", "neural"], "topic 'lpc' belongs to area 'signal'"),
    ],
)
def test_bad_filter_one_line(cli: click.Group, home: Path, args: list[str],
                             expected: str) -> None:
    result = run(cli, ["quiz", *args], [])
    assert result.exit_code == 1
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not home.exists()


@pytest.mark.parametrize("command", [["quiz", "--seed", "1"], ["stats"]])
def test_corrupt_history_one_line(cli: click.Group, home: Path,
                                  command: list[str]) -> None:
    home.mkdir()
    path = home / "history.sqlite3"
    garbage = b"this is not a database\x00\xff" * 100
    path.write_bytes(garbage)
    result = run(cli, command, ["1"])
    assert result.exit_code == 1
    assert "not a readable examgen history" in result.stderr
    assert "move it away" in result.stderr
    assert "Traceback" not in result.output
    assert path.read_bytes() == garbage
    assert [p.name for p in home.iterdir()] == ["history.sqlite3"]


def foreign_database(home: Path) -> Path:
    """Make `home` hold an SQLite file with another program's table; return `home`."""
    home.mkdir()
    with sqlite3.connect(home / "history.sqlite3") as connection:
        connection.execute("CREATE TABLE attempts (x)")
    return home


def home_is_file(home: Path) -> Path:
    home.write_text("not a folder", encoding="utf-8")
    return home


def home_under_file(home: Path) -> Path:
    home.write_text("not a folder", encoding="utf-8")
    return home / "sub"


@pytest.mark.parametrize(
    ("make_home", "expected"),
    [
        (foreign_database, ("is not a readable examgen history (it contains other "
                            "tables (attempts) and no examgen schema version); move it "
                            "away")),
        (home_is_file, ("EXAMGEN_HOME {home} is not a folder; set EXAMGEN_HOME to a "
                        "folder, or move the file away")),
        (home_under_file, ("EXAMGEN_HOME {home} is not a folder ({file} is a file); set "
                           "EXAMGEN_HOME to a folder")),
    ],
    ids=["foreign-tables", "home-is-file", "home-under-file"],
)
def test_odd_home_same_error_in_quiz_and_stats(
        cli: click.Group, home: Path, monkeypatch: pytest.MonkeyPatch,
        make_home: Callable[[Path], Path], expected: str) -> None:
    folder = make_home(home)
    monkeypatch.setenv("EXAMGEN_HOME", str(folder))
    errors = []
    for command in (["quiz", "--seed", "1"], ["stats"]):
        result = run(cli, command, ["1"])
        assert result.exit_code == 1, result.output
        assert result.stdout == ""
        errors.append(result.stderr)
    assert errors[0] == errors[1]
    assert len(errors[0].splitlines()) == 1
    assert expected.format(home=folder, file=home) in errors[0]


def test_commands_module_imports_light(home: Path) -> None:
    code = ("import sys, examgen.quiz.commands; "
            "print(sorted(m for m in ('numpy', 'sympy', 'jinja2') if m in sys.modules))")
    output = subprocess.run([sys.executable, "-c", code], env=process_env(home),
                            capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


@pytest.mark.parametrize(("answer", "expected"), [
    (Answer(value=0.5), "Type one number."),
    (Answer(value=(1, 2), unordered=True), "Type a vector of 2 numbers as [a, b] (in any order)."),
    (Answer(value=(1.0, 2.0, 3.0), sign_free=True),
     "Type a vector of 3 numbers as [a, b, c] (either sign)."),
    (Answer(value=((1, 2), (3, 4), (5, 6))),
     "Type a 3 x 2 matrix as [[a, b], [c, d]], row by row."),
], ids=["scalar", "unordered", "sign-free", "matrix"])
def test_expected_shape_line(answer: Answer, expected: str) -> None:
    from examgen.quiz.session import describe_expected

    assert describe_expected(answer) == expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("3/7", "3/7"),
    ("a\x00b\x07", "a\ufffdb\ufffd"),
    ("1" * 200, "1" * 120 + "... (200 characters)"),
], ids=["plain", "control", "long"])
def test_echo_of_piped_answer(typed: str, expected: str) -> None:
    from examgen.quiz.session import echo_text

    assert echo_text(typed) == expected
