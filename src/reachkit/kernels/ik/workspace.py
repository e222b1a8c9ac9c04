"""The scratch of one solve, declared once: `carve_workspace` lays every view out of one
float64 buffer and one int64 buffer, and the sizes those buffers need are what it
used (`workspace_size`), so the layout and its size cannot drift apart."""

from typing import NamedTuple

import numpy as np
from numba import njit

from ..jit import kernel
from ..numba_internals import carve, stack_array
from ..objectives import work_shape
from .constraints import ROW_CAPACITY, RowScratch


class Workspace(NamedTuple):
    """Views of a solve's scratch, for n joints (size = max(n, 6)).

    Six-vectors over (x y z rx ry rz): sqrt_w, w (task weights), e6 (pose error), r, rr
    (weighted residual and the part a step must do). Joint vectors (n,): q (the iterate),
    dq (its step), q_try, held (joints held at a limit), z (secondary motion), neg_grad,
    previous_neg_grad, previous_step. J, Jw, J_free (6, n): the Jacobian, its weighted
    active rows, its free columns. A, V (size, size), eig, b, tmp (size,): the Gram
    matrix, eigenvectors and right-hand sides. axes, points (3, n): joint lines (CCD).
    T (4, 4): FK of the iterate. objective_work: the secondary objectives' scratch.
    tight_axis (6,), axis (3,), seed_distances (seed scan,). rows (6,) int64: the active
    task rows; picks (4,) int64: the seed-table picker (see `starts.py`); row_scratch: the
    scratch of `constraints.enforce_rows`."""

    sqrt_w: np.ndarray
    w: np.ndarray
    e6: np.ndarray
    r: np.ndarray
    rr: np.ndarray
    q: np.ndarray
    dq: np.ndarray
    q_try: np.ndarray
    held: np.ndarray
    z: np.ndarray
    neg_grad: np.ndarray
    previous_neg_grad: np.ndarray
    previous_step: np.ndarray
    J: np.ndarray
    Jw: np.ndarray
    J_free: np.ndarray
    A: np.ndarray
    V: np.ndarray
    eig: np.ndarray
    b: np.ndarray
    tmp: np.ndarray
    axes: np.ndarray
    points: np.ndarray
    T: np.ndarray
    objective_work: np.ndarray
    tight_axis: np.ndarray
    axis: np.ndarray
    seed_distances: np.ndarray
    rows: np.ndarray
    picks: np.ndarray
    row_scratch: RowScratch


@kernel(forceinline=True)
def carve_workspace(floats: np.ndarray, ints: np.ndarray, n: int, seed_scan: int) -> tuple:
    """(Workspace, floats used, ints used) for n joints and a seed scan of seed_scan
    candidates, carved from floats (float64) and ints (int64) in order. Carving only
    computes addresses, so `workspace_size` runs it on one-item buffers to learn the
    sizes; a solve then carves buffers at least that long."""
    size = max(n, 6)
    objective_rows, objective_cols = work_shape(n)
    at = 0
    sixes = carve(floats, at, (5, 6))
    at += 30
    joints = carve(floats, at, (8, n))
    at += 8 * n
    jacobians = carve(floats, at, (3, 6, n))
    at += 18 * n
    squares = carve(floats, at, (2, size, size))
    at += 2 * size * size
    sized = carve(floats, at, (3, size))
    at += 3 * size
    lines = carve(floats, at, (2, 3, n))
    at += 6 * n
    T = carve(floats, at, (4, 4))
    at += 16
    objective_work = carve(floats, at, (objective_rows, objective_cols))
    at += objective_rows * objective_cols
    tight_axis = carve(floats, at, (6,))
    axis = carve(floats, at + 6, (3,))
    seed_distances = carve(floats, at + 9, (seed_scan,))
    at += 9 + seed_scan
    c = ROW_CAPACITY
    row_G = carve(floats, at, (c, n))
    row_h = carve(floats, at + c * n, (c,))
    row_mu = carve(floats, at + c * n + c, (c,))
    row_gram = carve(floats, at + c * n + 2 * c, (c, c))
    row_dq0 = carve(floats, at + c * n + 2 * c + c * c, (n,))
    row_active = carve(floats, at + c * n + 2 * c + c * c + n, (c,))
    at += c * n + 3 * c + c * c + n
    row_metric = carve(floats, at, (n, n))
    row_directions = carve(floats, at + n * n, (c, n))
    at += n * n + c * n
    rows = carve(ints, 0, (6,))
    picks = carve(ints, 6, (4,))
    row_count = carve(ints, 10, (3,))
    workspace = Workspace(
        sixes[0], sixes[1], sixes[2], sixes[3], sixes[4],
        joints[0], joints[1], joints[2], joints[3], joints[4], joints[5], joints[6], joints[7],
        jacobians[0], jacobians[1], jacobians[2], squares[0], squares[1],
        sized[0], sized[1], sized[2], lines[0], lines[1], T, objective_work,
        tight_axis, axis, seed_distances, rows, picks,
        RowScratch(row_G, row_h, row_mu, row_gram, row_dq0, row_active, row_count,
                   row_metric, row_directions))
    return workspace, at, 13


@njit(cache=True)
def workspace_size(n: int, seed_scan: int) -> tuple:
    """(float64 items, int64 items) a solve's workspace needs (see `carve_workspace`)."""
    floats = stack_array(np.float64, 1)
    ints = stack_array(np.int64, 1)
    _, float_count, int_count = carve_workspace(floats, ints, n, seed_scan)
    return float_count, int_count
