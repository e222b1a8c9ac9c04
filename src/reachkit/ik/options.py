"""`IKOptions`: the solver settings as one frozen dataclass; `ik(..., **options)` fills it."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import OptionsError
from ..kernels.ik import settings as S
from .methods import Method

LM_VARIANTS = {"chan": S.LM_CHAN, "sugihara": S.LM_SUGIHARA, "wampler": S.LM_WAMPLER}
LM_DEFAULT_LAMBDA = {"chan": 0.01, "sugihara": 1e-3, "wampler": 1e-3}


@dataclass(frozen=True)
class IKOptions:
    """Settings of a numerical solve. None means "the method's default".

    position_tolerance: metres, on the norm of the masked position error.
    rotation_tolerance: radians, on the norm of the masked rotation error.
    max_iterations: iterations per search (LM default 100, jt/fd 2000, ccd 1000 sweeps).
    max_restarts: random restarts after the first search (the search budget is 1 + this).
    stall_window: iterations without the cost falling below stall_ratio x its best before
        a search counts as stuck and restarts.
    time_limit: seconds for the whole solve (checked between searches), or None.
    lm_variant: "chan" (default), "sugihara" or "wampler"; lm_lambda its damping scale.
    dls_mu_max: largest damping mu of `dls`; dls_sigma_eps: the smallest singular value
        below which damping starts.
    gain: step gain for pinv / dls / nr / gn / lm. max_step: largest joint move per
        iteration (rad or m). rcond: pseudoinverse cut-off relative to the largest
        singular value. fd_step: nudge of the finite-difference method.
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
    stall_ratio: float = 0.99
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
        positive = ("position_tolerance", "rotation_tolerance", "dls_sigma_eps", "fd_step",
                    "rcond", "gain", "max_step", "time_limit", "lm_lambda", "secondary_tolerance")
        for name in positive:
            value = getattr(self, name)
            if value is None:
                continue
            if not isinstance(value, (int, float)) or math.isnan(value) or value <= 0:
                raise OptionsError(f"option {name} must be a positive number, got {value!r}")
        if not isinstance(self.dls_mu_max, (int, float)) or not 0 <= self.dls_mu_max < math.inf:
            raise OptionsError(f"option dls_mu_max must be a non-negative number, got {self.dls_mu_max!r}")
        for name, smallest in (("max_iterations", 1), ("max_restarts", 0), ("stall_window", 1),
                               ("secondary_iterations", 0)):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < smallest:
                raise OptionsError(f"option {name} must be an integer >= {smallest}, got {value!r}")
        if not 0 < self.stall_ratio <= 1:
            raise OptionsError(f"option stall_ratio must be in (0, 1], got {self.stall_ratio!r}")
        if self.lm_variant not in LM_VARIANTS:
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

    def settings(self, method: Method, use_limits: bool, searches: int | None = None) -> NDArray[np.float64]:
        """The flat, read-only settings vector the kernels read (kernels/ik/settings.py)."""
        s = np.zeros(S.SIZE)
        s[S.TOL_POSITION] = self.position_tolerance
        s[S.TOL_ROTATION] = self.rotation_tolerance
        s[S.LM_VARIANT] = LM_VARIANTS[self.lm_variant]
        s[S.LM_LAMBDA] = LM_DEFAULT_LAMBDA[self.lm_variant] if self.lm_lambda is None else self.lm_lambda
        s[S.DLS_MU_MAX] = self.dls_mu_max
        s[S.DLS_SIGMA_EPS] = self.dls_sigma_eps
        s[S.GAIN] = method.gain if self.gain is None else self.gain
        s[S.FD_STEP] = self.fd_step
        s[S.MAX_ITERATIONS] = method.max_iterations if self.max_iterations is None else self.max_iterations
        s[S.MAX_SEARCHES] = self.searches(method) if searches is None else searches
        s[S.STALL_WINDOW] = method.stall_window if self.stall_window is None else self.stall_window
        s[S.STALL_RATIO] = self.stall_ratio
        s[S.USE_LIMITS] = 1.0 if use_limits else 0.0
        s[S.RCOND] = self.rcond
        s[S.MAX_STEP] = method.max_step if self.max_step is None else self.max_step
        s[S.SECONDARY_ITERATIONS] = self.secondary_iterations
        s[S.SECONDARY_TOLERANCE] = self.secondary_tolerance
        s.setflags(write=False)
        return s
