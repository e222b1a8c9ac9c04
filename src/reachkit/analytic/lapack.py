"""Real eigenvalues of a small dense matrix inside Numba: LAPACK dgeev, no vectors.

Numba's numpy.linalg.eig on a real matrix refuses complex eigenvalues, so the
alternative is a complex copy and zgeev, measured 2-3 times slower on the 24 x 24
companion matrix of `rr_pencil` (86 us real vs 257 us complex in NumPy on this 2-core
machine under load). dgeev is taken from SciPy's Cython LAPACK, which Numba's own
numpy.linalg already requires. SciPy is an extra (`lapack`): without it the general
solver says how to install it (`require_lapack`), and every other closed form works.
"""

import llvmlite.binding as llvm
import numpy as np
from numba import types
from numba.extending import get_cython_function_address

from ..extras import require
from ..kernels.jit import allocating_kernel


def _register_dgeev() -> bool:
    """Make dgeev known to the JIT by name (not as a ctypes pointer, so the kernels that
    call it can be cached); False when SciPy is not installed."""
    try:
        address = get_cython_function_address("scipy.linalg.cython_lapack", "dgeev")
    except ImportError:
        return False
    llvm.add_symbol("reachkit_dgeev", address)
    return True


HAVE_DGEEV = _register_dgeev()
_DGEEV = types.ExternalFunction("reachkit_dgeev", types.void(*([types.voidptr] * 14)))


def require_lapack(purpose: str) -> None:
    """Raise `extras.MissingDependencyError` (with the install hint) for `purpose` unless
    dgeev was found, before any kernel that calls it compiles or loads."""
    if not HAVE_DGEEV:
        require("scipy.linalg.cython_lapack", "lapack", purpose)


@allocating_kernel()
def eigenvalues(A: np.ndarray) -> tuple:
    """(real parts, imaginary parts, info) of the eigenvalues of A (n, n); A is
    overwritten. info != 0: LAPACK did not converge (values then undefined)."""
    n = A.shape[0]
    wr = np.empty(n)
    wi = np.empty(n)
    dummy = np.empty(1)
    size = np.array([n], dtype=np.int32)
    one = np.array([1], dtype=np.int32)
    lwork = np.array([8 * n], dtype=np.int32)
    work = np.empty(8 * n)
    info = np.zeros(1, dtype=np.int32)
    no = np.array([ord("N")], dtype=np.uint8)
    _DGEEV(no.ctypes, no.ctypes, size.ctypes, A.ctypes, size.ctypes, wr.ctypes, wi.ctypes,
           dummy.ctypes, one.ctypes, dummy.ctypes, one.ctypes, work.ctypes, lwork.ctypes, info.ctypes)
    return wr, wi, info[0]
