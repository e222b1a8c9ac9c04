"""A robot as the solver kernels take it: one float64 vector, packed once per robot.

Numba's dispatcher types and unboxes every argument of a call from Python: ~0.08 us per
array, ~1 us for the nested tuple of eight arrays a robot used to be. One vector costs
one array; the kernel splits it back into views (`unpack_robot_into`, a few ns with
`views.carve`).

Layout, for n joints, K seed-table entries, a seed grid of C cells and a seed scan of
S candidates at most (`seeds.seed_scan_size`):
    [n, K, table scale, C, S, kinds (n), offsets (n), lower (n), upper (n),
     sample_lower (n), sample_upper (n), fixed ((n + 1) * 16), table q (K * n),
     table pose columns (POSE_ROWS * K), table grid (GRID_FIELDS), cell starts (C + 1)]
"""

import numpy as np
from numba import njit
from numpy.typing import NDArray

from ..jit import kernel
from ..numba_internals import carve
from .records import Arm, SeedTable
from .seeds import seed_scan_size

_HEADER = 5  # n, K, table scale, C, S
_VECTORS = 6  # kinds, offsets, lower, upper, sample_lower, sample_upper
POSE_ROWS = 7  # a seed-table pose: position / scale (3), unit quaternion (4)
# The seed grid: coarse size, cells per axis, origin (3), cells per metre (3), largest cell.
GRID_FIELDS = 9


def pack_robot(fixed: NDArray[np.float64], kinds: NDArray[np.int64],
               offsets: NDArray[np.float64], lower: NDArray[np.float64],
               upper: NDArray[np.float64], sample_lower: NDArray[np.float64],
               sample_upper: NDArray[np.float64],
               seed_table: tuple) -> NDArray[np.float64]:
    """The packed vector of a robot: fixed (n + 1, 4, 4), kinds and offsets (n,) of its
    `Chain`, its limits and sampling bounds (n,) each, and its seed table (q (K, n),
    pose columns (POSE_ROWS, K), position scale in metres, grid (GRID_FIELDS,), cell
    starts (C + 1,)), a `reachkit.ik.seeds.SeedTable`. Kinds and indices are small integers, exact as
    float64. Read-only: robots are immutable."""
    table_q, table_poses, table_scale, grid, cell_start = seed_table
    n, k, cells = kinds.shape[0], table_q.shape[0], cell_start.shape[0] - 1
    scan = seed_scan_size(int(grid[8]), min(int(grid[0]), k))
    robot = np.concatenate([
        [n, k, table_scale, cells, scan], kinds, offsets, lower, upper, sample_lower, sample_upper,
        fixed.ravel(), table_q.ravel(), table_poses.ravel(), grid, cell_start]
    ).astype(np.float64)
    robot.setflags(write=False)
    return robot


@kernel()
def robot_sizes(robot: np.ndarray) -> tuple:
    """(n joints, K seed-table entries, seed scan size S) of a `pack_robot` vector."""
    return int(robot[0]), int(robot[1]), int(robot[4])


@njit(cache=True, inline="always")
def unpack_robot_into(robot: np.ndarray, kinds: np.ndarray) -> tuple:
    """(Arm, SeedTable) records of a `pack_robot` vector, as views of it; kinds (n,) int64
    receives the joint kinds (the vector holds them as floats).

    Inlined into its caller: returned views are references the caller owns, so a caller
    that counts references (`unpack_robot`) must count these, and one compiled without
    counting (`front`'s kernels) must not; a separately compiled kernel would get one of
    them wrong."""
    n, k, _ = robot_sizes(robot)
    cells = int(robot[3])
    at = _HEADER
    for j in range(n):
        kinds[j] = int(robot[at + j])
    at += n
    offsets = robot[at:at + n]
    lower = robot[at + n:at + 2 * n]
    upper = robot[at + 2 * n:at + 3 * n]
    sample_lower = robot[at + 3 * n:at + 4 * n]
    sample_upper = robot[at + 4 * n:at + 5 * n]
    at += (_VECTORS - 1) * n
    fixed = carve(robot, at, (n + 1, 4, 4))
    at += (n + 1) * 16
    table_q = carve(robot, at, (k, n))
    at += k * n
    table_poses = carve(robot, at, (POSE_ROWS, k))
    at += k * POSE_ROWS
    grid = robot[at:at + GRID_FIELDS]
    cell_start = robot[at + GRID_FIELDS:at + GRID_FIELDS + cells + 1]
    return (Arm(fixed, kinds, offsets, lower, upper, sample_lower, sample_upper),
            SeedTable(table_q, table_poses, robot[2], grid, cell_start))


@njit(cache=True)
def unpack_robot(robot: np.ndarray) -> tuple:
    """(Arm, SeedTable) of a `pack_robot` vector (see `unpack_robot_into`): views of it,
    except kinds, a new int64 array."""
    kinds = np.empty(robot_sizes(robot)[0], dtype=np.int64)
    return unpack_robot_into(robot, kinds)
