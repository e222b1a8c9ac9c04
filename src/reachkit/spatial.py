"""Rotations and rigid transforms: pure NumPy functions.

Conventions: rotation matrices are (3, 3), poses are (4, 4) homogeneous transforms, angles
are radians. Quaternions are (w, x, y, z) with w >= 0. Roll-pitch-yaw follows URDF:
R = Rz(yaw) @ Ry(pitch) @ Rx(roll), i.e. roll about the fixed x axis first, then pitch
about fixed y, then yaw about fixed z. Twists are (6,) = [v, w], linear part first,
matching the Jacobian rows [vx vy vz wx wy wz].
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .errors import TargetError
from .kernels.so3 import pose_error_into, rotation_log_into

Array = NDArray[np.float64]


def _matrix(value: ArrayLike, shape: tuple[int, int], label: str) -> Array:
    """value as a C-contiguous float array of exactly `shape`. The Numba kernels do not
    check bounds, so a wrong shape must be refused before it reaches them."""
    array = np.ascontiguousarray(value, dtype=float)
    if array.shape != shape:
        raise TargetError(f"{label} must have shape {shape}, got shape {array.shape}")
    return array


def rotx(angle: float) -> Array:
    """Rotation (3, 3) about x by `angle` radians."""
    c, s = math.cos(angle), math.sin(angle)
    return np.array([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])


def roty(angle: float) -> Array:
    """Rotation (3, 3) about y by `angle` radians."""
    c, s = math.cos(angle), math.sin(angle)
    return np.array([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])


def rotz(angle: float) -> Array:
    """Rotation (3, 3) about z by `angle` radians."""
    c, s = math.cos(angle), math.sin(angle)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def transform(R: ArrayLike | None = None, p: ArrayLike | None = None) -> Array:
    """Pose (4, 4) from a rotation (3, 3) and a translation (3,); either may be omitted."""
    T = np.eye(4)
    if R is not None:
        T[:3, :3] = R
    if p is not None:
        T[:3, 3] = p
    return T


def translation(x: float, y: float, z: float) -> Array:
    """Pure translation (4, 4)."""
    return transform(p=(x, y, z))


def inverse(T: ArrayLike) -> Array:
    """Inverse (4, 4) of a rigid transform, using R^T rather than a general inverse."""
    T = np.asarray(T, dtype=float)
    R = T[:3, :3]
    return transform(R.T, -R.T @ T[:3, 3])


def rpy_to_matrix(roll: float, pitch: float, yaw: float) -> Array:
    """Rotation (3, 3) from URDF roll-pitch-yaw: Rz(yaw) @ Ry(pitch) @ Rx(roll)."""
    return rotz(yaw) @ roty(pitch) @ rotx(roll)


def matrix_to_rpy(R: ArrayLike) -> Array:
    """URDF roll, pitch, yaw (3,) of a rotation; pitch in [-pi/2, pi/2]. At pitch = +-pi/2
    (gimbal lock) roll is set to 0 and yaw carries the whole rotation about z."""
    R = np.asarray(R, dtype=float)
    pitch = math.atan2(-R[2, 0], math.hypot(R[0, 0], R[1, 0]))
    if math.hypot(R[0, 0], R[1, 0]) < 1e-12:
        yaw = math.atan2(-R[0, 1], R[1, 1])
        return np.array([0.0, pitch, yaw])
    return np.array([math.atan2(R[2, 1], R[2, 2]), pitch, math.atan2(R[1, 0], R[0, 0])])


def rotvec_to_matrix(rotvec: ArrayLike) -> Array:
    """Rotation (3, 3) from a rotation vector (axis * angle): the SO(3) exponential."""
    w = np.asarray(rotvec, dtype=float).reshape(3)
    angle = float(np.linalg.norm(w))
    K = skew(w)
    if angle < 1e-8:
        return np.eye(3) + K + 0.5 * K @ K
    return np.eye(3) + math.sin(angle) / angle * K + (1.0 - math.cos(angle)) / angle**2 * K @ K


def matrix_to_rotvec(R: ArrayLike) -> Array:
    """Rotation vector (3,) with angle in [0, pi]: the SO(3) logarithm."""
    R = np.asarray(R, dtype=float)
    R = _matrix(R[:3, :3] if R.shape == (4, 4) else R, (3, 3), "rotation")
    out = np.empty(3)
    rotation_log_into(R, out, 0)
    return out


def axis_angle_to_matrix(axis: ArrayLike, angle: float) -> Array:
    """Rotation (3, 3) by `angle` radians about `axis` (any non-zero length)."""
    axis = np.asarray(axis, dtype=float).reshape(3)
    norm = float(np.linalg.norm(axis))
    if not np.isfinite(norm) or norm == 0.0:
        raise TargetError(f"a rotation axis must be a finite non-zero 3-vector, got {axis}")
    return rotvec_to_matrix(axis / norm * angle)


def matrix_to_axis_angle(R: ArrayLike) -> tuple[Array, float]:
    """Unit axis (3,) and angle in [0, pi]; the axis is x for the identity."""
    w = matrix_to_rotvec(R)
    angle = float(np.linalg.norm(w))
    if angle < 1e-12:
        return np.array([1.0, 0.0, 0.0]), 0.0
    return w / angle, angle


def quaternion_to_matrix(quat: ArrayLike) -> Array:
    """Rotation (3, 3) from a quaternion (w, x, y, z); it is normalised first."""
    quat = np.asarray(quat, dtype=float).reshape(4)
    norm = float(np.linalg.norm(quat))
    if not np.isfinite(norm) or norm < 1e-12:
        raise TargetError(f"a quaternion must be finite and non-zero, got {quat}")
    w, x, y, z = quat / norm
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
        [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
        [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
    ])


def matrix_to_quaternion(R: ArrayLike) -> Array:
    """Unit quaternion(s) (..., 4) = (w, x, y, z), w >= 0, of rotation matrices R
    (..., 3, 3), by Shepperd's stable method: row k of the symmetric matrix M = 4 q q^T
    is formed from R, and the row of the largest diagonal entry divided by 2 sqrt of that
    entry is q, with no cancellation."""
    R = np.asarray(R, dtype=float)
    d0, d1, d2 = R[..., 0, 0], R[..., 1, 1], R[..., 2, 2]
    a = R[..., 2, 1] - R[..., 1, 2]
    b = R[..., 0, 2] - R[..., 2, 0]
    c = R[..., 1, 0] - R[..., 0, 1]
    xy = R[..., 0, 1] + R[..., 1, 0]
    xz = R[..., 0, 2] + R[..., 2, 0]
    yz = R[..., 1, 2] + R[..., 2, 1]
    M = np.stack([np.stack([1 + d0 + d1 + d2, a, b, c], -1),
                  np.stack([a, 1 + d0 - d1 - d2, xy, xz], -1),
                  np.stack([b, xy, 1 - d0 + d1 - d2, yz], -1),
                  np.stack([c, xz, yz, 1 - d0 - d1 + d2], -1)], -2)  # (..., 4, 4)
    diagonal = np.diagonal(M, axis1=-2, axis2=-1)
    pick = np.argmax(diagonal, axis=-1)[..., None]
    largest = np.take_along_axis(diagonal, pick, -1)
    q = np.take_along_axis(M, pick[..., None], -2)[..., 0, :] \
        / (2.0 * np.sqrt(np.maximum(largest, 1e-300)))
    q /= np.linalg.norm(q, axis=-1, keepdims=True)
    return np.where(q[..., :1] < 0, -q, q)


def skew(w: ArrayLike) -> Array:
    """Skew-symmetric matrix (3, 3) with skew(w) @ v = cross(w, v)."""
    x, y, z = np.asarray(w, dtype=float).reshape(3)
    return np.array([[0.0, -z, y], [z, 0.0, -x], [-y, x, 0.0]])


def _left_jacobian_so3(w: Array) -> Array:
    """V(w) = I + (1 - cos t)/t^2 K + (t - sin t)/t^3 K^2, with Taylor terms near zero."""
    angle = float(np.linalg.norm(w))
    K = skew(w)
    if angle < 1e-5:
        return np.eye(3) + 0.5 * K + K @ K / 6.0
    a2 = angle * angle
    # (1 - cos t) / t^2 written as 2 sin^2(t/2) / t^2: 1 - cos t cancels catastrophically
    # for small t (about 1e-11 absolute error in V at t = 1e-5).
    sinc_half = math.sin(0.5 * angle) / (0.5 * angle)
    return np.eye(3) + 0.5 * sinc_half * sinc_half * K + (angle - math.sin(angle)) / (a2 * angle) * K @ K


def se3_exp(twist: ArrayLike) -> Array:
    """Pose (4, 4) reached by following the twist [v, w] (6,) for unit time."""
    xi = np.asarray(twist, dtype=float).reshape(6)
    v, w = xi[:3], xi[3:]
    return transform(rotvec_to_matrix(w), _left_jacobian_so3(w) @ v)


def se3_log(T: ArrayLike) -> Array:
    """Twist [v, w] (6,) with se3_exp(twist) = T; the rotation angle is in [0, pi]."""
    T = np.asarray(T, dtype=float)
    w = matrix_to_rotvec(T[:3, :3])
    v = np.linalg.solve(_left_jacobian_so3(w), T[:3, 3])
    return np.concatenate([v, w])


def pose_error(T_world_current: ArrayLike, T_world_target: ArrayLike) -> Array:
    """Error (6,) from the current to the target pose, both in the world frame:
    [p_target - p_current (metres), log(R_target R_current^T) (radians, world frame)].
    This is the residual every numerical solver drives to zero."""
    out = np.empty(6)
    pose_error_into(_matrix(T_world_current, (4, 4), "T_world_current"),
                    _matrix(T_world_target, (4, 4), "T_world_target"), out)
    return out


def rotation_deviation(R: ArrayLike) -> float:
    """How far R is from a rotation: max(|R^T R - I|) plus |det R - 1| (0 for a rotation)."""
    R = np.asarray(R, dtype=float)
    return float(np.max(np.abs(R.T @ R - np.eye(3))) + abs(np.linalg.det(R) - 1.0))


def orthonormalize(R: ArrayLike) -> Array:
    """The nearest rotation (3, 3) to R in the Frobenius norm (through an SVD)."""
    R = _matrix(R, (3, 3), "R")
    if not np.isfinite(R).all():
        raise TargetError(f"cannot orthonormalise a matrix with NaN or inf entries: {R.tolist()}")
    U, _, Vt = np.linalg.svd(R)
    D = np.diag([1.0, 1.0, np.sign(np.linalg.det(U @ Vt))])
    return U @ D @ Vt
