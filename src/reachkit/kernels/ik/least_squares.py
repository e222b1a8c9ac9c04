"""Step rules built on the weighted task Jacobian Jw (m active rows x n joints):
Levenberg-Marquardt (scalar damping, L D L^T), and the eigen-filtered family
(Newton-Raphson / Gauss-Newton / pseudoinverse: 1/s^2 above a cut; damped least squares:
1/(s^2 + mu^2) with mu from the smallest singular value).

Every rule solves through the smaller Gram matrix: Jw^T Jw (n x n) when n <= m, else
Jw Jw^T (m x m), so a 50-joint chain costs a 6 x 6 solve. With a secondary motion z the
step is dq = J#(r - Jw z) + z, which equals J# r + (I - J# Jw) z.
"""

import math

import numpy as np
from numba import types
from numba.extending import overload

from ..jit import kernel
from ..linalg import FAST_SUMS, ldl_solve_inplace, symmetric_eigen_inplace
from ..numba_internals import OVERLOAD_OPTIONS
from .records import DLS, GN, LM, LM_CHAN, LM_SUGIHARA, Pinv

FILTER_PINV = 0
FILTER_DLS = 1


@kernel(fastmath=FAST_SUMS)
def subtract_task_motion(Jw: np.ndarray, r: np.ndarray, m: int, z: np.ndarray, rr: np.ndarray) -> None:
    """rr = r - Jw z: the part of the task error the secondary motion z leaves to do."""
    n = Jw.shape[1]
    for a in range(m):
        v = r[a]
        for j in range(n):
            v -= Jw[a, j] * z[j]
        rr[a] = v


@kernel(keeps_literals=True, fastmath=FAST_SUMS, forceinline=True)
def _gram(Jw: np.ndarray, m: int, n: int, A: np.ndarray) -> int:
    """The smaller Gram matrix into A; returns its size k."""
    if n <= m:
        for i in range(n):
            for j in range(i, n):
                s = 0.0
                for a in range(m):
                    s += Jw[a, i] * Jw[a, j]
                A[i, j] = s
                A[j, i] = s
        return n
    for a in range(m):
        for c in range(a, m):
            s = 0.0
            for j in range(n):
                s += Jw[a, j] * Jw[c, j]
            A[a, c] = s
            A[c, a] = s
    return m


@kernel(keeps_literals=True, fastmath=FAST_SUMS, forceinline=True)
def _load_rhs(Jw: np.ndarray, rr: np.ndarray, m: int, n: int, b: np.ndarray) -> None:
    """b = Jw^T rr (n) when n <= m, else b = rr (m)."""
    if n <= m:
        for j in range(n):
            s = 0.0
            for a in range(m):
                s += Jw[a, j] * rr[a]
            b[j] = s
    else:
        for a in range(m):
            b[a] = rr[a]


@kernel(keeps_literals=True, fastmath=FAST_SUMS, forceinline=True)
def _unload_solution(Jw: np.ndarray, m: int, n: int, b: np.ndarray, dq: np.ndarray) -> None:
    """dq = b (n <= m) or Jw^T b (n > m)."""
    if n <= m:
        for j in range(n):
            dq[j] = b[j]
    else:
        for j in range(n):
            s = 0.0
            for a in range(m):
                s += Jw[a, j] * b[a]
            dq[j] = s


@kernel(forceinline=True)
def damped_step(Jw: np.ndarray, rr: np.ndarray, m: int, damping: float, A: np.ndarray,
                b: np.ndarray, dq: np.ndarray) -> None:
    """dq = (Jw^T Jw + damping I)^-1 Jw^T rr, raising the damping until the system is
    positive definite (bounded number of tries; dq = 0 if it never is)."""
    n = Jw.shape[1]
    damping = max(damping, 1e-300)
    for _ in range(40):
        # A full pose (m = 6) is the common task, most often on 6 joints: literal sizes
        # compile the solve for them, with every small loop unrolled (2-4x faster).
        if m == 6 and n == 6:
            solved = _damped_solve(Jw, rr, 6, 6, damping, A, b, dq)
        elif m == 6:
            solved = _damped_solve(Jw, rr, 6, n, damping, A, b, dq)
        else:
            solved = _damped_solve(Jw, rr, m, n, damping, A, b, dq)
        if solved:
            return
        damping = max(damping * 100.0, 1e-12)
    for j in range(n):
        dq[j] = 0.0


