"""The solver core's contracts: answers do not depend on a target's place in a batch,
time limits stop a search inside the kernel, and the records reach the kernels typed."""

from __future__ import annotations

import time

import numpy as np

import reachkit as rk
from reachkit.ik import solve
from reachkit.ik.methods import METHODS
from reachkit.ik.options import IKOptions, typed_record
from reachkit.kernels.ik import records as R

PANDA = rk.models.load("panda")


def _poses(robot: rk.Robot, n: int, seed: int) -> np.ndarray:
    return robot.fk(robot.random_q(n, seed=seed))


def test_a_batch_split_in_two_halves_gives_identical_answers() -> None:
    poses = _poses(PANDA, 120, seed=5)
    starts = PANDA.random_q(120, seed=6)
    for q0 in (None, starts):
        whole = rk.ik_batch(PANDA, poses, q0=q0, seed=11)
        first = rk.ik_batch(PANDA, poses[:60], q0=None if q0 is None else q0[:60], seed=11)
        second = rk.ik_batch(PANDA, poses[60:], q0=None if q0 is None else q0[60:], seed=11)
        np.testing.assert_array_equal(np.vstack([first.q, second.q]), whole.q)
        np.testing.assert_array_equal(np.concatenate([first.iterations, second.iterations]),
                                      whole.iterations)
        assert whole.success.all()


def test_a_target_gets_the_same_answer_alone_and_in_a_batch() -> None:
    poses = _poses(PANDA, 20, seed=7)
    batch = rk.ik_batch(PANDA, poses[::-1], seed=3)  # reversed: other places
    for k, T in enumerate(poses[::-1]):
        alone = rk.ik(PANDA, T, seed=3)
        np.testing.assert_array_equal(alone.q, batch.q[k])
        assert alone.iterations == batch.iterations[k]


def test_the_random_stream_mixes_the_seed_and_the_target() -> None:
    from reachkit.kernels.ik.random import target_seed

    T, task = _poses(PANDA, 2, seed=9), np.ones((3, 6))
    streams = {int(target_seed(seed, pose, task)) for seed in (0, 1, 2**32 - 1) for pose in T}
    assert len(streams) == 6
    assert target_seed(5, T[0], task) == target_seed(5, T[0].copy(), task.copy())
    masked = task.copy()
    masked[0, 3:] = 0.0
    assert target_seed(5, T[0], task) != target_seed(5, T[0], masked)


def test_a_time_limit_stops_a_long_search_inside_the_kernel() -> None:
    """One search that would take ~10^7 iterations (minutes) stops at the deadline."""
    T = np.eye(4)
    T[:3, 3] = [3.0, 0.0, 0.5]
    options = {"max_restarts": 0, "max_iterations": 10_000_000, "stall_window": 10_000_000,
               "stall_ratio": 1.0}
    rk.ik(PANDA, T, max_iterations=3, max_restarts=0)  # compiled before the clock starts
    start = time.monotonic()
    res = rk.ik(PANDA, T, time_limit=0.05, **options)
    elapsed = time.monotonic() - start
    assert not res.success and res.reason.startswith("unreachable")  # said before the clock
    assert 0 < res.iterations < 10_000_000
    assert elapsed < 5.0, elapsed  # minutes without the check inside the kernel
    np.testing.assert_array_less(PANDA.limits[0] - 1e-9, res.q)
    batch = rk.ik_batch(PANDA, np.stack([T, T]), time_limit=0.05, **options)
    assert not batch.success.any()
    assert np.all(batch.iterations < 10_000_000)


def test_each_method_has_a_typed_rule_record_and_budget() -> None:
    options = IKOptions(gain=1, max_step=2)  # integers where floats are meant
    for method in METHODS.values():
        rule = options.rule(method)
        assert type(rule).__module__ == R.__name__
        budget = options.budget(method, True)
        assert type(budget.gain) is float and type(budget.max_step) is float
        assert type(budget.max_iterations) is int and type(budget.use_limits) is bool
        assert typed_record(budget) == budget


def test_plans_of_one_rule_type_share_the_compiled_entry_point() -> None:
    T = _poses(PANDA, 1, seed=1)[0]
    rk.ik(PANDA, T, method="nr")
    rk.ik(PANDA, T, method="pinv", gain=0.5)
    nr = solve._PLANS[("nr", (), True)]
    pinv = next(p for key, p in solve._PLANS.items() if key[0] == "pinv")
    assert type(nr.rule) is type(pinv.rule) is R.Pinv
    assert nr.entry is not None and nr.entry is pinv.entry
