"""`ik(..., method="analytic")`: the closed-form solution nearest the start, as an IKResult."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import validate
from ..errors import NotSupportedError
from ..robot import Robot
from ..spatial import pose_error
from .options import IKOptions
from .result import IKResult
from .target import Target


def _angular_distance(robot: Robot, solutions: NDArray[np.float64],
                      q0: NDArray[np.float64]) -> NDArray[np.float64]:
    """Distance (k,) from q0 to each solution; revolute differences taken around the circle."""
    difference = solutions - q0
    revolute = np.array(robot.joint_types) == "R"
    difference[:, revolute] = np.angle(np.exp(1j * difference[:, revolute]))
    return np.linalg.norm(difference, axis=1)


def solve_nearest(robot: Robot, target: Target, q0: ArrayLike | None = None,
                  joint_limits: bool = True, seed: int | None = None, **options: Any) -> IKResult:
    """Every closed-form solution of a full-pose target, then the one nearest q0 (the
    middle of the sampling bounds when q0 is None). Without any closed-form solution
    (pose out of reach, or out of the limits) the numerical `lm` solver supplies the
    closest configuration, and the result says so."""
    from ..analytic import ik_analytic
    from .solve import ik

    if not target.is_full_pose and robot.dof >= 3:
        raise NotSupportedError("method 'analytic' solves full 6-D poses (planar arms: x, y and phi); "
                                "use a numerical method such as 'lm' for masked targets")
    solutions = ik_analytic(robot, target.T, within_limits=joint_limits)
    lower, upper = robot.sampling_bounds()
    start = 0.5 * (lower + upper) if q0 is None else validate.joint_vector(q0, robot.dof, "q0")
    if len(solutions) == 0:
        fallback = ik(robot, target, method="lm", q0=q0, seed=seed, joint_limits=joint_limits, **options)
        return IKResult(
            q=fallback.q, success=fallback.success, position_error=fallback.position_error,
            rotation_error=fallback.rotation_error, iterations=fallback.iterations,
            restarts=fallback.restarts, method="analytic",
            reason=("no closed-form solution" + ("" if not joint_limits else " inside the limits")
                    + f"; lm: {fallback.reason}"),
            notes=fallback.notes,
        )
    best = solutions[int(np.argmin(_angular_distance(robot, solutions, start)))]
    opts = IKOptions.from_kwargs(options)
    e = pose_error(robot.fk(best), target.T) * target.mask
    p_err, r_err = float(np.linalg.norm(e[:3])), float(np.linalg.norm(e[3:]))
    success = p_err <= opts.position_tolerance and r_err <= opts.rotation_tolerance
    return IKResult(q=best.copy(), success=success, position_error=p_err, rotation_error=r_err,
                    iterations=0, restarts=0, method="analytic",
                    reason=f"closed form: nearest of {len(solutions)} solutions",
                    notes=())
