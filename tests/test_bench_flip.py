"""The benchmarks' Robotics Toolbox models keep `rk.DH(flip=True)`: the DHRobot built by
`rtb_from_robot` and the child scripts of the start-up and memory benchmarks compute
the same FK as reachkit on a Puma 560 with flipped joints (1e-10)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import reachkit as rk

rtb = pytest.importorskip("roboticstoolbox")


def _flipped_puma() -> rk.Robot:
    puma = rk.models.load("puma560")
    rows = [dataclasses.replace(r, flip=i in (0, 2, 4)) for i, r in enumerate(puma.dh_rows)]
    return rk.Robot.from_dh(rows, name="flipped puma", limits=puma.limits)


def test_rtb_from_robot_keeps_flip() -> None:
    from reachkit.bench.kinematics import rtb_from_robot

    robot = _flipped_puma()
    model = rtb_from_robot(robot)
    for q in np.random.default_rng(3).uniform(-2, 2, size=(10, 6)):
        np.testing.assert_allclose(model.fkine(q).A, robot.fk(q), atol=1e-10)


@pytest.mark.parametrize("module", ["startup", "memory"])
def test_child_scripts_build_flipped_links(module: str) -> None:
    """The child scripts' DHRobot line, run with flipped rows, gives reachkit's FK."""
    import importlib

    from spatialmath import SE3

    source = importlib.import_module(f"reachkit.bench.{module}")
    template = source.RTB_CHILD if module == "startup" else source.PEAK_RTB
    line = next(l for l in template.splitlines() if l.startswith("robot = rtb.DHRobot"))
    body = template[template.index(line):].split("ets = robot.ets()")[0]
    robot = _flipped_puma()
    rows = [(r.d, r.a, r.alpha, r.offset, [float(lo), float(hi)], bool(r.flip))
            for r, lo, hi in zip(robot.dh_rows, robot.limits[0], robot.limits[1])]
    code = body.replace("{tool!r}", repr(np.asarray(robot.tool).tolist()))
    scope = {"rtb": rtb, "np": np, "SE3": SE3, "rows": rows, "cls": rtb.RevoluteDH}
    exec(code, scope)
    q = np.array([0.3, -0.2, 0.5, 0.1, -0.4, 0.7])
    np.testing.assert_allclose(scope["robot"].fkine(q).A, robot.fk(q), atol=1e-10)
