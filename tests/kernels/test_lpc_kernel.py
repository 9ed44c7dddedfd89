"""Table tests for the LPC kernel's hand-checked cases and its rejected inputs."""

from __future__ import annotations

import pytest
import sympy

from examgen.kernels import lpc

R = sympy.Rational


@pytest.mark.parametrize(("signal", "expected"), [
    ([1, 2, 3], [14, 8, 3]),        # 1+4+9, 2+6, 3
    ([2, 0, -1, 1], [6, -1, -2]),   # 4+1+1, 0+0-1, -2+0
])
def test_autocorrelation_table(signal: list[int], expected: list[int]) -> None:
    values = lpc.autocorrelation([sympy.Integer(x) for x in signal], 2)
    assert values == expected


def test_normal_equations_singular() -> None:
    with pytest.raises(ZeroDivisionError):
        lpc.normal_equations_2([R(2), R(2), R(1)])


def test_pitch_period_tie() -> None:
    r = [sympy.Integer(x) for x in (10, 8, 1, 5, 5, 2)]
    with pytest.raises(ValueError):
        lpc.pitch_period(r, 3, 5)


def test_synthesis_roots_real() -> None:
    # z^2 - (3/4) z + 1/8 = (z - 1/2)(z - 1/4), so a_1 = 3/4 and a_2 = -1/8.
    assert sorted(lpc.synthesis_roots_2([R(3, 4), R(-1, 8)])) == [R(1, 4), R(1, 2)]
