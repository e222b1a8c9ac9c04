"""How the kernels are compiled.

Numba counts references to every array a compiled function holds: each array passed to a
call the optimiser does not inline costs two atomic updates of its count. Kernels that
allocate no array, and so only ever borrow the caller's, need no counting
(`numba_internals.NO_REFCOUNT`).

Compile cost: Numba optimises and generates machine code for each kernel's module again
with every kernel it calls linked in, so the deeper a call tree, the more often its
leaves are compiled (profiled: finalising those modules is about half of a first solve's
compile). Merging the solver's upper stages into one kernel with Numba's
`inline="always"` cut the first plain solve from ~40 to ~35 s but changed answers (Panda:
68 of 200 reachable targets solved instead of 200), so they stay separate kernels; a
kernel is forced inline at LLVM level only where a measured figure says it pays.
"""

from collections.abc import Callable
from typing import Any

from numba import njit

from .numba_internals import NO_REFCOUNT


def kernel(**options: Any) -> Callable:
    """`njit(cache=True, **options)` without reference counting, for kernels that
    allocate no array and return none they made. A kernel that allocates fails to
    compile, so the mistake cannot go unnoticed."""
    return njit(cache=True, **NO_REFCOUNT, **options)

