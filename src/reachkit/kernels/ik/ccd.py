"""Cyclic coordinate descent: one joint at a time, from the tool back to the base, each
set to the value that minimises the cost with all other joints frozen.

For a revolute joint the cost along its angle t is a trigonometric polynomial
g(t) = P cos^2 + Q sin^2 + 2 R cos sin - 2 B1 cos - 2 B2 sin + const (weighted position
error plus tool-axis misalignment); it is minimised over the allowed interval by sampling
and Newton polishing. A prismatic joint moves to the weighted projection of the position
error on its axis.
"""

import math

import numpy as np

from ..jit import kernel
from ..transform import REVOLUTE, compose_inplace, copy_transform, move_joint_inplace
from .task import project_joint

_SAMPLES = 16
_NEWTON_STEPS = 8


@kernel()
def joint_axes_into(fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray, q: np.ndarray,
                    T: np.ndarray, axes: np.ndarray, points: np.ndarray) -> None:
    """World axis (3, n) and a point on each joint axis (3, n); T gets the tool pose."""
    copy_transform(fixed[0], T)
    for i in range(kinds.shape[0]):
        for r in range(3):
            points[r, i] = T[r, 3]
            axes[r, i] = T[r, 2]
        move_joint_inplace(T, kinds[i], q[i] + offsets[i])
        compose_inplace(T, fixed[i + 1])


@kernel()
def _g(t: float, P: float, Q: float, R: float, B1: float, B2: float) -> float:
    c = math.cos(t)
    s = math.sin(t)
    return P * c * c + Q * s * s + 2.0 * R * c * s - 2.0 * B1 * c - 2.0 * B2 * s


@kernel()
def _argmin_trig(P: float, Q: float, R: float, B1: float, B2: float, lo: float, hi: float) -> float:
    """argmin of g over [lo, hi] (sampling, then safeguarded Newton)."""
    best_t = 0.0 if lo <= 0.0 <= hi else lo
    best = _g(best_t, P, Q, R, B1, B2)
    for k in range(_SAMPLES + 1):
        t = lo + (hi - lo) * k / _SAMPLES
        v = _g(t, P, Q, R, B1, B2)
        if v < best:
            best, best_t = v, t
    t = best_t
    for _ in range(_NEWTON_STEPS):
        c = math.cos(t)
        s = math.sin(t)
        c2 = c * c - s * s
        s2 = 2.0 * s * c
        d1 = (Q - P) * s2 + 2.0 * R * c2 + 2.0 * B1 * s - 2.0 * B2 * c
        d2 = 2.0 * (Q - P) * c2 - 4.0 * R * s2 + 2.0 * B1 * c + 2.0 * B2 * s
        if d2 <= 1e-300:
            break
        t_new = min(max(t - d1 / d2, lo), hi)
        v = _g(t_new, P, Q, R, B1, B2)
        if v >= best:
            break
        best, t = v, t_new
    return t


@kernel()
def _rotate_about(axis: np.ndarray, angle: float, v0: float, v1: float, v2: float) -> tuple:
    """Rodrigues: the vector (v0, v1, v2) rotated by `angle` about the unit `axis`."""
    c = math.cos(angle)
    s = math.sin(angle)
    ax, ay, az = axis[0], axis[1], axis[2]
    dot = ax * v0 + ay * v1 + az * v2
    cx = ay * v2 - az * v1
    cy = az * v0 - ax * v2
    cz = ax * v1 - ay * v0
    return (v0 * c + cx * s + ax * dot * (1.0 - c),
            v1 * c + cy * s + ay * dot * (1.0 - c),
            v2 * c + cz * s + az * dot * (1.0 - c))


@kernel()
def ccd_sweep(fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray, lower: np.ndarray,
              upper: np.ndarray, use_limits: bool, T_target: np.ndarray, w: np.ndarray,
              q: np.ndarray, T: np.ndarray, axes: np.ndarray, points: np.ndarray,
              axis: np.ndarray) -> None:
    """One sweep over all joints, last to first; q is updated in place. w (6,) are the
    effective weights (mask * weights); orientation counts with their mean. axes and
    points (3, n) and axis (3,) are scratch."""
    n = q.shape[0]
    joint_axes_into(fixed, kinds, offsets, q, T, axes, points)
    w_rot = 0.5 * (w[3] + w[4] + w[5]) / 3.0  # sum_k |R u_k - v_k|^2 ~ 2 angle^2
    for i in range(n - 1, -1, -1):
        for r in range(3):
            axis[r] = axes[r, i]
        lo = -math.pi
        hi = math.pi
        if use_limits:
            lo = lower[i] - q[i]
            hi = upper[i] - q[i]
        if kinds[i] == REVOLUTE:
            if hi - lo >= 2.0 * math.pi:
                lo, hi = -math.pi, math.pi
            P = 0.0
            Q = 0.0
            R = 0.0
            B1 = 0.0
            B2 = 0.0
            rx = T[0, 3] - points[0, i]
            ry = T[1, 3] - points[1, i]
            rz = T[2, 3] - points[2, i]
            ar = axis[0] * rx + axis[1] * ry + axis[2] * rz
            for k in range(3):
                rk = (rx, ry, rz)[k]
                c1 = rk - axis[k] * ar
                c2 = (axis[1] * rz - axis[2] * ry, axis[2] * rx - axis[0] * rz,
                      axis[0] * ry - axis[1] * rx)[k]
                c0 = T_target[k, 3] - points[k, i] - axis[k] * ar
                P += w[k] * c1 * c1
                Q += w[k] * c2 * c2
                R += w[k] * c1 * c2
                B1 += w[k] * c0 * c1
                B2 += w[k] * c0 * c2
            if w_rot > 0.0:
                for col in range(3):
                    ux, uy, uz = T[0, col], T[1, col], T[2, col]
                    vx, vy, vz = T_target[0, col], T_target[1, col], T_target[2, col]
                    au = axis[0] * ux + axis[1] * uy + axis[2] * uz
                    av = axis[0] * vx + axis[1] * vy + axis[2] * vz
                    B1 += w_rot * (vx * ux + vy * uy + vz * uz - av * au)
                    B2 += w_rot * (vx * (axis[1] * uz - axis[2] * uy)
                                   + vy * (axis[2] * ux - axis[0] * uz)
                                   + vz * (axis[0] * uy - axis[1] * ux))
            delta = _argmin_trig(P, Q, R, B1, B2, lo, hi)
            new_value = q[i] + delta
            if use_limits:
                new_value = project_joint(new_value, kinds[i], lower[i], upper[i])
            delta = new_value - q[i]
            q[i] = new_value
            px, py, pz = _rotate_about(axis, delta, rx, ry, rz)
            T[0, 3] = points[0, i] + px
            T[1, 3] = points[1, i] + py
            T[2, 3] = points[2, i] + pz
            for col in range(3):
                ux, uy, uz = _rotate_about(axis, delta, T[0, col], T[1, col], T[2, col])
                T[0, col] = ux
                T[1, col] = uy
                T[2, col] = uz
        else:
            num = 0.0
            den = 0.0
            for k in range(3):
                num += w[k] * (T_target[k, 3] - T[k, 3]) * axis[k]
                den += w[k] * axis[k] * axis[k]
            if den <= 1e-300:
                continue
            delta = min(max(num / den, lo), hi) if use_limits else num / den
            q[i] += delta
            for k in range(3):
                T[k, 3] += delta * axis[k]
