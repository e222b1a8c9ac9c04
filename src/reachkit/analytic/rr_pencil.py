"""From the 14 fitted Raghavan-Roth equations to the 12 x 12 matrix polynomial and its
roots (Manocha and Canny 1994, "Efficient inverse kinematics for general 6R manipulators").

With P (3, 3, 3, 14) and Q (3, 3, 14) from `rr_loop`, the equations read
    sum_a f_a(u2) P[a] X34 - Q[0, 0] = Q8 X01,
X34 the 9 products f_b(u3) f_c(u4), X01 the 8 non-constant products f_a(u0) f_b(u1)
(indices relative to the cyclic order). Rows of N (6, 14) spanning the left null space of
Q8 (14, 8) (its Householder QR) remove u0, u1: Sigma(u2) X34 = 0, 6 equations. With u = delta + phi and
x = tan(phi / 2) for u2, u3, u4 (delta: fixed offsets keeping u = delta + pi, i.e.
x = infinity, away from the roots), (1 + x^2) f(u) is a quadratic in x, so the 6 equations
times (1 + x2^2)(1 + x3^2)(1 + x4^2) involve the 9 monomials x3^i x4^j (i, j <= 2) with
coefficients quadratic in x2. Adding the same equations times x3 gives 12 equations in
the 12 monomials x3^i x4^j (i <= 3, j <= 2):
    M(x2) v = (A x2^2 + B x2 + C) v = 0,   det M(x2) of degree 24.
Its roots are the (at most 16) solutions' x2 and 8 roots at x2 = +-i, the factor
(1 + x2^2)^4 (Raghavan-Roth), which are never real. As A is invertible for a good delta,
the roots are the eigenvalues of the 24 x 24 companion matrix
    [[0, I], [-A^-1 C, -A^-1 B]],
computed by LAPACK's dgeev inside Numba (`lapack.eigenvalues`).
"""

import math

import numpy as np

from ..kernels.jit import allocating_kernel
from .dense import least_squares, lu_solve, null_vector, orthogonal_triangular
from .lapack import eigenvalues

SIZE = 12
SEPARATE = 0.7548  # weight of the x4 shift in the eigenproblem of a multiple root


@allocating_kernel()
def half_angle(delta: float) -> np.ndarray:
    """H (3, 3): (1 + x^2) f_a(delta + phi) = sum_e H[a, e] x^e, x = tan(phi / 2)."""
    c, s = math.cos(delta), math.sin(delta)
    H = np.empty((3, 3))
    H[0, 0], H[0, 1], H[0, 2] = 1.0, 0.0, 1.0
    H[1, 0], H[1, 1], H[1, 2] = c, -2.0 * s, -c
    H[2, 0], H[2, 1], H[2, 2] = s, 2.0 * c, -s
    return H


@allocating_kernel()
def right_matrix(Q: np.ndarray) -> np.ndarray:
    """Q8 (14, 8): the columns Q[a, b] of the non-constant products f_a(u0) f_b(u1), in the
    order 01 02 10 11 12 20 21 22."""
    Q8 = np.empty((14, 8))
    col = 0
    for a in range(3):
        for b in range(3):
            if a == 0 and b == 0:
                continue
            for e in range(Q8.shape[0]):  # copies in loops (see `dense`)
                Q8[e, col] = Q[a, b, e]
            col += 1
    return Q8


@allocating_kernel()
def eliminate_01(P: np.ndarray, Q: np.ndarray) -> tuple:
    """Sigma (3, 6, 9): Sigma[a] X34 with the factor f_a(u2), rows free of u0, u1; and the
    QR (Q^T (14, 14), R (8, 8)) of Q8 (14, 8), reused to recover u0, u1."""
    QT, R = orthogonal_triangular(right_matrix(Q))
    Sigma = np.zeros((3, 6, 9))
    for a in range(3):
        for r in range(6):
            for b in range(3):
                for c in range(3):
                    t = 0.0
                    for e in range(14):
                        t += QT[8 + r, e] * P[a, b, c, e]
                    Sigma[a, r, b * 3 + c] = t
    for r in range(6):
        t = 0.0
        for e in range(14):
            t += QT[8 + r, e] * Q[0, 0, e]
        Sigma[0, r, 0] -= t
    return Sigma, QT, R


