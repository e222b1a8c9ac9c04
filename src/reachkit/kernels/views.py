"""Shaped views of a flat float64 buffer, for kernels that carve all their scratch from one.

`array[a:b].reshape(shape)` calls a helper in Numba's C runtime that re-derives the
strides at run time (~11 ns); a solve carves some fourteen views, so that was ~0.15 us
of a ~6 us solve. `carve` builds the same C-contiguous view inline: its strides follow
from the shape, and the caller has already checked that the buffer is long enough.
"""

from numba import types
from numba.core import cgutils
from numba.core.imputils import impl_ret_borrowed
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
