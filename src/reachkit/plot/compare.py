"""`compare_methods`: how each IK method converges on the same target from the same start."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

from ..ik.methods import METHODS
from ..ik.solve import ik
from ..ik.target import Target, as_target
from .common import finish, new_axes
from .progress import FLOOR, error_history

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..robot import Robot


def compare_methods(robot: Robot, target: Target | ArrayLike, methods: Sequence[str] | None = None,
                    path: str | os.PathLike[str] | None = None, ax: Axes | None = None,
                    q0: ArrayLike | None = None, seed: int = 0, **options: Any) -> Axes:
    """Solve `target` with each method (default: every numerical one) from the same start
    q0 (default: `robot.random_q(seed=seed)`) and plot the error norm
    sqrt(|position error|^2 + |rotation error|^2) of every iterate, log scale.
    `options` go to `reachkit.ik` (e.g. max_restarts=0 to see a single search).
    The legend gives iterations, success and solve time. Returns the Axes."""
    import time

    goal = as_target(target)
    names = list(METHODS) if methods is None else [str(m).lower() for m in methods]
    start = robot.random_q(seed=seed) if q0 is None else np.asarray(q0, dtype=float)
    if ax is None:
        ax = new_axes(path, size=(7.0, 4.5))
    for name in names:
        t0 = time.perf_counter()
        res = ik(robot, goal, method=name, q0=start, seed=seed, trace=True, **options)
        ms = (time.perf_counter() - t0) * 1e3
        position, rotation = error_history(robot, goal, res.trace)
        mark = "ok" if res.success else "failed"
        ax.semilogy(np.maximum(np.hypot(position, rotation), FLOOR), lw=1.4,
                    label=f"{name}: {res.iterations} it, {mark}, {ms:.1f} ms")
    ax.set_xscale("symlog", linthresh=10)
    ax.set_xlabel("iterate (log scale beyond 10)")
    ax.set_ylabel("pose error norm")
    ax.set_title(f"{robot.name}: IK methods on the same target", fontsize=9)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, ncol=2)
    return finish(ax, path)
