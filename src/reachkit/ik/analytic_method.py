"""`ik(..., method="analytic")`: the closed-form solution nearest the start, as an IKResult."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import validate
from ..errors import NotSupportedError
from ..robot import Robot
from ..kernels.checks import evaluate_solution
from .options import IKOptions
from .result import IKResult
from .target import Target


_DEFAULTS = IKOptions()


def _angular_distance(robot: Robot, solutions: NDArray[np.float64],
                      q0: NDArray[np.float64]) -> NDArray[np.float64]:
    """Distance (k,) from q0 to each solution; revolute differences taken around the circle."""
    difference = solutions - q0
    revolute = robot.chain.kinds == 0
    wrapped = np.remainder(difference + np.pi, 2 * np.pi) - np.pi
    difference = np.where(revolute, wrapped, difference)
    return np.sqrt(np.einsum("kj,kj->k", difference, difference))


REDUNDANCY_SAMPLES = 36  # values of a 7R arm's free parameter tried when q0's own has none


def _closed_form(robot: Robot, T: NDArray[np.float64], start: NDArray[np.float64],
                 within_limits: bool) -> NDArray[np.float64]:
    """Every closed-form solution (k, dof); 7R arms: those at the start's own value of the
    redundancy parameter (swivel angle or locked joint, `rk.analytic.free_value`), or at
    REDUNDANCY_SAMPLES values over its range when that value has none."""
    from ..analytic import free_value, ik_analytic
    from ..analytic.api import is_7r

    if not is_7r(robot):
        return ik_analytic(robot, T, within_limits=within_limits)
    value = free_value(robot, start)
    if np.isfinite(value):
        solutions = ik_analytic(robot, T, within_limits=within_limits, free=value)
        if len(solutions):
            return solutions
    return ik_analytic(robot, T, within_limits=within_limits, free_samples=REDUNDANCY_SAMPLES)


def solve_nearest(robot: Robot, target: Target, q0: ArrayLike | None = None,
                  joint_limits: bool = True, seed: int | None = None, **options: Any) -> IKResult:
    """Every closed-form solution of a full-pose target, then the one nearest q0 (the
    middle of the sampling bounds when q0 is None); 7R arms: at q0's swivel angle or free
    joint value (see `_closed_form`). Without any closed-form solution
    (pose out of reach, or out of the limits) the numerical `lm` solver supplies the
    closest configuration, and the result says so."""
    from .solve import ik

    if not target.is_full_pose and robot.dof >= 3:
        raise NotSupportedError("method 'analytic' solves full 6-D poses (planar arms: x, y and phi); "
                                "use a numerical method such as 'lm' for masked targets")
    lower, upper = robot.sampling_bounds()
    start = 0.5 * (lower + upper) if q0 is None else validate.joint_vector(q0, robot.dof, "q0")
    solutions = _closed_form(robot, target.T, start, joint_limits)
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
    best = np.ascontiguousarray(solutions[int(np.argmin(_angular_distance(robot, solutions, start)))])
    opts = IKOptions.from_kwargs(options) if options else _DEFAULTS
    chain = robot.chain
    p_err, r_err, met, _ = evaluate_solution(
        chain.fixed, chain.kinds, chain.offsets, best, target.T, target.task(), robot.limits[0],
        robot.limits[1], opts.position_tolerance, opts.rotation_tolerance, False, 0.0)
    success = bool(met)
    p_err, r_err = float(p_err), float(r_err)
    return IKResult(q=best.copy(), success=success, position_error=p_err, rotation_error=r_err,
                    iterations=0, restarts=0, method="analytic",
                    reason=f"closed form: nearest of {len(solutions)} solutions",
                    notes=())
