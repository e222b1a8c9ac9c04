"""The compiled front door of the closed forms: pick the solver by code, then wrap the
angles into the joint limits, drop near-duplicates and (optionally) out-of-limit
solutions. One pose, or one lane of a batch (`run_lanes`).

Shapes: params (m, 3) packed geometry (see `target`), limits (2, n), kinds (n,),
T (4, 4) tool pose in the world frame; out_q (w, n) joint values (radians / metres),
out_labels (w, 3) signs (see `labels`), w = 8 for the Pieper and planar forms and 16 for
the general 6R solver (which reads the chain's fixed transforms (7, 4, 4), the cyclic
orders to try (k,) (`general6r.order_preference`) and offsets (6,) and writes REGULAR / DEGENERATE into status (1,)).
"""

import math

import numpy as np

from ..kernels.checks import bottom_row_deviation, rotation_deviation
from ..kernels.jit import allocating_kernel, kernel
from ..kernels.numba_internals import read_only_view
from ..kernels.transform import REVOLUTE
from .families import solve_family
from .reverse import REVERSED, inverse_pose, unreverse

MAX_SOLUTIONS = 8
MAX_GENERAL = 16
# Closed-form solves a batch lane takes at least (`run_lanes`): a Pieper, planar or
# swivel solve takes about 1 us, waking a thread about 50 us.
SOLVES_PER_LANE = 64
DUPLICATE_TOLERANCE = 1e-7   # radians / metres: closer solutions are one solution
LIMIT_TOLERANCE = 1e-9
POSE_TOLERANCE = 1e-6        # as in reachkit.validate
INVALID_POSE = -1
TWO_PI = 2.0 * math.pi
INV_TWO_PI = 1.0 / TWO_PI


@allocating_kernel()
def pose_is_valid(T: np.ndarray) -> bool:
    """Finite, bottom row [0 0 0 1], rotation block orthonormal with det +1 (the checks
    of `reachkit.validate.pose`, to the same tolerance)."""
    return (rotation_deviation(T) <= POSE_TOLERANCE
            and bottom_row_deviation(T) <= POSE_TOLERANCE)


@kernel(forceinline=True)
def _wrap(angle: float, lower: float, upper: float) -> float:
    """An angle equal to `angle` modulo 2 pi: inside [lower, upper] if one is, else in
    [-pi, pi]."""
    a = angle
    if a < -math.pi or a > math.pi:  # atan2 results are in range already
        a = angle - TWO_PI * math.floor(angle * INV_TWO_PI + 0.5)
    if lower <= a <= upper:
        return a
    if a < lower:
        b = a + TWO_PI * math.ceil((lower - a) / TWO_PI)
        if b <= upper:
            return b
    elif a > upper:
        b = a - TWO_PI * math.ceil((a - upper) / TWO_PI)
        if b >= lower:
            return b
    return a


@allocating_kernel()
def _same(qa: np.ndarray, qb: np.ndarray, kinds: np.ndarray) -> bool:
    for j in range(kinds.shape[0]):
        d = abs(qa[j] - qb[j])
        if d <= DUPLICATE_TOLERANCE:
            continue
        if kinds[j] != REVOLUTE or abs(d - TWO_PI * math.floor(d * INV_TWO_PI + 0.5)) > DUPLICATE_TOLERANCE:
            return False
    return True


@allocating_kernel()
def _finish(count: int, limits: np.ndarray, kinds: np.ndarray, within: bool,
            out_q: np.ndarray, out_labels: np.ndarray) -> int:
    """Wrap, drop non-finite, duplicate and (if `within`) out-of-limit rows; compact."""
    n = kinds.shape[0]
    kept = 0
    for k in range(count):
        ok = True
        for j in range(n):
            value = out_q[k, j]
            if not math.isfinite(value):
                ok = False
                break
            if kinds[j] == REVOLUTE:
                value = _wrap(value, limits[0, j], limits[1, j])
                out_q[k, j] = value
            if within and (value < limits[0, j] - LIMIT_TOLERANCE or value > limits[1, j] + LIMIT_TOLERANCE):
                ok = False
        if not ok:
            continue
        for m in range(kept):
            if _same(out_q[k], out_q[m], kinds):
                ok = False
                break
        if not ok:
            continue
        if kept != k:
            for j in range(n):  # loops: a slice copy compiles Numba's shape-error text, 2 s
                out_q[kept, j] = out_q[k, j]
            for j in range(out_labels.shape[1]):
                out_labels[kept, j] = out_labels[k, j]
        kept += 1
    return kept


