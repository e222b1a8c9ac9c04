"""Inequality rows beyond the joint limits, kept by every Jacobian step.

A row provider is a record (`NoRows`, `ToolHalfSpace`, and later a link's distance to an
obstacle) that, at the iterate q, fills rows G (k, n) and h (k,) read as the linearised
constraint G dq >= h (for a distance d(q) that must stay >= margin: g = dd/dq,
h = margin - d). `enforce_rows` then moves the method's step dq to the nearest step that
keeps every row, nearest in the task metric J^T J + ROW_METRIC_DAMPING I (J the task
Jacobian): a row is met by the motion that disturbs the tool least, along the arm's
self-motion first. (In the plain joint-space norm, a row pushing the arm off an
obstacle moved the tool ~5-8 cm, and the next steps oscillated against the row: on the
tabletop scene, 2 % of the repairs of colliding answers converged in 30 steps; 44 % in
this metric.) It is an active set over the rows, each round adding the most violated
row as an equality and dropping rows whose multiplier turns negative, at most
MAX_ROW_ROUNDS rounds. A new provider is a record and its `fill_rows` and `row_slack`
(two overload branches below); the search loop does not change.

The joint limits stay bound rows inside the step (`limits.clamped_task_step`): they are
far cheaper as held columns than as general rows.
"""

import math
from typing import NamedTuple

import numpy as np
from numba import get_thread_id, types
from numba.extending import overload

from ..jit import kernel
from ..linalg import cholesky_factor_inplace, cholesky_substitute_inplace
from ..numba_internals import OVERLOAD_OPTIONS
from .arm_kinematics import expand_into, fold_into

ROW_CAPACITY = 16  # rows a provider may give at one iterate (the nearest ones first)
MAX_ROW_ROUNDS = 2 * ROW_CAPACITY
ROW_TOLERANCE = 1e-12  # a row counts as kept when G dq >= h - this
SLACK_TOLERANCE = 1e-9  # an answer keeps a constraint when its slack >= -this (m or rad)
# The step metric J^T J + this I: joint motion the task does not see costs this much.
# Repairs of colliding answers on the tabletop scene (targets whose first answer
# collides, in plain solves): 4.65x at 1e-1, 4.06x at 1e-2, 3.63x at 1e-3, 3.62x at 1e-4.
ROW_METRIC_DAMPING = 1e-3


class NoRows(NamedTuple):
    """No rows: the plain solve (compiles to nothing)."""


NO_ROWS = NoRows()


class ToolHalfSpace(NamedTuple):
    """Keep the tool point on one side of a plane: normal . p_world_tool >= offset, with
    normal (3,) a unit vector in the world frame and offset in metres."""

    normal: np.ndarray
    offset: float


class JointLinear(NamedTuple):
    """Linear inequalities in joint space: A q >= b, A (k, n), b (k,) (k <= ROW_CAPACITY),
    e.g. coupled limits of two joints."""

    A: np.ndarray
    b: np.ndarray


class LinkDistances(NamedTuple):
    """Every collision shape of the arm at least `margin` (m) from the scene's obstacles,
    and from the arm's other links when self_collision: packed is the
    `reachkit.collision.pack_collision` vector of its collision model and the scene; rows
    for the pairs nearer than `activation` (m), nearest first; work (threads, size) is
    scratch, one row per Numba thread (`numba.get_thread_id`); clear_starts (K,) per
    seed-table row: 0 not known yet, 1 its configuration keeps the margin, -1 not,
    filled in by the solves as they meet the rows (`clear_starts.py`)."""

    packed: np.ndarray
    margin: float
    activation: float
    self_collision: bool
    work: np.ndarray
    clear_starts: np.ndarray


def fill_rows(rows, arm, q: np.ndarray, T: np.ndarray, J: np.ndarray, G: np.ndarray,
              h: np.ndarray) -> int:
    """Fill G[:k] (k, n) and h[:k] with the provider's rows at q, whose tool pose T (4, 4)
    and world Jacobian J (6, n) are evaluated (arm: `records.Arm`); returns
    k <= ROW_CAPACITY."""
    raise NotImplementedError("fill_rows runs inside kernels only")


