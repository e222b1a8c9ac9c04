"""Every solution of any 6R arm: Raghavan-Roth elimination, Manocha-Canny eigenvalues,
Newton polish.

For one pose T (4, 4, world frame) of the chain F (7, 4, 4) (see `rr_loop`):
  1. fit the 14 loop equations (`rr_loop`) for a cyclic joint order, eliminate two joints
     and read the third joint's angle from the eigenvalues of a 24 x 24 companion matrix
     (`rr_pencil`): every root of the degree-16 problem, real and nearly real ones kept;
  2. per cluster of roots (closer than `CLUSTER`, or a complex pair near the real axis:
     solutions sharing this angle, as a spherical wrist's flip pair, or nearly double real
     roots that the eigensolver blurs) the two eliminated joints from the null space of
     M(x), the two joints before from the fitted right side, the last joint from what is
     left of the loop;
  3. Newton on the exact FK (`newton`) to machine precision; a root whose polish does not
     reach `ACCEPT` is dropped; near-duplicates (`DUPLICATE`) are merged.
The choice of the eliminated joint is free. `order_preference` ranks the six cyclic orders
once per arm (orders whose elimination is rank deficient at parallel or intersecting axes
are left out, nearly singular ones go last); the first order whose pencil is regular and
whose every cluster gives as many distinct solutions as it has roots (`_cluster_whole`)
ends the search; otherwise the next order adds its solutions to the list.
Degenerate poses: at a singular configuration (a solution's Jacobian rank deficient) the
solutions found are returned and the status says DEGENERATE. Arms whose Jacobian is rank
deficient everywhere (two axes in line: a continuous solution set for every pose) are
refused before they reach this kernel (`api.pack`).
"""

import math

import numpy as np

from ..kernels.jit import allocating_kernel
from .dense import lu_solve, solve_upper
from .newton import polish
from .rr_loop import fit_left, fit_right, loop_transforms, mul4, rigid_inverse, rz_times
from .rr_pencil import companion_roots, eliminate_01, null_monomials, pencil, right_matrix

MAX_ROOTS = 16
ACCEPT = 1e-10          # m and rad: a polished root must reproduce T this well
DUPLICATE = 1e-6        # rad: closer solutions are one
REAL_ROOT = 1e-5        # rad: a root whose angle has an imaginary part below this is real
NEAR_REAL = 1e-2        # rad: roots up to this far from real are tried too (Newton decides)
CLUSTER = 2e-3          # rad: roots closer than this are solved together, as a multiple root
SINGULAR_JACOBIAN = 1e-9  # smallest / largest pivot of J: a singular configuration
RANK_DEFICIENT = 1e-8   # smallest / largest singular value of Q8: the order cannot eliminate
DELTA2 = np.array([0.4137, -1.9283, 2.6791, -0.8462])  # offsets tried for the eigen joint
DELTA34 = (0.6127, -1.1369)

REGULAR = 0
DEGENERATE = 1


@allocating_kernel()
def _order(k: int) -> np.ndarray:
    out = np.empty(6, dtype=np.int64)
    for i in range(6):
        out[i] = (k + i) % 6
    return out


@allocating_kernel()
def _right_angles(P: np.ndarray, Q: np.ndarray, QT: np.ndarray, R: np.ndarray, u2: float,
                  u3: float, u4: float) -> tuple:
    """u_a0, u_a1 from Q8 X01 = left value - Q[0, 0] (least squares through the QR of Q8)."""
    f2 = (1.0, math.cos(u2), math.sin(u2))
    f3 = (1.0, math.cos(u3), math.sin(u3))
    f4 = (1.0, math.cos(u4), math.sin(u4))
    value = np.empty(14)
    for e in range(14):
        t = -Q[0, 0, e]
        for a in range(3):
            for b in range(3):
                fab = f2[a] * f3[b]
                for c in range(3):
                    t += fab * f4[c] * P[a, b, c, e]
        value[e] = t
    y = np.zeros(8)
    for i in range(8):
        for e in range(14):
            y[i] += QT[i, e] * value[e]
    X = solve_upper(R, y, 1e-10)  # columns (a, b) != (0, 0) in order: 01 02 10 11 12 20 21 22
    return math.atan2(X[5], X[2]), math.atan2(X[1], X[0])


