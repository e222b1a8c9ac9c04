"""The printed AnalyticSolutions says whether the joint limits were applied (issue 22)."""

from __future__ import annotations

import numpy as np

import reachkit as rk
from reachkit.analytic import solve

Q = [0.7922, 0.9595, 0.6557, 0.0357, 0.8491, 0.9340]


def test_repr_shows_the_limits_flag_and_each_solution() -> None:
    puma = rk.models.load("puma560")
    T = puma.fk(Q)
    every, inside = solve(puma, T), solve(puma, T, within_limits=True)
    assert not every.within_limits and inside.within_limits
    assert repr(every).startswith(f"AnalyticSolutions(8 solution(s), {every.family!r}, within_limits=False)")
    assert repr(inside).splitlines()[0].endswith("within_limits=True)")
    assert len(inside) == int(puma.within_limits(every.q).sum()) < len(every)
    lines = repr(every).splitlines()[1:]
    assert len(lines) == 8 and lines[-1].split()[0] == every.labels[-1]
    for line, q in zip(lines, every.q):  # the printed values are the solutions, to 4 decimals
        printed = np.array(line.split("[")[1].rstrip("] ").split(","), dtype=float)
        assert np.allclose(printed, q, atol=1e-4)
        assert np.allclose(puma.fk(q), T, atol=1e-9)


def test_repr_of_an_unreachable_pose() -> None:
    puma = rk.models.load("puma560")
    far = np.eye(4)
    far[0, 3] = 5.0
    assert repr(solve(puma, far)).splitlines() == [
        f"AnalyticSolutions(0 solution(s), {solve(puma, far).family!r}, within_limits=False)"]
