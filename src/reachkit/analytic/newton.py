"""Newton polish of a joint vector on the exact forward kinematics of a 6R chain.

FK: T(u) = F0 Rz(u0) F1 ... Rz(u_n-1) F_n (F (n + 1, 4, 4), u = q + offset, radians).
The error is e = (p* - p, log(R* R^T)) (metres, radians, world frame); the step solves
J du = e with the geometric Jacobian J (6, 6) in the world frame (a singular direction
gets no step). Near a root Newton doubles the correct digits per step, so
roots from the eigenvalue problem (1e-8 or so) reach 1e-15 in two or three steps.
"""

import math

import numpy as np

from ..kernels.jacobian import fk_jacobian_into
from ..kernels.jit import allocating_kernel

MAX_STEPS = 12
STEP_TOLERANCE = 1e-15  # radians: a smaller step changes nothing


@allocating_kernel()
def pose_error(T: np.ndarray, target: np.ndarray, e: np.ndarray) -> None:
    """e (6,) <- (p* - p, log(R* R^T)) as an axis-angle vector (radians)."""
    R = np.empty((3, 3))
    for i in range(3):
        e[i] = target[i, 3] - T[i, 3]
        for j in range(3):
            R[i, j] = target[i, 0] * T[j, 0] + target[i, 1] * T[j, 1] + target[i, 2] * T[j, 2]
    wx, wy, wz = R[2, 1] - R[1, 2], R[0, 2] - R[2, 0], R[1, 0] - R[0, 1]
    s = 0.5 * math.sqrt(wx * wx + wy * wy + wz * wz)
    c = 0.5 * (R[0, 0] + R[1, 1] + R[2, 2] - 1.0)
    if s > 1e-12:
        f = 0.5 * math.atan2(s, c) / s
    elif c > 0.0:
        f = 0.5
    else:  # a half turn: the axis from the diagonal
        k = 0 if R[0, 0] >= max(R[1, 1], R[2, 2]) else (1 if R[1, 1] >= R[2, 2] else 2)
        ax, ay, az = R[0, k], R[1, k], R[2, k]
        if k == 0:
            ax += 1.0
        elif k == 1:
            ay += 1.0
        else:
            az += 1.0
        f = math.pi / math.sqrt(ax * ax + ay * ay + az * az)
        wx, wy, wz = ax, ay, az
    e[3], e[4], e[5] = wx * f, wy * f, wz * f


@allocating_kernel()
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


@allocating_kernel()
def pivot_ratio(J: np.ndarray) -> float:
    """Smallest / largest pivot of Gaussian elimination with partial pivoting on J (6, 6):
    a cheap conditioning figure (0 for a singular J)."""
    A = J.copy()
    smallest, largest = np.inf, 0.0
    for c in range(6):
        p = c
        for r in range(c + 1, 6):
            if abs(A[r, c]) > abs(A[p, c]):
                p = r
        for k in range(6):
            A[c, k], A[p, k] = A[p, k], A[c, k]
        d = A[c, c]
        smallest, largest = min(smallest, abs(d)), max(largest, abs(d))
        if d == 0.0:
            continue
        for r in range(c + 1, 6):
            f = A[r, c] / d
            for k in range(c, 6):
                A[r, k] -= f * A[c, k]
    return smallest / largest if largest > 0.0 else 0.0


@allocating_kernel()
def polish(fixed: np.ndarray, target: np.ndarray, u: np.ndarray) -> tuple:
    """Newton steps from u (6,) in place; returns (position error m, rotation error rad,
    `pivot_ratio` of J at the end: near 0 at a singular configuration). FK and Jacobian
    come from the solver's chain walk (`reachkit.kernels.jacobian.fk_jacobian_into`)."""
    n = u.shape[0]
    J = np.empty((6, n))
    T = np.empty((4, 4))
    e = np.empty(6)
    kinds = np.zeros(n, dtype=np.int64)  # all revolute
    offsets = np.zeros(n)                # u already holds q + offset
    fk_jacobian_into(fixed, kinds, offsets, u, T, J)
    pose_error(T, target, e)
    for _ in range(MAX_STEPS):
        du = solve6(J, e)
        step = 0.0
        for i in range(n):
            u[i] += du[i]
            step = max(step, abs(du[i]))
        fk_jacobian_into(fixed, kinds, offsets, u, T, J)
        pose_error(T, target, e)
        if step < STEP_TOLERANCE or np.abs(e).max() < 1e-15:
            break
    return (math.sqrt(e[0] ** 2 + e[1] ** 2 + e[2] ** 2),
            math.sqrt(e[3] ** 2 + e[4] ** 2 + e[5] ** 2), pivot_ratio(J))
