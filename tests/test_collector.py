"""The collector's threshold while Numba compiles (`kernels.collector`)."""

import gc

import numpy as np
from numba import njit
from numba.core import event

from reachkit.kernels.collector import COMPILING_THRESHOLD


class _ThresholdSeen(event.Listener):
    """Records the collector's thresholds at the start of each compile's lowering."""

    def __init__(self) -> None:
        self.seen: list[tuple[int, int, int]] = []

    def on_start(self, ev: object) -> None:
        self.seen.append(gc.get_threshold())

    def on_end(self, ev: object) -> None:
        pass


def _compile_fresh_function() -> list[tuple[int, int, int]]:
    """Compile a new function (no cache) and return the thresholds seen during it."""
    listener = _ThresholdSeen()

    @njit
    def add_one(x):
        return x + 1.0

    with event.install_listener("numba:llvm_lock", listener):
        assert add_one(np.float64(1.0)) == 2.0
    return listener.seen


def test_threshold_is_raised_during_a_compile_and_restored_after() -> None:
    before = gc.get_threshold()
    seen = _compile_fresh_function()
    assert seen, "no compile was seen"
    assert all(t == (COMPILING_THRESHOLD, *before[1:]) for t in seen)
    assert gc.get_threshold() == before


def test_a_disabled_threshold_stays_disabled() -> None:
    before = gc.get_threshold()
    gc.set_threshold(0)
    try:
        seen = _compile_fresh_function()
        assert seen and all(t[0] == 0 for t in seen)
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)