@kernel(keeps_literals=True, forceinline=True)
def _damped_solve(Jw: np.ndarray, rr: np.ndarray, m: int, n: int, damping: float,
                  A: np.ndarray, b: np.ndarray, dq: np.ndarray) -> bool:
    """One try of `damped_step` with this damping on Jw (m, n); False (dq untouched) when
    the damped Gram matrix is not positive definite."""
    k = _gram(Jw, m, n, A)
    for i in range(k):
        A[i, i] += damping
    _load_rhs(Jw, rr, m, n, b)
    solved = ldl_solve_inplace(A, b, 6) if k == 6 else ldl_solve_inplace(A, b, k)
    if solved:
        _unload_solution(Jw, m, n, b, dq)
    return solved


@kernel()
def filtered_step(Jw: np.ndarray, rr: np.ndarray, m: int, mode: int, rcond: float,
                  mu_max: float, sigma_eps: float, A: np.ndarray, V: np.ndarray,
                  eigenvalues: np.ndarray, b: np.ndarray, tmp: np.ndarray, dq: np.ndarray) -> float:
    """dq = V f(S^2) V^T applied to the task through the singular values s of Jw.

    mode FILTER_PINV: f = 1/s^2 for s > rcond * s_max, else 0 (Moore-Penrose).
    mode FILTER_DLS: f = 1/(s^2 + mu^2), mu^2 = mu_max^2 (1 - (s_min/sigma_eps)^2) when
    s_min < sigma_eps, else 0: the pseudoinverse far from singularities, the (scaled)
    Jacobian transpose at them. Returns s_min.
    """
    n = Jw.shape[1]
    k = _gram(Jw, m, n, A)
    symmetric_eigen_inplace(A, V, eigenvalues, k)
    largest = 0.0
    smallest = math.inf
    for i in range(k):
        largest = max(largest, eigenvalues[i])
        smallest = min(smallest, max(eigenvalues[i], 0.0))
    sigma_min = math.sqrt(smallest) if k > 0 else 0.0
    mu2 = 0.0
    if mode == FILTER_DLS and sigma_min < sigma_eps:
        ratio = sigma_min / sigma_eps
        mu2 = (1.0 - ratio * ratio) * mu_max * mu_max
    cut = rcond * rcond * largest
    _load_rhs(Jw, rr, m, n, b)
    for i in range(k):  # tmp = f(lambda) V^T b
        s = 0.0
        for p in range(k):
            s += V[p, i] * b[p]
        lam = eigenvalues[i]
        if mode == FILTER_DLS:
            denominator = lam + mu2
            tmp[i] = s / denominator if denominator > 1e-300 else 0.0
        else:
            tmp[i] = s / lam if lam > cut and lam > 1e-300 else 0.0
    for p in range(k):  # b = V tmp
        s = 0.0
        for i in range(k):
            s += V[p, i] * tmp[i]
        b[p] = s
    _unload_solution(Jw, m, n, b, dq)
    return sigma_min


def solve_task(rule, Jw: np.ndarray, rr: np.ndarray, m: int, E: float, A: np.ndarray,
               V: np.ndarray, eig: np.ndarray, b: np.ndarray, tmp: np.ndarray,
               dq: np.ndarray) -> None:
    """dq = J# rr with the generalised inverse of the rule record (`records.LM`: damped
    from E = 0.5 r.r; `DLS`: singular-value damping; `Pinv`, `GN`: Moore-Penrose). No
    gain applied. Compiled for one rule type at a time (the overload below)."""
    raise NotImplementedError("solve_task runs inside kernels only")


@overload(solve_task, jit_options={**OVERLOAD_OPTIONS, "forceinline": True})
def _solve_task(rule, Jw, rr, m, E, A, V, eig, b, tmp, dq):
    if isinstance(rule, types.BaseNamedTuple) and rule.instance_class is LM:
        def lm(rule, Jw, rr, m, E, A, V, eig, b, tmp, dq):
            if rule.variant == LM_CHAN:
                damping = rule.lam * E
            elif rule.variant == LM_SUGIHARA:
                damping = E + rule.lam
            else:
                damping = rule.lam
            damped_step(Jw, rr, m, damping, A, b, dq)
        return lm
    if isinstance(rule, types.BaseNamedTuple) and rule.instance_class is DLS:
        def dls(rule, Jw, rr, m, E, A, V, eig, b, tmp, dq):
            filtered_step(Jw, rr, m, FILTER_DLS, rule.rcond, rule.mu_max, rule.sigma_eps, A, V,
                          eig, b, tmp, dq)
        return dls
    if isinstance(rule, types.BaseNamedTuple) and rule.instance_class in (Pinv, GN):
        def pinv(rule, Jw, rr, m, E, A, V, eig, b, tmp, dq):
            filtered_step(Jw, rr, m, FILTER_PINV, rule.rcond, 0.0, 0.0, A, V, eig, b, tmp, dq)
        return pinv
    return None
