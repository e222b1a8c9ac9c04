"""Scaling: time per solve against the number of joints, per method.

Two families of chains, each 1 m long with n equal links:
  planar:  `reachkit.models.planar`, targets (x, y, tool angle) -- a 3-D task, so every
           n >= 3 is well posed;
  spatial: tail-like chains (`Robot.from_dh`, alpha alternating +-90 degrees, each joint
           limited to +-60 degrees) with full 6-D pose targets, n >= 6.
Targets are FK of seeded random q; each solve starts from reachkit's seeded default.
"""

from __future__ import annotations

import time
from typing import Any, Sequence

import numpy as np

from ..dh import DH
from ..ik.solve import ik
from ..ik.target import Target
from ..models import planar
from ..robot import Robot

DEFAULT_DOFS = (3, 5, 10, 20, 30, 50)
DEFAULT_METHODS = ("lm", "dls", "ccd")


def spatial_chain(n: int) -> Robot:
    rows = [DH(a=1.0 / n, alpha=(np.pi / 2 if i % 2 == 0 else -np.pi / 2),
               qlim=(-np.pi / 3, np.pi / 3)) for i in range(n)]
    return Robot.from_dh(rows, name=f"tail{n}")


def _targets(family: str, robot: Robot, k: int, seed: int) -> list[Any]:
    T = robot.fk(robot.random_q(k, seed=seed))
    if family == "planar":
        return [Target.planar(t[0, 3], t[1, 3], float(np.arctan2(t[1, 0], t[0, 0]))) for t in T]
    return list(T)


def run(dofs: Sequence[int] = DEFAULT_DOFS, methods: Sequence[str] = DEFAULT_METHODS,
        k: int = 20, seed: int = 0, families: Sequence[str] = ("planar", "spatial"),
        progress: Any = print) -> dict[str, Any]:
    """{family: {method: [{dof, median_us, p95_us, success_rate, median_iterations}]}}."""
    out: dict[str, Any] = {"k": k, "seed": seed, "families": {}}
    for family in families:
        progress(f"[scaling] {family}: joints {list(dofs)}, methods {list(methods)}, {k} targets each")
        table: dict[str, list] = {m: [] for m in methods}
        for n in dofs:
            if family == "spatial" and n < 6:
                continue
            robot = planar([1.0 / n] * n) if family == "planar" else spatial_chain(n)
            goals = _targets(family, robot, k, seed)
            for m in methods:
                ik(robot, goals[0], method=m, seed=seed + 99)  # compile / load
            logs: dict[str, list] = {m: [] for m in methods}
            for i, goal in enumerate(goals):
                for m in methods:  # interleaved
                    start = time.perf_counter()
                    res = ik(robot, goal, method=m, seed=seed + i)
                    logs[m].append((time.perf_counter() - start, res.success, res.iterations))
            for m in methods:
                t = np.array([e[0] for e in logs[m]]) * 1e6
                table[m].append({"dof": n, "median_us": float(np.median(t)),
                                 "p95_us": float(np.percentile(t, 95)),
                                 "success_rate": float(np.mean([e[1] for e in logs[m]])),
                                 "median_iterations": float(np.median([e[2] for e in logs[m]]))})
        out["families"][family] = table
    return out
