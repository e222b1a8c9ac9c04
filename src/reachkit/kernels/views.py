"""Scratch buffers for kernels that carve all their scratch from one flat buffer.

`stack_array` puts a buffer of fixed size on the calling kernel's stack: `np.empty` of the
~6 kB a 6-joint solve needs costs ~0.1 us (malloc, free and Numba's reference-counted
block), a stack buffer nothing. `carve` takes shaped views of it: `array[a:b].reshape(shape)`
calls a helper in Numba's C runtime that re-derives the strides at run time (~11 ns), and
a solve carves some fourteen views; `carve` builds the same C-contiguous view inline: its
strides follow from the shape, and the caller has already checked that the buffer is
long enough.
"""

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
