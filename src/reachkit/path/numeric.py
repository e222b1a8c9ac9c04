"""Following a path with a numerical solver, waypoint by waypoint, without jumps.

Each waypoint is solved by `rk.ik` from the configuration of the one before (never from
a fresh start, and with no random restarts that could land on another branch). The
answer is accepted when

1. the solver meets the pose (checked by FK),
2. no joint moves more than its bound from the previous configuration, and
3. (check_midpoint) the joints moved along the line: FK at the joint-space midpoint lies
   within a quarter of the segment of the Cartesian midpoint (`kernels.accept_step`, no
   solve). When it does not (strongly curved joint motion, or a branch switch), the
   midpoint pose is solved from the previous configuration and its solution must lie
   halfway between the two configurations (`kernels.halfway_ok`): a branch switch leaves
   that solution on the old branch, far from the new.

Otherwise the segment is halved (up to `max_depth` times) and followed half by half, so
the solver is led along the branch in small steps; the waypoint is then accepted when the
whole move still respects the bound. A segment that cannot be followed comes back as a
`Blocked` record for `diagnose`.

Most waypoints pass tests 1-3 at once, so the tracker first takes the quick way
(`Tracker.run`): up to RUN waypoints solved in turn, each from the answer before, by the
prepared solve (`reachkit.ik.path_solve.WarmSolve`, the kernel `rk.ik` runs), then tests
2 and 3 for all of them in one kernel call (`kernels.accept_run`). The first waypoint
that fails a test, and the answers after it, are dropped, and that waypoint is taken the
careful way (`Tracker.advance`: the midpoint solve, subdivision), so both ways accept
exactly the same steps.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from ..ik.path_solve import WarmSolve
from ..ik.result import IKResult
from ..ik.solve import ik
from .joints import normalized_step
from .kernels import (
    ACCEPT,
    MIDPOINT_OFF,
    accept_run,
    accept_step,
    halfway_ok,
    nearest_equivalent_into,
)
from .segment import midpoint
from .task import PathTask

Array = NDArray[np.float64]

RUN = 16  # waypoints solved before their steps are accepted in one call (`Tracker.run`)



class Blocked(NamedTuple):
    """A segment the tracker could not follow: from q_a (dof,), whose tool pose is T_a
    (4, 4), to the pose T_b. answer: the solver's last answer for T_b from q_a. continuous:
    the halves were followed, to q_b (dof,), but the whole move exceeds the bound."""

    q_a: Array
    T_a: Array
    T_b: Array
    answer: IKResult | None
    continuous: bool
    q_b: Array | None = None


class Tracker:
    """Follows one segment at a time for a `PathTask`; counts its solves and subdivisions."""

    def __init__(self, task: PathTask) -> None:
        self.task = task
        self.solves = 0
        self.subdivisions = 0
        robot = task.robot
        chain = robot.chain
        self._kinds = chain.kinds
        self._limits = (np.ascontiguousarray(robot.limits[0]), np.ascontiguousarray(robot.limits[1]))
        self._options = {**task.options, "max_restarts": 0}
        self._warm = WarmSolve(robot, task.method, task.joint_limits, task.secondary, task.mask,
                               self._options)
        # accept_step's arguments before the step's own: chain, params and scratch
        self._accept_args = (chain.fixed, chain.kinds, chain.offsets, task.kernel_params(),
                             np.empty((3, 4, 4)), np.empty((4, max(robot.dof, 6))))
        self._q_scratch = np.empty(robot.dof)

    def run(self, poses: Array, q: Array, start: int, q_a: Array, T_a: Array) -> tuple[int, bool]:
        """The quick way on: waypoints poses[start:], at most RUN of them, solved in turn
        from q_a (dof,) (at pose T_a) into the rows of q (N, dof), then accepted together
        (`kernels.accept_run`). Returns (how many were accepted, their rows holding the
        configurations; whether the next waypoint was refused: it must go the careful
        way, `advance`)."""
        stop = min(start + RUN, len(poses))
        solved = self._warm.run(poses, q, start, stop, q_a)
        failed = solved < stop - start
        self.solves += solved + failed
        if solved == 0:
            return 0, failed
        accepted, refused = accept_run(*self._accept_args, q_a, T_a, q, poses, start,
                                       start + solved, self._q_scratch)
        return accepted, refused or (failed and accepted == solved)

    def solve(self, T_world_tool: Array, q_start: Array, joint_limits: bool | None = None,
              restarts: int = 0, plain: bool = False) -> IKResult:
        """`rk.ik` for the pose from q_start (dof,), with the task's method, options and
        secondary objectives (none when `plain`); restarts=0 keeps it on q_start's branch."""
        task = self.task
        self.solves += 1
        if joint_limits is None and restarts == 0 and not plain:
            return self._warm(T_world_tool, q_start)
        options = self._options if restarts == 0 else {**task.options, "max_restarts": restarts}
        limits = task.joint_limits if joint_limits is None else joint_limits
        return ik(task.robot, task.target(T_world_tool), method=task.method, q0=q_start,
                  joint_limits=limits, secondary=None if plain else task.secondary, **options)

    def nearest(self, q: Array, q_ref: Array) -> Array:
        """q (dof,) with revolute angles written nearest q_ref inside the limits."""
        out = np.empty_like(q_ref)
        nearest_equivalent_into(self._kinds, *self._limits, q_ref, q, out)
        return out

    def advance(self, q_a: Array, T_a: Array, T_b: Array, q_b: Array,
                depth: int = 0) -> Blocked | None:
        """Write into q_b (dof,) the configuration that reaches T_b continuously from q_a (at
        pose T_a); None, or the `Blocked` segment where it failed."""
        answer = self.solve(T_b, q_a)
        if answer.success:
            code = accept_step(*self._accept_args, q_a, answer.q, T_a, T_b, q_b)
            if code == ACCEPT or (code == MIDPOINT_OFF and self._midpoint_ok(q_a, q_b, T_a, T_b)):
                return None
        if depth >= self.task.max_depth:
            return Blocked(q_a, T_a, T_b, answer, False)
        self.subdivisions += 1
        T_m = midpoint(T_a, T_b)
        q_m = np.empty_like(q_a)
        blocked = self.advance(q_a, T_a, T_m, q_m, depth + 1) or \
            self.advance(q_m, T_m, T_b, q_b, depth + 1)
        if blocked is not None:
            return blocked
        if normalized_step(q_a, q_b, self.task.bound) > 1.0:
            return Blocked(q_a, T_a, T_b, answer, True, q_b.copy())
        return None

    def _midpoint_ok(self, q_a: Array, q_b: Array, T_a: Array, T_b: Array) -> bool:
        """The midpoint pose, solved from q_a, lies between q_a and q_b (see the module
        docstring). Always True when check_midpoint is off."""
        if not self.task.check_midpoint:
            return True
        answer = self.solve(midpoint(T_a, T_b), q_a)
        if not answer.success:
            return False
        q_m = self.nearest(answer.q, 0.5 * (q_a + q_b))
        return bool(halfway_ok(q_a, q_b, q_m, self.task.bound))
