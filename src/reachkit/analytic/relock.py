"""A 7R arm locked at another value of the same joint, without classifying it again.

Locking joint j at v moves the lines of the joints after j by E = exp(xi_j v) (the turn
about line j): the locked 6R arm has the 7R arm's lines before j, E applied to those after
j, and the home pose E M (product of exponentials). A Pieper plan found at one value is
rebuilt at another from these lines: its extra points recomputed and its structure checked
(`geometry.pieper_extra`); None when it no longer fits at this value (the caller then
classifies afresh). Reversed plans (see `reverse`) read the lines from the tool: for
T^-1 = M^-1 exp(-xi_6 q_6) ... exp(-xi_1 q_1), line i seen through M^-1, order reversed.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from .geometry import THREE_PARALLEL, ScrewAxes, meeting_point, pieper_extra
from .reverse import REVERSED

Array = NDArray[np.float64]


def _turn(axis: Array, angle: float) -> Array:
    """Rotation (3, 3) by angle (rad) about the unit axis (3,)."""
    K = np.array([[0.0, -axis[2], axis[1]], [axis[2], 0.0, -axis[0]], [-axis[1], axis[0], 0.0]])
    return np.eye(3) + np.sin(angle) * K + (1.0 - np.cos(angle)) * (K @ K)


def locked_lines(s7: ScrewAxes, joint: int, value: float) -> ScrewAxes:
    """The lines (6) and home pose of the 7R arm s7 with `joint` fixed at `value` (rad)."""
    R = _turn(s7.axes[joint], value)
    p = s7.points[joint]
    keep = [i for i in range(7) if i != joint]
    axes, points = s7.axes[keep], s7.points[keep]
    axes[joint:] = axes[joint:] @ R.T
    points[joint:] = (points[joint:] - p) @ R.T + p
    E = np.eye(4)
    E[:3, :3], E[:3, 3] = R, p - R @ p
    return ScrewAxes(axes, points, s7.kinds[keep], E @ s7.home, s7.size)


def reversed_lines(s: ScrewAxes) -> ScrewAxes:
    """The lines of the reversed chain (see `reverse`): each line through M^-1, reversed."""
    R_M, t_M = s.home[:3, :3], s.home[:3, 3]
    home = np.eye(4)
    home[:3, :3], home[:3, 3] = R_M.T, -R_M.T @ t_M
    return ScrewAxes(np.ascontiguousarray((s.axes @ R_M)[::-1]),
                     np.ascontiguousarray(((s.points - t_M) @ R_M)[::-1]),
                     s.kinds[::-1].copy(), home, s.size)


def relocked_lines(code: int, s7: ScrewAxes, joint: int, value: float) -> tuple[ScrewAxes, Array] | None:
    """(lines as the Pieper solver `code` reads them, its extra rows) at `value`, or None
    when the structure of `code` does not hold there."""
    s = locked_lines(s7, joint, value)
    if code > REVERSED:
        s, code = reversed_lines(s), code - REVERSED
    wrist = None if code == THREE_PARALLEL else meeting_point(s, (3, 4, 5))
    extra = pieper_extra(code, s, wrist)
    return None if extra is None else (s, extra)