@allocating_kernel()
def pencil(Sigma: np.ndarray, deltas: np.ndarray) -> np.ndarray:
    """M (3, 12, 12): M[e] multiplies x2^e; columns are the monomials x3^i x4^j at i * 3 + j."""
    H2, H3, H4 = half_angle(deltas[0]), half_angle(deltas[1]), half_angle(deltas[2])
    M = np.zeros((3, SIZE, SIZE))
    for e in range(3):
        for r in range(6):
            for b in range(3):
                for c in range(3):
                    coef = (H2[0, e] * Sigma[0, r, b * 3 + c] + H2[1, e] * Sigma[1, r, b * 3 + c]
                            + H2[2, e] * Sigma[2, r, b * 3 + c])
                    if coef == 0.0:
                        continue
                    for i in range(3):
                        for j in range(3):
                            w = coef * H3[b, i] * H4[c, j]
                            M[e, r, i * 3 + j] += w
                            M[e, 6 + r, (i + 1) * 3 + j] += w
    return M


@allocating_kernel()
def companion_roots(M: np.ndarray) -> tuple:
    """Eigenvalues (24,) complex of the companion matrix of M (3, 12, 12), and the
    smallest / largest pivot of A = M[2] (0 when A is singular)."""
    rhs = np.empty((SIZE, 2 * SIZE))
    for i in range(SIZE):
        for j in range(SIZE):
            rhs[i, j] = M[0, i, j]
            rhs[i, SIZE + j] = M[1, i, j]
    X, ratio = lu_solve(M[2], rhs)
    if ratio < 1e-12:
        return np.zeros(2 * SIZE, dtype=np.complex128), ratio
    L = np.zeros((2 * SIZE, 2 * SIZE))
    for i in range(SIZE):
        L[i, SIZE + i] = 1.0
        for j in range(2 * SIZE):
            L[SIZE + i, j] = -X[i, j]
    wr, wi, info = eigenvalues(L)
    if info != 0:
        return np.zeros(2 * SIZE, dtype=np.complex128), 0.0
    return wr + 1j * wi, ratio


@allocating_kernel()
def null_monomials(M: np.ndarray, x: float, multiplicity: int) -> np.ndarray:
    """The angles (phi3, phi4) (m, 2) of the monomial vectors in the null space of M(x) (a real
    root x of multiplicity m): m = 1 one null vector by elimination; otherwise the SVD gives
    the null space V (12, m), and the shift structure of monomial vectors an m x m
    eigenproblem whose eigenvectors are the solutions' monomial vectors."""
    Mx = M[0] + x * M[1] + x * x * M[2]
    out = np.empty((multiplicity, 2))
    if multiplicity == 1:
        v = null_vector(Mx)
        out[0, 0] = _ratio_angle(v, 3)
        out[0, 1] = _ratio_angle(v, 1)
        return out
    _, _, Vt = np.linalg.svd(Mx)
    m = multiplicity
    V = np.ascontiguousarray(Vt[SIZE - m:, :].T)  # (12, m)
    # Monomial vectors satisfy x3 v[i, j] = v[i + 1, j] and x4 v[i, j] = v[i, j + 1]: in the
    # coordinates z of V, low Z = high (least squares) for each shift. The two m x m
    # matrices commute and share the eigenvectors of the monomial vectors; a combination
    # separates solutions that share x3 (a spherical wrist's flip pair) or x4.
    low3, high3 = np.empty((9, m)), np.empty((9, m))
    low4, high4 = np.empty((8, m)), np.empty((8, m))
    for i in range(4):
        for j in range(3):
            for c in range(m):
                if i < 3:
                    low3[i * 3 + j, c] = V[i * 3 + j, c]
                    high3[i * 3 + j, c] = V[(i + 1) * 3 + j, c]
                if j < 2:
                    low4[i * 2 + j, c] = V[i * 3 + j, c]
                    high4[i * 2 + j, c] = V[i * 3 + j + 1, c]
    Z = least_squares(low3, high3) + SEPARATE * least_squares(low4, high4)
    _, vectors = np.linalg.eig(Z.astype(np.complex128))
    for k in range(m):
        z = vectors[:, k]
        z = z / z[np.argmax(np.abs(z))]
        v = V @ np.ascontiguousarray(z.real)  # a column's real parts are strided
        out[k, 0] = _ratio_angle(v, 3)
        out[k, 1] = _ratio_angle(v, 1)
    return out


@allocating_kernel()
def _ratio_angle(v: np.ndarray, stride: int) -> float:
    """phi = 2 atan(x) from the largest pair (v[n + stride], v[n]) of a monomial vector,
    stride 3 for x3 (v[i + 1, j] / v[i, j]) and 1 for x4; robust to x -> infinity."""
    best, num, den = -1.0, 0.0, 1.0
    for i in range(4):
        for j in range(3):
            if (stride == 3 and i == 3) or (stride == 1 and j == 2):
                continue
            n = i * 3 + j
            size = abs(v[n]) + abs(v[n + stride])
            if size > best:
                best, num, den = size, v[n + stride], v[n]
    return 2.0 * math.atan2(num, den)
