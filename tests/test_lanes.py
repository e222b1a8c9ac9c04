"""`ik.lanes`: every item is solved by exactly one lane, a lane's error reaches the
caller, and per-thread scratch is split by lane."""

from typing import NamedTuple

import numpy as np
import pytest

from reachkit.ik.lanes import MIN_ITEMS_PER_LANE, lane_count, lane_rows, run_lanes


def test_every_item_is_visited_once_whatever_the_lane_count() -> None:
    for items in (0, 1, MIN_ITEMS_PER_LANE * 2 - 1, 1000):
        visits = np.zeros(items, dtype=np.int64)

        def solve_lane(lane: int, lanes: int, visits: np.ndarray = visits) -> None:
            visits[lane::lanes] += 1

        run_lanes(solve_lane, items)
        assert np.all(visits == 1), items
    assert lane_count(0) == 1 and lane_count(MIN_ITEMS_PER_LANE - 1) == 1


def test_an_error_in_another_lane_reaches_the_caller() -> None:
    def solve_lane(lane: int, lanes: int) -> None:
        if lane == lanes - 1 and lanes > 1:
            raise ValueError("lane failed")

    if lane_count(1000) > 1:
        with pytest.raises(ValueError, match="lane failed"):
            run_lanes(solve_lane, 1000)


class _Scratchy(NamedTuple):
    radius: float
    work: np.ndarray


def test_lane_rows_hand_each_lane_its_own_scratch_row() -> None:
    rows = _Scratchy(0.1, np.arange(6.0).reshape(3, 2))
    mine = lane_rows(rows, 2)
    assert mine.radius == 0.1 and mine.work.shape == (1, 2) and mine.work[0, 0] == 4.0
    mine.work[0, 1] = -1.0
    assert rows.work[2, 1] == -1.0  # a view, not a copy
    assert lane_rows(None, 1) is None
