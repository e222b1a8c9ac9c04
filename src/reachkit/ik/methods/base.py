"""`Method`: a numerical IK step rule and its default budgets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Method:
    """One numerical method.

    rule: builds the method's rule record (`reachkit.kernels.ik.records`) from an
        `IKOptions`; its type picks the step the kernels compile and run.
    max_iterations, max_restarts, stall_window: default budgets (iterations per search,
        extra random searches, iterations without progress before a restart).
    stall_ratio: "progress" means the cost falling below this fraction of the search's
        best so far.
    gain: default step gain; max_step: default largest joint move per iteration.
    supports_secondary: whether null-space objectives apply.
    keeps_rows: whether its steps keep inequality constraints (`reachkit.constraints`).
    """

    name: str
    rule: Callable[[Any], tuple]
    summary: str
    max_iterations: int
    max_restarts: int
    stall_window: int
    stall_ratio: float = 0.99
    gain: float = 1.0
    max_step: float = float("inf")
    supports_secondary: bool = False
    keeps_rows: bool = True