@allocating_kernel()
def _last_angle(G: np.ndarray, order: np.ndarray, u: np.ndarray) -> float:
    """u_a5 from Rz(u_a0) G_a0 ... Rz(u_a4) G_a4 Rz(u_a5) G_a5 = I."""
    A = rz_times(u[order[0]], G[order[0]])
    for i in range(1, 5):
        A = mul4(A, rz_times(u[order[i]], G[order[i]]))
    R = mul4(rigid_inverse(A), rigid_inverse(G[order[5]]))
    return math.atan2(R[1, 0], R[0, 0])


@allocating_kernel()
def _same(a: np.ndarray, b: np.ndarray) -> bool:
    for j in range(a.shape[0]):
        d = abs(a[j] - b[j])
        if abs(d - 2.0 * math.pi * math.floor(d / (2.0 * math.pi) + 0.5)) > DUPLICATE:
            return False
    return True


FAILED = 0
NEW = 1
REPEATED = 2


@allocating_kernel()
def _add(fixed: np.ndarray, T: np.ndarray, u: np.ndarray, found: np.ndarray, count: int) -> tuple:
    """Polish u, append it to found (16, 6) unless it fails or is already there. Returns
    (new count, FAILED / NEW / REPEATED, singular, slot of u in found or -1)."""
    pos, rot, rcond = polish(fixed, T, u)
    if not (pos < ACCEPT and rot < ACCEPT) or not np.all(np.isfinite(u)):
        return count, FAILED, False, -1
    singular = rcond < SINGULAR_JACOBIAN
    for m in range(count):
        if _same(found[m], u):
            return count, REPEATED, singular, m
    if count == MAX_ROOTS:
        return count, NEW, singular, -1
    for j in range(6):  # copies in loops (see `dense`)
        found[count, j] = u[j]
    return count + 1, NEW, singular, count


@allocating_kernel()
def _cluster_whole(slots: np.ndarray, multiplicity: int, real: bool, start: int,
                   before: int) -> bool:
    """Did a cluster of roots give all its solutions? slots: where its polished candidates
    landed in the list; start / before: the list's length when this order / this cluster
    began. A real root must give a solution not found by another root of this order; a
    cluster that gave any solution must give as many distinct ones as its multiplicity
    (a pair of nearly equal real roots can come out of the eigensolver as a complex pair
    near the real axis, blurred: one of its two solutions found says the other is lost)."""
    if slots.shape[0] == 0:
        return not real
    distinct = 0
    for a in range(slots.shape[0]):
        if slots[a] < 0:
            return False  # the list is full
        if start <= slots[a] < before:
            return False  # another root of this order gave it
        seen = False
        for b in range(a):
            seen = seen or slots[b] == slots[a]
        distinct += 0 if seen else 1
    return distinct >= multiplicity


@allocating_kernel()
def _one_order(fixed: np.ndarray, T: np.ndarray, G: np.ndarray, k: int, found: np.ndarray,
               count: int) -> tuple:
    """Solutions from cyclic order k. Returns (count, complete, singular, regular):
    complete when every cluster of roots gave all its solutions (`_cluster_whole`);
    otherwise the elimination of this order lost accuracy and the caller tries the next."""
    order = _order(k)
    P = fit_left(G, order)
    Q = fit_right(G, order)
    Sigma, QT, R = eliminate_01(P, Q)
    deltas = np.array([0.0, DELTA34[0], DELTA34[1]])
    M = np.empty((3, 12, 12))
    roots = np.empty(24, dtype=np.complex128)
    regular = False
    for d in DELTA2:
        deltas[0] = d
        M = pencil(Sigma, deltas)
        roots, rcond = companion_roots(M)
        if rcond > 1e-9:
            regular = True
            break
    if not regular:
        return count, False, False, False
    phis = np.empty(24)
    real = np.empty(24, dtype=np.bool_)
    n = 0
    for r in roots:
        den = 1.0 + abs(r) ** 2
        if 2.0 * abs(r.imag) / den < NEAR_REAL:
            phis[n] = 2.0 * math.atan(r.real)
            real[n] = 2.0 * abs(r.imag) / den < REAL_ROOT
            n += 1
    sorted_by_angle = np.argsort(phis[:n])
    phis = phis[sorted_by_angle]
    real = real[sorted_by_angle]
    complete, singular = True, False
    start = count
    slots = np.empty(24, dtype=np.int64)
    i = 0
    u = np.empty(6)
    while i < n:
        j = i + 1
        any_real = real[i]
        while j < n and phis[j] - phis[j - 1] < CLUSTER:
            any_real = any_real or real[j]
            j += 1
        phi = 0.5 * (phis[i] + phis[j - 1])
        before = count
        pairs = null_monomials(M, math.tan(0.5 * phi), j - i)
        got = 0
        for m in range(pairs.shape[0]):
            u[order[2]] = deltas[0] + phi
            u[order[3]] = deltas[1] + pairs[m, 0]
            u[order[4]] = deltas[2] + pairs[m, 1]
            u[order[0]], u[order[1]] = _right_angles(P, Q, QT, R, u[order[2]], u[order[3]],
                                                     u[order[4]])
            u[order[5]] = _last_angle(G, order, u)
            count, outcome, flat, slot = _add(fixed, T, u.copy(), found, count)
            singular = singular or flat
            if outcome != FAILED:
                slots[got] = slot
                got += 1
        if not _cluster_whole(slots[:got], j - i, any_real, start, before):
            complete = False
        i = j
    return count, complete, singular, True


