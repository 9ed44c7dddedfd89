"""Bad input reaches the user as a one-line error, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from examgen.cli import cli

BAD_GENERATE = [
    pytest.param(["--mix", "signal=20,probability=20,neural=50"], "sums to 90", id="mix-sum"),
    pytest.param(["--mix", "signal=17,probability=17,audio=66"], "unknown area 'audio'",
                 id="mix-area"),
    pytest.param(["--mix", "signal=-10,probability=44,neural=66"], "negative percent -10",
                 id="mix-negative"),
    pytest.param(["--mix", "signal17"], "invalid mix item 'signal17'", id="mix-no-equals"),
    pytest.param(["--mix", "signal=x,probability=17,neural=66"], "invalid percent 'x'",
                 id="mix-not-number"),
    pytest.param(["--mix", "signal=17,signal=17,neural=66"], "appears twice", id="mix-twice"),
    pytest.param(["--problems", "7"], "--problems 7 is out of range", id="problems-low"),
    pytest.param(["--problems", "11"], "--problems 11 is out of range", id="problems-high"),
    pytest.param(["--format", "latex,docx"], "unknown format 'docx'", id="format"),
    pytest.param(["--seed", "-3"], "-3", id="seed-negative"),
    pytest.param(["--seed", "abc"], "'abc' is not a seed", id="seed-text"),
]


def _assert_one_line_error(result: object, expected: str) -> None:
    output = result.output  # type: ignore[attr-defined]
    assert result.exit_code != 0  # type: ignore[attr-defined]
    assert expected in output
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("arguments", "expected"), BAD_GENERATE)
def test_generate_rejects_bad_input(runner: CliRunner, tmp_path: Path,
                                    arguments: list[str], expected: str) -> None:
    out = tmp_path / "out"
    result = runner.invoke(cli, ["generate", "--seed", "1", "--out", str(out), *arguments])
    _assert_one_line_error(result, expected)
    assert not out.exists() or not any(out.iterdir())


def test_generate_rejects_nonempty_out(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    result = runner.invoke(cli, ["generate", "--seed", "1", "--out", str(tmp_path)])
    _assert_one_line_error(result, "is not empty")
    assert "--force" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_generate_force_overwrites(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    result = runner.invoke(cli, ["generate", "--seed", "1", "--out", str(tmp_path),
                                 "--format", "json", "--force"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "exam.json").is_file()


def test_generate_rejects_out_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "exam.txt"
    target.write_text("")
    result = runner.invoke(cli, ["generate", "--seed", "1", "--out", str(target)])
    _assert_one_line_error(result, "is a file, not a folder")


def test_generate_rejects_unwritable_out(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = runner.invoke(cli, ["generate", "--seed", "1", "--out", str(blocker / "sub")])
    _assert_one_line_error(result, "cannot create --out folder")


@pytest.mark.parametrize("command", [["show", "no-such-template"],
                                     ["check", "--seeds", "2", "no-such-template"]],
                         ids=["show", "check"])
def test_unknown_template(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(cli, command)
    _assert_one_line_error(result, "unknown template 'no-such-template'")
    assert "examgen list" in result.output


def test_show_rejects_bad_format(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["show", "z-transform-difference-equation", "--format", "pdf"])
    _assert_one_line_error(result, "'pdf' is not one of")


def test_small_share_rejected(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(cli, ["generate", "--seed", "3", "--out", str(out),
                                 "--mix", "signal=1,probability=1,neural=98"])
    _assert_one_line_error(result, "fewer than the 3 parts")
    assert "at least" in result.output
    assert not out.exists()


def test_failed_generate_creates_no_folder(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "new"
    result = runner.invoke(cli, ["generate", "--seed", "1", "--problems", "7",
                                 "--out", str(out)])
    assert result.exit_code != 0
    assert not out.exists()


def test_force_removes_stale_outputs(runner: CliRunner, tmp_path: Path) -> None:
    for name in ["exam.pdf", "key.pdf", "figure-9.svg", "notes.txt"]:
        (tmp_path / name).write_text("old")
    result = runner.invoke(cli, ["generate", "--seed", "2", "--out", str(tmp_path),
                                 "--format", "json", "--force"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exam.json", "notes.txt"]


def test_outputs_follow_umask(runner: CliRunner, tmp_path: Path) -> None:
    import os

    old = os.umask(0o022)
    try:
        result = runner.invoke(cli, ["generate", "--seed", "2", "--out", str(tmp_path),
                                     "--format", "json"])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "exam.json").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize(("arguments", "expected"), [
    (["generate", "--seed", "abc"], "'abc' is not a seed"),
    (["generate", "--bogus"], "No such option '--bogus'"),
    (["frobnicate"], "No such command 'frobnicate'"),
], ids=["seed", "option", "command"])
def test_usage_errors_are_one_line(arguments: list[str], expected: str) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "examgen", *arguments],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert expected in lines[0]
    assert "--help" in lines[0]


def test_closed_pipe_is_quiet() -> None:
    import subprocess
    import sys

    # head exits after one line; examgen must not report the broken pipe as an error.
    result = subprocess.run(
        f"{sys.executable} -m examgen list | head -1", shell=True,
        capture_output=True, text=True,
    )
    assert result.stdout.startswith("id")
    assert result.stderr == ""
