"""Where each search of a solve begins: q0 (when given), then seed-table configurations
nearest the target alternating with seeded random ones: t0, r, t1, r, ... The table's
candidates are found when a search first needs one (most solves never do)."""

import math

import numpy as np

from ..jit import kernel
from .clear_starts import clear_start
from .random import next_uniform
from .seeds import TABLE_STARTS, nearest_seed, next_seed, seed_candidates, seed_cost

# Random starts: search k draws each joint uniformly from the middle
# min(1, RESTART_SPREAD + RESTART_WIDENING k) of its range. Starts near a limit make the
# clamped steps stall; starting central and widening keeps the full range for hard targets.
RESTART_SPREAD = 0.3
RESTART_WIDENING = 0.1

# ws.picks (int64): the picker's state
_CANDIDATES = 0  # how many candidates seed_distances holds; -1 until found
_CELL_FIRST = 1  # the grid cell's first table row
_CELL_COUNT = 2  # its number of rows
_TAKEN = 3  # table starts handed out so far


@kernel(forceinline=True)
def reset_picks(picks: np.ndarray) -> None:
    """A new solve: no candidates found, none taken."""
    picks[_CANDIDATES] = -1
    picks[_CELL_FIRST] = 0
    picks[_CELL_COUNT] = 0
    picks[_TAKEN] = 0


@kernel(forceinline=True)
def _find_candidates(seeds, goal, ws) -> None:
    if ws.picks[_CANDIDATES] < 0:
        candidates, cell_first, cell_count = seed_candidates(seeds, goal.T_target, goal.task[0],
                                                             ws.seed_distances)
        ws.picks[_CANDIDATES] = candidates
        ws.picks[_CELL_FIRST] = cell_first
        ws.picks[_CELL_COUNT] = cell_count


@kernel(forceinline=True)
def choose_start(index: int, rows, arm, seeds, goal, start, ws, rng: np.uint64) -> np.uint64:
    """ws.q = the start of search `index` of the solve (0 is the first); returns the
    random stream's new state. Table starts are handed out nearest first, skipping those
    the row provider `rows` rules out (`clear_starts`); a random start draws from the
    middle of the sampling ranges, wider for later searches."""
    n = arm.kinds.shape[0]
    slot = index - 1 if start.has_q0 else index
    table_start = slot // 2 if slot % 2 == 0 else TABLE_STARTS
    row = -1  # the table start's row, nearest first: t0, t1, ...
    if slot >= 0:  # not the search from q0
        _find_candidates(seeds, goal, ws)
        while table_start < TABLE_STARTS and ws.picks[_TAKEN] <= table_start:
            row = next_seed(ws.seed_distances, ws.picks[_CANDIDATES], ws.picks[_CELL_FIRST],
                            ws.picks[_CELL_COUNT])
            while row >= 0 and not clear_start(rows, arm, seeds, row, ws):  # each taken once
                row = next_seed(ws.seed_distances, ws.picks[_CANDIDATES],
                                ws.picks[_CELL_FIRST], ws.picks[_CELL_COUNT])
            ws.picks[_TAKEN] += 1
    if index == 0 and start.has_q0:
        for j in range(n):
            ws.q[j] = start.q0[j]
    elif row >= 0:
        for j in range(n):
            ws.q[j] = seeds.q[row, j]
    else:
        spread = min(1.0, RESTART_SPREAD + RESTART_WIDENING * index)
        for j in range(n):
            middle = 0.5 * (arm.sample_lower[j] + arm.sample_upper[j])
            span = arm.sample_upper[j] - arm.sample_lower[j]
            u, rng = next_uniform(rng)
            ws.q[j] = middle + (u - 0.5) * spread * span
    return rng


@kernel(forceinline=True)
def nearest_table_cost(seeds, goal, ws) -> float:
    """The solver's cost (full pose, unit weights) at the nearest table start, inf when
    the table is empty."""
    _find_candidates(seeds, goal, ws)
    row = nearest_seed(ws.seed_distances, ws.picks[_CANDIDATES], ws.picks[_CELL_FIRST],
                       ws.picks[_CELL_COUNT])
    return seed_cost(seeds, row, goal.T_target) if row >= 0 else math.inf
