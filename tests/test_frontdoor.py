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
