"""Small dense linear algebra on the leading k x k block of preallocated buffers."""

import math

import numpy as np

from .jit import kernel

_MAX_JACOBI_SWEEPS = 60
# Sums and dot products may be reordered and fused (FMA): they vectorise and their
# latency chains overlap. Results change in the last bits only; NaN and inf keep their
# IEEE meaning (no "nnan" / "ninf"), so the NaN guards of the solvers still hold.
FAST_SUMS = {"contract", "reassoc"}


@kernel(fastmath=FAST_SUMS)
def cholesky_factor_inplace(A: np.ndarray, k: int) -> bool:
    """Cholesky factor L of the symmetric positive definite A[:k, :k], in place in the lower
    triangle, with 1 / L_jj stored on the diagonal (so solves multiply rather than divide).
    Returns False if A is not positive definite to machine precision."""
    for j in range(k):
        s = A[j, j]
        for p in range(j):
            s -= A[j, p] * A[j, p]
        if not s > 0.0:
            return False
        inverse = 1.0 / math.sqrt(s)
        A[j, j] = inverse
        for i in range(j + 1, k):
            t = A[i, j]
            for p in range(j):
                t -= A[i, p] * A[j, p]
            A[i, j] = t * inverse
    return True


@kernel(fastmath=FAST_SUMS)
def cholesky_substitute_inplace(L: np.ndarray, b: np.ndarray, k: int) -> None:
    """b[:k] <- (L L^T)^-1 b[:k] for a factor from `cholesky_factor_inplace`."""
    for i in range(k):
        t = b[i]
        for p in range(i):
            t -= L[i, p] * b[p]
        b[i] = t * L[i, i]
    for i in range(k - 1, -1, -1):
        t = b[i]
        for p in range(i + 1, k):
            t -= L[p, i] * b[p]
        b[i] = t * L[i, i]


@kernel(keeps_literals=True, forceinline=True)
def ldl_solve_inplace(A: np.ndarray, b: np.ndarray, k: int) -> bool:
    """Solve A[:k, :k] x = b[:k] for a symmetric positive definite A by A = L D L^T.
    No square roots: the chain from one pivot to the next is a single division, where
    Cholesky has a square root and a division. A's lower triangle is overwritten by L
    (unit diagonal implied, D on the diagonal), b by x. Returns False, A and b partly
    overwritten, when a pivot is not positive (A not positive definite, or NaN).

    Inlined into its callers by LLVM, without fastmath. Every loop runs the full k and
    masks the triangle by an index test: with a literal k the compiler unrolls them all
    and the tests vanish (a 6 x 6 solve takes ~35 ns, against ~190 ns for triangular
    loops, whose varying trip counts it does not unroll and the branches mispredict)."""
    for j in range(k):
        d = A[j, j]
        for p in range(k):
            if p < j:
                d -= A[j, p] * A[j, p] * A[p, p]
        if not d > 0.0:
            return False
        A[j, j] = d
        inverse = 1.0 / d
        for i in range(k):
            if i > j:
                t = A[i, j]
                for p in range(k):
                    if p < j:
                        t -= A[i, p] * A[j, p] * A[p, p]
                A[i, j] = t * inverse
    for i in range(k):  # L y = b
        t = b[i]
        for p in range(k):
            if p < i:
                t -= A[i, p] * b[p]
        b[i] = t
    for i in range(k - 1, -1, -1):  # D L^T x = y
        t = b[i] / A[i, i]
        for p in range(k):
            if p > i:
                t -= A[p, i] * b[p]
        b[i] = t
    return True


@kernel()
def symmetric_eigen_inplace(A: np.ndarray, V: np.ndarray, eigenvalues: np.ndarray, k: int) -> None:
    """Eigen-decomposition A[:k, :k] = V diag(eigenvalues) V^T of a symmetric matrix by cyclic
    Jacobi rotations (bounded number of sweeps). A is destroyed; columns of V[:k, :k] are
    the unit eigenvectors."""
    for i in range(k):
        for j in range(k):
            V[i, j] = 1.0 if i == j else 0.0
    scale = 0.0
    for i in range(k):
        for j in range(k):
            scale += A[i, j] * A[i, j]
    for _ in range(_MAX_JACOBI_SWEEPS):
        off = 0.0
        for p in range(k - 1):
            for q in range(p + 1, k):
                off += A[p, q] * A[p, q]
        if off <= 1e-30 * scale or off == 0.0:
            break
        for p in range(k - 1):
            for q in range(p + 1, k):
                apq = A[p, q]
                if apq == 0.0:
                    continue
                theta = (A[q, q] - A[p, p]) / (2.0 * apq)
                t = 1.0 / (abs(theta) + math.sqrt(theta * theta + 1.0))
                if theta < 0.0:
                    t = -t
                c = 1.0 / math.sqrt(t * t + 1.0)
                s = t * c
                for r in range(k):
                    arp = A[r, p]
                    arq = A[r, q]
                    A[r, p] = c * arp - s * arq
                    A[r, q] = s * arp + c * arq
                for r in range(k):
                    apr = A[p, r]
                    aqr = A[q, r]
                    A[p, r] = c * apr - s * aqr
                    A[q, r] = s * apr + c * aqr
                for r in range(k):
                    vrp = V[r, p]
                    vrq = V[r, q]
                    V[r, p] = c * vrp - s * vrq
                    V[r, q] = s * vrp + c * vrq
    for i in range(k):
        eigenvalues[i] = A[i, i]
