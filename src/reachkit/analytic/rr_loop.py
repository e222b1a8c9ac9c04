"""The closure loop of a 6R arm and the 14 Raghavan-Roth equations, fitted numerically.

A 6R chain is T = F0 Rz(u0) F1 Rz(u1) ... Rz(u5) F6 (u = q + offset, radians; F (7, 4, 4)
the chain's fixed transforms, see `reachkit.chain.Chain`). Closed into a loop,
    Rz(u0) G0 Rz(u1) G1 ... Rz(u5) G5 = I,   G = [F1, ..., F5, F6 T^-1 F0],
any cyclic order a = (k, k + 1, ..., k + 5) mod 6 of the joints gives the same loop, and
    Rz(u_a2) G_a2 Rz(u_a3) G_a3 Rz(u_a4) G_a4 = G_a1^-1 Rz(-u_a1) G_a0^-1 Rz(-u_a0) G_a5^-1 Rz(-u_a5).
The z axis l and origin p of both sides do not see u_a5. From p and l, Raghavan and Roth
(1993) build 14 scalars: p, l, p.p, p.l, p x l, (p.p) l - 2 (p.l) p. Each is, on the left, a
trigonometric polynomial of degree one in each of u_a2, u_a3, u_a4 and, on the right, of
degree one in each of u_a0, u_a1 (their result; `tests/test_analytic_general6r.py` checks it
on random arms). So instead of writing the coefficients out symbolically, they are read off
exactly by interpolation at the nodes 0, 2 pi / 3, 4 pi / 3 of each angle (27 and 9
evaluations): coefficient arrays over the basis f = (1, cos u, sin u) per angle.
"""

import math

import numpy as np
from numba import njit

NODES = np.array([0.0, 2.0 * math.pi / 3.0, 4.0 * math.pi / 3.0])
# Inverse of V[n, b] = f_b(NODES[n]): maps samples at the nodes to coefficients of (1, c, s).
_V = np.stack([np.ones(3), np.cos(NODES), np.sin(NODES)], axis=1)
INTERPOLATE = np.ascontiguousarray(np.linalg.inv(_V))
EQUATIONS = 14


@njit(cache=True)
def rz(u: float) -> np.ndarray:
    """Rz(u) (4, 4)."""
    R = np.eye(4)
    c, s = math.cos(u), math.sin(u)
    R[0, 0], R[0, 1], R[1, 0], R[1, 1] = c, -s, s, c
    return R


@njit(cache=True)
def rigid_inverse(T: np.ndarray) -> np.ndarray:
    """T^-1 of a rigid transform (4, 4)."""
    out = np.eye(4)
    out[:3, :3] = T[:3, :3].T
    out[:3, 3] = -(T[:3, :3].T @ T[:3, 3])
    return out


@njit(cache=True)
def loop_transforms(fixed: np.ndarray, T: np.ndarray) -> np.ndarray:
    """G (6, 4, 4) of the closed loop (module docstring) for the pose T (4, 4)."""
    G = np.empty((6, 4, 4))
    for i in range(5):
        G[i] = fixed[i + 1]
    G[5] = fixed[6] @ rigid_inverse(T) @ fixed[0]
    return G


@njit(cache=True)
def _fourteen(M: np.ndarray, out: np.ndarray) -> None:
    """The 14 Raghavan-Roth scalars of the z axis and origin of M (4, 4) into out (14,)."""
    p = M[:3, 3]
    l = M[:3, 2]
    pp = p @ p
    pl = p @ l
    out[0:3] = p
    out[3:6] = l
    out[6] = pp
    out[7] = pl
    out[8] = p[1] * l[2] - p[2] * l[1]
    out[9] = p[2] * l[0] - p[0] * l[2]
    out[10] = p[0] * l[1] - p[1] * l[0]
    out[11:14] = pp * l - 2.0 * pl * p


@njit(cache=True)
def fit_left(G: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Coefficients P (3, 3, 3, 14) of the left side: value = sum P[a, b, c] f_a(u_a2)
    f_b(u_a3) f_c(u_a4), `order` (6,) the cyclic joint order a."""
    samples = np.empty((3, 3, 3, EQUATIONS))
    for i in range(3):
        A = rz(NODES[i]) @ G[order[2]]
        for j in range(3):
            B = A @ rz(NODES[j]) @ G[order[3]]
            for k in range(3):
                _fourteen(B @ rz(NODES[k]) @ G[order[4]], samples[i, j, k])
    return _interpolate3(samples)


@njit(cache=True)
def fit_right(G: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Coefficients Q (3, 3, 14) of the right side over f_a(u_a0) f_b(u_a1)."""
    samples = np.empty((3, 3, EQUATIONS))
    X = rigid_inverse(G[order[5]])
    inv0 = rigid_inverse(G[order[0]])
    inv1 = rigid_inverse(G[order[1]])
    for i in range(3):
        A = inv0 @ rz(-NODES[i]) @ X
        for j in range(3):
            _fourteen(inv1 @ rz(-NODES[j]) @ A, samples[i, j])
    out = np.zeros((3, 3, EQUATIONS))
    for a in range(3):
        for b in range(3):
            for i in range(3):
                for j in range(3):
                    out[a, b] += INTERPOLATE[a, i] * INTERPOLATE[b, j] * samples[i, j]
    return out


@njit(cache=True)
def _interpolate3(samples: np.ndarray) -> np.ndarray:
    step = np.zeros((3, 3, 3, EQUATIONS))
    for a in range(3):
        for i in range(3):
            step[a] += INTERPOLATE[a, i] * samples[i]
    step2 = np.zeros((3, 3, 3, EQUATIONS))
    for a in range(3):
        for b in range(3):
            for j in range(3):
                step2[a, b] += INTERPOLATE[b, j] * step[a, j]
    out = np.zeros((3, 3, 3, EQUATIONS))
    for a in range(3):
        for b in range(3):
            for c in range(3):
                for k in range(3):
                    out[a, b, c] += INTERPOLATE[c, k] * step2[a, b, k]
    return out


@njit(cache=True)
def basis(u: float) -> np.ndarray:
    """f(u) = (1, cos u, sin u)."""
    return np.array([1.0, math.cos(u), math.sin(u)])
