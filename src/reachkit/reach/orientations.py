"""Tool orientations tried at every voxel: spread evenly over SO(3), over a cone of
approach directions, or tool angles for planar arms. All deterministic (no random
numbers), so a map depends on its seed through the solver alone.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import ReachkitError

# Alexa, "Super-Fibonacci Spirals: Fast, Low-Discrepancy Sampling of SO(3)", CVPR 2022:
# sqrt(2) and the real root of psi^4 = psi + 4.
_PHI = math.sqrt(2.0)
_PSI = 1.533751168755204288118041
_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))


def _quaternions_to_rotations(xyzw: NDArray[np.float64]) -> NDArray[np.float64]:
    """Unit quaternions (n, 4) as (x, y, z, w) -> rotation matrices (n, 3, 3)."""
    x, y, z, w = xyzw.T
    return np.stack([
        np.stack([1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)], -1),
        np.stack([2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)], -1),
        np.stack([2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)], -1),
    ], axis=1)


def super_fibonacci(n: int) -> NDArray[np.float64]:
    """n rotations (n, 3, 3) spread evenly over SO(3) (super-Fibonacci spiral)."""
    s = np.arange(n, dtype=np.float64) + 0.5
    t = s / n
    r, big_r = np.sqrt(t), np.sqrt(1.0 - t)
    alpha, beta = 2 * np.pi * s / _PHI, 2 * np.pi * s / _PSI
    q = np.stack([r * np.sin(alpha), r * np.cos(alpha), big_r * np.sin(beta),
                  big_r * np.cos(beta)], axis=-1)
    return _quaternions_to_rotations(q)


def _frame_with_z(z: NDArray[np.float64]) -> NDArray[np.float64]:
    """Rotations (n, 3, 3) whose third column is the unit vector z (n, 3)."""
    helper = np.where(np.abs(z[:, :1]) < 0.9, [[1.0, 0.0, 0.0]], [[0.0, 1.0, 0.0]])
    x = helper - np.einsum("ij,ij->i", helper, z)[:, None] * z
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return np.stack([x, np.cross(z, x), z], axis=-1)


def approach_cone(n: int, half_angle: float, axis: ArrayLike = (0.0, 0.0, -1.0),
                  rolls: int = 1) -> NDArray[np.float64]:
    """n * rolls rotations (n * rolls, 3, 3): tool z axes (approach directions) spread
    evenly (Fibonacci cap) within half_angle (rad) of `axis` (world frame; default
    straight down), each turned about its z axis by 2 pi k / rolls, k < rolls."""
    if n < 1 or rolls < 1 or not 0.0 < half_angle <= math.pi:
        raise ReachkitError(f"approach_cone needs n >= 1, rolls >= 1 and 0 < half_angle <= pi, "
                            f"got n={n}, rolls={rolls}, half_angle={half_angle}")
    a = np.asarray(axis, dtype=np.float64)
    if a.shape != (3,) or not np.linalg.norm(a) > 0:
        raise ReachkitError(f"approach_cone axis must be a non-zero 3-vector, got {axis!r}")
    i = np.arange(n, dtype=np.float64)
    cos_t = 1.0 - (1.0 - math.cos(half_angle)) * (i + 0.5) / n
    sin_t = np.sqrt(np.maximum(0.0, 1.0 - cos_t ** 2))
    local = np.stack([sin_t * np.cos(i * _GOLDEN_ANGLE), sin_t * np.sin(i * _GOLDEN_ANGLE),
                      cos_t], axis=-1)
    R_axis = _frame_with_z((a / np.linalg.norm(a))[None])[0]
    R = _frame_with_z(local @ R_axis.T)
    roll = 2 * np.pi * np.arange(rolls) / rolls
    Rz = np.zeros((rolls, 3, 3))
    Rz[:, 0, 0], Rz[:, 0, 1], Rz[:, 1, 0], Rz[:, 1, 1] = (np.cos(roll), -np.sin(roll),
                                                          np.sin(roll), np.cos(roll))
    Rz[:, 2, 2] = 1.0
    return np.einsum("nij,rjk->nrik", R, Rz).reshape(n * rolls, 3, 3)


@dataclass(frozen=True)
class OrientationSet:
    """What a map tries at each voxel. planar: `values` are tool angles phi (m,) in rad;
    otherwise rotations (m, 3, 3) of the tool in the world frame. kind names the recipe."""

    kind: str
    values: NDArray[np.float64] = field(repr=False)

    @property
    def count(self) -> int:
        """Orientations per voxel."""
        return int(self.values.shape[0])

    @property
    def planar(self) -> bool:
        """True when the values are planar tool angles."""
        return self.values.ndim == 1

    def describe(self) -> dict:
        """JSON-ready metadata: kind, count and a digest of the exact values."""
        digest = hashlib.sha256(np.ascontiguousarray(self.values).tobytes()).hexdigest()[:16]
        return {"kind": self.kind, "count": self.count, "digest": digest}


def orientation_set(orientations: int | ArrayLike, planar: bool) -> OrientationSet:
    """From an int n (super-Fibonacci over SO(3), or n tool angles 2 pi k / n for planar
    arms) or explicit values ((m, 3, 3) rotations; (m,) angles for planar arms)."""
    if isinstance(orientations, (int, np.integer)) and not isinstance(orientations, bool):
        n = int(orientations)
        if n < 1:
            raise ReachkitError(f"orientations must be at least 1, got {n}")
        if planar:
            return OrientationSet("planar", 2 * np.pi * np.arange(n) / n)
        return OrientationSet("super-fibonacci", super_fibonacci(n))
    try:
        values = np.array(orientations, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ReachkitError("orientations must be a positive int or an array of rotations "
                            f"(m, 3, 3) (tool angles (m,) for planar arms), got {orientations!r}") from exc
    want = "(m,) tool angles" if planar else "(m, 3, 3) rotations"
    good_shape = values.ndim == 1 if planar else values.ndim == 3 and values.shape[1:] == (3, 3)
    if not good_shape or values.shape[0] == 0 or not np.all(np.isfinite(values)):
        raise ReachkitError(f"orientations must be a positive int or {want} for this arm, "
                            f"finite and at least one, got shape {values.shape}")
    if not planar:
        err = np.abs(values @ np.swapaxes(values, 1, 2) - np.eye(3)).max()
        if err > 1e-6 or np.any(np.linalg.det(values) < 0):
            raise ReachkitError(f"orientations are not rotation matrices (R R^T - I up to {err:.2g})")
    return OrientationSet("given", values)
