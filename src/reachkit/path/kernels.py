"""Numba kernels of the path tracker: the acceptance test of a step (and of a run of steps,
`accept_run`, one call for many waypoints) and the FK check of a whole path, each one call
instead of a dozen small NumPy operations.

Chain arrays as in `reachkit.kernels.fk`; `mask` (6,) 0/1 over (x y z rx ry rz).
"""

import math

import numpy as np

from ..kernels.checks import rotation_deviation
from ..kernels.fk import fk_into
from ..kernels.jit import kernel
from ..kernels.so3 import pose_error_into, rotation_log_into

ACCEPT = 0
STEP_TOO_LARGE = 1
MIDPOINT_OFF = 2
MIDPOINT_SHARE = 0.25  # of the segment's scaled length
HALFWAY_SHARE = 0.25  # of the largest scaled joint move
HALFWAY_SLACK = 0.1  # of the bound, for solver noise near singularities ...
HALFWAY_SLACK_MAX = 0.01  # ... but at most this (rad or m)
_TWO_PI = 2.0 * math.pi
REWRITE_TOLERANCE = 1e-9  # rad: a rewrite nearest the previous row larger than rounding


@kernel()
def nearest_equivalent_into(kinds: np.ndarray, lower: np.ndarray, upper: np.ndarray,
                            q_ref: np.ndarray, q: np.ndarray, out: np.ndarray) -> None:
    """out (n,) = q with each revolute angle moved by a multiple of 2 pi to the value nearest
    q_ref that lies inside the limits (to 1e-9); q itself, exactly, when it is that value
    (to 1e-9) or when no such value exists."""
    for j in range(q.shape[0]):
        out[j] = q[j]
        if kinds[j] != 0:
            continue
        best = abs(q[j] - q_ref[j]) - 1e-9 if lower[j] - 1e-9 <= q[j] <= upper[j] + 1e-9 else np.inf
        near = q_ref[j] + ((q[j] - q_ref[j] + math.pi) % _TWO_PI) - math.pi
        for shift in (0.0, _TWO_PI, -_TWO_PI):
            value = near + shift
            if lower[j] - 1e-9 <= value <= upper[j] + 1e-9 and abs(value - q_ref[j]) < best:
                best = abs(value - q_ref[j])
                out[j] = value


@kernel()
def halfway_ok(q_a: np.ndarray, q_b: np.ndarray, q_m: np.ndarray, bound: np.ndarray) -> bool:
    """Does q_m (n,), a solution of the pose halfway between those of q_a and q_b (written
    nearest their joint-space midpoint), lie halfway between them? Each joint within a
    quarter of the largest scaled move, plus min(a tenth of its bound, 0.01), of the
    midpoint. A branch switch between q_a and q_b fails it."""
    move = 0.0
    for j in range(q_a.shape[0]):
        move = max(move, abs(q_b[j] - q_a[j]) / bound[j])
    for j in range(q_a.shape[0]):
        allowed = HALFWAY_SHARE * move * bound[j] + min(HALFWAY_SLACK * bound[j], HALFWAY_SLACK_MAX)
        if abs(q_m[j] - 0.5 * (q_a[j] + q_b[j])) > allowed:
            return False
    return True


@kernel()
def _rotation_exp_into(w: np.ndarray, R: np.ndarray) -> None:
    """R (3, 3) = exp(skew(w)) for the rotation vector w (3,) (Rodrigues)."""
    angle = math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2])
    if angle < 1e-8:
        a, b = 1.0, 0.5
    else:
        a, b = math.sin(angle) / angle, (1.0 - math.cos(angle)) / (angle * angle)
    x, y, z = w[0], w[1], w[2]
    R[0, 0] = 1.0 - b * (y * y + z * z)
    R[1, 1] = 1.0 - b * (x * x + z * z)
    R[2, 2] = 1.0 - b * (x * x + y * y)
    R[0, 1] = -a * z + b * x * y
    R[1, 0] = a * z + b * x * y
    R[0, 2] = a * y + b * x * z
    R[2, 0] = -a * y + b * x * z
    R[1, 2] = -a * x + b * y * z
    R[2, 1] = a * x + b * y * z


