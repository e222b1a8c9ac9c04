"""`WarmSolve`: one `rk.ik` request resolved once and then solved from many warm starts.

`reachkit.ik_path` solves every waypoint of a path from the answer of the one before,
always with the same robot, method, options, mask and secondary objectives. `rk.ik`
would look up (or check) all of them again at every call; a `WarmSolve` resolves them
once (the solve plan, the packed robot and objectives, the target's task rows) and
each call is then one kernel call, the same kernel `rk.ik` runs, with the same answer.
`run` solves a run of poses in turn, each from the answer before, without building a
result per pose.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..kernels.ik.front import CODE, INPUT_OK, INSIDE, MET, MOVED, plain_entry
from ..objectives import Objective
from ..robot import Robot
from .result import IKResult
from .solve import (
    DEFAULT_SEED,
    _answer,
    _check_coupled,
    _ik_checked,
    _kernel_arrays,
    _packed,
    _resolve,
    _run_kernel,
)
from .target import FULL_POSE_TASK, Target

Array = NDArray[np.float64]


class WarmSolve:
    """`rk.ik(robot, T, method, q0=q_start, joint_limits, secondary, **options)` for any
    tool pose T (4, 4) (T_world_tool) and start q_start (dof,), with the request checked
    once here (raises as `rk.ik` does). mask: (6,) 0/1 over (x y z rx ry rz), or None
    for the full pose. Every answer equals the one `rk.ik` gives for the same call."""

    def __init__(self, robot: Robot, method: str, joint_limits: bool,
                 secondary: Sequence[Objective] | None, mask: Array | None,
                 options: dict[str, Any]) -> None:
        self._robot = robot
        self._plan = _resolve(method, options, joint_limits)
        self._objectives = _kernel_arrays(robot, secondary, self._plan.method)[1]
        _check_coupled(robot, self._plan.method, secondary)
        self._robot_vector = _packed(robot).robot
        self._task = FULL_POSE_TASK if mask is None else Target(np.eye(4), mask=mask).task()
        self._request = (method, joint_limits, secondary, options, mask)

    def __call__(self, T_world_tool: Array, q_start: Array) -> IKResult:
        """The answer for the pose T_world_tool (4, 4) from q_start (dof,); both must be
        float64 arrays (the pose may be a view, e.g. a row of an (N, 4, 4) stack)."""
        plan, q = self._plan, q_start.copy()
        if plan.entry is not None and self._objectives is None:  # the common call
            out = plan.entry(self._robot_vector, T_world_tool, self._task, plan.budget, plan.rule,
                             q, 1, DEFAULT_SEED)
        elif plan.fast:
            out = _run_kernel(_packed(self._robot), plan, T_world_tool, self._task, q, 1,
                              DEFAULT_SEED, self._objectives, None)
            if self._objectives is None:  # the entry point is compiled (or loaded) by now
                self._plan = plan._replace(entry=plain_entry(plan.budget, plan.rule))
        else:  # a time limit: rk.ik's own path sets each solve's deadline
            return self._checked(T_world_tool, q_start)
        if out[MET] and out[INSIDE] and out[CODE] == INPUT_OK and not out[MOVED]:
            _, _, iterations, searches, _, _, p_err, r_err, *_ = out
            return IKResult(q, True, p_err, r_err, iterations, searches - 1, "converged",
                            plan.method.name)
        result = _answer(self._robot, plan, T_world_tool, self._task, q, out, None, [])
        return result if result is not None else self._checked(T_world_tool, q_start)

    def run(self, poses: Array, Q: Array, start: int, stop: int, q_start: Array) -> int:
        """Solve poses[start:stop] (of an (N, 4, 4) C-contiguous stack) in turn, each from
        the answer before (the first from q_start (dof,)), into the rows of Q (N, dof), as
        `__call__` would, without building a result per pose: how many leading poses were
        met (inside the limits when they apply). The row after them holds the failed
        attempt."""
        plan, q_prev = self._plan, q_start
        if plan.entry is None or self._objectives is not None:
            return self.run_by_calls(poses, Q, start, stop, q_start)
        entry, robot, task, budget, rule = (plan.entry, self._robot_vector, self._task,
                                            plan.budget, plan.rule)
        for k in range(start, stop):
            q = Q[k]  # the kernel reads the start from it and writes the answer into it
            q[:] = q_prev
            out = entry(robot, poses[k], task, budget, rule, q, 1, DEFAULT_SEED)
            if not (out[MET] and out[INSIDE] and out[CODE] == INPUT_OK and not out[MOVED]):
                return k - start
            q_prev = q
        return stop - start

    def run_by_calls(self, poses: Array, Q: Array, start: int, stop: int, q_start: Array) -> int:
        """`run` through one `__call__` per pose."""
        q_prev = q_start
        for k in range(start, stop):
            answer = self(poses[k], q_prev)
            Q[k] = answer.q
            if not answer.success:
                return k - start
            q_prev = Q[k]
        return stop - start

    def _checked(self, T_world_tool: Array, q_start: Array) -> IKResult:
        """The same solve through `rk.ik`'s fully checked path."""
        method, joint_limits, secondary, options, mask = self._request
        target = T_world_tool if mask is None else Target(T_world_tool, mask=mask)
        return _ik_checked(self._robot, target, method, q_start, None, joint_limits, secondary,
                           False, options)
