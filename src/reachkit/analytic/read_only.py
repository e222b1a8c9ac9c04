"""Read-only views for the closed-form kernels' inputs."""

import numpy as np
from numpy.typing import NDArray


def read_only(array: NDArray[np.generic]) -> NDArray[np.generic]:
    """A view of array that nothing can write through. Numba compiles a kernel for the
    types it is called with, and a read-only array is another type: the closed-form
    kernels get read-only poses and plans whoever calls them, so each family's solver
    compiles once. A writable pose in one call and a read-only one in another had
    compiled every solver twice (with one version per constant argument also gone,
    `closed_form_families`' first use went from 71 to 44 s)."""
    view = array.view()
    view.flags.writeable = False
    return view