@kernel()
def _midpoint_pose_into(T_a: np.ndarray, T_b: np.ndarray, work: np.ndarray, w: np.ndarray,
                        T_mid: np.ndarray) -> None:
    """T_mid (4, 4): halfway along the line from T_a to T_b (position averaged, rotation
    R_a exp(0.5 log(R_a^T R_b))). work: (4, 4) scratch; w: (3,) scratch."""
    for i in range(3):
        for j in range(3):
            work[i, j] = T_a[0, i] * T_b[0, j] + T_a[1, i] * T_b[1, j] + T_a[2, i] * T_b[2, j]
    rotation_log_into(work, w, 0)
    for i in range(3):
        w[i] *= 0.5
    _rotation_exp_into(w, work)
    for i in range(3):
        for j in range(3):
            T_mid[i, j] = T_a[i, 0] * work[0, j] + T_a[i, 1] * work[1, j] + T_a[i, 2] * work[2, j]
        T_mid[i, 3] = 0.5 * (T_a[i, 3] + T_b[i, 3])
        T_mid[3, i] = 0.0
    T_mid[3, 3] = 1.0


@kernel()
def midpoints_into(T_a: np.ndarray, T_b: np.ndarray, work: np.ndarray, w: np.ndarray,
                   out: np.ndarray) -> None:
    """out[k] (4, 4): halfway along the line from T_a[k] to T_b[k], for stacks (L, 4, 4).
    work: (4, 4) scratch; w: (3,) scratch."""
    for k in range(T_a.shape[0]):
        _midpoint_pose_into(T_a[k], T_b[k], work, w, out[k])


@kernel()
def _masked_norms(e: np.ndarray, mask: np.ndarray) -> tuple:
    """(norm of the masked position part, norm of the masked rotation part) of e (6,)."""
    p = math.sqrt((e[0] * mask[0]) ** 2 + (e[1] * mask[1]) ** 2 + (e[2] * mask[2]) ** 2)
    r = math.sqrt((e[3] * mask[3]) ** 2 + (e[4] * mask[4]) ** 2 + (e[5] * mask[5]) ** 2)
    return p, r


# Rows of the `params` array of `accept_step` (width max(dof, 6)).
LOWER, UPPER, BOUND, MASK, SCALARS = 0, 1, 2, 3, 4  # SCALARS: (length m, slack m or rad)
PARAM_ROWS = 5


@kernel()
def accept_step(fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray, params: np.ndarray,
                work: np.ndarray, vectors: np.ndarray, q_a: np.ndarray, q_b: np.ndarray,
                T_a: np.ndarray, T_b: np.ndarray, q_out: np.ndarray) -> int:
    """Is the solver's answer q_b (n,) for pose T_b an acceptable next step from q_a (n,)
    at pose T_a (both (4, 4))?

    params (PARAM_ROWS, max(n, 6)): the limits, the bound (n,) per joint, the 0/1 mask (6,)
    and (length, slack). q_out (n,) receives q_b written nearest q_a
    (`nearest_equivalent_into`). Returns STEP_TOO_LARGE when some |q_out - q_a| exceeds its
    bound; MIDPOINT_OFF when FK at the joint-space midpoint is off the Cartesian midpoint by
    more than a quarter of the segment (position and rotation, each with the other scaled by
    `length` m) plus `slack` (m or rad): the joints did not move along the line (e.g. a
    branch switch), or curve strongly; ACCEPT otherwise. Scratch: work (3, 4, 4), vectors
    (4, max(n, 6)): row 3 holds the joint-space midpoint.
    """
    n = q_a.shape[0]
    nearest_equivalent_into(kinds, params[LOWER, :n], params[UPPER, :n], q_a, q_b, q_out)
    for j in range(n):
        if abs(q_out[j] - q_a[j]) > params[BOUND, j]:
            return STEP_TOO_LARGE
    if fk_midpoint_ok(fixed, kinds, offsets, params, q_a, q_out, T_a, T_b, work, vectors):
        return ACCEPT
    return MIDPOINT_OFF


