"""How the kernels are compiled.

Numba counts references to every array a compiled function holds: each array passed to a
call the optimiser does not inline costs two atomic updates of its count. Kernels that
allocate no array, and so only ever borrow the caller's, need no counting
(`numba_internals.NO_REFCOUNT`).

Compile cost: Numba optimises and generates machine code for each kernel's module with
every kernel it calls linked in, so the deeper a call tree, the more often its leaves
were compiled. A kernel compiled only for its caller is now compiled "link only"
(`numba_internals.KernelDispatcher`): the outermost kernel optimises and generates code
for the whole tree once. A kernel is forced inline at LLVM level only where a measured
figure says it pays, and its fastmath and inlining flags are its own decorator's, never
those of the caller Numba happened to compile it for first
(`numba_internals.NO_INHERITANCE`). While Numba compiles, Python's garbage collector runs
less often (`collector`).

What makes a kernel slow to compile, measured on first uses:
- a forced-inline callee called from two places is compiled into both: call it once
  (a second call of the LM solve cost 1.3 s of the first `rk.ik`, `limits.py`);
- Numba's `inline="always"` copies and types the callee again at every call; LLVM's
  `forceinline` types it once (the closed forms' helpers: 7.9 -> 5.2 s, `analytic/vec.py`),
  but where the caller's `fastmath` differs, moving a helper changes the arithmetic;
- an array copied by slice assignment (`a[i] = b`, `a[:k] = b[:k]`) compiles Numba's
  shape-mismatch message, 2.5 s of string code: copy in a loop (`analytic/dense.py`).
"""

from collections.abc import Callable
from typing import Any

from . import collector  # noqa: F401  (registers its compile listener)
from .numba_internals import NO_REFCOUNT, compile_lazily


def kernel(keeps_literals: bool = False, own_code: bool = False, **options: Any) -> Callable:
    """`njit(cache=True, **options)` without reference counting, for kernels that
    allocate no array and return none they made. A kernel that allocates fails to
    compile, so the mistake cannot go unnoticed. `keeps_literals`: compile a version for
    each constant a caller passes (fixed sizes whose loops unroll); otherwise one version
    serves every value (see `numba_internals.KernelDispatcher`). `own_code`: compiled
    once into machine code that every calling kernel calls, for a large tree several
    entry kernels share."""
    return lambda py_func: compile_lazily(py_func, {**NO_REFCOUNT, **options}, keeps_literals,
                                          own_code)


def allocating_kernel(keeps_literals: bool = False, own_code: bool = False,
                      **options: Any) -> Callable:
    """`njit(cache=True, **options)` with Numba's reference counting, for kernels that
    allocate arrays; compiled link-only when compiled for a caller, and for the argument
    types only unless `keeps_literals`, as `kernel` is, or `own_code` as there. (One
    version per constant had compiled the closed forms' spherical wrist four times, for a
    constant bool and int and for any: 5.7 s of `closed_form_families`' first use.)"""
    return lambda py_func: compile_lazily(py_func, options, keeps_literals, own_code)
