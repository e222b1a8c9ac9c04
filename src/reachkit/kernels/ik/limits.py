"""Joint limits inside a Jacobian step: joints whose step would leave their range stop
exactly at the limit, and the task they can no longer serve is handed to the free joints
(a few rounds of clamped least squares: an active set over the bound rows
lower <= q + dq <= upper). This keeps the step useful where plain clipping would stall
the search against a limit. Other inequality rows join through `constraints.py`."""

import math

import numpy as np

from ..jit import kernel
from ..transform import REVOLUTE
from .least_squares import solve_task

MAX_CLAMP_ROUNDS = 4


@kernel(forceinline=True)
def _hard_limited(kind: int, lower: float, upper: float) -> bool:
    """A range that really blocks motion (a revolute joint spanning 2 pi does not)."""
    if not (math.isfinite(lower) and math.isfinite(upper)):
        return False
    return kind != REVOLUTE or upper - lower < 2.0 * math.pi


@kernel(forceinline=True)
def _at_limit(kind: int, value: float, lower: float, upper: float) -> bool:
    """Whether the joint sits on (or beyond) a limit that really blocks it."""
    return not lower < value < upper and _hard_limited(kind, lower, upper)


@kernel()
def _task_left(J_free: np.ndarray, rr: np.ndarray, m: int, dq: np.ndarray,
               left: np.ndarray) -> None:
    """left (m) = rr - J_free dq: the part of the task the step dq does not do."""
    for a in range(m):
        v = rr[a]
        for i in range(dq.shape[0]):
            v -= J_free[a, i] * dq[i]
        left[a] = v


@kernel()
def has_hard_limits(kinds: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> bool:
    """Whether any joint has a range that really blocks it: without one, every clamped
    step is the plain step J# (gain r)."""
    for j in range(kinds.shape[0]):
        if _hard_limited(kinds[j], lower[j], upper[j]):
            return True
    return False


@kernel(forceinline=True)  # not inlined: Panda 8.0 -> 8.5 us, Puma 560 7.0 -> 7.5 us a solve
def clamped_task_step(rule, Jw: np.ndarray, r: np.ndarray, m: int, E: float, gain: float,
                      clamp: bool, q: np.ndarray, kinds: np.ndarray, lower: np.ndarray,
                      upper: np.ndarray, A: np.ndarray, V: np.ndarray, eig: np.ndarray,
                      b: np.ndarray, tmp: np.ndarray, J_free: np.ndarray, rr: np.ndarray,
                      held: np.ndarray, dq: np.ndarray) -> None:
    """dq = gain J# r (J# of the rule record, `least_squares.solve_task`) with the joint
    limits as inequality rows: an active set of bound rows, where every joint that would
    cross a limit is held at it and the rest of the task re-solved by the other joints.
    `held` (n) marks the held joints with their step, NaN for free ones; J_free (m, n)
    is scratch for the Jacobian of the free joints.

    A joint already at a hard limit starts held there (steps that keep pushing it out are
    the common case near limits, and each would cost a second solve); it is let go, and
    the task solved again, when the step of the others leaves it pulled inward.

    `clamp` False: dq is the plain step and `held` is not written (one call site of the
    rule's solve for both cases: a second one compiled it twice, 3,000 lines of IR for LM)."""
    n = q.shape[0]
    for a in range(m):
        rr[a] = gain * r[a]
    J_step = Jw  # the free joints' Jacobian: Jw itself until a joint is held
    filled = False  # whether J_free holds it
    if clamp:
        for j in range(n):
            held[j] = math.nan
        for j in range(n):
            if _at_limit(kinds[j], q[j], lower[j], upper[j]):
                if not filled:
                    J_step = _copy_into(Jw, m, J_free)
                    filled = True
                _hold(j, 0.0, m, J_free, rr, held)
    pinned = filled  # held so far: exactly the joints at a limit, each with step 0
    for attempt in range(MAX_CLAMP_ROUNDS):
        solve_task(rule, J_step, rr, m, E, A, V, eig, b, tmp, dq)
        if not clamp:
            return
        changed = False
        if pinned and attempt == 0:  # let go of the pinned joints the task pulls inward
            _task_left(J_free, rr, m, dq, tmp)
            for j in range(n):
                if held[j] != 0.0:  # free (NaN)
                    continue
                pull = 0.0  # descent direction of the cost along joint j (tmp: task left)
                for a in range(m):
                    pull += Jw[a, j] * tmp[a]
                if (pull < 0.0) if q[j] >= upper[j] else (pull > 0.0):
                    held[j] = math.nan
                    changed = True
                    for a in range(m):
                        J_free[a, j] = Jw[a, j]
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
            if not filled:
                J_step = _copy_into(Jw, m, J_free)
                filled = True
            _hold(j, step, m, J_free, rr, held)
            changed = True
        if not changed:
            break
    for j in range(n):
        if not math.isnan(held[j]):
            dq[j] = held[j]


@kernel()
def _copy_into(Jw: np.ndarray, m: int, J_free: np.ndarray) -> np.ndarray:
    """J_free[:m] = Jw[:m]; returns J_free."""
    for a in range(m):
        for j in range(Jw.shape[1]):
            J_free[a, j] = Jw[a, j]
    return J_free


@kernel()
def _hold(j: int, step: float, m: int, J_free: np.ndarray, rr: np.ndarray,
          held: np.ndarray) -> None:
    """Fix joint j's step: its motion leaves the task rr, its column leaves J_free."""
    held[j] = step
    for a in range(m):
        rr[a] -= J_free[a, j] * step
        J_free[a, j] = 0.0
