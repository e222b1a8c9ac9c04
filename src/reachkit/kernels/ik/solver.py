"""The search loop shared by every numerical method: evaluate FK and the Jacobian, test
convergence, take the method's step, keep every iterate inside the limits, detect stalls,
and restart from seeded random configurations. One call solves one target completely;
`solve_batch` runs many targets in parallel."""

import math

import numpy as np
from numba import njit, prange

from ..jacobian import fk_jacobian_into
from ..jit import kernel
from ..objectives import work_shape
from ..so3 import pose_error_into
from ..views import carve
from . import settings as S
from .ccd import ccd_sweep
from .gradient import finite_difference_gradient, gradient_step_length, transpose_direction
from .least_squares import task_step
from .limits import clamped_task_step, has_hard_limits
from .line_search import backtrack
from .null_space import refine_in_null_space
from .random import next_uniform
from .robot import unpack_robot
from .seeds import (
    TABLE_STARTS,
    nearest_seed,
    next_seed,
    seed_candidates,
    seed_cost,
    table_scan_size,
)
from .task import (
    active_rows,
    clip_step,
    compact_jacobian,
    is_converged,
    project_to_limits,
    tidy_solution,
    weighted_residual,
)

STATUS_CONVERGED = 0
STATUS_NOT_CONVERGED = 1
POLISH_MIN_ITERATIONS = 100
# Random starts: search k draws each joint uniformly from the middle
# min(1, RESTART_SPREAD + RESTART_WIDENING k) of its range. Starts near a limit make the
# clamped steps stall; starting central and widening keeps the full range for hard targets.
RESTART_SPREAD = 0.3
RESTART_WIDENING = 0.1
# From search PATIENT_AFTER on (every table start and as many random ones spent), a search
# stalls only when its cost falls by less than 1 % in 3 steps. A method's quick stall rule
# (LM: 0.4x in 2 steps) suits the common target, but searches toward a few run into
# joint limits, where clamped steps creep: from a given start, 1 Panda target in 200
# failed all 101 quick searches, and converges from the first patient ones.
PATIENT_AFTER = 2 * TABLE_STARTS + 1
PATIENT_WINDOW = 3
PATIENT_RATIO = 0.99
# An LM search from a given q0 (full pose, unit weights) races the nearest table start:
# if q0's cost is above RACE_MARGIN x that start's cost, it gives way to it before any
# step. From random starts on UR5 / Puma 560 / Panda / iiwa14 the median iterations fall
# from 8 / 8 / 9 / 8 (no race) to 5 / 5 / 5 / 5, as without a q0 (0 failures in 4000
# solves); a q0 near a solution is mostly cheaper than the table start and keeps its search.
# (Racing after one step from q0 instead, to let a q0 in a good basin show it, cost
# 7 / 6 / 7 / 6 iterations: the step seldom changes the verdict.)
RACE_MARGIN = 1.0


# Integer scratch of a search: the active task rows.
SEARCH_INTS = 6


@kernel()
def search_scratch_size(n: int, seed_scan: int) -> int:
    """float64 scratch `search` needs for n joints and a robot's seed scan size
    (`robot.robot_sizes`; the blocks `search` carves, in its order)."""
    size = max(n, 6)
    objective_rows, objective_cols = work_shape(n)
    return (5 * 6 + 8 * n + 3 * 6 * n + 2 * size * size + 3 * size + 2 * 3 * n + 16
            + objective_rows * objective_cols + 6 + 3 + seed_scan)


@njit(cache=True, nogil=True)
def solve_one(fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray, lower: np.ndarray,
              upper: np.ndarray, sample_lower: np.ndarray, sample_upper: np.ndarray,
              seed_table: tuple, T_target: np.ndarray, task: np.ndarray, settings: np.ndarray,
              q0: np.ndarray, has_q0: bool, seed: int, objectives: tuple | None,
              trace: np.ndarray, q_best: np.ndarray) -> tuple:
    """`search` with scratch of its own (two allocations); returns its first four values."""
    n = kinds.shape[0]
    work = np.empty(search_scratch_size(n, table_scan_size(seed_table)) + 6)
    ints = np.empty(SEARCH_INTS, dtype=np.int64)
    status, iterations, searches, trace_length, _ = search(
        fixed, kinds, offsets, lower, upper, sample_lower, sample_upper, seed_table, T_target,
        task, settings, q0, has_q0, seed, objectives, trace, q_best, work[6:], ints, work[:6])
    return status, iterations, searches, trace_length