def row_slack(rows, arm, q: np.ndarray, T: np.ndarray) -> float:
    """The smallest slack of the provider's constraints at q (tool pose T): >= 0 when all
    hold (inf without constraints)."""
    raise NotImplementedError("row_slack runs inside kernels only")


def _kind(rows):
    return rows.instance_class if isinstance(rows, types.BaseNamedTuple) else None


@overload(fill_rows, jit_options=OVERLOAD_OPTIONS)
def _fill_rows(rows, arm, q, T, J, G, h):
    if _kind(rows) is NoRows:
        return lambda rows, arm, q, T, J, G, h: 0
    if _kind(rows) is ToolHalfSpace:
        def tool_half_space(rows, arm, q, T, J, G, h):
            d = -rows.offset
            for i in range(3):
                d += rows.normal[i] * T[i, 3]
            for j in range(q.shape[0]):
                g = 0.0
                for i in range(3):
                    g += rows.normal[i] * J[i, j]
                G[0, j] = g
            h[0] = -d
            return 1
        return tool_half_space
    if _kind(rows) is JointLinear:
        def joint_linear(rows, arm, q, T, J, G, h):
            for i in range(rows.A.shape[0]):
                value = rows.b[i]
                for j in range(q.shape[0]):
                    G[i, j] = rows.A[i, j]
                    value -= rows.A[i, j] * q[j]
                h[i] = value
            return rows.A.shape[0]
        return joint_linear
    if _kind(rows) is LinkDistances:
        from ...collision.kernels.rows import collision_rows_into

        def link_distances(rows, arm, q, T, J, G, h):
            q_chain = q  # a coupled arm's rows are found over its chain, then folded
            G_chain = G
            if arm.coupled:
                expand_into(arm, q, arm.chain_q)
                q_chain = arm.chain_q
                G_chain = arm.chain_G
            k = collision_rows_into(rows.packed, arm.fixed, arm.chain_kinds, arm.offsets, q_chain,
                                    rows.margin, rows.activation, rows.self_collision,
                                    rows.work[get_thread_id()], G_chain, h)
            if arm.coupled:
                fold_into(arm, G_chain, k, G)
            return k
        return link_distances
    return None


@overload(row_slack, jit_options=OVERLOAD_OPTIONS)
def _row_slack(rows, arm, q, T):
    if _kind(rows) is NoRows:
        return lambda rows, arm, q, T: math.inf
    if _kind(rows) is ToolHalfSpace:
        def tool_half_space(rows, arm, q, T):
            d = -rows.offset
            for i in range(3):
                d += rows.normal[i] * T[i, 3]
            return d
        return tool_half_space
    if _kind(rows) is JointLinear:
        def joint_linear(rows, arm, q, T):
            slack = math.inf
            for i in range(rows.A.shape[0]):
                value = -rows.b[i]
                for j in range(q.shape[0]):
                    value += rows.A[i, j] * q[j]
                slack = min(slack, value)
            return slack
        return joint_linear
    if _kind(rows) is LinkDistances:
        from ...collision.kernels.query import nearest_distance_memo

        def link_distances(rows, arm, q, T):
            q_chain = q
            if arm.coupled:
                expand_into(arm, q, arm.chain_q)
                q_chain = arm.chain_q
            d = nearest_distance_memo(rows.packed, arm.fixed, arm.chain_kinds, arm.offsets,
                                      q_chain, rows.self_collision, rows.work[get_thread_id()])
            return d - rows.margin
        return link_distances
    return None


def has_rows(rows) -> bool:
    """Whether the provider gives any rows (False compiles the row handling away)."""
    raise NotImplementedError("has_rows runs inside kernels only")


