"""Numba kernels of the closed-form path: the two dynamic-programming passes over the
solution graph and the midpoint check of the chosen edges (see `closed_form`).

Layer arrays are shifted by one: index 0 is q0 (one node), index k + 1 waypoint k. Each
waypoint has counts[k] <= M solutions sols[k, :counts[k]] (N, M, n).
"""


import numpy as np

from ..kernels.jit import kernel
from .kernels import BOUND, LOWER, UPPER, fk_midpoint_ok, halfway_ok, nearest_equivalent_into


@kernel()
def _scaled_move(q_a: np.ndarray, q_b: np.ndarray, bound: np.ndarray) -> float:
    """max_j |q_b[j] - q_a[j]| / bound[j]."""
    largest = 0.0
    for j in range(q_a.shape[0]):
        largest = max(largest, abs(q_b[j] - q_a[j]) / bound[j])
    return largest


@kernel()
def bottleneck_layers(kinds: np.ndarray, lower: np.ndarray, upper: np.ndarray, bound: np.ndarray,
                      sols: np.ndarray, counts: np.ndarray, banned: np.ndarray, values: np.ndarray,
                      weights: np.ndarray, bottleneck: np.ndarray, q_tmp: np.ndarray) -> int:
    """Pass 1: bottleneck[k + 1, i] = min_p max(bottleneck[k, p], weights[k + 1, p, i]), the
    smallest largest scaled joint move of any path from q0 (values[0, 0], bottleneck[0, 0] = 0,
    set by the caller) to solution i of waypoint k; values[k + 1, i] is that solution written
    nearest its best predecessor. An edge whose banned[k + 1, p, i] is set weighs inf.
    Returns L, the number of leading waypoints some path reaches within the bound."""
    previous = 1
    for k in range(sols.shape[0]):
        count = counts[k]
        if count <= 0:
            return k
        best_any = np.inf
        for i in range(count):
            bottleneck[k + 1, i] = np.inf
            for p in range(previous):
                nearest_equivalent_into(kinds, lower, upper, values[k, p], sols[k, i], q_tmp)
                w = np.inf if banned[k + 1, p, i] else _scaled_move(values[k, p], q_tmp, bound)
                weights[k + 1, p, i] = w
                through = max(bottleneck[k, p], w)
                if through < bottleneck[k + 1, i]:
                    bottleneck[k + 1, i] = through
                    for j in range(q_tmp.shape[0]):
                        values[k + 1, i, j] = q_tmp[j]
            best_any = min(best_any, bottleneck[k + 1, i])
        if best_any > 1.0:
            return k
        previous = count
    return sols.shape[0]


@kernel()
def shortest_path(counts: np.ndarray, weights: np.ndarray, bottleneck: np.ndarray, layers: int,
                  total: np.ndarray, parents: np.ndarray, nodes: np.ndarray) -> None:
    """Pass 2 over the first `layers` waypoints: among edges no heavier than the best final
    bottleneck, the path from q0 with the least total scaled move; nodes[k] receives the
    solution index chosen at waypoint k (k < layers). total (N + 1, M), parents (N + 1, M)
    are scratch."""
    limit = np.inf
    for i in range(counts[layers - 1]):
        limit = min(limit, bottleneck[layers, i])
    limit += 1e-12
    total[0, 0] = 0.0
    previous = 1
    for k in range(1, layers + 1):
        for i in range(counts[k - 1]):
            total[k, i] = np.inf
            parents[k, i] = 0
            for p in range(previous):
                w = weights[k, p, i]
                if w <= limit and total[k - 1, p] + w < total[k, i]:
                    total[k, i] = total[k - 1, p] + w
                    parents[k, i] = p
        previous = counts[k - 1]
    node = 0
    for i in range(counts[layers - 1]):
        if total[layers, i] < total[layers, node]:
            node = i
    for k in range(layers, 0, -1):
        nodes[k - 1] = node
        node = parents[k, node]


@kernel()
def first_bad_midpoint(fixed: np.ndarray, kinds: np.ndarray, offsets: np.ndarray,
                       params: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                       T_starts: np.ndarray, T_ends: np.ndarray, mid_sols: np.ndarray,
                       mid_counts: np.ndarray, first: int, work: np.ndarray,
                       vectors: np.ndarray, halfway: np.ndarray, q_tmp: np.ndarray) -> int:
    """The first edge k >= first (starts[k] -> ends[k], (L, n) each, at poses T_starts[k] ->
    T_ends[k]) whose joints do not move along the line: FK at their joint-space midpoint is
    off the Cartesian one (`kernels.fk_midpoint_ok`) and no closed-form solution of the
    midpoint pose (mid_sols[k, :mid_counts[k]]) lies halfway between its ends
    (`kernels.halfway_ok`); -1 when all pass. params, work, vectors as in `accept_step`."""
    n = starts.shape[1]
    lower, upper, bound = params[LOWER, :n], params[UPPER, :n], params[BOUND, :n]
    for k in range(first, starts.shape[0]):
        if fk_midpoint_ok(fixed, kinds, offsets, params, starts[k], ends[k], T_starts[k], T_ends[k],
                          work, vectors):
            continue
        for j in range(n):
            halfway[j] = 0.5 * (starts[k, j] + ends[k, j])
        found = False
        for s in range(mid_counts[k]):
            nearest_equivalent_into(kinds, lower, upper, halfway, mid_sols[k, s], q_tmp)
            if halfway_ok(starts[k], ends[k], q_tmp, bound):
                found = True
                break
        if not found:
            return k
    return -1