@kernel(nogil=True)
def search(fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray, lower: np.ndarray,
           upper: np.ndarray, sample_lower: np.ndarray, sample_upper: np.ndarray,
           seed_table: tuple, T_target: np.ndarray, task: np.ndarray, settings: np.ndarray,
           q0: np.ndarray, has_q0: bool, seed: int, objectives: tuple | None,
           trace: np.ndarray, q_best: np.ndarray, work: np.ndarray, ints: np.ndarray,
           e_best: np.ndarray) -> tuple:
    """Solve one target with the method settings[METHOD]. The robot arrays are those of
    `robot.unpack_robot`: seed_table = (q (K, n), pose columns (7, K), position scale,
    grid, cell starts) of a `reachkit.ik.seeds.SeedTable` (K may be 0). task (3, 6) =
    [mask; weights; per-axis tolerances] over (x y z rx ry rz). With secondary objectives
    (pinv, dls, lm) the search that meets the task continues in its null space
    (`refine_in_null_space`) before returning. work: float64 scratch of
    `search_scratch_size(n, table_scan_size(seed_table))`; ints: int64 scratch of
    SEARCH_INTS. Returns (status, iterations, searches, trace_length, error_known); q_best
    (n,) receives the converged or lowest-cost configuration. error_known: e_best (6,)
    holds the pose error of q_best (computed by FK at exactly q_best, as the search
    converged there), so the caller's check needs no FK of its own."""
    method = int(settings[S.METHOD])
    n = kinds.shape[0]
    mask = task[0]
    axis_tol = task[2]
    size = max(n, 6)
    table_q = seed_table[0]
    # Scratch of this solve alone (parallel solves share nothing), carved from the
    # caller's buffers: no allocation here (there were 15, ~40 ns each) and, compiled
    # without reference counting, no atomic counting of the views either.
    if work.shape[0] < search_scratch_size(n, table_scan_size(seed_table)) \
            or ints.shape[0] < SEARCH_INTS:
        raise ValueError("search: scratch too small")
    sixes = carve(work, 0, (5, 6))
    sqrt_w, w, e6, r, rr = sixes[0], sixes[1], sixes[2], sixes[3], sixes[4]
    at = 30
    per_joint = carve(work, at, (8, n))
    at += 8 * n
    held, q, dq, z = per_joint[0], per_joint[1], per_joint[2], per_joint[3]
    q_try, neg_grad, previous_neg_grad, previous_step = (per_joint[4], per_joint[5],
                                                         per_joint[6], per_joint[7])
    z[:] = 0.0
    jacobians = carve(work, at, (3, 6, n))
    at += 18 * n
    J, Jw, J_free = jacobians[0], jacobians[1], jacobians[2]
    squares = carve(work, at, (2, size, size))
    at += 2 * size * size
    A, V = squares[0], squares[1]
    sized = carve(work, at, (3, size))
    at += 3 * size
    eig, b, tmp = sized[0], sized[1], sized[2]
    geometry = carve(work, at, (2, 3, n))
    at += 6 * n
    axes, points = geometry[0], geometry[1]
    T = carve(work, at, (4, 4))
    at += 16
    objective_rows, objective_cols = work_shape(n)
    obj_work = carve(work, at, (objective_rows, objective_cols))
    at += objective_rows * objective_cols
    tight_axis = work[at:at + 6]
    axis = work[at + 6:at + 9]
    seed_distances = work[at + 9:]
    rows = ints[:6]
    m = active_rows(task, w, sqrt_w, rows)
    unit_task = m == 6
    for i in range(6):
        unit_task = unit_task and sqrt_w[i] == 1.0

    tol_p = settings[S.TOL_POSITION]
    tol_r = settings[S.TOL_ROTATION]
    max_iterations = int(settings[S.MAX_ITERATIONS])
    max_searches = int(settings[S.MAX_SEARCHES])
    stall_window = int(settings[S.STALL_WINDOW])
    stall_ratio = settings[S.STALL_RATIO]
    use_limits = settings[S.USE_LIMITS] > 0.0
    clamp_steps = use_limits and has_hard_limits(kinds, lower, upper)
    gain = settings[S.GAIN]
    max_step = settings[S.MAX_STEP]
    null_space_method = method == S.PINV or method == S.DLS or method == S.LM
    # objectives is None or (kinds (K,), weights (K,), params (K, P)); None is a type of its
    # own to Numba, so plain solves never compile the null-space refinement.
    has_secondary = False
    if objectives is not None:
        has_secondary = objectives[0].shape[0] > 0 and null_space_method

    # Table candidates, found when a search first needs one (only those pay for it).
    candidates = -1
    cell_first = cell_count = taken = 0
    first_search = int(settings[S.FIRST_SEARCH])
    rng_state = np.uint64(seed)
    best_cost = math.inf
    iterations = 0
    searches = 0
    trace_length = 0
    status = STATUS_NOT_CONVERGED
    error_known = False  # whether e6 is the error of the converged q (see the return)
    # Searches from q0 and random starts; then, if none converged, one polishing pass from
    # the best configuration that stops only when the cost no longer falls at all, so an
    # unreachable target gets its true closest configuration. With max_searches 0 the
    # polishing pass alone runs, from q0.
    for search in range(max_searches + 1):
        polishing = search == max_searches
        racing = False  # whether this search races the nearest table start (see RACE_MARGIN)
        if polishing:
            if status == STATUS_CONVERGED or settings[S.POLISH] <= 0.0:
                break
            if best_cost == math.inf:  # no finite cost seen (or no search run)
                if max_searches > 0 or not has_q0:
                    break
                for j in range(n):
                    q[j] = q0[j]
            else:
                for j in range(n):
                    q[j] = q_best[j]
            stall_ratio = 1.0 - 1e-12
        else:
            searches += 1
            index = first_search + search  # the start depends on the search's place in the solve
            racing = index == 0 and has_q0 and unit_task and method == S.LM
            if index >= PATIENT_AFTER:  # a hard target: let searches creep (see PATIENT_AFTER)
                stall_window = max(stall_window, PATIENT_WINDOW)
                stall_ratio = max(stall_ratio, PATIENT_RATIO)
            # Table starts alternate with random ones: t0, r, t1, r, ... after q0.
            slot = index - 1 if has_q0 else index
            table_start = slot // 2 if slot % 2 == 0 else TABLE_STARTS
            row = -1  # the table start's row, nearest first: t0, t1, ...
            if slot >= 0:  # not the search from q0
                if candidates < 0:
                    candidates, cell_first, cell_count = seed_candidates(
                        seed_table, T_target, mask, seed_distances)
                while table_start < TABLE_STARTS and taken <= table_start:
                    row = next_seed(seed_distances, candidates, cell_first, cell_count)
                    taken += 1
            if index == 0 and has_q0:
                for j in range(n):
                    q[j] = q0[j]
            elif row >= 0:
                for j in range(n):
                    q[j] = table_q[row, j]
            else:  # the first random starts stay in the middle of the ranges, later ones widen
                spread = min(1.0, RESTART_SPREAD + RESTART_WIDENING * index)
                for j in range(n):
                    middle = 0.5 * (sample_lower[j] + sample_upper[j])
                    span = sample_upper[j] - sample_lower[j]
                    u, rng_state = next_uniform(rng_state)
                    q[j] = middle + (u - 0.5) * spread * span
        if use_limits:
            project_to_limits(q, kinds, lower, upper)
        if search == 0:  # q_best always holds a finite configuration, even if every cost is not
            for j in range(n):
                q_best[j] = q[j]
        search_best = math.inf
        since_progress = 0
        have_previous = False
        budget = max(max_iterations, POLISH_MIN_ITERATIONS) if polishing else max_iterations
        for it in range(budget + 1):
            fk_jacobian_into(fixed, kinds, offsets, q, T, J)
            pose_error_into(T, T_target, e6)
            E = weighted_residual(e6, sqrt_w, rows, m, r)
            if trace_length < trace.shape[0]:
                for j in range(n):
                    trace[trace_length, j] = q[j]
                trace_length += 1
            if is_converged(e6, mask, axis_tol, tol_p, tol_r):
                status = STATUS_CONVERGED
                best_cost = E
                error_known = True
                if objectives is not None and has_secondary and settings[S.SECONDARY_ITERATIONS] > 0:
                    error_known = False
                    extra, trace_length, _ = refine_in_null_space(
                        method, fixed, kinds, offsets, lower, upper, use_limits, T_target, task,
                        sqrt_w, rows, m, settings, objectives[0], objectives[1], objectives[2], q,
                        q_try, T, J, Jw, e6, r, rr, A, V, eig, b, tmp, dq, z, obj_work, tight_axis,
                        trace, trace_length)
                    iterations += extra
                for j in range(n):
                    q_best[j] = q[j]
                break
            if E < best_cost:
                best_cost = E
                for j in range(n):
                    q_best[j] = q[j]
            if it == budget:
                break
            if racing and it == 0:  # is q0 nearer the target than the best table start?
                if candidates < 0:
                    candidates, cell_first, cell_count = seed_candidates(
                        seed_table, T_target, mask, seed_distances)
                row = nearest_seed(seed_distances, candidates, cell_first, cell_count)
                if row >= 0 and E > RACE_MARGIN * seed_cost(seed_table, row, T_target):
                    break
            if E < stall_ratio * search_best:
                search_best = E
                since_progress = 0
            else:
                since_progress += 1
                if since_progress >= stall_window:
                    break
            iterations += 1

            if method == S.CCD:
                ccd_sweep(fixed, kinds, offsets, lower, upper, use_limits, T_target, w, q, T,
                          axes, points, axis)
                continue
            if method == S.FD or method == S.JT:
                if method == S.FD:
                    finite_difference_gradient(fixed, kinds, offsets, q, T_target, sqrt_w, rows,
                                               m, settings[S.FD_STEP], q_try, T, e6, r, neg_grad)
                    gradient_step_length(neg_grad, previous_neg_grad, previous_step,
                                         have_previous, 0.1, dq)
                else:
                    compact_jacobian(J, sqrt_w, rows, m, Jw)
                    transpose_direction(Jw, r, m, neg_grad, dq)
                clip_step(dq, max_step)
                for j in range(n):
                    previous_step[j] = q[j]
                if backtrack(fixed, kinds, offsets, lower, upper, use_limits, T_target, sqrt_w,
                             rows, m, q, dq, neg_grad, E, q_try, T, e6, r) < 0.0:
                    break  # no descent left along the gradient: stalled
                for j in range(n):
                    previous_step[j] = q[j] - previous_step[j]
                    previous_neg_grad[j] = neg_grad[j]
                have_previous = True
                continue

            # Jacobian-based steps: dq = gain J# r. Secondary objectives act only once the
            # task is met (refine_in_null_space): mixed into these steps, a damped J# or the
            # limit projection lets them pull against convergence.
            J_task = J  # a full pose with unit weights takes J as it is
            if not unit_task:
                compact_jacobian(J, sqrt_w, rows, m, Jw)
                J_task = Jw
            if clamp_steps:
                clamped_task_step(method, J_task, r, m, E, settings, gain, q, kinds, lower,
                                  upper, A, V, eig, b, tmp, J_free, rr, held, dq)
            else:  # the iterate is projected into the limits below, if they apply
                for a in range(m):
                    rr[a] = gain * r[a]
                task_step(method, J_task, rr, m, E, settings, A, V, eig, b, tmp, dq)
            clip_step(dq, max_step)
            if method == S.GN or polishing:  # a line search guarantees descent
                for j in range(n):
                    neg_grad[j] = 0.0
                    for a in range(m):
                        neg_grad[j] += J_task[a, j] * r[a]
                if backtrack(fixed, kinds, offsets, lower, upper, use_limits, T_target, sqrt_w,
                             rows, m, q, dq, neg_grad, E, q_try, T, e6, r) < 0.0:
                    break
                continue
            for j in range(n):
                q[j] += dq[j]
            if use_limits:
                project_to_limits(q, kinds, lower, upper)
        if status == STATUS_CONVERGED:
            break
    if use_limits:
        project_to_limits(q_best, kinds, lower, upper)
    tidy_solution(q_best, kinds, lower, upper)
    for j in range(n):  # wrapped or moved: the caller must evaluate q_best itself
        error_known = error_known and q_best[j] == q[j]
    if error_known:
        for i in range(6):
            e_best[i] = e6[i]
    return status, iterations, searches, trace_length, error_known


@njit(cache=True, parallel=True, nogil=True)
def solve_batch(robot: np.ndarray, T_targets: np.ndarray, tasks: np.ndarray,
                settings: np.ndarray, q0: np.ndarray, has_q0: bool, seeds: np.ndarray,
                objectives: tuple | None, q_out: np.ndarray, status: np.ndarray,
                iterations: np.ndarray, searches: np.ndarray) -> None:
    """solve_one for every target T_targets (N, 4, 4) with tasks (N, 3, 6), in parallel;
    robot is a `robot.pack_robot` vector; q0 (N, n) warm starts when has_q0. Results go
    to q_out (N, n), status, iterations and searches (N,)."""
    fixed, kinds, offsets, lower, upper, sample_lower, sample_upper, seed_table = \
        unpack_robot(robot)
    no_trace = np.empty((0, kinds.shape[0]))
    for k in prange(T_targets.shape[0]):
        s, it, se, _ = solve_one(fixed, kinds, offsets, lower, upper, sample_lower,
                                 sample_upper, seed_table, T_targets[k], tasks[k], settings,
                                 q0[k], has_q0, seeds[k], objectives, no_trace, q_out[k])
        status[k] = s
        iterations[k] = it
        searches[k] = se