@overload(has_rows, inline="always")
def _has_rows(rows):
    answer = _kind(rows) is not NoRows
    return lambda rows: answer


class RowScratch(NamedTuple):
    """The rows at the iterate and the scratch of `enforce_rows`: G (ROW_CAPACITY, n),
    h, mu (ROW_CAPACITY,), gram (ROW_CAPACITY, ROW_CAPACITY), dq0 (n,), active
    (ROW_CAPACITY,) (1.0 active), count (3,) int64: how many rows G and h hold,
    whether a lazy provider's rows are engaged (1; `engage_rows`), and how many answers
    breaking them the solve has set aside (`plain_first`); metric (n, n): the
    Cholesky factor of the step metric M, directions (ROW_CAPACITY, n): M^-1 G^T by rows."""

    G: np.ndarray
    h: np.ndarray
    mu: np.ndarray
    gram: np.ndarray
    dq0: np.ndarray
    active: np.ndarray
    count: np.ndarray
    metric: np.ndarray
    directions: np.ndarray


@kernel(forceinline=True)
def _violation(G: np.ndarray, h: np.ndarray, i: int, dq: np.ndarray) -> float:
    v = h[i]
    for j in range(dq.shape[0]):
        v -= G[i, j] * dq[j]
    return v


@kernel()
def _metric_directions(s: RowScratch, J: np.ndarray, m: int, k: int) -> None:
    """Factor the step metric M = J[:m]^T J[:m] + ROW_METRIC_DAMPING I (n, n) and set
    directions[i] = M^-1 G[i] for the k rows (M is positive definite: the damping)."""
    n = s.dq0.shape[0]
    for i in range(n):
        for j in range(i + 1):
            value = ROW_METRIC_DAMPING if i == j else 0.0
            for a in range(m):
                value += J[a, i] * J[a, j]
            s.metric[i, j] = value
    cholesky_factor_inplace(s.metric, n)
    for i in range(k):
        for j in range(n):
            s.directions[i, j] = s.G[i, j]
        cholesky_substitute_inplace(s.metric, s.directions[i], n)


@kernel()
def _project(s: RowScratch, k: int, dq: np.ndarray) -> bool:
    """dq = dq0 + M^-1 G_A^T mu with G_A dq = h_A over the active rows (the step nearest
    dq0 in the metric M); False when G_A M^-1 G_A^T is singular (rows not independent)."""
    n = dq.shape[0]
    a = 0
    for i in range(k):
        if s.active[i] == 0.0:
            continue
        b = 0
        for p in range(k):
            if s.active[p] == 0.0:
                continue
            value = 0.0
            for j in range(n):
                value += s.G[i, j] * s.directions[p, j]
            s.gram[a, b] = value
            b += 1
        s.mu[a] = _violation(s.G, s.h, i, s.dq0)
        a += 1
    if not cholesky_factor_inplace(s.gram, a):
        return False
    cholesky_substitute_inplace(s.gram, s.mu, a)
    for j in range(n):
        dq[j] = s.dq0[j]
    a = 0
    for i in range(k):
        if s.active[i] == 0.0:
            continue
        for j in range(n):
            dq[j] += s.mu[a] * s.directions[i, j]
        a += 1
    return True


@kernel()
def _drop_negative(s: RowScratch, k: int) -> bool:
    """Let go of the active row with the most negative multiplier; whether one was."""
    a = 0
    worst, worst_mu = -1, 0.0
    for i in range(k):
        if s.active[i] == 0.0:
            continue
        if s.mu[a] < worst_mu:
            worst, worst_mu = i, s.mu[a]
        a += 1
    if worst >= 0:
        s.active[worst] = 0.0
    return worst >= 0


def lazy_rows(rows_type: types.Type) -> bool:
    """Whether a provider (its Numba type) keeps its rows waiting until a search without
    them ends in a configuration that breaks them (`plain_first`): distances are costly,
    and most targets are met without touching anything (`LinkDistances`)."""
    return _kind(rows_type) is LinkDistances


