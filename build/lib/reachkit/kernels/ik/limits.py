"""Joint limits inside a Jacobian step: joints whose step would leave their range stop
exactly at the limit, and the task they can no longer serve is handed to the free joints
(a few rounds of clamped least squares). This keeps the step useful where plain
clipping would stall the search against a limit."""

import math

import numpy as np
from numba import njit

from ..transform import REVOLUTE
from .least_squares import task_step

MAX_CLAMP_ROUNDS = 4


@njit(cache=True)
def _hard_limited(kind: int, lower: float, upper: float) -> bool:
    """A range that really blocks motion (a revolute joint spanning 2 pi does not)."""
    if not (math.isfinite(lower) and math.isfinite(upper)):
        return False
    return kind != REVOLUTE or upper - lower < 2.0 * math.pi


@njit(cache=True)
def clamped_task_step(method: int, Jw: np.ndarray, r: np.ndarray, m: int, E: float,
                      settings: np.ndarray, gain: float, q: np.ndarray, kinds: np.ndarray,
                      lower: np.ndarray, upper: np.ndarray, A: np.ndarray, V: np.ndarray,
                      eig: np.ndarray, b: np.ndarray, tmp: np.ndarray, J_free: np.ndarray,
                      rr: np.ndarray, held: np.ndarray, dq: np.ndarray) -> None:
    """dq = gain J# r, with every joint that would cross a limit held at it and the rest
    of the task re-solved by the other joints. `held` (n) marks the held joints with their
    step, NaN for free ones."""
    n = q.shape[0]
    for j in range(n):
        held[j] = math.nan
    for a in range(m):
        rr[a] = gain * r[a]
        for j in range(n):
            J_free[a, j] = Jw[a, j]
    for _ in range(MAX_CLAMP_ROUNDS):
        task_step(method, J_free, rr, m, E, settings, A, V, eig, b, tmp, dq)
        newly_held = False
        for j in range(n):
            if not math.isnan(held[j]) or not _hard_limited(kinds[j], lower[j], upper[j]):
                continue
            goal = q[j] + dq[j]
            if goal > upper[j]:
                step = max(upper[j] - q[j], 0.0)
            elif goal < lower[j]:
                step = min(lower[j] - q[j], 0.0)
            else:
                continue
            held[j] = step
            newly_held = True
            for a in range(m):
                rr[a] -= J_free[a, j] * step
                J_free[a, j] = 0.0
        if not newly_held:
            break
    for j in range(n):
        if not math.isnan(held[j]):
            dq[j] = held[j]
