"""`examgen generate`: the five files, their structure, and byte-for-byte determinism."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from examgen.cli import cli
from examgen.registry import get_template

FILES = ["exam.json", "exam.md", "exam.tex", "key.md", "key.tex"]
TARGET_SHARES = {"signal": 17, "probability": 17, "neural": 66}


def _generate(folder: Path, seed: int, *extra: str, hash_seed: str = "0") -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run([sys.executable, "-m", "examgen", "generate", "--seed", str(seed),
                    "--out", str(folder), *extra], check=True, env=env,
                   capture_output=True)


def _read_all(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_generate_writes_five_files(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["generate", "--seed", "17", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    # Figure problems add SVG files beside the Markdown sheets.
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".svg") == FILES


def test_same_seed_is_byte_identical(tmp_path: Path) -> None:
    _generate(tmp_path / "a", 17, hash_seed="1")
    _generate(tmp_path / "b", 17, hash_seed="12345")
    _generate(tmp_path / "c", 18, hash_seed="1")
    first = _read_all(tmp_path / "a")
    assert first == _read_all(tmp_path / "b")
    assert first["exam.json"] != _read_all(tmp_path / "c")["exam.json"]
    assert first["exam.tex"] != _read_all(tmp_path / "c")["exam.tex"]


def test_sheets_print_the_seed(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(cli, ["generate", "--seed", "4242", "--out", str(tmp_path)])
    for name in ["exam.tex", "key.tex", "exam.md", "key.md"]:
        assert "4242" in (tmp_path / name).read_text()


def test_generate_without_seed_prints_it(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["generate", "--out", str(tmp_path / "x"),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "x" / "exam.json").read_text())
    assert f"used seed {data['seed']}" in result.output


@pytest.mark.parametrize("seed", range(25))
@pytest.mark.parametrize("count", [8, 9, 10])
def test_exam_json_shape(runner: CliRunner, tmp_path: Path, seed: int, count: int) -> None:
    result = runner.invoke(cli, ["generate", "--seed", str(seed), "--out", str(tmp_path),
                                 "--format", "json", "--problems", str(count)])
    assert result.exit_code == 0, result.output
    exam = json.loads((tmp_path / "exam.json").read_text())
    problems = exam["problems"]

    assert exam["seed"] == seed
    assert len(problems) == count
    assert sum(p["points"] for p in problems) == 100
    assert len({p["template"] for p in problems}) == count
    for problem in problems:
        assert 1 <= len(problem["parts"]) <= 3
        assert sum(part["points"] for part in problem["parts"]) == problem["points"]
        assert problem["area"] == _area_of(problem["template"])
        for part in problem["parts"]:
            assert part["points"] >= 1
            assert "value" in part["answer"]
    for area, share in TARGET_SHARES.items():
        got = sum(p["points"] for p in problems if p["area"] == area)
        assert abs(got - share) <= 3, (area, got)
    neural_topics = {p["topic"] for p in problems if p["area"] == "neural"}
    assert len(neural_topics) >= 4


def _area_of(template_id: str) -> str:
    from examgen.registry import area

    return area(get_template(template_id))


def test_custom_mix_is_followed(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["generate", "--seed", "3", "--out", str(tmp_path),
                                 "--format", "json", "--mix",
                                 "signal=30,probability=30,neural=40"])
    assert result.exit_code == 0, result.output
    problems = json.loads((tmp_path / "exam.json").read_text())["problems"]
    for area, share in {"signal": 30, "probability": 30, "neural": 40}.items():
        assert abs(sum(p["points"] for p in problems if p["area"] == area) - share) <= 3


def test_exam_json_rebuilds_answers(runner: CliRunner, tmp_path: Path) -> None:
    # The stored params are enough to rebuild every answer without the seed.
    runner.invoke(cli, ["generate", "--seed", "8", "--out", str(tmp_path), "--format", "json"])
    exam = json.loads((tmp_path / "exam.json").read_text())
    for problem in exam["problems"]:
        solution = get_template(problem["template"]).solve(problem["params"])
        for part in problem["parts"]:
            value = solution.answers[part["name"]].value
            assert json.loads(json.dumps(value)) == part["answer"]["value"]


@pytest.mark.parametrize("seed", range(50))
def test_exam_fits_three_hours(seed: int) -> None:
    from examgen.assemble import EXAM_MINUTES, ExamSpec, choose_templates
    from examgen.seeding import make_rng

    templates = choose_templates(ExamSpec(seed=seed), make_rng("assemble", seed, ""))
    assert sum(t.minutes for t in templates) <= EXAM_MINUTES


def test_markdown_figures_exist(runner: CliRunner, tmp_path: Path) -> None:
    import re

    for seed in range(12):
        out = tmp_path / str(seed)
        result = runner.invoke(cli, ["generate", "--seed", str(seed), "--out", str(out),
                                     "--format", "markdown"])
        assert result.exit_code == 0, result.output
        for sheet in ["exam.md", "key.md"]:
            for name in re.findall(r"\]\(([^)]+\.svg)\)", (out / sheet).read_text()):
                assert (out / name).is_file(), (seed, sheet, name)


def test_installed_command_runs_anywhere(tmp_path: Path) -> None:
    # The console script of an installed wheel must find its Jinja2 files from any folder.
    import shutil

    script = shutil.which("examgen")
    if script is None:
        if os.environ.get("CI"):
            pytest.fail("the examgen command is not installed, but CI installs it")
        pytest.skip("examgen is not installed")
    result = subprocess.run([script, "generate", "--seed", "3", "--out", "x"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "x").iterdir() if p.suffix != ".svg") == FILES
