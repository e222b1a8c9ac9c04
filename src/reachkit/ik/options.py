"""`IKOptions`: the solver settings as one frozen dataclass; `ik(..., **options)` fills it."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import OptionsError
from ..kernels.ik import records as R
from ..validate import is_real
from .methods import Method

LM_VARIANTS = {"chan": R.LM_CHAN, "sugihara": R.LM_SUGIHARA, "wampler": R.LM_WAMPLER}
LM_DEFAULT_LAMBDA = {"chan": 0.01, "sugihara": 1e-3, "wampler": 1e-3}
# Options whose None means "the method's default" (or, for time_limit, no limit).
_NONE_MEANS_DEFAULT = frozenset({"max_iterations", "max_restarts", "stall_window", "stall_ratio",
                                 "time_limit", "lm_lambda", "gain", "max_step"})
MAX_COUNT = 2**31 - 1  # iteration and restart budgets travel to the kernels as int64


@dataclass(frozen=True)
class IKOptions:
    """Settings of a numerical solve. None means "the method's default".

    position_tolerance: metres, on the norm of the masked position error.
    rotation_tolerance: radians, on the norm of the masked rotation error.
    max_iterations: iterations per search (LM default 100, jt/fd 2000, ccd 1000 sweeps).
    max_restarts: restarts after the first search (the search budget is 1 + this); they
        alternate between seed-table configurations near the target and random ones.
        Every loop is bounded: a solve takes at most max_iterations * (1 + max_restarts)
        iterations, plus at most max(max_iterations, 100) more in one final polishing pass (a line
        search from the best configuration) when no search converged.
    stall_window: iterations without the cost falling below stall_ratio x its best before
        a search counts as stuck and restarts (LM: 2 and 0.4; the others: their window
        and 0.99). From the ninth search on, at least 3 and 0.99 (hard targets creep).
    time_limit: seconds of wall-clock time for the whole solve, or None for no limit.
        Checked between searches (no search is cut short, so a solve may overrun by one
        search); no restart, and no polishing pass, starts after it. In ik_batch it is
        checked between chunks, and targets of chunks not started are left unsolved.
    lm_variant: "chan" (default), "sugihara" or "wampler"; lm_lambda its damping scale.
    dls_mu_max: largest damping mu of `dls`; dls_sigma_eps: the smallest singular value
        below which damping starts.
    gain: step gain for pinv / dls / nr / gn / lm. max_step: largest joint move per
        iteration (rad or m), inf for none. rcond: pseudoinverse cut-off relative to
        the largest singular value, in (0, 1). fd_step: nudge of the finite-difference
        method.
    secondary_iterations: with secondary objectives (pinv / dls / lm), the most null-space
        steps taken after the target is met, each keeping the target met and lowering the
        secondary cost (0: stop as soon as the target is met).
    secondary_tolerance: those steps stop early once three in a row lower the secondary
        cost H by less than this x (1 + |H|).
    """

    position_tolerance: float = 1e-6
    rotation_tolerance: float = 1e-6
    max_iterations: int | None = None
    max_restarts: int | None = None
    stall_window: int | None = None
    stall_ratio: float | None = None
    time_limit: float | None = None
    lm_variant: str = "chan"
    lm_lambda: float | None = None
    dls_mu_max: float = 0.02
    dls_sigma_eps: float = 0.05
    gain: float | None = None
    max_step: float | None = None
    rcond: float = 1e-10
    fd_step: float = 1e-6
    secondary_iterations: int = 200
    secondary_tolerance: float = 1e-10

    def __post_init__(self) -> None:
        # (name, allow inf): a positive number; None means the method's default.
        positive = (("position_tolerance", False), ("rotation_tolerance", False),
                    ("dls_sigma_eps", False), ("fd_step", False), ("gain", False),
                    ("lm_lambda", False), ("max_step", True), ("time_limit", True),
                    ("secondary_tolerance", False))
        for name, allow_inf in positive:
            value = getattr(self, name)
            if value is None and name in _NONE_MEANS_DEFAULT:
                continue
            if not is_real(value) or math.isnan(value) or value <= 0 or (math.isinf(value) and not allow_inf):
                kind = "a positive number" if allow_inf else "a positive finite number"
                raise OptionsError(f"option {name} must be {kind}, got {value!r}")
        if not is_real(self.dls_mu_max) or not 0 <= self.dls_mu_max < math.inf:
            raise OptionsError(f"option dls_mu_max must be a non-negative finite number, got {self.dls_mu_max!r}")
        if not is_real(self.rcond) or not 0 < self.rcond < 1:
            raise OptionsError(f"option rcond must be a number in (0, 1), got {self.rcond!r}")
        if self.stall_ratio is not None and (not is_real(self.stall_ratio) or not 0 < self.stall_ratio <= 1):
            raise OptionsError(f"option stall_ratio must be in (0, 1], got {self.stall_ratio!r}")
        for name, smallest in (("max_iterations", 1), ("max_restarts", 0), ("stall_window", 1),
                               ("secondary_iterations", 0)):
            value = getattr(self, name)
            if value is None and name in _NONE_MEANS_DEFAULT:
                continue
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) \
                    or not smallest <= value <= MAX_COUNT:
                raise OptionsError(f"option {name} must be an integer in [{smallest}, {MAX_COUNT}], "
                                   f"got {value!r}")
        if not isinstance(self.lm_variant, str) or self.lm_variant not in LM_VARIANTS:
            raise OptionsError(f"option lm_variant must be one of {sorted(LM_VARIANTS)}, got {self.lm_variant!r}")

    @classmethod
    def from_kwargs(cls, options: dict[str, Any]) -> IKOptions:
        """IKOptions from keyword arguments, naming any unknown one."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise OptionsError(f"unknown IK option(s) {unknown}; known options: {', '.join(sorted(known))}")
        return cls(**options)

    def searches(self, method: Method) -> int:
        """Total search budget: 1 + restarts."""
        restarts = method.max_restarts if self.max_restarts is None else self.max_restarts
        return 1 + int(restarts)

    @property
    def lm_variant_id(self) -> int:
        """The kernels' id of lm_variant (`records.LM_CHAN`, ...)."""
        return LM_VARIANTS[self.lm_variant]

    @property
    def lm_damping(self) -> float:
        """lm_lambda, or the variant's default."""
        return LM_DEFAULT_LAMBDA[self.lm_variant] if self.lm_lambda is None else float(self.lm_lambda)

    def rule(self, method: Method) -> tuple:
        """The method's rule record for the kernels (`reachkit.kernels.ik.records`)."""
        return typed_record(method.rule(self))

    def budget(self, method: Method, use_limits: bool, searches: int | None = None,
               polish: bool = True, first_search: int = 0,
               deadline: float = math.inf) -> R.Budget:
        """The kernels' `Budget`: `searches` overrides the search budget, `polish` turns
        the final polishing pass off, `first_search` numbers the first search within a
        split solve, deadline is in `time.monotonic` seconds (inf: none)."""
        def pick(value: Any, default: Any) -> Any:
            return default if value is None else value

        return typed_record(R.Budget(
            tol_position=self.position_tolerance,
            tol_rotation=self.rotation_tolerance,
            max_iterations=pick(self.max_iterations, method.max_iterations),
            max_searches=self.searches(method) if searches is None else searches,
            stall_window=pick(self.stall_window, method.stall_window),
            stall_ratio=pick(self.stall_ratio, method.stall_ratio),
            use_limits=use_limits,
            gain=pick(self.gain, method.gain),
            max_step=pick(self.max_step, method.max_step),
            polish=polish,
            first_search=first_search,
            secondary_iterations=self.secondary_iterations,
            secondary_tolerance=self.secondary_tolerance,
            deadline=deadline,
        ))


def typed_record(record: tuple) -> tuple:
    """The record with every field converted to its annotated type (float, int, bool):
    Numba compiles a kernel once per set of field types, so 1 and 1.0 must not differ."""
    kinds = type(record).__annotations__
    return type(record)(*(kinds[name](value) for name, value in zip(record._fields, record)))
