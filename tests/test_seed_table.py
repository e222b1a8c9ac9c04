"""The restart seed table: its grid, nearest-pose ranking, caching, and its use by the solver."""

import numpy as np

import reachkit as rk
from reachkit.ik.seeds import COARSE_SIZE, GRID_CELLS, TABLE_SIZE, build_seed_table, seed_table
from reachkit.kernels.ik.seeds import (
    TABLE_STARTS,
    next_seed,
    quaternion_of,
    seed_candidates,
    table_scan_size,
)
from reachkit.spatial import matrix_to_quaternion

PANDA = rk.models.load("panda")
FULL = np.ones(6)
POSITION_ONLY = np.array([1.0, 1, 1, 0, 0, 0])
K = COARSE_SIZE + TABLE_SIZE


def _distances(table: tuple, T: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Reference distances in NumPy: masked squared position error in table units plus
    0.15 (1 - cos angle) weighted by the share of masked rotation axes."""
    rows, scale = table[1].T, table[2]
    dp = ((rows[:, :3] - T[:3, 3] / scale) ** 2 * mask[:3]).sum(axis=1)
    angle = [np.arccos(np.clip((np.trace(T[:3, :3].T @ rk.spatial.quaternion_to_matrix(r)) - 1) / 2,
                               -1, 1)) for r in rows[:, 3:]]
    return dp + 0.15 * mask[3:].mean() * (1.0 - np.cos(angle))


def _cell_of(table: tuple, T: np.ndarray) -> int:
    grid = table[3]
    index = np.clip(((T[:3, 3] - grid[2:5]) * grid[5:8]).astype(int), 0, int(grid[1]) - 1)
    return int((index[0] * grid[1] + index[1]) * grid[1] + index[2])


def rank_seeds(table: tuple, T: np.ndarray, mask: np.ndarray, best: np.ndarray) -> int:
    """The table rows the solver's table starts take, in order, into best (R,); how many
    there were. Scratch of exactly the size the kernels document."""
    table = tuple(table)
    distances = np.empty(table_scan_size(table))
    candidates, cell_first, cell_count = seed_candidates(table, T, mask, distances)
    assert candidates <= distances.shape[0]
    for written in range(best.shape[0]):
        row = next_seed(distances, candidates, cell_first, cell_count)
        if row < 0:
            return written
        best[written] = row
    return best.shape[0]


def test_table_is_cached_read_only_and_matches_forward_kinematics() -> None:
    table = seed_table(PANDA)
    q, rows, scale, grid, cell_start = table
    assert seed_table(PANDA) is table
    assert q.shape == (K, 7) and rows.shape == (7, K) and grid.shape == (9,)
    assert cell_start.shape == (GRID_CELLS**3 + 1,)
    for array in table[:2] + table[3:]:
        assert not array.flags.writeable
    lower, upper = PANDA.sampling_bounds()
    assert np.all((q >= lower) & (q <= upper))
    for i in (17, COARSE_SIZE + 1234):
        T = PANDA.fk(q[i])
        assert np.allclose(rows[:3, i] * scale, T[:3, 3], atol=1e-12)
        assert np.allclose(rows[3:, i], matrix_to_quaternion(T[:3, :3]), atol=1e-12)
    again = build_seed_table(PANDA)
    assert np.array_equal(again.q, q) and again.scale == scale  # deterministic


def test_the_grid_sorts_every_fine_entry_into_the_cell_of_its_position() -> None:
    table = seed_table(PANDA)
    q, _, _, grid, cell_start = table
    assert grid[0] == COARSE_SIZE and grid[1] == GRID_CELLS and grid[8] == np.diff(cell_start).max()
    assert cell_start[0] == COARSE_SIZE and cell_start[-1] == K
    assert np.all(np.diff(cell_start) >= 0)
    for c in range(GRID_CELLS**3):
        for i in range(int(cell_start[c]), int(cell_start[c + 1]), 7):
            assert _cell_of(table, PANDA.fk(q[i])) == c


def test_the_target_quaternion_matches_the_reference_up_to_sign() -> None:
    for q in PANDA.random_q(50, seed=8):
        R = PANDA.fk(q)[:3, :3]
        assert abs(abs(np.dot(quaternion_of(PANDA.fk(q)), matrix_to_quaternion(R))) - 1.0) < 1e-12
    for R in (np.diag([1.0, -1, -1]), np.diag([-1.0, 1, -1]), np.diag([-1.0, -1, 1])):  # angle pi
        T = np.eye(4)
        T[:3, :3] = R
        assert abs(abs(np.dot(quaternion_of(T), matrix_to_quaternion(R))) - 1.0) < 1e-12


def test_full_position_targets_rank_the_entries_of_their_cell() -> None:
    table = seed_table(PANDA)
    for seed in range(5):
        T = PANDA.fk(PANDA.random_q(1, seed=seed)[0])
        c = _cell_of(table, T)
        start, stop = int(table.cell_start[c]), int(table.cell_start[c + 1])
        best = np.empty(4, dtype=np.int64)
        assert rank_seeds(table, T, FULL, best) == 4
        d = _distances(table, T, FULL)
        candidates = np.arange(start, stop) if stop - start >= TABLE_STARTS else \
            np.concatenate([np.arange(COARSE_SIZE), np.arange(start, stop)])
        expected = candidates[np.argsort(d[candidates], kind="stable")[:4]]
        assert np.array_equal(best, expected)


def test_other_masks_rank_the_coarse_part() -> None:
    table = seed_table(PANDA)
    T = PANDA.fk(PANDA.random_q(1, seed=4)[0])
    for mask in (POSITION_ONLY * [1, 1, 0, 0, 0, 0], np.array([1.0, 1, 0, 0, 0, 1])):
        best = np.empty(4, dtype=np.int64)
        assert rank_seeds(table, T, mask, best) == 4
        d = _distances(table, T, mask)[:COARSE_SIZE]
        assert np.array_equal(best, np.argsort(d, kind="stable")[:4])


def test_ranking_a_short_table_and_nan_distances() -> None:
    table = build_seed_table(PANDA, size=0, coarse=2)
    best = np.empty(4, dtype=np.int64)
    assert rank_seeds(table, PANDA.fk(np.zeros(7)), FULL, best) == 2
    empty = build_seed_table(PANDA, size=0, coarse=0)
    assert rank_seeds(empty, PANDA.fk(np.zeros(7)), FULL, best) == 0
    nan_table = table._replace(poses=np.full((7, 2), np.nan))
    assert rank_seeds(nan_table, PANDA.fk(np.zeros(7)), FULL, best) == 0


def test_without_q0_the_first_search_starts_at_the_nearest_table_pose() -> None:
    q_table = seed_table(PANDA).q
    fine = COARSE_SIZE + 42  # a full-pose target is ranked among its grid cell's entries
    res = rk.ik(PANDA, PANDA.fk(q_table[fine]))
    assert res.success and res.iterations == 0 and res.restarts == 0
    assert np.allclose(res.q, q_table[fine], atol=1e-12)


def test_with_q0_the_first_search_starts_at_q0() -> None:
    q_table = seed_table(PANDA).q
    q0 = PANDA.random_q(1, seed=9)[0]
    traced = rk.ik(PANDA, PANDA.fk(q_table[42]), q0=q0, max_iterations=1, max_restarts=0, trace=True)
    assert np.allclose(traced.trace[0], q0)


def _cost(T: np.ndarray, T_target: np.ndarray) -> float:
    """The solver's cost of a full-pose, unit-weight task: 0.5 |pose error|^2."""
    return 0.5 * float(np.sum(rk.spatial.pose_error(T, T_target) ** 2))


def test_restarts_start_from_the_nearest_table_poses_with_and_without_a_time_limit() -> None:
    q_table = seed_table(PANDA).q
    T = PANDA.fk(PANDA.random_q(1, seed=21)[0])
    ranked = np.empty(4, dtype=np.int64)
    rank_seeds(seed_table(PANDA), T, FULL, ranked)
    q0 = PANDA.random_q(1, seed=22)[0]
    assert _cost(PANDA.fk(q0), T) > _cost(PANDA.fk(q_table[ranked[0]]), T)  # q0 loses the race
    for extra in ({}, {"time_limit": 60.0}):
        res = rk.ik(PANDA, T, q0=q0, max_iterations=1, max_restarts=3, trace=True, **extra)
        # q0 gives way at once (one row); then one-step searches (two rows each) from the
        # nearest table start, a random start and the next table start
        assert np.array_equal(res.trace[0], q0)
        assert np.allclose(res.trace[1], q_table[ranked[0]]), extra
        assert not np.allclose(res.trace[3], q_table[ranked[1]]), extra
        assert np.allclose(res.trace[5], q_table[ranked[1]]), extra


def test_a_q0_farther_than_the_nearest_table_start_gives_way_to_it_before_any_step() -> None:
    table = seed_table(PANDA)
    outcomes = set()
    for k in range(12):
        T = PANDA.fk(PANDA.random_q(1, seed=100 + k)[0])
        # random starts, and starts a little off a solution (these usually win)
        q0 = PANDA.random_q(1, seed=200 + k)[0] if k % 2 else \
            np.clip(PANDA.ik(T).q + 0.1 * (k % 4 - 1.5), *PANDA.limits)
        res = rk.ik(PANDA, T, q0=q0, trace=True)
        assert res.success and np.array_equal(res.trace[0], q0)
        nearest = np.empty(1, dtype=np.int64)
        rank_seeds(table, T, FULL, nearest)
        q_nearest = table.q[nearest[0]]
        q0_loses = _cost(PANDA.fk(q0), T) > _cost(PANDA.fk(q_nearest), T)
        assert np.array_equal(res.trace[1], q_nearest) == q0_loses, k
        assert (res.restarts > 0) >= q0_loses
        outcomes.add(q0_loses)
    assert outcomes == {True, False}


def test_a_q0_near_a_solution_keeps_its_search() -> None:
    for k in range(10):
        q = PANDA.random_q(1, seed=300 + k)[0]
        q0 = q + np.random.default_rng(k).normal(scale=0.05, size=7)
        res = rk.ik(PANDA, PANDA.fk(q), q0=q0, trace=True)
        assert res.success and res.restarts == 0 and np.allclose(res.trace[0], q0)
