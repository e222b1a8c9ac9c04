"""Following a path with the closed forms: a shortest path over the solution graph.

Every waypoint k has up to 8 closed-form solutions (a layer); q0 is the single node before
the first layer. An edge joins two nodes of successive layers; its weight is the largest
joint move between them relative to the bound, max_j |dq_j| / bound_j, revolute angles
taken as the 2 pi equivalent nearest the previous node (inside the limits). Two passes of
dynamic programming, layer by layer:

1. bottleneck: B_k(i) = min_p max(B_k-1(p), w(p, i)), the smallest largest move over all
   paths from q0 to node i. The path reaches the last layer L with some B_L <= 1.
2. shortest: among the edges with w <= min_i B_L(i), the path to layer L with the least
   total move. So the answer minimises the largest joint move first, the total second.

When no path continues to waypoint L + 1 although it has closed-form solutions, lm's
solution from the path's end joins that layer (once) and the passes run again: at a
singular pose the closed form lists one arbitrary member of a continuous family.

A node's angles are those of its pass-1 predecessor; with bounds below pi / 2 every
predecessor within the bound gives the same 2 pi equivalent, so the passes agree.
With check_midpoint, each chosen edge is checked as in `numeric`: FK at its joint-space
midpoint near the Cartesian midpoint (`kernels.fk_midpoint_ok`), or else a closed-form
solution of the midpoint pose (failing that, lm's from the joint-space midpoint) halfway
between the edge's ends (`kernels.halfway_ok`); an edge that fails both is removed and
the passes run again. (Near a wrist singularity the exact midpoint solution may swing
far from the joint-space midpoint although the joints move along the line; the FK test
accepts that edge, as the lm tracker does.)
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np
from numpy.typing import NDArray

from ..analytic import ik_analytic, ik_analytic_batch
from ..ik.solve import ik
from ..robot import Robot
from .conditioning import SINGULAR_SIGMA, conditioning
from .graph_kernels import bottleneck_layers, first_bad_midpoint, shortest_path
from .joints import largest_mover, nearest_equivalents, normalized_step, unwrapped
from .kernels import halfway_ok, midpoints_into, nearest_equivalent_into
from .result import JOINT_LIMIT, JUMP, SINGULARITY, UNREACHABLE
from .task import PathTask

Array = NDArray[np.float64]

_MAX_REPAIRS = 16  # edges removed after failed midpoint checks before giving up
SERIAL_BELOW = 4096  # poses solved on one thread (see `solve_all`)
_SWITCH = ("a branch switch between two waypoints: no solution halfway lies between the two "
           "configurations")


class ClosedFormPath(NamedTuple):
    """q: (n_reached, dof) the configurations of the reached leading waypoints; failure:
    None, or (kind, detail) for waypoint n_reached; solves: closed-form poses solved."""

    q: Array
    failure: tuple[str, str] | None
    solves: int


def solve_all(robot: Robot, poses: Array, within_limits: bool) -> tuple[Array, NDArray[np.int64]]:
    """`ik_analytic_batch` of poses (N, 4, 4): (N, M, dof) NaN-padded and counts (N,); on one
    thread below SERIAL_BELOW poses (a path's ~1.5 us a pose needs no threads, and waking
    them on a busy machine cost 8 ms for 50 poses against 75 us on one, measured)."""
    if len(poses) >= SERIAL_BELOW:
        return ik_analytic_batch(robot, poses, within_limits=within_limits)
    threads = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        return ik_analytic_batch(robot, poses, within_limits=within_limits)
    finally:
        numba.set_num_threads(threads)


class _Graph:
    """The solution graph of a path and the scratch of its two passes (layer arrays
    shifted by one: index 0 is q0)."""

    def __init__(self, task: PathTask, poses: Array, q0: Array) -> None:
        robot = task.robot
        self.task = task
        closed, self.counts = solve_all(robot, poses, task.joint_limits)
        n_poses, width, dof = closed.shape
        width += 1  # room for one numerical solution per waypoint (`add_numeric`)
        self.solutions = np.full((n_poses, width, dof), np.nan)
        self.solutions[:, :-1] = closed
        self.numeric_tried = np.zeros(n_poses, dtype=bool)
        self.limits = (np.ascontiguousarray(robot.limits[0]), np.ascontiguousarray(robot.limits[1]))
        self.banned = np.zeros((n_poses + 1, width, width), dtype=np.bool_)
        self.values = np.zeros((n_poses + 1, width, dof))
        self.values[0, 0] = q0
        self.weights = np.full((n_poses + 1, width, width), np.inf)
        self.bottleneck = np.full((n_poses + 1, width), np.inf)
        self.bottleneck[0, 0] = 0.0
        self.total = np.full((n_poses + 1, width), np.inf)
        self.parents = np.zeros((n_poses + 1, width), dtype=np.int64)
        self.nodes = np.zeros(n_poses, dtype=np.int64)
        self.q_tmp = np.empty(dof)

    def best_path(self) -> tuple[Array, NDArray[np.int64]]:
        """(q (L, dof), node index per waypoint (L,)) of both passes, L waypoints reached."""
        kinds = self.task.robot.chain.kinds
        layers = bottleneck_layers(kinds, *self.limits, self.task.bound, self.solutions, self.counts,
                                   self.banned, self.values, self.weights, self.bottleneck, self.q_tmp)
        if layers == 0:
            return np.empty((0, self.q_tmp.size)), np.empty(0, dtype=np.int64)
        shortest_path(self.counts, self.weights, self.bottleneck, layers, self.total, self.parents,
                      self.nodes)
        nodes = self.nodes[:layers].copy()
        return self.values[np.arange(1, layers + 1), nodes], nodes


    def add_numeric(self, k: int, q_prev: Array, T_world_tool: Array) -> bool:
        """Add lm's solution of waypoint k from q_prev (dof,), the end of the best path, when
        it continues that path within the bound: at a singular pose the closed form returns
        one arbitrary member of a continuous family of solutions, maybe none near the path.
        Tried once per waypoint; True when a solution was added."""
        if self.numeric_tried[k]:
            return False
        self.numeric_tried[k] = True
        task = self.task
        answer = ik(task.robot, T_world_tool, q0=q_prev, max_restarts=0, joint_limits=task.joint_limits)
        q = np.empty_like(q_prev)
        nearest_equivalent_into(task.robot.chain.kinds, *self.limits, q_prev, answer.q, q)
        if not answer.success or normalized_step(q_prev, q, task.bound) > 1.0:
            return False
        self.solutions[k, self.counts[k]] = q
        self.counts[k] += 1
        return True


def follow_closed_form(task: PathTask, poses: Array, q0: Array) -> ClosedFormPath:
    """The analytic path over poses (N, 4, 4) from q0 (dof,)."""
    graph = _Graph(task, poses, q0)
    solves, repairs = len(poses), 0
    while True:
        q, nodes = graph.best_path()
        k = len(q)
        if k < len(poses) and graph.counts[k] and graph.add_numeric(k, q[-1] if k else q0, poses[k]):
            solves += 1
            continue
        bad, mid_solves = _first_bad_edge(task, graph, poses, q0, q)
        solves += mid_solves
        if bad < 0:
            break
        if repairs == _MAX_REPAIRS:  # stop before the edge that still fails
            return ClosedFormPath(q[:bad], (JUMP, _SWITCH), solves)
        repairs += 1
        graph.banned[bad + 1, nodes[bad - 1] if bad else 0, nodes[bad]] = True
    if len(q) == len(poses):
        return ClosedFormPath(q, None, solves)
    q_last = q[-1] if len(q) else q0
    k = len(q)
    if graph.banned[k + 1].any():  # a removed edge would have continued within the bound
        return ClosedFormPath(q, (JUMP, _SWITCH), solves)
    T_last = poses[k - 1] if k else task.robot.fk(q0)
    why = _why(task, graph, T_last, poses[k], q_last, graph.solutions[k, :graph.counts[k]])
    return ClosedFormPath(q, why, solves)


def _first_bad_edge(task: PathTask, graph: _Graph, poses: Array, q0: Array, q: Array) -> tuple[int, int]:
    """(the first chosen edge, into waypoint k, whose midpoint check fails, or -1; how
    many poses were solved). An edge whose closed-form midpoint check fails gets a second,
    numerical one (lm from the joint-space midpoint): at a singular midpoint pose the closed
    form returns one arbitrary member of a family of solutions, maybe not the one between."""
    if not task.check_midpoint or len(q) == 0:
        return -1, 0
    starts = np.ascontiguousarray(np.vstack([q0[None, :], q[:-1]]))
    ends = np.ascontiguousarray(q)
    T_prev = np.concatenate([task.robot.fk(q0)[None], poses[:len(q) - 1]])
    mids = np.empty((len(q), 4, 4))
    midpoints_into(T_prev, np.ascontiguousarray(poses[:len(q)]), np.empty((4, 4)), np.empty(3), mids)
    # (the closed forms of the midpoints are needed only where the FK test fails; solving
    # them all at once costs ~1.5 us a pose)
    mid_sols, mid_counts = solve_all(task.robot, mids, task.joint_limits)
    solves = len(mids)
    chain = task.robot.chain
    params = task.kernel_params()
    scratch = (np.empty((3, 4, 4)), np.empty((4, params.shape[1])), np.empty(q0.size), np.empty(q0.size))
    T_ends = np.ascontiguousarray(poses[:len(q)])
    k = 0
    while True:
        k = int(first_bad_midpoint(chain.fixed, chain.kinds, chain.offsets, params, starts, ends,
                                   T_prev, T_ends, mid_sols, mid_counts, k, *scratch))
        if k < 0:
            return -1, solves
        solves += 1
        if not _numeric_midpoint_ok(task, graph, starts[k], ends[k], mids[k]):
            return k, solves
        k += 1


def _numeric_midpoint_ok(task: PathTask, graph: _Graph, q_a: Array, q_b: Array, T_mid: Array) -> bool:
    """lm from the joint-space midpoint meets the midpoint pose halfway between q_a and q_b."""
    halfway = 0.5 * (q_a + q_b)
    answer = ik(task.robot, T_mid, q0=halfway, max_restarts=0, joint_limits=task.joint_limits)
    if not answer.success:
        return False
    near = np.empty_like(halfway)
    nearest_equivalent_into(task.robot.chain.kinds, *graph.limits, halfway, answer.q, near)
    return bool(halfway_ok(q_a, q_b, near, task.bound))


def _why(task: PathTask, graph: _Graph, T_last: Array, T_world_tool: Array, q_last: Array,
         nodes: Array) -> tuple[str, str]:
    """(failure kind, detail) of a waypoint T_world_tool no path reaches within the bound
    from q_last (at pose T_last). The nearest solution counts as the same branch, moving
    too fast (a singularity near), when the midpoint pose has a solution halfway to it."""
    robot, names = task.robot, task.robot.joint_names
    everything = ik_analytic(robot, T_world_tool)
    if len(everything) == 0:
        return UNREACHABLE, "no closed-form solution reaches the pose"
    if task.joint_limits:
        if len(nodes) == 0:
            return JOINT_LIMIT, "every closed-form solution of the pose is outside the joint limits"
        free = unwrapped(robot, everything, q_last)
        steps = np.max(np.abs(free - q_last) / task.bound, axis=1)
        outside = ~robot.within_limits(free)
        blocked = (steps <= 1.0) & outside
        if np.any(blocked):
            q_free = free[int(np.argmin(np.where(blocked, steps, np.inf)))]
            j = int(np.argmax(np.maximum(robot.limits[0] - q_free, q_free - robot.limits[1])))
            lower, upper = robot.limits[:, j]
            return JOINT_LIMIT, (f"joint {names[j]} would leave its limits [{lower:.4g}, {upper:.4g}] "
                                 f"(continuing needs {q_free[j]:.4g})")
    cond = conditioning(robot, q_last, T_world_tool, task.rows)
    first_order = normalized_step(np.zeros(robot.dof), cond.step, task.bound)
    nearest = nearest_equivalents(robot, nodes, q_last) if len(nodes) else q_last[None]
    pick = int(np.argmin(np.max(np.abs(nearest - q_last) / task.bound, axis=1)))
    j = largest_mover(q_last, nearest[pick], task.bound)
    move = abs(nearest[pick][j] - q_last[j])
    continuous = len(nodes) > 0 and _continuous(task, graph, q_last, nearest[pick], T_last, T_world_tool)
    if continuous:
        return SINGULARITY, (f"following the line continuously moves joint {names[j]} by {move:.3g} > "
                             f"max_joint_step {task.bound[j]:.3g} within one waypoint spacing (smallest "
                             f"scaled singular value {cond.sigma_min:.2g}): the arm nears a "
                             "singularity, "
                             "or the waypoints are too far apart for the bound")
    if cond.sigma_min < SINGULAR_SIGMA or first_order > 1.0:
        return SINGULARITY, (f"the arm is near a singularity (smallest scaled singular value "
                             f"{cond.sigma_min:.2g}): the nearest solution moves joint {names[j]} by "
                             f"{move:.3g} > max_joint_step {task.bound[j]:.3g}")
    return JUMP, (f"every solution of the pose is on another branch: the nearest moves joint "
                  f"{names[j]} by {move:.3g} > max_joint_step {task.bound[j]:.3g}")


def _continuous(task: PathTask, graph: _Graph, q_a: Array, q_b: Array, T_a: Array, T_b: Array) -> bool:
    """Some closed-form solution of the pose halfway between T_a and T_b lies halfway between
    q_a and q_b (`kernels.halfway_ok`)."""
    mid = np.empty((1, 4, 4))
    midpoints_into(T_a[None], T_b[None], np.empty((4, 4)), np.empty(3), mid)
    halfway = 0.5 * (q_a + q_b)
    near = np.empty_like(halfway)
    for solution in ik_analytic(task.robot, mid[0], within_limits=task.joint_limits):
        nearest_equivalent_into(task.robot.chain.kinds, *graph.limits, halfway, solution, near)
        if halfway_ok(q_a, q_b, near, task.bound):
            return True
    return False
