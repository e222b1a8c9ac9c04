"""The cheap front door of `ik`: the result record, the caches and the fast path must
behave exactly like the fully checked path."""

from __future__ import annotations

import dataclasses
import pickle

import numpy as np
import pytest

import reachkit as rk

PANDA = rk.models.load("panda")


def _result() -> rk.IKResult:
    return rk.IKResult(q=np.array([0.1, -0.2]), success=True, position_error=1e-7,
                       rotation_error=2e-7, iterations=5, restarts=0, reason="converged",
                       method="lm")


# ---- IKResult --------------------------------------------------------------------------
def test_ik_result_is_a_frozen_dataclass_with_its_documented_fields() -> None:
    res = _result()
    assert dataclasses.is_dataclass(res)
    assert [f.name for f in dataclasses.fields(res)] == [
        "q", "success", "position_error", "rotation_error", "iterations", "restarts", "reason",
        "method", "trace", "notes"]
    assert res.trace is None and res.notes == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.success = False  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.extra = 1  # type: ignore[attr-defined]
    assert "IKResult(success=True, q=[ 0.1, -0.2]" in repr(res) and "method='lm'" in repr(res)


def test_ik_result_positional_keyword_replace_and_pickle_agree() -> None:
    res = _result()
    positional = rk.IKResult(res.q, True, 1e-7, 2e-7, 5, 0, "converged", "lm", None, ())
    assert dataclasses.astuple(positional)[1:] == dataclasses.astuple(res)[1:]
    changed = dataclasses.replace(res, reason="other", notes=("n",))
    assert changed.reason == "other" and changed.notes == ("n",) and changed.q is res.q
    back = pickle.loads(pickle.dumps(res))
    assert np.array_equal(back.q, res.q) and back.reason == res.reason and back.notes == ()
    assert res == res and dataclasses.asdict(res)["iterations"] == 5


# ---- caches ----------------------------------------------------------------------------
def test_a_robot_is_packed_once_and_its_entry_goes_with_it() -> None:
    import gc

    from reachkit.ik import solve

    robot = rk.models.load("ur5")
    T = robot.fk(robot.random_q(seed=1))
    first = rk.ik(robot, T, seed=1)
    key = id(robot)
    packed = solve._PACKED[key]
    assert rk.ik(robot, T, seed=1).q.tobytes() == first.q.tobytes()
    assert solve._PACKED[key] is packed and packed.dof == robot.dof
    assert all(a is b for a, b in zip(packed.arrays[:3], (robot.chain.fixed, robot.chain.kinds,
                                                          robot.chain.offsets)))
    del robot
    gc.collect()
    assert key not in solve._PACKED


def test_the_plan_cache_holds_valid_option_sets_only() -> None:
    from reachkit.ik import solve

    with pytest.raises(rk.OptionsError):
        rk.ik(PANDA, np.eye(4), method="lm", max_iterations=0)
    assert ("lm", (("max_iterations", int, 0),), True) not in solve._PLANS
    rk.ik(PANDA, PANDA.fk(np.zeros(7)), method="LM", max_iterations=20)
    assert ("LM", (("max_iterations", int, 20),), True) in solve._PLANS
    with pytest.raises(rk.OptionsError, match="max_iterations"):  # the cache never skips the check
        rk.ik(PANDA, np.eye(4), method="LM", max_iterations=20.0)
