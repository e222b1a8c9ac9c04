"""A robot as the solver kernels take it: one float64 vector, packed once per robot.

Numba's dispatcher types and unboxes every argument of a call from Python: ~0.08 us per
array, ~1 us for the nested tuple of eight arrays a robot used to be. One vector costs
one array; the kernel splits it back into views (`unpack_robot_into`, a few ns with
`views.carve`).

Layout, for n chain joints driven by d joint values (d = n unless joints are coupled),
K seed-table entries, a seed grid of C cells and a seed scan of S candidates at most
(`seeds.seed_scan_size`):
    [d, K, table scale, C, S, n, coupled, chain kinds (n), offsets (n), leader (n),
     multiplier (n), shift (n), kinds (d), lower (d), upper (d), sample_lower (d),
     sample_upper (d), fixed ((n + 1) * 16), table q (K * d),
     table pose columns (POSE_ROWS * K), table grid (GRID_FIELDS), cell starts (C + 1)]
"""

import numpy as np
from numba import njit
from numpy.typing import NDArray

from ..jit import kernel
from ..numba_internals import carve, read_only_view
from .constraints import ROW_CAPACITY
from .records import Arm, SeedTable
from .seeds import seed_scan_size

_HEADER = 7  # d, K, table scale, C, S, n, coupled
POSE_ROWS = 7  # a seed-table pose: position / scale (3), unit quaternion (4)
# The seed grid: coarse size, cells per axis, origin (3), cells per metre (3), largest cell.
GRID_FIELDS = 9


def pack_robot(fixed: NDArray[np.float64], chain_kinds: NDArray[np.int64],
               offsets: NDArray[np.float64], coupling: tuple, kinds: NDArray[np.int64],
               lower: NDArray[np.float64], upper: NDArray[np.float64],
               sample_lower: NDArray[np.float64], sample_upper: NDArray[np.float64],
               seed_table: tuple) -> NDArray[np.float64]:
    """The packed vector of a robot: fixed (n + 1, 4, 4), chain_kinds and offsets (n,) of
    its chain; coupling = (coupled, leader (n,) int, multiplier (n,), shift (n,)) (see
    `records.Arm`); kinds, limits and sampling bounds (d,) of its joint values; and its
    seed table (q (K, d), pose columns (POSE_ROWS, K), position scale in metres, grid
    (GRID_FIELDS,), cell starts (C + 1,)), a `reachkit.ik.seeds.SeedTable`. Kinds and
    indices are small integers, exact as float64. Read-only: robots are immutable."""
    table_q, table_poses, table_scale, grid, cell_start = seed_table
    coupled, leader, multiplier, shift = coupling
    n, d = chain_kinds.shape[0], kinds.shape[0]
    k, cells = table_q.shape[0], cell_start.shape[0] - 1
    scan = seed_scan_size(int(grid[8]), min(int(grid[0]), k))
    robot = np.concatenate([
        [d, k, table_scale, cells, scan, n, float(bool(coupled))], chain_kinds, offsets, leader,
        multiplier, shift, kinds, lower, upper, sample_lower, sample_upper, fixed.ravel(),
        table_q.ravel(), table_poses.ravel(), grid, cell_start]
    ).astype(np.float64)
    robot.setflags(write=False)
    return robot


@kernel()
def robot_sizes(robot: np.ndarray) -> tuple:
    """(d joint values, K seed-table entries, seed scan size S) of a `pack_robot` vector."""
    return int(robot[0]), int(robot[1]), int(robot[4])


@kernel()
def arm_scratch_size(robot: np.ndarray) -> tuple:
    """(float64 items, int64 items) `unpack_robot_into` needs: the chain kinds (n ints),
    and for a coupled arm the value kinds and leaders (d + n ints) and the chain's values,
    Jacobian and collision rows ((7 + ROW_CAPACITY) n floats)."""
    n = int(robot[5])
    if robot[6] == 0.0:
        return 0, n
    return (7 + ROW_CAPACITY) * n, 2 * n + int(robot[0])


@njit(cache=True, inline="always")
def unpack_robot_into(robot: np.ndarray, ints: np.ndarray, floats: np.ndarray) -> tuple:
    """(Arm, SeedTable) records of a `pack_robot` vector, as views of it; ints (int64)
    receives the kinds and leaders (the vector holds them as floats), floats (float64) is
    the coupled arm's scratch, both of `arm_scratch_size`.

    Inlined into its caller: returned views are references the caller owns, so a caller
    that counts references (`unpack_robot`) must count these, and one compiled without
    counting (`front`'s kernels) must not; a separately compiled kernel would get one of
    them wrong."""
    d, k, _ = robot_sizes(robot)
    cells = int(robot[3])
    n = int(robot[5])
    coupled = robot[6] != 0.0
    at = _HEADER
    for j in range(n):
        ints[j] = int(robot[at + j])
    chain_kinds = read_only_view(ints[:n])  # read-only as the arrays Python passes: the
    # FK kernels compile one version for both (first plain `rk.ik`: 117 -> 116 versions)
    offsets = robot[at + n:at + 2 * n]
    multiplier = robot[at + 3 * n:at + 4 * n]
    shift = robot[at + 4 * n:at + 5 * n]
    kinds = chain_kinds
    leader = chain_kinds
    if coupled:
        for j in range(n):
            ints[n + j] = int(robot[at + 2 * n + j])
        for j in range(d):
            ints[2 * n + j] = int(robot[at + 5 * n + j])
        leader = read_only_view(ints[n:2 * n])
        kinds = read_only_view(ints[2 * n:2 * n + d])
    at += 5 * n + d
    lower = robot[at:at + d]
    upper = robot[at + d:at + 2 * d]
    sample_lower = robot[at + 2 * d:at + 3 * d]
    sample_upper = robot[at + 3 * d:at + 4 * d]
    at += 4 * d
    fixed = carve(robot, at, (n + 1, 4, 4))
    at += (n + 1) * 16
    table_q = carve(robot, at, (k, d))
    at += k * d
    table_poses = carve(robot, at, (POSE_ROWS, k))
    at += k * POSE_ROWS
    grid = robot[at:at + GRID_FIELDS]
    cell_start = robot[at + GRID_FIELDS:at + GRID_FIELDS + cells + 1]
    chain_size = n if coupled else 0
    chain_q = carve(floats, 0, (chain_size,))
    chain_J = carve(floats, chain_size, (6, chain_size))
    chain_G = carve(floats, 7 * chain_size, (ROW_CAPACITY, chain_size))
    return (Arm(fixed, chain_kinds, offsets, kinds, lower, upper, sample_lower, sample_upper,
                coupled, leader, multiplier, shift, chain_q, chain_J, chain_G),
            SeedTable(table_q, table_poses, robot[2], grid, cell_start))


@njit(cache=True)
def unpack_robot(robot: np.ndarray) -> tuple:
    """(Arm, SeedTable) of a `pack_robot` vector (see `unpack_robot_into`): views of it,
    except the kinds, leaders and scratch, new arrays."""
    float_count, int_count = arm_scratch_size(robot)
    return unpack_robot_into(robot, np.empty(int_count, dtype=np.int64), np.empty(float_count))
