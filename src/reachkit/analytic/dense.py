"""Small dense linear algebra for the general 6R solver, by plain loops.

Inside Numba, numpy.linalg calls LAPACK through a wrapper that copies its inputs and
checks them; on matrices of 6 to 24 rows that costs more than the arithmetic. These
routines allocate their outputs only:
  * `orthogonal_triangular`: Householder QR, Q^T (m, m) and R (n, n) with Q^T A = [R; 0];
  * `lu_solve`: A X = B with partial pivoting, and a cheap conditioning figure;
  * `null_vector`: a unit vector v with M v ~ 0 (elimination with complete pivoting);
  * `solve_upper`: R x = y, least-squares style (a negligible pivot leaves x_i = 0);
  * `least_squares`: X minimising |A X - B|, by the two above.
Copies run in loops: a slice assignment between arrays compiles Numba's shape-mismatch
message, about 2.5 s of string formatting code on first use.
"""

import math

import numpy as np

from ..kernels.jit import allocating_kernel

NEGLIGIBLE_PIVOT = 1e-12  # of the largest: `least_squares` treats the column as dependent


@allocating_kernel()
def orthogonal_triangular(A: np.ndarray) -> tuple:
    """Householder QR of A (m, n), m >= n: (Q^T (m, m), R (n, n)), Q^T A = [R; 0]; the
    rows n.. of Q^T span the left null space of A when A has full column rank."""
    m, n = A.shape
    R = A.copy()
    QT = np.eye(m)
    v = np.empty(m)
    for k in range(n):
        norm = 0.0
        for i in range(k, m):
            norm += R[i, k] * R[i, k]
        norm = math.sqrt(norm)
        if norm == 0.0:
            continue
        alpha = -norm if R[k, k] >= 0.0 else norm
        vv = 0.0
        for i in range(k, m):
            v[i] = R[i, k]
        v[k] -= alpha
        for i in range(k, m):
            vv += v[i] * v[i]
        if vv == 0.0:
            continue
        _reflect(v, 2.0 / vv, k, R, k)
        _reflect(v, 2.0 / vv, k, QT, 0)
    return QT, R[:n, :n].copy()


@allocating_kernel()
def _reflect(v: np.ndarray, scale: float, k: int, M: np.ndarray, first_column: int) -> None:
    """M[k:, j] -= scale v[k:] (v[k:] . M[k:, j]) for the columns j >= first_column: the
    Householder reflection I - scale v v^T applied to rows k.. of M."""
    for j in range(first_column, M.shape[1]):
        t = 0.0
        for i in range(k, M.shape[0]):
            t += v[i] * M[i, j]
        t *= scale
        for i in range(k, M.shape[0]):
            M[i, j] -= t * v[i]


@allocating_kernel()
def solve_upper(R: np.ndarray, y: np.ndarray, negligible: float) -> np.ndarray:
    """x (n,) with R x = y for R (n, n) upper triangular; a diagonal entry below
    `negligible` times the largest leaves that x_i = 0 (a least-squares choice)."""
    n = R.shape[0]
    biggest = 0.0
    for i in range(n):
        biggest = max(biggest, abs(R[i, i]))
    x = np.zeros(n)
    for i in range(n - 1, -1, -1):
        if abs(R[i, i]) <= negligible * biggest:
            continue
        t = y[i]
        for j in range(i + 1, n):
            t -= R[i, j] * x[j]
        x[i] = t / R[i, i]
    return x


@allocating_kernel()
def least_squares(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """X (n, k) minimising |A X - B|_F for A (m, n), m >= n, and B (m, k), by Householder
    QR; where A's columns are dependent (a pivot below NEGLIGIBLE_PIVOT of the largest),
    that row of X is 0. (np.linalg.lstsq costs 2 s more compile.)"""
    QT, R = orthogonal_triangular(A)
    n = A.shape[1]
    X = np.empty((n, B.shape[1]))
    y = np.empty(n)
    for c in range(B.shape[1]):
        for i in range(n):
            t = 0.0
            for r in range(B.shape[0]):
                t += QT[i, r] * B[r, c]
            y[i] = t
        x = solve_upper(R, y, NEGLIGIBLE_PIVOT)
        for i in range(n):
            X[i, c] = x[i]
    return X


@allocating_kernel()
def lu_solve(A: np.ndarray, B: np.ndarray) -> tuple:
    """(X (n, k), ratio) with A X = B, A (n, n) by Gaussian elimination with partial
    pivoting; ratio = smallest / largest pivot magnitude (0: A singular, X undefined)."""
    n = A.shape[0]
    k = B.shape[1]
    U = A.copy()
    X = B.copy()
    for c in range(n):
        p = c
        for r in range(c + 1, n):
            if abs(U[r, c]) > abs(U[p, c]):
                p = r
        if p != c:
            for j in range(n):
                U[c, j], U[p, j] = U[p, j], U[c, j]
            for j in range(k):
                X[c, j], X[p, j] = X[p, j], X[c, j]
        if U[c, c] == 0.0:
            return X, 0.0
        for r in range(c + 1, n):
            f = U[r, c] / U[c, c]
            if f != 0.0:
                for j in range(c, n):
                    U[r, j] -= f * U[c, j]
                for j in range(k):
                    X[r, j] -= f * X[c, j]
    smallest, largest = np.inf, 0.0
    for c in range(n - 1, -1, -1):
        d = U[c, c]
        smallest = min(smallest, abs(d))
        largest = max(largest, abs(d))
        for j in range(k):
            t = X[c, j]
            for i in range(c + 1, n):
                t -= U[c, i] * X[i, j]
            X[c, j] = t / d
    return X, smallest / largest


@allocating_kernel()
def null_vector(M: np.ndarray) -> np.ndarray:
    """A unit vector v (n,) with M v ~ 0 for M (n, n) of rank n - 1 (or less): Gaussian
    elimination with complete pivoting; the first negligible pivot (or the last one)
    marks the free unknown, set to 1, and back substitution gives the others."""
    n = M.shape[0]
    U = M.copy()
    columns = np.arange(n)
    scale = 0.0
    for i in range(n):
        for j in range(n):
            scale = max(scale, abs(U[i, j]))
    free = n - 1
    for c in range(n - 1):
        p, q, best = c, c, -1.0
        for i in range(c, n):
            for j in range(c, n):
                if abs(U[i, j]) > best:
                    p, q, best = i, j, abs(U[i, j])
        if best <= 1e-14 * scale:
            free = c
            break
        if p != c:
            for j in range(n):
                U[c, j], U[p, j] = U[p, j], U[c, j]
        if q != c:
            for i in range(n):
                U[i, c], U[i, q] = U[i, q], U[i, c]
            columns[c], columns[q] = columns[q], columns[c]
        for r in range(c + 1, n):
            f = U[r, c] / U[c, c]
            if f != 0.0:
                for j in range(c, n):
                    U[r, j] -= f * U[c, j]
    y = np.zeros(n)
    y[free] = 1.0
    for i in range(free - 1, -1, -1):
        t = 0.0
        for j in range(i + 1, free + 1):
            t -= U[i, j] * y[j]
        y[i] = t / U[i, i]
    norm = 0.0
    for i in range(n):
        norm += y[i] * y[i]
    norm = math.sqrt(norm)
    v = np.empty(n)
    for i in range(n):
        v[columns[i]] = y[i] / norm
    return v
