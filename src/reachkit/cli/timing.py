"""Solve times as the library sees them: the first call in a process also loads the
compiled kernels from the cache (tens of ms), so the time shown is that of the same call
repeated once the kernels are loaded, and the first call's time is kept apart."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

REPEAT_BUDGET_S = 0.2  # at most this long spent repeating a call to time it
MAX_REPEATS = 20


@dataclass(frozen=True)
class Timing:
    """first_s: the first call (includes loading kernels); solve_s: the fastest repeat."""

    first_s: float
    solve_s: float

    def text(self) -> str:
        """'solve 12 us (first call in this process 63 ms, loading the compiled kernels)'."""
        return (f"solve {format_seconds(self.solve_s)} (first call in this process "
                f"{format_seconds(self.first_s)}, loading the compiled kernels)")

    def as_dict(self) -> dict[str, float]:
        return {"time_s": self.solve_s, "first_call_s": self.first_s}


def format_seconds(seconds: float) -> str:
    """A duration with a unit that fits: 4.8 us, 12.3 ms, 1.20 s."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    if seconds < 1.0:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def timed(call: Callable[[], T]) -> tuple[T, Timing]:
    """Run `call`, keep its result, then repeat it (at most MAX_REPEATS times within
    REPEAT_BUDGET_S, at least once) and report the fastest repeat."""
    start = time.perf_counter()
    result = call()
    first = time.perf_counter() - start
    best, spent, repeats = float("inf"), 0.0, 0
    while repeats < MAX_REPEATS and (repeats == 0 or spent + best < REPEAT_BUDGET_S):
        start = time.perf_counter()
        call()
        elapsed = time.perf_counter() - start
        best, spent, repeats = min(best, elapsed), spent + elapsed, repeats + 1
    return result, Timing(first, best)
