"""`solve_progress`: position and rotation error of every iterate of a solve."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import ReachkitError
from ..ik.target import Target, as_target
from ..spatial import pose_error
from .common import finish, new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..ik.result import IKResult
    from ..robot import Robot

FLOOR = 1e-16  # errors are clipped here so that exact zeros show on a log scale


def error_history(robot: Robot, target: Target | ArrayLike,
                  trace: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(position error (k,) in m, rotation error (k,) in rad) of each row of trace (k, dof),
    by FK, counting only the components the target's mask keeps."""
    goal = as_target(target)
    rows = np.asarray(trace, dtype=float).reshape(-1, robot.dof)
    T = robot.fk(rows) if len(rows) else np.empty((0, 4, 4))
    e = np.array([pose_error(Tk, goal.T) for Tk in T]).reshape(-1, 6) * goal.mask
    return np.linalg.norm(e[:, :3], axis=1), np.linalg.norm(e[:, 3:], axis=1)


def solve_progress(res: IKResult, path: str | os.PathLike[str] | None = None, *,
                   robot: Robot | None = None, target: Target | ArrayLike | None = None,
                   ax: Axes | None = None, tolerance: float | None = None) -> Axes:
    """Error per iteration of a solve, log scale: position (m) and rotation (rad).

    res: an `IKResult` from `ik(..., trace=True)`. Its errors per iterate come from the
    result when it carries them (`res.trace_errors`, (k, 2) metres and radians), else
    from FK of `res.trace` for the `robot=` and `target=` given to `ik`. Iterations count
    across restarts (each restart starts a new search, so the error may jump up).
    `tolerance` draws a dashed line (default: none). Returns the Axes.
    """
    if res.trace is None or len(res.trace) == 0:
        raise ReachkitError("this result has no trace: solve with reachkit.ik(..., trace=True)")
    position, rotation, rotation_counts = _history(res, robot, target)
    if ax is None:
        ax = new_axes(path, size=(6.0, 4.0))
    steps = np.arange(len(position))
    ax.semilogy(steps, np.maximum(position, FLOOR), "-", color="tab:blue", label="position error (m)")
    if rotation_counts:
        ax.semilogy(steps, np.maximum(rotation, FLOOR), "-", color="tab:red", label="rotation error (rad)")
    if tolerance is not None:
        ax.axhline(tolerance, ls="--", color="0.5", lw=1, label="tolerance")
    _label(ax, res)
    return finish(ax, path)


def _history(res: IKResult, robot: Robot | None,
             target: Target | ArrayLike | None) -> tuple[NDArray[np.float64], NDArray[np.float64], bool]:
    """(position errors, rotation errors, whether rotation counts) of every iterate."""
    carried = getattr(res, "trace_errors", None)
    if carried is not None and robot is None and target is None:
        errors = np.asarray(carried, dtype=float).reshape(-1, 2)
        return errors[:, 0], errors[:, 1], bool(np.any(errors[:, 1] > 0))
    if robot is None or target is None:
        raise ReachkitError("solve_progress needs robot= and target= (the ones given to "
                            "reachkit.ik): this result does not carry its errors per iterate")
    position, rotation = error_history(robot, target, res.trace)
    return position, rotation, bool(np.any(as_target(target).mask[3:]))


def _label(ax: Any, res: IKResult) -> None:
    outcome = "converged" if res.success else res.reason
    ax.set_title(f"{res.method}: {outcome}, {res.iterations} iterations, {res.restarts} restarts",
                 fontsize=9)
    ax.set_xlabel("iterate")
    ax.set_ylabel("error")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
