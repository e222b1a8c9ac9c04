"""Result records: `IKResult` for one solve, `BatchResult` for many."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from numpy.typing import NDArray

from ..kernels.so3 import pose_error_into

if TYPE_CHECKING:
    from ..robot import Robot


class IKResult(NamedTuple):
    """The outcome of one solve: an immutable record (a named tuple: `_replace` and
    `_asdict` work, and `rk.ik` builds one in ~0.15 us, a frozen dataclass in ~0.35 us).

    q: (dof,) best configuration found, always returned, never NaN.
    success: True only if FK(q) meets the target within tolerance (and the limits, when
        they were asked for).
    position_error: metres, norm of the masked position error of q.
    rotation_error: radians, norm of the masked rotation error of q.
    iterations: steps taken over all searches; restarts: searches after the first.
    reason: short text ("converged", "unreachable: closest point returned", ...).
    trace: (k, dof) every iterate when asked for, else None.
    trace_errors: (k, 2) with the trace: [position error (m), rotation error (rad)] of each
        iterate, masked like the target (what `rk.plot.solve_progress(res)` draws), else None.
    notes: anything the solver changed or wants you to know (e.g. q0 moved into limits).
    min_distance: with scene= or self_collision=, the smallest distance (m) of the robot's
        collision shapes to the obstacles (and each other) at q; else None.
    """

    q: NDArray[np.float64]
    success: bool
    position_error: float
    rotation_error: float
    iterations: int
    restarts: int
    reason: str
    method: str
    trace: NDArray[np.float64] | None = None
    notes: tuple[str, ...] = ()
    min_distance: float | None = None
    trace_errors: NDArray[np.float64] | None = None

    def __repr__(self) -> str:
        q = np.array2string(self.q, precision=4, suppress_small=True, separator=", ")
        return (f"IKResult(success={self.success}, q={q}, position_error={self.position_error:.2e} m, "
                f"rotation_error={self.rotation_error:.2e} rad, iterations={self.iterations}, "
                f"restarts={self.restarts}, method={self.method!r}, reason={self.reason!r})")


def trace_error_history(robot: Robot, trace: NDArray[np.float64], T_world_target: NDArray[np.float64],
                        mask: NDArray[np.float64]) -> NDArray[np.float64]:
    """(k, 2) [position error (m), rotation error (rad)] of each row of trace (k, dof), by
    FK against T_world_target (4, 4), counting the components mask (6,) keeps."""
    rows = np.asarray(trace, dtype=float).reshape(-1, robot.dof)
    errors = np.zeros((len(rows), 6))
    for T_world_tool, error in zip(robot.fk(rows) if len(rows) else (), errors):
        pose_error_into(T_world_tool, T_world_target, error)
    errors *= mask
    return np.stack([np.linalg.norm(errors[:, :3], axis=1), np.linalg.norm(errors[:, 3:], axis=1)], axis=1)


@dataclass(frozen=True)
class BatchResult:
    """Outcomes of N solves: q (N, dof), success, position_error (m), rotation_error (rad),
    iterations and restarts, each (N,); notes as in `IKResult` (e.g. q0 moved into limits)."""

    q: NDArray[np.float64]
    success: NDArray[np.bool_]
    position_error: NDArray[np.float64]
    rotation_error: NDArray[np.float64]
    iterations: NDArray[np.int64]
    restarts: NDArray[np.int64]
    method: str
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return int(self.q.shape[0])

    @property
    def success_rate(self) -> float:
        """Fraction of targets reached."""
        return float(np.mean(self.success)) if len(self) else 0.0

    def __repr__(self) -> str:
        return (f"BatchResult(n={len(self)}, success_rate={self.success_rate:.4f}, "
                f"median_iterations={np.median(self.iterations) if len(self) else 0:.0f}, method={self.method!r})")
