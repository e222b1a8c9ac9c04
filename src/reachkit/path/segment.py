"""Straight Cartesian lines between two tool poses.

A line from T_world_start to T_world_goal moves the tool point along the straight segment
between the two positions and turns the tool along the shortest rotation between the two
orientations (slerp, the SO(3) geodesic), both at a constant rate in the line parameter
s in [0, 1]:

    p(s) = p_start + s (p_goal - p_start)
    R(s) = R_start exp(s log(R_start^T R_goal))

The spacing is chosen so that neither the tool point moves more than `step` metres nor the
tool turns more than `angular_step` radians between two waypoints; a pure rotation (the
tool point fixed) therefore still gets waypoints.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .. import validate
from ..errors import OptionsError, TargetError
from ..spatial import matrix_to_rotvec, orthonormalize, rotvec_to_matrix
from .kernels import rotation_deviations_into

Array = NDArray[np.float64]

DEFAULT_STEP = 0.005  # metres between waypoints
DEFAULT_ANGULAR_STEP = 0.02  # radians between waypoints (about 1.15 degrees)
MAX_WAYPOINTS = 1_000_000


def positive_step(value: float, name: str, allow_inf: bool = False) -> float:
    """value as a float, or an OptionsError saying what a step must be."""
    if not validate.is_real(value) or math.isnan(value) or value <= 0 or \
            (math.isinf(value) and not allow_inf):
        kind = "a positive number (inf: no limit)" if allow_inf else "a positive finite number"
        raise OptionsError(f"{name} must be {kind}, got {value!r}")
    return float(value)


def segment_count(T_world_a: Array, T_world_b: Array, step: float, angular_step: float) -> int:
    """How many equal pieces the line from T_world_a to T_world_b (both (4, 4)) needs so that
    no piece moves the tool point more than `step` metres or turns it more than
    `angular_step` radians (at least 1)."""
    distance = float(np.linalg.norm(T_world_b[:3, 3] - T_world_a[:3, 3]))
    angle = float(np.linalg.norm(matrix_to_rotvec(T_world_a[:3, :3].T @ T_world_b[:3, :3])))
    pieces = max(1.0, math.ceil(distance / step - 1e-9), math.ceil(angle / angular_step - 1e-9))
    if pieces > MAX_WAYPOINTS:
        raise OptionsError(f"a line of {distance:.4g} m and {angle:.4g} rad needs {pieces:.0f} "
                           "pieces at "
                           f"step {step:g} m / angular_step {angular_step:g} rad (more than "
                           f"{MAX_WAYPOINTS}); use larger steps")
    return int(pieces)


def interpolate(T_world_a: Array, T_world_b: Array, s: ArrayLike) -> Array:
    """Poses (len(s), 4, 4) at the line parameters s (each in [0, 1]) between the rigid
    transforms T_world_a and T_world_b (4, 4): position linear, rotation slerped.
    For a half turn (pi) between the two orientations the turning axis is the one
    `spatial.matrix_to_rotvec` picks (both ways are equally short)."""
    s = np.atleast_1d(np.asarray(s, dtype=float))
    R_a = T_world_a[:3, :3]
    rotvec_a_b = matrix_to_rotvec(R_a.T @ T_world_b[:3, :3])  # in the frame of a
    out = np.zeros((s.size, 4, 4))
    out[:, 3, 3] = 1.0
    out[:, :3, 3] = T_world_a[:3, 3] + s[:, None] * (T_world_b[:3, 3] - T_world_a[:3, 3])
    for k, value in enumerate(s):
        out[k, :3, :3] = R_a @ rotvec_to_matrix(value * rotvec_a_b)
    out[s == 0.0] = T_world_a  # the ends exactly as given
    out[s == 1.0] = T_world_b
    return out


def midpoint(T_world_a: Array, T_world_b: Array) -> Array:
    """The pose (4, 4) halfway along the line from T_world_a to T_world_b."""
    return interpolate(T_world_a, T_world_b, [0.5])[0]


def line(T_start: ArrayLike, T_goal: ArrayLike, step: float = DEFAULT_STEP,
         angular_step: float = DEFAULT_ANGULAR_STEP) -> Array:
    """Waypoints (N, 4, 4) along the straight line from T_start to T_goal (tool poses in the
    world frame, T_world_tool), both included, N >= 2, evenly spaced in the line parameter.

    step: largest distance in metres between successive tool points.
    angular_step: largest rotation in radians between successive orientations (inf: the
        rotation does not add waypoints).
    The orientation follows slerp (the shortest rotation); see the module docstring.
    Raises TargetError for a malformed pose, OptionsError for a bad step.
    """
    T_a = validate.rigid(T_start, "T_start")
    T_b = validate.rigid(T_goal, "T_goal")
    step = positive_step(step, "step")
    angular_step = positive_step(angular_step, "angular_step", allow_inf=True)
    pieces = segment_count(T_a, T_b, step, angular_step)
    return interpolate(T_a, T_b, np.linspace(0.0, 1.0, pieces + 1))


def as_pose_list(poses: ArrayLike, label: str = "poses") -> Array:
    """poses (K, 4, 4) (or a list of (4, 4)) as a checked stack, made exactly rigid (the
    rotations re-orthonormalised where they are off by more than rounding, the bottom rows
    exactly [0, 0, 0, 1]). Raises TargetError saying which pose is bad and why."""
    try:
        array = np.array(poses, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TargetError(f"{label} must be a list of (4, 4) poses or an (N, 4, 4) array") from exc
    if array.ndim != 3 or array.shape[1:] != (4, 4):
        raise TargetError(f"{label} must be a list of (4, 4) poses or an (N, 4, 4) array, got shape "
                          f"{array.shape}")
    if len(array) == 0:
        return np.empty((0, 4, 4))
    array = validate.pose(array, label, batch=True)
    deviation = np.empty(len(array))
    rotation_deviations_into(array, deviation)
    for k in np.flatnonzero(deviation > 1e-14):
        array[k, :3, :3] = orthonormalize(array[k, :3, :3])
    array[:, 3] = (0.0, 0.0, 0.0, 1.0)
    return array
