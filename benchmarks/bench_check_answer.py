"""Time parse_answer plus check_answer on a mix of typical typed answers.

Run from the repository root: ``python benchmarks/bench_check_answer.py [repeats]``.
It prints the median, 95th percentile and maximum time per answer, first with the
checker's cache of parsed exact forms warm and then with it cleared before every
answer, as happens the first time a quiz checks a problem. The target is a median
below 50 ms.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from examgen.answers import check_answer, parse_answer
from examgen.answers.check import _exact_elements
from examgen.model import Answer

TARGET_MS = 50.0

# (typed text, expected answer): right, wrong, rounded and misshapen answers.
CASES: list[tuple[str, Answer]] = [
    ("0.43", Answer(3 / 7, exact="3/7")),
    ("3/7", Answer(3 / 7, exact="3/7")),
    ("0.5", Answer(3 / 7, exact="3/7")),
    ("2pi/3", Answer(2.0943951023931953, exact="2*pi/3")),
    ("1.38e-1", Answer(0.138)),
    ("1.38*10^-1", Answer(0.138, exact="69/500")),
    ("sqrt(2)/2", Answer(0.7071067811865476, exact="sqrt(2)/2")),
    ("1/sqrt(2)", Answer(0.7071067811865476, exact="sqrt(2)/2")),
    ("e^(-1)", Answer(0.36787944117144233, exact="exp(-1)")),
    ("ln(2)", Answer(0.6931471805599453, exact="log(2)")),
    ("sigma(0.5)*(1-sigma(0.5))", Answer(0.2350037122015945)),
    ("-0.13", Answer(-0.125, digits=2)),
    ("[0.6, 0.8]", Answer((-0.6, -0.8), exact="[-3/5, -4/5]", sign_free=True)),
    ("[1/sqrt(2), 1/sqrt(2)]", Answer((0.7071067811865476,) * 2,
                                      exact="[sqrt(2)/2, sqrt(2)/2]")),
    ("[0.5-0.5j, 0.5+0.5j]", Answer((0.5, 0.5), unordered=True)),
    ("[[1, 2], [3, 4]]", Answer(((1, 2), (3, 4)), exact="[[1, 2], [3, 4]]")),
    ("[[0.8, -0.6], [0.6, 0.8]]", Answer(((0.8, -0.6), (0.6, 0.8)))),
    ("[1, 2, 3]", Answer((1, 2))),
    ("[0,5, 1,2]", Answer((0.5, 1.2))),
    ("tanh(1)^2", Answer(0.5800256583859738)),
]


def time_once(text: str, expected: Answer, clear_cache: bool) -> float:
    """Return the seconds that one parse and check of `text` takes."""
    if clear_cache:
        _exact_elements.cache_clear()
    started = time.perf_counter()
    check_answer(parse_answer(text), expected)
    return time.perf_counter() - started


def run(repeats: int, clear_cache: bool) -> list[float]:
    """Return the times in milliseconds of `repeats` rounds over all cases."""
    for text, expected in CASES:
        time_once(text, expected, clear_cache)
    return [1000 * time_once(text, expected, clear_cache)
            for _ in range(repeats) for text, expected in CASES]


def report(label: str, times: list[float]) -> float:
    """Print one summary line and return the median."""
    times = sorted(times)
    median = statistics.median(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"{label:34} median {median:7.3f} ms   p95 {p95:7.3f} ms   "
          f"max {times[-1]:7.3f} ms   ({len(times)} answers)")
    return median


def main() -> int:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    print(f"python {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} CPUs, {platform.platform()}")
    warm = report("parse + check, exact forms cached", run(repeats, False))
    cold = report("parse + check, exact cache cleared", run(repeats, True))
    worst_case = max(CASES, key=lambda case: statistics.median(
        1000 * time_once(case[0], case[1], True) for _ in range(5)))
    print(f"slowest case (cache cleared): {worst_case[0]!r}")
    passed = max(warm, cold) < TARGET_MS
    print(f"target: median below {TARGET_MS:g} ms: {'met' if passed else 'NOT met'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
