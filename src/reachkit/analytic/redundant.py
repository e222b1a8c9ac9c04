"""7R arms: one joint locked at a given angle leaves a 6R arm, solved in closed form.

T = F0 Rz(u0) F1 ... Rz(u6) F7 with joint j locked at q_j = v becomes the 6R chain whose
fixed transforms merge F_j Rz(v + offset_j) F_j+1 into one. Which joint: the first of
`PREFERENCE` whose locking leaves a Pieper arm (a spherical wrist or three parallel axes:
KUKA iiwa with joint 3 locked is a spherical-wrist arm with intersecting shoulder axes),
solved in microseconds; if none does, joint 3 (index 2) and the general 6R solver.
`free_joint=` overrides the choice. Arms with a spherical shoulder and wrist (SRS) take
the swivel angle instead unless `free_joint=` is given (see `swivel`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..errors import NotSupportedError, OptionsError
from ..kernels.transform import REVOLUTE

Array = NDArray[np.float64]

PREFERENCE = (2, 6, 0, 4, 3, 1, 5)  # joint indices tried, most common arm layouts first


@dataclass(frozen=True)
class Locked:
    """The 6R chain left when joint `joint` of a 7R chain is fixed at `value` (radians)."""

    joint: int
    value: float
    fixed: Array      # (7, 4, 4)
    kinds: NDArray[np.int64]
    offsets: Array    # (6,)
    limits: Array     # (2, 6)


def lock(fixed: Array, kinds: NDArray[np.int64], offsets: Array, limits: Array, joint: int,
         value: float) -> Locked:
    """Merge joint `joint` at q = value into its neighbours (fixed (8, 4, 4), kinds (7,),
    offsets (7,), limits (2, 7))."""
    c, s = np.cos(value + offsets[joint]), np.sin(value + offsets[joint])
    Rz = np.array([[c, -s, 0, 0], [s, c, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1.0]])
    merged = fixed[joint] @ Rz @ fixed[joint + 1]
    new = np.concatenate([fixed[:joint], merged[None], fixed[joint + 2:]])
    keep = [i for i in range(7) if i != joint]
    return Locked(joint, float(value), np.ascontiguousarray(new), np.ascontiguousarray(kinds[keep]),
                  np.ascontiguousarray(offsets[keep]), np.ascontiguousarray(limits[:, keep]))


def insert(q6: Array, joint: int, value: float) -> Array:
    """6R solutions (k, 6) -> 7R solutions (k, 7) with `value` at column `joint`."""
    return np.insert(q6, joint, value, axis=1)


def check_free_joint(kinds: NDArray[np.int64], free_joint: object) -> int:
    """free_joint as a valid revolute joint index of a 7R chain (raises OptionsError)."""
    if isinstance(free_joint, bool) or not isinstance(free_joint, (int, np.integer)) \
            or not 0 <= int(free_joint) < 7:
        raise OptionsError(f"free_joint must be a joint index 0..6, got {free_joint!r}")
    if kinds[int(free_joint)] != REVOLUTE:
        raise NotSupportedError(f"free_joint {free_joint} is not a revolute joint")
    return int(free_joint)


def sample_values(limits: Array, joint: int, k: int) -> Array:
    """k values (k,) evenly spread over the joint's limits (over [-pi, pi) when unlimited)."""
    lo, hi = float(limits[0, joint]), float(limits[1, joint])
    if not (np.isfinite(lo) and np.isfinite(hi)) or hi - lo >= 2 * np.pi:
        lo = lo if np.isfinite(lo) else -np.pi
        return lo + 2 * np.pi * np.arange(k) / k
    if k == 1:
        return np.array([0.5 * (lo + hi)])
    return np.linspace(lo, hi, k)
