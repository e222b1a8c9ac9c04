"""`PathResult`: how far along a Cartesian path the arm got, and why it stopped."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

# Why a path stops (`PathResult.failure`).
UNREACHABLE = "unreachable"  # no configuration of the arm reaches the waypoint
JOINT_LIMIT = "joint limit"  # the arm could continue only by leaving a joint's limits
SINGULARITY = "singularity"  # continuing needs joint speeds beyond the bound (Jacobian near rank loss)
COLLISION = "collision"      # the configuration that reaches the waypoint collides
JUMP = "jump"                # the waypoint is reachable only on another branch (a jump)
FAILURES = (UNREACHABLE, JOINT_LIMIT, SINGULARITY, COLLISION, JUMP)


@dataclass(frozen=True, eq=False)
class PathResult:
    """The joint path that follows a list of N tool poses, up to the first one it cannot
    reach without a jump.

    q: (N, dof) configuration per waypoint (rad / m); rows not reached are NaN.
    reached: (N,) True for the waypoints reached: always a leading run (the path stops at
        the first failure and never skips one).
    fraction: the share of the path achieved: (index of the last reached waypoint) / (N - 1);
        1.0 exactly when every waypoint is reached, 0.0 when not even the first is.
    success: every waypoint reached, each within the solver's tolerance and, between
        successive waypoints (and from q0 to the first), no joint moving more than
        max_joint_step.
    reason: human text: "reached all N waypoints", or which waypoint failed and why.
    failed_index: the waypoint that could not be reached (None on success).
    failure: one of "unreachable", "joint limit", "singularity", "collision", "jump"
        (None on success).
    max_joint_step: the largest joint move (rad / m) between successive reached waypoints,
        including the move from q0 to waypoint 0.
    position_error, rotation_error: (N,) metres / radians of each reached waypoint, checked
        by forward kinematics (NaN where not reached).
    method: "lm" (or another numerical method) or "analytic".
    solves: IK solves made (numerical: `rk.ik` solves, including those a run dropped after a
        refused waypoint; analytic: closed-form poses).
    subdivisions: segments that had to be split to follow the arm continuously.
    """

    q: NDArray[np.float64]
    reached: NDArray[np.bool_]
    fraction: float
    success: bool
    reason: str
    failed_index: int | None
    failure: str | None
    max_joint_step: float
    position_error: NDArray[np.float64]
    rotation_error: NDArray[np.float64]
    method: str
    solves: int = 0
    subdivisions: int = 0

    def __len__(self) -> int:
        return int(self.q.shape[0])

    @property
    def q_reached(self) -> NDArray[np.float64]:
        """(n_reached, dof) the configurations of the reached waypoints, in order."""
        return self.q[self.reached]

    def __repr__(self) -> str:
        return (f"PathResult(success={self.success}, reached={int(self.reached.sum())}/{len(self)}, "
                f"fraction={self.fraction:.3f}, max_joint_step={self.max_joint_step:.3g}, "
                f"method={self.method!r}, reason={self.reason!r})")