@kernel(forceinline=True)
def engage_rows(s: RowScratch, engaged: bool) -> None:
    """Engage (True) a lazy provider's rows for the searches that follow, or (False)
    start a solve with them waiting and no answer set aside; waiting, `evaluate_rows`
    gives no rows and reports every constraint kept."""
    s.count[1] = 1 if engaged else 0
    if not engaged:
        s.count[2] = 0


@kernel(forceinline=True)
def rows_engaged(s: RowScratch) -> bool:
    """Whether a lazy provider's rows are engaged (`engage_rows`)."""
    return s.count[1] == 1


@kernel(forceinline=True)
def answers_set_aside(s: RowScratch) -> int:
    """How many converged answers breaking the rows the solve has set aside."""
    return s.count[2]


@kernel(forceinline=True)
def set_answer_aside(s: RowScratch) -> None:
    """Count one more answer set aside (`plain_first`)."""
    s.count[2] += 1


def evaluate_rows(rows, s: RowScratch, arm, q: np.ndarray, T: np.ndarray,
                  J: np.ndarray) -> float:
    """Fill s with the provider's rows at q (tool pose T (4, 4) and world Jacobian J (6, n)
    evaluated) and return the smallest slack they show: exact for the rows given, and for
    `LinkDistances` without rows (no pair nearer than the activation distance) a lower
    bound, activation - margin > 0, and inf while its rows are not engaged
    (`engage_rows`). One pass gives both the test and the step's rows."""
    raise NotImplementedError("evaluate_rows runs inside kernels only")


@overload(evaluate_rows, jit_options={**OVERLOAD_OPTIONS, "forceinline": True})
def _evaluate_rows(rows, s, arm, q, T, J):
    floor = math.inf
    if _kind(rows) is LinkDistances:
        def link_distances(rows, s, arm, q, T, J):
            if s.count[1] == 0:  # lazy rows not engaged
                s.count[0] = 0
                return math.inf
            k = fill_rows(rows, arm, q, T, J, s.G, s.h)
            s.count[0] = k
            return -s.h[0] if k > 0 else rows.activation - rows.margin  # rows nearest first
        return link_distances

    def smallest(rows, s, arm, q, T, J):
        k = fill_rows(rows, arm, q, T, J, s.G, s.h)
        s.count[0] = k
        slack = floor
        for i in range(k):
            slack = min(slack, -s.h[i])
        return slack
    return smallest


def enforce_rows(rows, s: RowScratch, J: np.ndarray, m: int, dq: np.ndarray) -> None:
    """Move the step dq (n,) to the nearest step, in the metric of the task Jacobian
    J[:m] (m, n), keeping every row s holds (filled by `evaluate_rows` at the iterate;
    see the module docstring); unchanged when it keeps them all already."""
    raise NotImplementedError("enforce_rows runs inside kernels only")


@overload(enforce_rows, jit_options=OVERLOAD_OPTIONS)
def _enforce_rows(rows, s, J, m, dq):
    if _kind(rows) is NoRows:
        return lambda rows, s, J, m, dq: None

    def active_set(rows, s, J, m, dq):
        k = s.count[0]
        n = dq.shape[0]
        for j in range(n):
            s.dq0[j] = dq[j]
        for i in range(k):
            s.active[i] = 0.0
        for round_ in range(MAX_ROW_ROUNDS):
            worst, worst_violation = -1, ROW_TOLERANCE
            for i in range(k):
                v = _violation(s.G, s.h, i, dq)
                if s.active[i] == 0.0 and v > worst_violation:
                    worst, worst_violation = i, v
            if worst < 0:
                return
            if round_ == 0:  # a row is broken: the metric is needed
                _metric_directions(s, J, m, k)
            s.active[worst] = 1.0
            if not _project(s, k, dq):
                s.active[worst] = 0.0
                return
            if _drop_negative(s, k):
                _project(s, k, dq)
    return active_set
