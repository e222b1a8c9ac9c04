"""`Target`: what the tool should reach, and which parts of the pose count."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import validate
from ..errors import TargetError
from ..spatial import rotz, transform

AXES = ("x", "y", "z", "rx", "ry", "rz")


def _read_only(array: NDArray[np.float64]) -> NDArray[np.float64]:
    array.setflags(write=False)
    return array


_ONES = _read_only(np.ones(6))
_NO_AXIS_TOLERANCES = _read_only(np.full(6, np.inf))
# [mask; weights; per-axis tolerances] (3, 6) of a plain pose: every axis, no axis tolerance.
FULL_POSE_TASK = _read_only(np.stack([_ONES, _ONES, _NO_AXIS_TOLERANCES]))


def _six(values: ArrayLike | None, label: str, default: NDArray[np.float64],
         allow_inf: bool = False) -> NDArray[np.float64]:
    if values is None:
        return default
    try:
        array = validate._as_float_array(values, label).reshape(-1)
    except TargetError as exc:
        raise TargetError(f"{label} must be 6 numbers over (x y z rx ry rz), got {values!r}") from exc
    if array.shape != (6,):
        raise TargetError(f"{label} must have 6 entries over (x y z rx ry rz), got {array.size}")
    if np.isnan(array).any() or (array < 0).any() or (not allow_inf and np.isinf(array).any()):
        kind = "non-negative numbers" if allow_inf else "finite non-negative numbers"
        raise TargetError(f"{label} entries must be {kind}, got {array}")
    return array


class Target:
    """A tool pose (4, 4) in the world frame, with a mask over (x y z rx ry rz).

    The solver drives the error e = [p_target - p, log(R_target R^T)] (world frame) to zero
    on the masked components, minimising 0.5 sum(weights * mask * e^2). Success needs the
    masked position error (metres) and rotation error (radians) within the solver's
    tolerances and, when `tolerances` (6,) is given, each masked |e_i| within its own.
    """

    __slots__ = ("_T", "_mask", "_weights", "_tolerances", "_task")

    def __init__(self, T: ArrayLike, mask: ArrayLike | None = None,
                 weights: ArrayLike | None = None, tolerances: ArrayLike | None = None) -> None:
        self._T = _read_only(validate.pose(T, "target pose"))
        if mask is None and weights is None and tolerances is None:  # the common case, fast
            self._mask, self._weights, self._tolerances = _ONES, _ONES, _NO_AXIS_TOLERANCES
            self._task = FULL_POSE_TASK
            return
        mask_array = _six(mask, "mask", _ONES)
        if not np.all((mask_array == 0) | (mask_array == 1)):
            raise TargetError(f"mask entries must be 0 or 1, got {mask_array}")
        self._weights = _read_only(_six(weights, "weights", _ONES))
        if not np.any(mask_array * self._weights > 0):
            raise TargetError("the mask and weights leave nothing to reach: enable at least one of (x y z rx ry rz)")
        self._mask = _read_only(mask_array)
        self._tolerances = _read_only(_six(tolerances, "tolerances", _NO_AXIS_TOLERANCES,
                                               allow_inf=True))
        self._task = _read_only(np.stack([self._mask, self._weights, self._tolerances]))

    @classmethod
    def position(cls, p: ArrayLike, weights: ArrayLike | None = None) -> Target:
        """Reach the point p (3,) in metres, any orientation."""
        point = _finite(_vector(p, 3, "a position target (x, y, z)"), "position")
        six_weights = None if weights is None else np.r_[_vector(weights, 3, "position weights"), 1, 1, 1]
        return cls(transform(p=point), mask=[1, 1, 1, 0, 0, 0], weights=six_weights)

    @classmethod
    def planar(cls, x: float, y: float, phi: float | None = None) -> Target:
        """For arms moving in the xy-plane: reach (x, y) and, if given, the tool angle phi
        (radians, the tool x axis measured from the world x axis)."""
        xy = _finite(np.array([_scalar(x, "planar target x"), _scalar(y, "planar target y")]),
                     "planar target (x, y)")
        if phi is None:
            return cls(transform(p=(xy[0], xy[1], 0.0)), mask=[1, 1, 0, 0, 0, 0])
        angle = float(_finite(np.array([_scalar(phi, "tool angle phi")]), "tool angle phi")[0])
        return cls(transform(rotz(angle), (xy[0], xy[1], 0.0)), mask=[1, 1, 0, 0, 0, 1])

    @property
    def T(self) -> NDArray[np.float64]:
        """(4, 4) goal pose of the tool in the world frame."""
        return self._T

    @property
    def mask(self) -> NDArray[np.float64]:
        """(6,) 1 where the component of (x y z rx ry rz) counts."""
        return self._mask

    @property
    def weights(self) -> NDArray[np.float64]:
        """(6,) weights of the squared error components."""
        return self._weights

    @property
    def tolerances(self) -> NDArray[np.float64]:
        """(6,) per-axis tolerances (inf where only the norms count)."""
        return self._tolerances

    @property
    def is_full_pose(self) -> bool:
        return bool(np.all(self._mask == 1))

    def task(self) -> NDArray[np.float64]:
        """(3, 6) read-only [mask; weights; tolerances] as the kernels read it."""
        return self._task

    def __repr__(self) -> str:
        active = " ".join(a for a, m in zip(AXES, self._mask) if m)
        p = ", ".join(f"{v:.4g}" for v in self._T[:3, 3])
        return f"Target(p=[{p}], axes: {active})"


def _scalar(value: Any, label: str) -> float:
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value.item()
    if not validate.is_real(value):
        raise TargetError(f"{label} must be a number, got {value!r}")
    return float(value)


def _vector(values: ArrayLike, size: int, label: str) -> NDArray[np.float64]:
    try:
        array = validate._as_float_array(values, label).reshape(-1)
    except TargetError as exc:
        raise TargetError(f"{label} must be {size} numbers, got {values!r}") from exc
    if array.shape != (size,):
        raise TargetError(f"{label} must be {size} numbers, got {array.size}")
    return array


def _finite(values: NDArray[np.float64], label: str) -> NDArray[np.float64]:
    if not np.all(np.isfinite(values)):
        raise TargetError(f"{label} contains NaN or inf: {values}")
    return values


def as_target(target: Any) -> Target:
    """A Target from a Target or a (4, 4) pose array."""
    if isinstance(target, Target):
        return target
    if target is None or isinstance(target, (str, bytes)):
        raise TargetError(f"a target must be a reachkit.Target or a (4, 4) pose array, got {target!r}")
    return Target(target)
