"""Input checks shared by every public entry point. Each raises a reachkit error that
says what was wrong and how to fix it."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .errors import TargetError

ROTATION_TOLERANCE = 1e-6


def _as_float_array(value: ArrayLike, label: str) -> NDArray[np.float64]:
    try:
        array = np.array(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TargetError(f"{label} must be numeric, got {value!r}") from exc
    return array


def joint_vector(q: ArrayLike, dof: int, label: str = "q", batch: bool = False) -> NDArray[np.float64]:
    """q as a C-contiguous float array (dof,), or (N, dof) when `batch` allows it."""
    array = _as_float_array(q, label)
    ok_shapes = array.ndim == 1 or (batch and array.ndim == 2)
    if not ok_shapes or array.shape[-1] != dof:
        expected = f"({dof},)" + (f" or (N, {dof})" if batch else "")
        raise TargetError(f"{label} must have shape {expected} for this {dof}-joint robot, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise TargetError(f"{label} contains NaN or inf: {array}")
    return np.ascontiguousarray(array)


def pose(T: ArrayLike, label: str = "pose", batch: bool = False,
         tolerance: float = ROTATION_TOLERANCE) -> NDArray[np.float64]:
    """T as a checked homogeneous transform (4, 4), or (N, 4, 4) when `batch` allows it."""
    array = _as_float_array(T, label)
    if array.shape[-2:] != (4, 4) or array.ndim not in ((2, 3) if batch else (2,)):
        expected = "(4, 4)" + (" or (N, 4, 4)" if batch else "")
        raise TargetError(f"{label} must be a homogeneous transform of shape {expected}, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise TargetError(f"{label} contains NaN or inf")
    stack = array.reshape(-1, 4, 4)
    bottom_ok = np.abs(stack[:, 3, :] - (0.0, 0.0, 0.0, 1.0)).max(initial=0.0) <= tolerance
    if not bottom_ok:
        raise TargetError(f"{label}: the bottom row must be [0, 0, 0, 1]")
    R = stack[:, :3, :3]
    gram_error = np.abs(np.einsum("nki,nkj->nij", R, R) - np.eye(3)).max(axis=(1, 2))
    deviations = gram_error + np.abs(np.linalg.det(R) - 1.0)
    bad = np.flatnonzero(deviations > tolerance)
    if bad.size:
        k = int(bad[0])
        deviation = deviations[k]
        where = f"{label}[{k}]" if array.ndim == 3 else label
        raise TargetError(
            f"{where}: the 3x3 block is not a rotation (|R^T R - I| + |det R - 1| = "
            f"{deviation:.2e} > {tolerance:.0e}); re-orthonormalise it, for example "
            "with reachkit.spatial.orthonormalize"
        )
    return np.ascontiguousarray(array)
