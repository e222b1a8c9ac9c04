"""`kernels.views.carve`: shaped views of a flat buffer, as reshape would give them."""

import numpy as np
from numba import njit

from reachkit.kernels.views import carve


@njit(cache=True)
def _carve_and_reshape(buffer: np.ndarray, start: int) -> tuple:
    view = carve(buffer, start, (2, 3, 4))
    return view, buffer[start:start + 24].reshape((2, 3, 4)), carve(buffer, start, (0, 5))


def test_carve_equals_reshape_and_shares_memory() -> None:
    buffer = np.arange(40.0)
    view, reference, empty = _carve_and_reshape(buffer, 5)
    assert view.shape == reference.shape and view.strides == reference.strides
    np.testing.assert_array_equal(view, reference)
    assert view.flags.c_contiguous and empty.shape == (0, 5)
    view[1, 2, 3] = -1.0
    assert buffer[5 + 12 + 8 + 3] == -1.0


def test_carved_views_of_a_read_only_buffer_are_read_only() -> None:
    buffer = np.arange(40.0)
    buffer.setflags(write=False)
    view, _, _ = _carve_and_reshape(buffer, 0)
    assert not view.flags.writeable
