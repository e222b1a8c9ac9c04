"""Newton polish of a joint vector on the exact forward kinematics of a revolute chain.

FK: T(u) = F0 Rz(u0) F1 ... Rz(u_n-1) F_n (F (n + 1, 4, 4), u = q + offset, radians).
The error is e = (p* - p, log(R* R^T)) (metres, radians, world frame); the step solves
J du = e with the geometric Jacobian J (6, n) in the world frame (least squares when
n != 6 or J is singular). Near a root Newton doubles the correct digits per step, so
roots from the eigenvalue problem (1e-8 or so) reach 1e-15 in two or three steps.
"""

import math

import numpy as np
from numba import njit

from .rr_loop import rz

MAX_STEPS = 12
STEP_TOLERANCE = 1e-15  # radians: a smaller step changes nothing


@njit(cache=True)
def fk_and_jacobian(fixed: np.ndarray, u: np.ndarray, J: np.ndarray) -> np.ndarray:
    """T (4, 4) at u (n,); fills J (6, n), rows (v, w) in the world frame."""
    n = u.shape[0]
    T = fixed[0].copy()
    axes = np.empty((n, 3))
    points = np.empty((n, 3))
    for i in range(n):
        axes[i] = T[:3, 2]
        points[i] = T[:3, 3]
        T = T @ rz(u[i]) @ fixed[i + 1]
    for i in range(n):
        z = axes[i]
        d = T[:3, 3] - points[i]
        J[0, i] = z[1] * d[2] - z[2] * d[1]
        J[1, i] = z[2] * d[0] - z[0] * d[2]
        J[2, i] = z[0] * d[1] - z[1] * d[0]
        J[3:, i] = z
    return T


@njit(cache=True)
def pose_error(T: np.ndarray, target: np.ndarray, e: np.ndarray) -> None:
    """e (6,) <- (p* - p, log(R* R^T)) as an axis-angle vector (radians)."""
    e[:3] = target[:3, 3] - T[:3, 3]
    R = target[:3, :3] @ T[:3, :3].T
    w = np.array([R[2, 1] - R[1, 2], R[0, 2] - R[2, 0], R[1, 0] - R[0, 1]])
    s = 0.5 * math.sqrt(w @ w)
    c = 0.5 * (R[0, 0] + R[1, 1] + R[2, 2] - 1.0)
    angle = math.atan2(s, c)
    if s > 1e-12:
        e[3:] = w * (0.5 * angle / s)
    elif c > 0.0:
        e[3:] = 0.5 * w
    else:  # a half turn: the axis from the diagonal
        k = np.argmax(np.array([R[0, 0], R[1, 1], R[2, 2]]))
        axis = (R[:, k] + np.eye(3)[:, k])
        e[3:] = axis / math.sqrt(axis @ axis) * math.pi


@njit(cache=True)
def solve6(J: np.ndarray, e: np.ndarray) -> np.ndarray:
    """J^-1 e for J (6, 6) by Gaussian elimination with partial pivoting; a zero pivot
    (singular J) leaves that component 0, as a least-squares step would for that
    direction."""
    A = J.copy()
    b = e.copy()
    for c in range(6):
        p = c + np.argmax(np.abs(A[c:, c]))
        if p != c:
            for k in range(6):
                A[c, k], A[p, k] = A[p, k], A[c, k]
            b[c], b[p] = b[p], b[c]
        if abs(A[c, c]) < 1e-14:
            continue
        for r in range(c + 1, 6):
            f = A[r, c] / A[c, c]
            if f != 0.0:
                for k in range(c, 6):
                    A[r, k] -= f * A[c, k]
                b[r] -= f * b[c]
    x = np.zeros(6)
    for c in range(5, -1, -1):
        if abs(A[c, c]) < 1e-14:
            continue
        t = b[c]
        for k in range(c + 1, 6):
            t -= A[c, k] * x[k]
        x[c] = t / A[c, c]
    return x


@njit(cache=True)
def polish(fixed: np.ndarray, target: np.ndarray, u: np.ndarray) -> tuple:
    """Newton steps from u (n,) in place; returns (position error m, rotation error rad,
    smallest singular value of J at the end)."""
    n = u.shape[0]
    J = np.empty((6, n))
    e = np.empty(6)
    T = fk_and_jacobian(fixed, u, J)
    pose_error(T, target, e)
    for _ in range(MAX_STEPS):
        du = solve6(J, e) if n == 6 else np.linalg.pinv(J) @ e
        u += du
        T = fk_and_jacobian(fixed, u, J)
        pose_error(T, target, e)
        if np.abs(du).max() < STEP_TOLERANCE or (np.abs(e).max() < 1e-15):
            break
    sv = np.linalg.svd(J)[1]
    return (math.sqrt(e[0] ** 2 + e[1] ** 2 + e[2] ** 2),
            math.sqrt(e[3] ** 2 + e[4] ** 2 + e[5] ** 2), sv[-1] / max(sv[0], 1e-300))
