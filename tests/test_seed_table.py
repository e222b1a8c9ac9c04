"""The restart seed table: nearest-pose ranking, caching, and its use by the solver."""

import numpy as np

import reachkit as rk
from reachkit.ik.seeds import TABLE_SIZE, build_seed_table, seed_table
from reachkit.kernels.ik.seeds import rank_seeds as _rank_seeds

PANDA = rk.models.load("panda")
FULL = np.ones(6)
POSITION_ONLY = np.array([1.0, 1, 1, 0, 0, 0])


def _distances(columns: np.ndarray, scale: float, T: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Reference distances in NumPy: masked squared position error in table units plus
    0.15 (1 - cos angle) weighted by the share of masked rotation axes."""
    rows = columns.T
    dp = ((rows[:, :3] - T[:3, 3] / scale) ** 2 * mask[:3]).sum(axis=1)
    trace = (rows[:, 3:].reshape(-1, 3, 3) * T[:3, :3]).sum(axis=(1, 2))
    return dp + 0.15 * mask[3:].mean() * 0.5 * (3.0 - trace)


def rank_seeds(columns: np.ndarray, scale: float, T: np.ndarray, mask: np.ndarray,
               best: np.ndarray) -> int:
    """The kernel with scratch of exactly the size it documents (K + R)."""
    return _rank_seeds(columns, scale, T, mask, best, np.empty(columns.shape[1] + best.shape[0]))


def test_table_is_cached_read_only_and_matches_forward_kinematics() -> None:
    q, rows, scale = seed_table(PANDA)
    assert seed_table(PANDA)[0] is q
    assert q.shape == (TABLE_SIZE, 7) and rows.shape == (12, TABLE_SIZE)
    assert not q.flags.writeable and not rows.flags.writeable
    lower, upper = PANDA.sampling_bounds()
    assert np.all((q >= lower) & (q <= upper))
    T = PANDA.fk(q[17])
    assert np.allclose(rows[:3, 17] * scale, T[:3, 3], atol=1e-12)
    assert np.allclose(rows[3:, 17].reshape(3, 3), T[:3, :3], atol=1e-12)
    again = build_seed_table(PANDA)
    assert np.array_equal(again[0], q) and again[2] == scale  # deterministic


def test_ranking_is_nearest_first_and_follows_the_mask() -> None:
    _, rows, scale = seed_table(PANDA)
    T = PANDA.fk(PANDA.random_q(1, seed=4)[0])
    for mask in (FULL, POSITION_ONLY):
        best = np.empty(4, dtype=np.int64)
        assert rank_seeds(rows, scale, T, mask, best) == 4
        assert np.array_equal(best, np.argsort(_distances(rows, scale, T, mask), kind="stable")[:4])


def test_ranking_a_short_table_and_nan_distances() -> None:
    _, rows, scale = seed_table(PANDA)
    best = np.empty(4, dtype=np.int64)
    assert rank_seeds(rows[:, :2].copy(), scale, PANDA.fk(np.zeros(7)), FULL, best) == 2
    assert rank_seeds(rows[:, :0].copy(), scale, PANDA.fk(np.zeros(7)), FULL, best) == 0
    nan_rows = np.full((12, 3), np.nan)
    assert rank_seeds(nan_rows, scale, PANDA.fk(np.zeros(7)), FULL, best) == 0


def test_without_q0_the_first_search_starts_at_the_nearest_table_pose() -> None:
    q_table, _, _ = seed_table(PANDA)
    res = rk.ik(PANDA, PANDA.fk(q_table[42]))
    assert res.success and res.iterations == 0 and res.restarts == 0
    assert np.allclose(res.q, q_table[42], atol=1e-12)


def test_with_q0_the_first_search_starts_at_q0() -> None:
    q_table, _, _ = seed_table(PANDA)
    q0 = PANDA.random_q(1, seed=9)[0]
    traced = rk.ik(PANDA, PANDA.fk(q_table[42]), q0=q0, max_iterations=1, max_restarts=0, trace=True)
    assert np.allclose(traced.trace[0], q0)


def test_restarts_start_from_the_nearest_table_poses_with_and_without_a_time_limit() -> None:
    q_table, rows, scale = seed_table(PANDA)
    T = PANDA.fk(PANDA.random_q(1, seed=21)[0])
    ranked = np.empty(4, dtype=np.int64)
    rank_seeds(rows, scale, T, FULL, ranked)
    q0 = PANDA.random_q(1, seed=22)[0]
    for extra in ({}, {"time_limit": 60.0}):
        res = rk.ik(PANDA, T, q0=q0, max_iterations=1, max_restarts=2, trace=True, **extra)
        # two rows per one-step search: its start and the step; the third search is random
        assert np.allclose(res.trace[0], q0)
        assert np.allclose(res.trace[2], q_table[ranked[0]]), extra
        assert not np.allclose(res.trace[4], q_table[ranked[1]])
