"""Small rotation kernels shared by the solvers and `reachkit.spatial`."""

import math

import numpy as np

from .jit import kernel
from .trig import ATAN_SMALL_LIMIT, atan_over_x


@kernel(forceinline=True)
def _rotvec_from_entries(r00, r01, r02, r10, r11, r12, r20, r21, r22, out, offset):
    """Rotation vector (axis * angle) of the rotation with the given entries, into
    out[offset:offset + 3]. Stable for every angle in [0, pi]."""
    vx = r21 - r12
    vy = r02 - r20
    vz = r10 - r01
    sin2 = math.sqrt(vx * vx + vy * vy + vz * vz)  # 2 sin(angle)
    cos2 = r00 + r11 + r22 - 1.0  # 2 cos(angle)
    if 0.0 < cos2 and sin2 <= ATAN_SMALL_LIMIT * cos2:  # angle <= 23.6 deg: inline
        # angle / sin2 = (atan(t) / t) / cos2 with t = tan(angle) = sin2 / cos2.
        t = sin2 / cos2
        scale = atan_over_x(t * t) / cos2
    else:
        angle = math.atan2(sin2, cos2)
        scale = angle / sin2 if angle < math.pi - 1e-3 else -1.0
    if scale > 0.0:
        out[offset] = vx * scale
        out[offset + 1] = vy * scale
        out[offset + 2] = vz * scale
        return
    # Near pi the antisymmetric part vanishes: read the axis from the symmetric part,
    # R + R^T - 2 cos(angle) I = 2 (1 - cos(angle)) u u^T. Its column with the largest
    # diagonal entry is a positive multiple of u whose every entry is accurate (square
    # roots of the diagonal would lose the small components of u).
    cos_a = min(0.5 * cos2, 0.0)
    b00 = r00 - cos_a
    b11 = r11 - cos_a
    b22 = r22 - cos_a
    if b00 >= b11 and b00 >= b22:
        ux, uy, uz = b00, 0.5 * (r01 + r10), 0.5 * (r02 + r20)
    elif b11 >= b22:
        ux, uy, uz = 0.5 * (r01 + r10), b11, 0.5 * (r12 + r21)
    else:
        ux, uy, uz = 0.5 * (r02 + r20), 0.5 * (r12 + r21), b22
    # The antisymmetric part, however small, fixes the sign of the axis.
    if ux * vx + uy * vy + uz * vz < 0.0:
        ux, uy, uz = -ux, -uy, -uz
    scale = math.atan2(sin2, cos2) / math.sqrt(ux * ux + uy * uy + uz * uz)
    out[offset] = ux * scale
    out[offset + 1] = uy * scale
    out[offset + 2] = uz * scale


@kernel()
def rotation_log_into(R: np.ndarray, out: np.ndarray, offset: int) -> None:
    """Rotation vector (radians) of R[:3, :3] into out[offset:offset + 3]."""
    _rotvec_from_entries(
        R[0, 0], R[0, 1], R[0, 2], R[1, 0], R[1, 1], R[1, 2], R[2, 0], R[2, 1], R[2, 2],
        out, offset,
    )


@kernel(forceinline=True)
def pose_error_into(T_world_current: np.ndarray, T_world_target: np.ndarray, out: np.ndarray) -> None:
    """Pose error (6,) from the current to the target pose, both in the world frame.

    out[:3] = p_target - p_current (metres); out[3:] = log(R_target R_current^T) (radians,
    a rotation vector in the world frame). For small errors, error = J_world @ dq.
    """
    A = T_world_target
    B = T_world_current
    for i in range(3):
        out[i] = A[i, 3] - B[i, 3]
    # Entries of R_target @ R_current^T: (i, j) = row i of A dot row j of B.
    _rotvec_from_entries(
        A[0, 0] * B[0, 0] + A[0, 1] * B[0, 1] + A[0, 2] * B[0, 2],
        A[0, 0] * B[1, 0] + A[0, 1] * B[1, 1] + A[0, 2] * B[1, 2],
        A[0, 0] * B[2, 0] + A[0, 1] * B[2, 1] + A[0, 2] * B[2, 2],
        A[1, 0] * B[0, 0] + A[1, 1] * B[0, 1] + A[1, 2] * B[0, 2],
        A[1, 0] * B[1, 0] + A[1, 1] * B[1, 1] + A[1, 2] * B[1, 2],
        A[1, 0] * B[2, 0] + A[1, 1] * B[2, 1] + A[1, 2] * B[2, 2],
        A[2, 0] * B[0, 0] + A[2, 1] * B[0, 1] + A[2, 2] * B[0, 2],
        A[2, 0] * B[1, 0] + A[2, 1] * B[1, 1] + A[2, 2] * B[1, 2],
        A[2, 0] * B[2, 0] + A[2, 1] * B[2, 1] + A[2, 2] * B[2, 2],
        out, 3,
    )
