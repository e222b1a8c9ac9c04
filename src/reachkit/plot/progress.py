"""`solve_progress`: position and rotation error of every iterate of a solve."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import ReachkitError
from ..ik.result import trace_error_history
from ..ik.target import Target, as_target
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
    errors = trace_error_history(robot, np.asarray(trace, dtype=float), goal.T, goal.mask)
    return errors[:, 0], errors[:, 1]


def solve_progress(res: IKResult, path: str | os.PathLike[str] | None = None, *,
                   robot: Robot | None = None, target: Target | ArrayLike | None = None,
                   ax: Axes | None = None, tolerance: float | None = None) -> Axes:
    """Error per iteration of a solve, log scale: position (m) and rotation (rad).

    res: an `IKResult` from `ik(..., trace=True)`; it carries its errors per iterate
    (`res.trace_errors`, (k, 2) metres and radians). robot= and target= (optional, kept
    for older code) recompute them by FK of `res.trace` against that target instead.
    Iterations count across restarts (each restart starts a new search, so the error may
    jump up).
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
    if robot is not None and target is not None:
        position, rotation = error_history(robot, target, res.trace)
        return position, rotation, bool(np.any(as_target(target).mask[3:]))
    if robot is not None or target is not None:
        raise ReachkitError("solve_progress takes robot= and target= together (the ones given "
                            "to reachkit.ik), or neither: the result carries its own errors")
    errors = getattr(res, "trace_errors", None)
    if errors is None:
        raise ReachkitError("this result carries no errors per iterate: solve with "
                            "reachkit.ik(..., trace=True), or pass robot= and target=")
    errors = np.asarray(errors, dtype=float).reshape(-1, 2)
    return errors[:, 0], errors[:, 1], bool(np.any(errors[:, 1] > 0))


def _label(ax: Any, res: IKResult) -> None:
    outcome = "converged" if res.success else res.reason
    ax.set_title(f"{res.method}: {outcome}, {res.iterations} iterations, {res.restarts} restarts",
                 fontsize=9)
    ax.set_xlabel("iterate")
    ax.set_ylabel("error")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
