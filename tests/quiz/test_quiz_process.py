"""Real quiz processes: Ctrl-C (SIGINT) keeps the answers, and a pseudo-terminal session."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pexpect
from quiz_helpers import QUIZ_CODE, planned_problems, process_env, right_text

from examgen.quiz.history import load_attempts

SEED = 5
ARGS = ["--topic", "z-transform", "--count", "1", "--seed", str(SEED)]
# Seconds to wait for a process to start, answer or stop (NumPy and SymPy load first).
WAIT = 60


def wait_for_rows(path: Path, count: int) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if path.exists() and len(load_attempts(path)) >= count:
            return
        time.sleep(0.1)
    raise AssertionError(f"{path} did not get {count} rows within {WAIT} s")


def test_sigint_keeps_answers(home: Path) -> None:
    answer = right_text(planned_problems(("z-transform",), 1, SEED)[0].parts[0].answer)
    process = subprocess.Popen(
        [sys.executable, "-c", QUIZ_CODE, *ARGS], env=process_env(home),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        assert process.stdin is not None
        process.stdin.write((answer + "\n").encode())
        process.stdin.flush()
        wait_for_rows(home / "history.sqlite3", 1)
        # The quiz now waits for the next part's answer.
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=WAIT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, stderr.decode()
    assert b"Traceback" not in stderr
    assert b"Quiz ended (interrupted)" in stdout
    attempts = load_attempts(home / "history.sqlite3")
    assert [(a.answer, a.verdict) for a in attempts] == [(answer, "right")]


def test_terminal_session(home: Path) -> None:
    problem = planned_problems(("z-transform",), 1, SEED)[0]
    child = pexpect.spawn(sys.executable, ["-c", QUIZ_CODE, *ARGS],
                          env=process_env(home), encoding="utf-8", timeout=WAIT,
                          dimensions=(40, 100))
    try:
        child.expect_exact("(a) answer> ")
        child.sendline(right_text(problem.parts[0].answer))
        child.expect_exact("Right.")
        child.expect_exact("(b) answer> ")
        child.sendline("1000")
        child.expect(r"wrong shape.*Try again")
        child.expect_exact("(b) answer> ")
        child.sendline("quit")
        child.expect_exact("Quiz ended (quit)")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    assert [a.verdict for a in load_attempts(home / "history.sqlite3")] == ["right"]


def test_terminal_ctrl_c(home: Path) -> None:
    child = pexpect.spawn(sys.executable, ["-c", QUIZ_CODE, *ARGS],
                          env=process_env(home), encoding="utf-8", timeout=WAIT)
    try:
        child.expect_exact("(a) answer> ")
        child.sendline("skip")
        child.expect_exact("(b) answer> ")
        child.sendintr()
        child.expect_exact("Quiz ended (interrupted)")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 130
    assert [a.verdict for a in load_attempts(home / "history.sqlite3")] == ["skipped"]
