"""Everything reachkit takes from Numba beyond its public API, in one module.

`tests/test_numba_internals.py` exercises each piece, so a Numba release that changes one
of them fails there, loudly, instead of somewhere in a solve; pyproject bounds the numba
version to the releases these were checked against.

- `carve`, `stack_array`: views of a flat scratch buffer built inline, and a fixed-size
  buffer on the kernel's stack. `np.empty` of the ~6 kB a 6-joint solve needs costs
  ~0.1 us (malloc, free and Numba's reference-counted block), a stack buffer nothing;
  `array[a:b].reshape(shape)` calls a helper of Numba's C runtime (~11 ns), and a solve
  carves a dozen views.
- `monotonic_seconds`: CLOCK_MONOTONIC inside a kernel (the clock of Python's
  `time.monotonic` on Linux), so a time limit is checked inside the search loop.
- `NO_REFCOUNT`: the `_nrt=False` compile option (kernels that allocate nothing need no
  reference counting; see `jit.kernel`).
- `entry_point`: a compiled overload's raw entry point, which skips the dispatcher's
  typing of every argument (~0.3 us a call; the caller must pass exactly its types).
- `cache_index_path`, `cached_signatures`: where a dispatcher's on-disk cache index lives
  and what it holds (to say, before a first call, that it is about to compile).
"""

import os
from typing import Any

from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.core.imputils import impl_ret_borrowed, impl_ret_untracked
from numba.extending import intrinsic
from numba.np.arrayobj import make_array, populate_array


@intrinsic
def carve(typingctx, buffer, start, shape):
    """buffer[start:start + prod(shape)] as a C-contiguous array of that shape (a tuple of
    integers), sharing buffer's memory. No bounds check: the caller guarantees
    start >= 0 and start + prod(shape) <= len(buffer)."""
    if not (isinstance(buffer, types.Array) and buffer.ndim == 1 and buffer.layout == "C"
            and isinstance(start, types.Integer) and isinstance(shape, types.UniTuple)
            and isinstance(shape.dtype, types.Integer)):
        return None
    view_type = buffer.copy(ndim=shape.count, layout="C")

    def codegen(context, builder, signature, args):
        buffer_value, start_value, shape_value = args
        source = make_array(buffer)(context, builder, buffer_value)
        dims = [context.cast(builder, d, shape.dtype, types.intp)
                for d in cgutils.unpack_tuple(builder, shape_value, shape.count)]
        strides = []
        stride = source.itemsize
        for d in reversed(dims):
            strides.insert(0, stride)
            stride = builder.mul(stride, d)
        first = context.cast(builder, start_value, start, types.intp)
        view = make_array(view_type)(context, builder)
        populate_array(view, data=builder.gep(source.data, [first]), shape=dims,
                       strides=strides, itemsize=source.itemsize, meminfo=source.meminfo,
                       parent=source.parent)
        return impl_ret_borrowed(context, builder, view_type, view._getvalue())

    return view_type(buffer, start, shape), codegen


@intrinsic
def stack_array(typingctx, dtype, size):
    """An uninitialised 1-D C-contiguous array of `size` (a compile-time constant) items
    of `dtype` (np.float64, np.int64, ...) on the stack of the compiled function it ends
    up in (the outermost one, once inlined): no allocation and no reference counting, so
    it must not outlive that function's call; the caller keeps `size` small (kB)."""
    if not (isinstance(dtype, (types.DType, types.NumberClass))
            and isinstance(size, types.IntegerLiteral) and size.literal_value > 0):
        return None
    item = dtype.dtype
    array_type = types.Array(item, 1, "C")
    count = size.literal_value

    def codegen(context, builder, signature, args):
        item_type = context.get_value_type(item)
        data = cgutils.alloca_once(builder, item_type, size=count)
        data.align = 64  # whole cache lines
        itemsize = context.get_constant(types.intp, context.get_abi_sizeof(item_type))
        array = make_array(array_type)(context, builder)
        populate_array(array, data=data, shape=[context.get_constant(types.intp, count)],
                       strides=[itemsize], itemsize=itemsize, meminfo=None)
        return impl_ret_untracked(context, builder, array_type, array._getvalue())

    return array_type(dtype, size), codegen


@intrinsic
def monotonic_seconds(typingctx):
    """Seconds of CLOCK_MONOTONIC as a float (the clock `time.monotonic` reads on Linux):
    one vDSO call (~20 ns), resolved by name when the kernel is loaded, so it caches."""

    def codegen(context, builder, signature, args):
        i64, i32 = ir.IntType(64), ir.IntType(32)
        timespec = ir.LiteralStructType([i64, i64])  # struct timespec {tv_sec; tv_nsec}
        clock_gettime = cgutils.get_or_insert_function(
            builder.module, ir.FunctionType(i32, [i32, timespec.as_pointer()]), "clock_gettime")
        now = cgutils.alloca_once(builder, timespec)
        builder.call(clock_gettime, [ir.Constant(i32, _CLOCK_MONOTONIC), now])
        seconds = builder.sitofp(builder.load(cgutils.gep_inbounds(builder, now, 0, 0)),
                                 ir.DoubleType())
        nanoseconds = builder.sitofp(builder.load(cgutils.gep_inbounds(builder, now, 0, 1)),
                                     ir.DoubleType())
        return builder.fadd(seconds, builder.fmul(nanoseconds, ir.Constant(ir.DoubleType(), 1e-9)))

    return types.float64(), codegen


_CLOCK_MONOTONIC = 1  # Linux's clockid_t of CLOCK_MONOTONIC

# Compile without Numba's reference counting (a private njit option).
NO_REFCOUNT: dict[str, Any] = {"_nrt": False}


def entry_point(dispatcher: Any, signature: tuple) -> Any:
    """The raw compiled entry point of `dispatcher` for `signature` (compiled, or loaded
    from the cache, first). It checks no argument type: pass exactly these."""
    dispatcher.compile(signature)
    return dispatcher.overloads[signature].entry_point


def cache_index_path(dispatcher: Any) -> str | None:
    """The path of the dispatcher's on-disk cache index, None if Numba's layout differs."""
    try:
        return str(dispatcher._cache._cache_file._index_path)
    except AttributeError:
        return None


def cached_signatures(dispatcher: Any) -> list[tuple] | None:
    """The signatures the dispatcher's on-disk cache holds ([] when it has no cache yet),
    None if Numba's cache layout is not what this module expects."""
    path = cache_index_path(dispatcher)
    if path is None:
        return None
    if not os.path.exists(path):
        return []
    try:
        return [key[0] for key in dispatcher._cache._cache_file._load_index()]
    except (AttributeError, TypeError, IndexError, OSError, EOFError):
        return None
