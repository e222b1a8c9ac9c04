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

from ..kernels.jit import allocating_kernel
from ..kernels.transform import copy_transform

NODES = np.array([0.0, 2.0 * math.pi / 3.0, 4.0 * math.pi / 3.0])
# Inverse of V[n, b] = f_b(NODES[n]): maps samples at the nodes to coefficients of (1, c, s).
_V = np.stack([np.ones(3), np.cos(NODES), np.sin(NODES)], axis=1)
INTERPOLATE = np.ascontiguousarray(np.linalg.inv(_V))
EQUATIONS = 14


@allocating_kernel()
def rz(u: float) -> np.ndarray:
    """Rz(u) (4, 4)."""
    R = np.eye(4)
    c, s = math.cos(u), math.sin(u)
    R[0, 0], R[0, 1], R[1, 0], R[1, 1] = c, -s, s, c
    return R


@allocating_kernel()
def mul4(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """A @ B for rigid transforms (4, 4) by plain loops (numpy's @ calls BLAS, whose call
    costs more than the 48 products)."""
    out = np.empty((4, 4))
    for i in range(3):
        for j in range(4):
            out[i, j] = A[i, 0] * B[0, j] + A[i, 1] * B[1, j] + A[i, 2] * B[2, j]
        out[i, 3] += A[i, 3]
    out[3, 0], out[3, 1], out[3, 2], out[3, 3] = 0.0, 0.0, 0.0, 1.0
    return out


@allocating_kernel()
def rz_times(u: float, X: np.ndarray) -> np.ndarray:
    """Rz(u) @ X (4, 4): only rows 0 and 1 change."""
    c, s = math.cos(u), math.sin(u)
    out = X.copy()
    for j in range(4):
        out[0, j] = c * X[0, j] - s * X[1, j]
        out[1, j] = s * X[0, j] + c * X[1, j]
    return out


@allocating_kernel()
def rigid_inverse(T: np.ndarray) -> np.ndarray:
    """T^-1 of a rigid transform (4, 4)."""
    out = np.eye(4)
    for i in range(3):
        for j in range(3):
            out[i, j] = T[j, i]
        out[i, 3] = -(T[0, i] * T[0, 3] + T[1, i] * T[1, 3] + T[2, i] * T[2, 3])
    return out


@allocating_kernel()
def loop_transforms(fixed: np.ndarray, T: np.ndarray) -> np.ndarray:
    """G (6, 4, 4) of the closed loop (module docstring) for the pose T (4, 4)."""
    G = np.empty((6, 4, 4))
    for i in range(5):  # copies in loops (see `dense`)
        copy_transform(fixed[i + 1], G[i])
    copy_transform(mul4(mul4(fixed[6], rigid_inverse(T)), fixed[0]), G[5])
    return G


@allocating_kernel()
def fourteen(p: np.ndarray, l: np.ndarray, out: np.ndarray) -> None:
    """The 14 Raghavan-Roth scalars of a z axis l (3,) and origin p (3,) into out (14,)."""
    pp = p[0] * p[0] + p[1] * p[1] + p[2] * p[2]
    pl = p[0] * l[0] + p[1] * l[1] + p[2] * l[2]
    for i in range(3):
        out[i] = p[i]
        out[3 + i] = l[i]
        out[11 + i] = pp * l[i] - 2.0 * pl * p[i]
    out[6] = pp
    out[7] = pl
    out[8] = p[1] * l[2] - p[2] * l[1]
    out[9] = p[2] * l[0] - p[0] * l[2]
    out[10] = p[0] * l[1] - p[1] * l[0]


@allocating_kernel()
def _fourteen_of(B: np.ndarray, z: np.ndarray, o: np.ndarray, out: np.ndarray) -> None:
    """fourteen() of the z axis B z and origin B o of B (4, 4) times a frame whose z axis
    and origin are z (3,), o (3,)."""
    p = np.empty(3)
    l = np.empty(3)
    for i in range(3):
        l[i] = B[i, 0] * z[0] + B[i, 1] * z[1] + B[i, 2] * z[2]
        p[i] = B[i, 0] * o[0] + B[i, 1] * o[1] + B[i, 2] * o[2] + B[i, 3]
    fourteen(p, l, out)


@allocating_kernel()
def fit_left(G: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Coefficients P (3, 3, 3, 14) of the left side: value = sum P[a, b, c] f_a(u_a2)
    f_b(u_a3) f_c(u_a4), `order` (6,) the cyclic joint order a."""
    samples = np.empty((3, 3, 3, EQUATIONS))
    G3 = np.empty((3, 4, 4))
    z4 = np.empty((3, 3))
    o4 = np.empty((3, 3))
    for k in range(3):  # copies in loops (see `dense`)
        copy_transform(rz_times(NODES[k], G[order[3]]), G3[k])
        R4 = rz_times(NODES[k], G[order[4]])
        for i in range(3):
            z4[k, i] = R4[i, 2]
            o4[k, i] = R4[i, 3]
    for i in range(3):
        A = rz_times(NODES[i], G[order[2]])
        for j in range(3):
            B = mul4(A, G3[j])
            for k in range(3):
                _fourteen_of(B, z4[k], o4[k], samples[i, j, k])
    return _interpolate3(samples)


@allocating_kernel()
def fit_right(G: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Coefficients Q (3, 3, 14) of the right side over f_a(u_a0) f_b(u_a1)."""
    samples = np.empty((3, 3, EQUATIONS))
    X = rigid_inverse(G[order[5]])
    inv0 = rigid_inverse(G[order[0]])
    inv1 = rigid_inverse(G[order[1]])
    for i in range(3):
        A = mul4(inv0, rz_times(-NODES[i], X))
        for j in range(3):
            B = mul4(inv1, rz_times(-NODES[j], A))
            fourteen(B[:3, 3].copy(), B[:3, 2].copy(), samples[i, j])
    out = np.zeros((3, 3, EQUATIONS))
    for a in range(3):
        for b in range(3):
            for i in range(3):
                for j in range(3):
                    w = INTERPOLATE[a, i] * INTERPOLATE[b, j]
                    for e in range(EQUATIONS):
                        out[a, b, e] += w * samples[i, j, e]
    return out


@allocating_kernel()
def _interpolate3(samples: np.ndarray) -> np.ndarray:
    """Coefficients (3, 3, 3, 14) from samples at the nodes, one axis at a time."""
    out = samples
    for _ in range(3):  # each pass interpolates the first axis and turns it last
        out = _interpolate_first_axis(out)
    return out


@allocating_kernel()
def _interpolate_first_axis(values: np.ndarray) -> np.ndarray:
    """out[b, c, a] = sum_i INTERPOLATE[a, i] values[i, b, c] for values (3, 3, 3, 14)."""
    out = np.zeros(values.shape)
    for a in range(3):
        for i in range(3):
            w = INTERPOLATE[a, i]
            for b in range(3):
                for c in range(3):
                    for e in range(values.shape[3]):
                        out[b, c, a, e] += w * values[i, b, c, e]
    return out


@allocating_kernel()
def basis(u: float) -> np.ndarray:
    """f(u) = (1, cos u, sin u)."""
    return np.array([1.0, math.cos(u), math.sin(u)])
