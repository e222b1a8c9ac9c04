"""How the kernels are compiled.

Numba counts references to every array a compiled function holds: each array passed to a
call the optimiser does not inline costs two atomic updates of its count. The solver's
steps pass a dozen scratch arrays down three calls, and the counting cost as much as the
arithmetic (about 150 of 600 ns per Levenberg-Marquardt iteration on a 6-joint arm).
Kernels that allocate no array, and so only ever borrow the caller's, need no counting.

Numba calls one kernel from another through a pointer, every array argument passed as
its seven-plus fields, and LLVM does not inline across that call. The small kernels of a
solver iteration (FK and Jacobian, pose error, residual, convergence test, the damped
step, the limit projection) are therefore compiled with `forceinline=True`: on UR5 and
Puma 560 that cuts a Levenberg-Marquardt solve by 6-11 %. The larger step kernels stay
called: inlining them as well gained a few % more but made the first compile 20-60 s
longer (even a small inlined fast path of the clamped step, `limits.clamped_task_step`,
doubled it, to ~100 s).
"""

from collections.abc import Callable
from typing import Any

from numba import njit


def kernel(**options: Any) -> Callable:
    """`njit(cache=True, **options)` without reference counting (Numba's `_nrt=False`),
    for kernels that allocate no array and return none they made. A kernel that
    allocates fails to compile, so the mistake cannot go unnoticed."""
    return njit(cache=True, _nrt=False, **options)