@kernel()
def accept_run(fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray, params: np.ndarray,
               work: np.ndarray, vectors: np.ndarray, q_start: np.ndarray, T_start: np.ndarray,
               Q: np.ndarray, poses: np.ndarray, start: int, stop: int,
               q_out: np.ndarray) -> tuple:
    """(count, refused) for the answers Q[start:stop] (rows of (N, n)), each solved from
    the row before (the first from q_start (n,), at pose T_start (4, 4)) for its pose
    poses[k] (4, 4): how many, from start on, are acceptable steps (`accept_step` says
    ACCEPT), and whether the count ended at one that is not. Each accepted row is
    rewritten nearest the row before; the count also ends (not refused) after a row that
    this moved (to a 2 pi equivalent): the next answer was solved from the row as it was.
    params, work, vectors as in `accept_step`; q_out (n,) scratch."""
    n = Q.shape[1]
    for k in range(start, stop):
        if k == start:
            code = accept_step(fixed, kinds, offsets, params, work, vectors, q_start, Q[k], T_start,
                               poses[k], q_out)
        else:
            code = accept_step(fixed, kinds, offsets, params, work, vectors, Q[k - 1], Q[k],
                               poses[k - 1], poses[k], q_out)
        if code != ACCEPT:
            return k - start, True
        moved = False
        for j in range(n):
            moved = moved or abs(q_out[j] - Q[k, j]) > REWRITE_TOLERANCE
            Q[k, j] = q_out[j]
        if moved:
            return k - start + 1, False
    return stop - start, False


@kernel()
def fk_midpoint_ok(fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray, params: np.ndarray,
                   q_a: np.ndarray, q_b: np.ndarray, T_a: np.ndarray, T_b: np.ndarray,
                   work: np.ndarray, vectors: np.ndarray) -> bool:
    """FK at the joint-space midpoint of q_a and q_b (n,) lies within a quarter of the
    segment from T_a to T_b (4, 4) of its Cartesian midpoint (see `accept_step`; params,
    work and vectors as there)."""
    n = q_a.shape[0]
    q_mid = vectors[3, :n]
    for j in range(n):
        q_mid[j] = 0.5 * (q_a[j] + q_b[j])
    fk_into(fixed, kinds, offsets, q_mid, work[0])
    _midpoint_pose_into(T_a, T_b, work[2], vectors[0], work[1])
    pose_error_into(work[0], work[1], vectors[1])
    pose_error_into(T_a, T_b, vectors[2])
    mask = params[MASK]
    off_p, off_r = _masked_norms(vectors[1], mask)
    seg_p, seg_r = _masked_norms(vectors[2], mask)
    length, slack = params[SCALARS, 0], params[SCALARS, 1]
    return off_p <= MIDPOINT_SHARE * (seg_p + length * seg_r) + slack and \
        off_r <= MIDPOINT_SHARE * (seg_r + seg_p / length) + slack


@kernel()
def rotation_deviations_into(poses: np.ndarray, out: np.ndarray) -> None:
    """out (N,) = max |R^T R - I| + |det R - 1| of the rotation block of each pose of
    poses (N, 4, 4) (inf where an entry is not finite)."""
    for k in range(poses.shape[0]):
        out[k] = rotation_deviation(poses[k])


@kernel()
def reached_errors_into(fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray, Q: np.ndarray,
                        poses: np.ndarray, mask: np.ndarray, tolerances: np.ndarray,
                        T: np.ndarray, e: np.ndarray, errors: np.ndarray) -> int:
    """errors[k] = (position error m, rotation error rad) of the configuration Q[k] (n,) at
    the pose poses[k] (4, 4), over the masked components, for k = 0, 1, ... up to the first
    beyond `tolerances` (position, rotation) (2,), whose index it returns (len(Q) when none
    is). Rows after it are left as they are. Scratch: T (4, 4), e (6,)."""
    for k in range(Q.shape[0]):
        fk_into(fixed, kinds, offsets, Q[k], T)
        pose_error_into(T, poses[k], e)
        errors[k, 0], errors[k, 1] = _masked_norms(e, mask)
        if errors[k, 0] > tolerances[0] or errors[k, 1] > tolerances[1]:
            return k
    return Q.shape[0]


@kernel()
def largest_move(q0: np.ndarray, Q: np.ndarray) -> float:
    """The largest |joint move| (rad / m) along the configurations Q (k, n) started from
    q0 (n,): from q0 to Q[0], then between successive rows (0.0 when k is 0)."""
    largest = 0.0
    for k in range(Q.shape[0]):
        for j in range(Q.shape[1]):
            before = q0[j] if k == 0 else Q[k - 1, j]
            largest = max(largest, abs(Q[k, j] - before))
    return largest
