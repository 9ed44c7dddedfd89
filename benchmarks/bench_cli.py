"""Measure `examgen --help` and `examgen generate` wall times against bare imports.

Run: python benchmarks/bench_cli.py [--repeat N]. Each command runs in a fresh
process, as a user runs it; the median of N runs is reported.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def wall_time(command: list[str], repeat: int) -> float:
    """Return the median wall time of `command` over `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7, help="runs per command")
    repeat = parser.parse_args().repeat
    python = sys.executable
    # The installed console script, as a user runs it; python -m from a checkout.
    script = shutil.which("examgen")
    examgen = [script] if script else [python, "-m", "examgen"]

    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        rows = [
            ("python -c pass", [python, "-c", "pass"]),
            ("python -c 'import numpy, sympy, jinja2'",
             [python, "-c", "import numpy, sympy, jinja2"]),
            ("examgen --help", [*examgen, "--help"]),
            ("examgen generate (latex, markdown, json)",
             [*examgen, "generate", "--seed", "17", "--force",
              "--out", str(out / "exam")]),
        ]
        if shutil.which("pdflatex"):
            rows.append(("examgen generate (all formats, with pdf)",
                         [*examgen, "generate", "--seed", "17", "--force",
                          "--format", "latex,markdown,json,pdf", "--out", str(out / "pdf")]))
        print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
              f"Python {platform.python_version()}, median of {repeat} runs")
        for label, command in rows:
            print(f"{label:<45} {wall_time(command, repeat):7.3f} s")


if __name__ == "__main__":
    main()