@allocating_kernel()
def _pencil_ratio(Sigma: np.ndarray) -> float:
    """The best smallest / largest pivot of the leading matrix A over the offsets tried: near
    0 when the pencil M(x) is (nearly) singular, det M(x) = 0 for every x, as for orders
    that put parallel axes of a UR-type arm in the elimination."""
    best = 0.0
    for d in DELTA2:
        A = pencil(Sigma, np.array([d, DELTA34[0], DELTA34[1]]))[2]
        best = max(best, lu_solve(A, np.eye(A.shape[0]))[1])
    return best


@allocating_kernel()
def order_preference(fixed: np.ndarray) -> np.ndarray:
    """The cyclic orders (k,) worth trying for the chain fixed (7, 4, 4), best first: an
    order whose Q8 has rank below 8 on sample poses (two joints with parallel or
    intersecting axes in the places of u_a0, u_a1, for instance) loses solutions in the
    elimination and is left out; the others are sorted by conditioning (the worst over
    three sample poses of Q8's smallest / largest singular value and of the leading
    matrix's `_pencil_ratio`): near-special geometries (a UR5 whose parallel axes are off
    by 1e-6 rad) have orders whose pencil is nearly singular, and they go last."""
    samples = np.array([[0.3, -1.1, 0.7, 2.1, -0.4, 1.3], [-2.2, 0.5, 1.9, -0.8, 2.6, -1.7],
                        [1.2, 2.4, -2.9, 0.2, -1.5, 0.6]])
    rank = np.full(6, np.inf)
    scores = np.full(6, np.inf)
    for s in range(samples.shape[0]):
        T = fixed[0].copy()
        for i in range(6):
            T = mul4(T, rz_times(samples[s, i], fixed[i + 1]))  # FK at u = samples[s]
        G = loop_transforms(fixed, T)
        for k in range(6):
            P, Q = fit_left(G, _order(k)), fit_right(G, _order(k))
            sv = np.linalg.svd(right_matrix(Q))[1]
            ratio = sv[-1] / sv[0] if sv[0] > 0.0 else 0.0
            rank[k] = min(rank[k], ratio)
            scores[k] = min(scores[k], ratio, _pencil_ratio(eliminate_01(P, Q)[0]))
    ranked = np.argsort(-scores)
    usable = 0
    for k in range(6):
        if rank[ranked[k]] > RANK_DEFICIENT:
            ranked[usable] = ranked[k]
            usable += 1
    return ranked[:usable].copy() if usable > 0 else np.argsort(-scores)


@allocating_kernel()
def solve_general6r(fixed: np.ndarray, orders: np.ndarray, T: np.ndarray, found: np.ndarray) -> tuple:
    """Every solution u (angles q + offset, radians) of the 6R chain fixed (7, 4, 4) for T
    (4, 4) into found (16, 6), trying the cyclic orders (k,) (`order_preference`) in turn.
    Returns (count, status REGULAR / DEGENERATE)."""
    G = loop_transforms(fixed, T)
    count = 0
    singular_any, regular_any = False, False
    for k in orders:
        count, complete, singular, regular = _one_order(fixed, T, G, k, found, count)
        singular_any = singular_any or singular
        regular_any = regular_any or regular
        if complete:
            break
    return count, (DEGENERATE if singular_any or not regular_any else REGULAR)