@allocating_kernel()
def _solve_forward(solver, code: int, params: np.ndarray, size: float, limits: np.ndarray,
                   kinds: np.ndarray, T: np.ndarray, within: bool, out_q: np.ndarray,
                   out_labels: np.ndarray, fixed: np.ndarray, orders: np.ndarray,
                   offsets: np.ndarray, status: np.ndarray) -> int:
    """`solve_into` for a forward solver code and a valid pose."""
    count = solve_family(solver, code, params, size, kinds.shape[0], T, out_q, out_labels,
                         fixed, orders, offsets, status)
    return _finish(count, limits, kinds, within, out_q, out_labels)


@allocating_kernel(own_code=True)
def solve_into(solver, params: np.ndarray, size: float, limits: np.ndarray, kinds: np.ndarray,
               T: np.ndarray, within: bool, out_q: np.ndarray, out_labels: np.ndarray,
               fixed: np.ndarray, orders: np.ndarray, offsets: np.ndarray,
               status: np.ndarray) -> int:
    """All solutions for one pose into out_q / out_labels; returns the count, or
    INVALID_POSE when T is not a rigid transform. solver: the plan's family record
    (`families.solver_record`), which the kernel is compiled for. Codes above `REVERSED`:
    the plan holds the reversed chain (limits and kinds included, see `reverse`). Its
    inverse pose is retyped read-only, as T and the plan's arrays are (`read_only`), so
    the family's solver compiles once. `solve_lane_into` calls this machine code
    (`own_code`) instead of optimising the solver again: first batch after a first
    single solve, Puma 560 1.25 -> 0.80 s; every family in turn 28.8 -> 23.8 s; same
    speed (1.06 M poses/s on 2 threads)."""
    status[0] = 0
    if not pose_is_valid(T):
        return INVALID_POSE
    code = solver.code
    if code > REVERSED:
        T_reversed = read_only_view(inverse_pose(T))
        count = _solve_forward(solver, code - REVERSED, params, size, limits, kinds,
                               T_reversed, within, out_q, out_labels, fixed, orders, offsets,
                               status)
        unreverse(out_q, count)
        return count
    return _solve_forward(solver, code, params, size, limits, kinds, T, within, out_q,
                          out_labels, fixed, orders, offsets, status)


@allocating_kernel(nogil=True)
def solve_lane_into(solver, params: np.ndarray, size: float, limits: np.ndarray,
                    kinds: np.ndarray, Ts: np.ndarray, within: bool, out_q: np.ndarray,
                    out_labels: np.ndarray, counts: np.ndarray, fixed: np.ndarray,
                    orders: np.ndarray, offsets: np.ndarray, status: np.ndarray, lane: int,
                    lanes: int) -> None:
    """solve_into for the poses Ts[lane::lanes] of Ts (N, 4, 4): one lane of
    `reachkit.ik.lanes.run_lanes`, which runs the lanes on threads (the kernel releases
    the GIL). out_q (N, w, n) NaN after the counts[i] solutions, out_labels (N, w, 3),
    counts (N,) (INVALID_POSE for bad poses), status (N,). Numba's parallel loop compiled
    the solver three more times (loop body, its wrappers): `closed_form_families`' first
    use took 83 s, 49 s of them in LLVM."""
    for i in range(lane, Ts.shape[0], lanes):
        count = solve_into(solver, params, size, limits, kinds, Ts[i], within, out_q[i],
                           out_labels[i], fixed, orders, offsets, status[i:i + 1])
        counts[i] = count
        for k in range(max(count, 0), out_q.shape[1]):
            for j in range(kinds.shape[0]):
                out_q[i, k, j] = np.nan
