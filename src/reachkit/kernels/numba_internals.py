"""Everything reachkit takes from Numba beyond its public API, in one module.

`tests/test_numba_internals.py` exercises each piece, so a Numba release that changes one
of them fails there, loudly, instead of somewhere in a solve; pyproject bounds the numba
version to the releases these were checked against.

- `carve`, `stack_array`: views of a flat scratch buffer built inline, and a fixed-size
  buffer on the kernel's stack. `np.empty` of the ~6 kB a 6-joint solve needs costs
  ~0.1 us (malloc, free and Numba's reference-counted block), a stack buffer nothing;
  `array[a:b].reshape(shape)` calls a helper of Numba's C runtime (~11 ns), and a solve
  carves a dozen views.
- `read_only_view`, `read_only_strided_view`: an array retyped as read-only, or also as
  strided (one compiled version serves it and read-only or strided arguments).
- `monotonic_seconds`: CLOCK_MONOTONIC inside a kernel (the clock of Python's
  `time.monotonic` on Linux), so a time limit is checked inside the search loop.
- `NO_REFCOUNT`: the `_nrt=False` compile option (kernels that allocate nothing need no
  reference counting; see `jit.kernel`).
- `entry_point`: a compiled overload's raw entry point, which skips the dispatcher's
  typing of every argument (~0.3 us a call; the caller must pass exactly its types).
- `cache_index_path`, `cached_signatures`: where a dispatcher's on-disk cache index lives
  and what it holds (to say, before a first call, that it is about to compile).
- `KernelDispatcher`, `LinkOnlyWhenNested`: a kernel compiled only because another kernel
  calls it is compiled "link only": Numba neither optimises its module as a whole nor
  makes machine code of it; the outermost kernel, which links every callee in, does both
  once. Numba otherwise optimises and generates code for every level of a call tree with
  all its callees linked in, so a deep tree's leaves are compiled once per level (first
  plain `rk.ik`: 59 s -> 23 s, LLVM's share 42 s -> 9.5 s; same solve speed). Link-only
  versions are cached on disk too, for the next process. The dispatcher also compiles
  one version for any value of a constant argument.
- `compile_lazily(..., own_code=True)`: a kernel compiled once into machine code of its
  own, which calling kernels call by its symbol instead of linking its code into theirs
  (`_OwnCodeLibrary`); cached callers name the versions they call (`_symbols_called`)
  and load them first.
- `_KernelCache`: Numba's on-disk cache, loading a kernel's machine code without parsing
  the LLVM bitcode stored beside it, which only a kernel linking it in needs
  (`_LazyLinkingLibrary`), keeping link-only versions too (their bitcode, under a key of
  their own: `link_only_key`), and checking a kernel against every file it can call
  into, not only its own (`source_stamp`).
"""

import importlib
import os
import threading
from functools import cache
from typing import Any

import llvmlite.binding as llvm
from llvmlite import ir
from numba import types
from numba.core import cgutils, event, sigutils
from numba.core.caching import CompileResultCacheImpl, FunctionCache
from numba.core.codegen import JITCodeLibrary
from numba.core.compiler import Compiler, CompileResult, DefaultPassBuilder, Flags
from numba.core.compiler_machinery import FunctionPass, register_pass
from numba.core.imputils import impl_ret_borrowed, impl_ret_untracked
from numba.core.registry import CPUDispatcher
from numba.core.typed_passes import NopythonTypeInference
from numba.extending import intrinsic
from numba.np.arrayobj import make_array, populate_array

from .compile_lock import compile_lock
from .source_stamp import source_stamp


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


def _retyped(array: Any, **changes: Any) -> Any:
    """An intrinsic's (signature, codegen) returning `array` itself under its type with
    `changes` (Numba stores arrays of every layout alike, so no value changes)."""
    if not isinstance(array, types.Array):
        return None
    view_type = array.copy(**changes)

    def codegen(context, builder, signature, args):
        return impl_ret_borrowed(context, builder, view_type, args[0])

    return view_type(array), codegen


@intrinsic
def read_only_view(typingctx, array):
    """array typed as read-only (the same memory and layout). A kernel compiled for
    read-only arrays then serves an array made inside a kernel too, instead of compiling
    once more for the writable type."""
    return _retyped(array, readonly=True)


@intrinsic
def read_only_strided_view(typingctx, array):
    """array typed as read-only and of any layout ("A"): one version of a kernel then
    serves contiguous and strided arrays, writable or not."""
    return _retyped(array, readonly=True, layout="A")


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
        return [key[0] for key in dispatcher._cache._cache_file._load_index()
                if not _is_link_only_key(key[0])]
    except (AttributeError, TypeError, IndexError, OSError, EOFError):
        return None


class _Nesting(event.Listener):
    """How many compiles are under way on this thread (Numba's "numba:compile" events)."""

    def __init__(self) -> None:
        self._local = threading.local()

    @property
    def depth(self) -> int:
        return getattr(self._local, "depth", 0)

    def on_start(self, ev: Any) -> None:
        self._local.depth = self.depth + 1

    def on_end(self, ev: Any) -> None:
        self._local.depth = self.depth - 1


_NESTING = _Nesting()
event.register("numba:compile", _NESTING)


def compile_depth() -> int:
    """How many compiles are under way on this thread: 1 inside the compile of a kernel
    called from Python (a "numba:compile" listener registered after this module sees it)."""
    return _NESTING.depth


class _QuietCodegen:
    """The JIT codegen as a link-only library shows it: it has no symbols in the engine,
    so there is no environment pointer to set."""

    def __init__(self, codegen: Any) -> None:
        self._codegen = codegen

    def set_env(self, env_name: str, env: Any) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._codegen, name)


class LinkOnlyLibrary(JITCodeLibrary):
    """Code compiled only to be linked into its callers: function passes run (on adding
    its IR), the module-wide optimisation and the machine code are left to the caller
    that links it. Its entry point is null: it is never called from Python."""

    @property
    def codegen(self) -> Any:
        return _QuietCodegen(self._codegen)

    def _optimize_final_module(self) -> None:
        pass

    def _finalize_final_module(self) -> None:
        self._finalize_dynamic_globals()
        self._verify_declare_only_symbols()
        self._finalized = True

    def serialize_using_object_code(self) -> tuple:
        """What the cache stores of it: its module as its callers link it (bitcode, its
        own callees linked in); there is no machine code."""
        return (self.name, LINK_ONLY, self._get_module_for_linking().as_bitcode())

    @classmethod
    def from_bitcode(cls, codegen: Any, name: str, bitcode: bytes) -> "LinkOnlyLibrary":
        """The library `serialize_using_object_code` stored, finalized as it was."""
        library = cls(codegen, name)
        library._final_module = library._shared_module = llvm.parse_bitcode(bitcode)
        library._finalized = True
        return library


LINK_ONLY = "link-only"  # marks a link-only version's cache entry and key


def link_only_key(dispatcher: Any, args: tuple) -> tuple:
    """The cache key of `dispatcher`'s link-only version for `args`, compiled now: the
    argument types and the flags a callee takes from the caller compiling it (reference
    counting, error model; `NO_INHERITANCE` fixes the others in the kernel's source), and
    the global switches of bounds checks and debug information."""
    flags = Flags()
    dispatcher.targetdescr.options.parse_as_flags(flags, dispatcher.targetoptions)
    return (LINK_ONLY, flags.nrt, flags.error_model, flags.boundscheck, flags.debuginfo, *args)


def _is_link_only_key(sig: Any) -> bool:
    return isinstance(sig, tuple) and len(sig) > 0 and sig[0] == LINK_ONLY


def is_link_only(compile_result: Any) -> bool:
    """True for a compile result made by `LinkOnlyWhenNested` inside another compile."""
    return isinstance(compile_result.library, LinkOnlyLibrary)


@register_pass(mutates_CFG=False, analysis_only=False)
class _LinkOnlyLibraryPass(FunctionPass):
    """Gives a compile nested in another one a `LinkOnlyLibrary` to lower into, and no
    wrappers for calls from Python or C: its callers call the native function, and a call
    from Python compiles a callable version anyway (`KernelDispatcher.compile`). Lowering
    the wrappers and optimising them cost about a quarter of LLVM's time in the first
    plain `rk.ik` (add_ir_module + finalize: 16.3 s -> 11.4 s, loaded machine)."""

    _name = "reachkit_link_only_library"

    def __init__(self) -> None:
        FunctionPass.__init__(self)

    def run_pass(self, state: Any) -> bool:
        if state.library is None and _NESTING.depth > 1:
            state.library = LinkOnlyLibrary(state.targetctx.codegen(), state.func_id.func_qualname)
            state.flags.no_cpython_wrapper = True
            state.flags.no_cfunc_wrapper = True
        return True


class LinkOnlyWhenNested(Compiler):
    """Numba's nopython pipeline, lowering into a `LinkOnlyLibrary` when the compile runs
    inside another one (a callee compiled for its caller). For `njit(pipeline_class=...)`
    and `overload(jit_options=...)`."""

    def define_pipelines(self) -> list:
        pipeline = DefaultPassBuilder.define_nopython_pipeline(self.state)
        pipeline.add_pass_after(_LinkOnlyLibraryPass, NopythonTypeInference)
        pipeline.finalize()
        return [pipeline]


class _LazyLinkingLibrary(JITCodeLibrary):
    """A kernel's code loaded from the cache, whose LLVM bitcode is parsed when first
    linked into another function, not on loading (a calling kernel links a link-only
    version of its own instead: `KernelDispatcher`)."""

    _bitcode: bytes | None = None

    def _get_module_for_linking(self) -> Any:
        if self._shared_module is None and self._bitcode is not None:
            self._shared_module = llvm.parse_bitcode(self._bitcode)
        return super()._get_module_for_linking()


class _OwnCodeLibrary(JITCodeLibrary):
    """The machine code of a callable version of an `own_code` kernel, which calling
    kernels call by its symbol: what they link of it is an empty module, so the call
    stays a declaration that the JIT engine resolves to this code. `symbol`: (module,
    qualname, argument types, mangled name), what a cached caller needs loaded first."""

    symbol: tuple = ()

    def _get_module_for_linking(self) -> Any:
        if self._shared_module is None:
            empty = self._codegen._create_empty_module(self.name)
            self._shared_module = llvm.parse_assembly(str(empty))
        return self._shared_module


def _symbols_called(library: Any) -> tuple:
    """The `_OwnCodeLibrary.symbol` of every own-code version the code of a library just
    compiled calls, directly or through the libraries linked into it (those loaded from
    the cache say theirs in `symbols_called`)."""
    found: set = set()
    seen: set[int] = set()
    pending = list(library._linking_libraries)
    while pending:
        linked = pending.pop()
        if id(linked) in seen:
            continue
        seen.add(id(linked))
        if isinstance(linked, _OwnCodeLibrary):
            found.add(linked.symbol)
            continue
        found.update(getattr(linked, "symbols_called", ()))
        pending.extend(linked._linking_libraries)
    return tuple(sorted(found, key=repr))


def _load_symbol(symbol: tuple) -> bool:
    """Whether the own-code version `symbol` names is in this process (loaded from the
    cache, or compiled, now) under the name a cached caller calls; False sends that
    caller to be compiled again."""
    module, qualname, args, name = symbol
    try:
        dispatcher = getattr(importlib.import_module(module), qualname)
    except (ImportError, AttributeError):
        return False
    dispatcher.compile(args)
    compiled = dispatcher.overloads.get(args)
    return compiled is not None and compiled.fndesc.mangled_name == name


@cache
def _empty_bitcode() -> bytes:
    """An empty LLVM module's bitcode."""
    return llvm.parse_assembly("").as_bitcode()


class _LazyBitcodeCacheImpl(CompileResultCacheImpl):
    """Rebuilds a cached compile result from its machine code alone. Numba also parses the
    bitcode stored with it, to find the symbols it defines and to link it later: 40 ms
    for the first plain solve, 1 MB of bitcode (fresh install, warm start-up 0.44 ->
    0.40 s in process). The symbols Python looks up, the function and its two wrappers,
    are declared to the engine instead; the bitcode waits in `_LazyLinkingLibrary`."""

    def reduce(self, cres: Any) -> tuple:
        """Numba's, without the listing of the source annotated with types, which nothing
        reads (`inspect_types` of a loaded kernel) and costs ~2 ms a kernel to build (storing
        the first plain `rk.ik`'s 167 versions: 0.39-0.44 -> 0.27-0.32 s), with the
        own-code versions its code calls by symbol (`_symbols_called`)."""
        return super().reduce(cres._replace(type_annotation=None)), _symbols_called(cres.library)

    def rebuild(self, target_context: Any, stored: tuple) -> Any:
        """The compile result `reduce` stored, once the own-code versions it calls are
        loaded; None (compile it again) if one of them is not as it was."""
        if len(stored) != 2:  # Numba's payload alone, stored by an earlier reachkit
            return None
        payload, symbols_called = stored
        if not all(_load_symbol(symbol) for symbol in symbols_called):
            return None
        cres = self._rebuild(target_context, payload)
        cres.library.symbols_called = symbols_called
        return cres

    def _rebuild(self, target_context: Any, payload: tuple) -> Any:
        (name, kind, data), fndesc = payload[0], payload[1]
        if kind == LINK_ONLY:
            return _rebuild_link_only(target_context, payload)
        if kind != "object":
            return super().rebuild(target_context, payload)
        object_code, bitcode = data
        target_context.codegen()._engine._defined_symbols.update(
            (fndesc.mangled_name, fndesc.llvm_cpython_wrapper_name,
             fndesc.llvm_cfunc_wrapper_name))
        without_bitcode = (name, kind, (object_code, _empty_bitcode()))
        cres = super().rebuild(target_context, (without_bitcode, *payload[1:]))
        cres.library.__class__ = _LazyLinkingLibrary
        cres.library._shared_module = None
        cres.library._bitcode = bitcode
        return cres


def _rebuild_link_only(target_context: Any, payload: tuple) -> Any:
    """A link-only compile result from its cache entry (Numba's `CompileResult._rebuild`,
    with the library rebuilt from bitcode instead of machine code)."""
    (libdata, fndesc, environment, signature, objectmode, lifted, type_annotation,
     reload_init, referenced_environments) = payload
    name, _, bitcode = libdata
    library = LinkOnlyLibrary.from_bitcode(target_context.codegen(), name, bitcode)
    return CompileResult(
        target_context=target_context, typing_context=target_context.typing_context,
        library=library, environment=environment,
        entry_point=target_context.get_executable(library, fndesc, environment),  # null
        fndesc=fndesc, type_annotation=type_annotation, signature=signature,
        objectmode=objectmode, lifted=lifted, typing_error=None, call_helper=None,
        metadata=None, reload_init=reload_init, referenced_envs=referenced_environments)


class _KernelCache(FunctionCache):
    """Numba's on-disk cache, which loads a kernel without parsing its bitcode
    (`_LazyBitcodeCacheImpl`), keeps a link-only version under its own key
    (`link_only_key`, never Numba's key of a callable version), and holds a kernel only
    while none of the files it can call into changes (`source_stamp`; Numba checks the
    kernel's own file only)."""

    _impl_class = _LazyBitcodeCacheImpl

    def __init__(self, py_func: Any, own_code: bool = False) -> None:
        super().__init__(py_func)
        self.own_code = own_code
        stamp = source_stamp(py_func)
        if stamp is not None:  # else Numba's own: its file's hash
            self._cache_file._source_stamp = stamp

    def load_overload(self, sig: Any, target_context: Any) -> Any:
        if _NESTING.depth > 0 and not (_is_link_only_key(sig) or self.own_code):
            return None  # a caller links a link-only version
        return super().load_overload(sig, target_context)

    def save_overload(self, sig: Any, data: Any) -> None:
        if is_link_only(data) == _is_link_only_key(sig):
            super().save_overload(sig, data)


class _CacheOnFirstUse:
    """A kernel's `_KernelCache`, made when Numba first asks it anything: making one finds
    its directory and test-writes a file there, 20 ms of `import reachkit` for 130 kernels
    (fresh install), most of which a process never calls."""

    def __init__(self, py_func: Any, own_code: bool) -> None:
        self._py_func = py_func
        self._own_code = own_code
        self._made: _KernelCache | None = None

    def __getattr__(self, name: str) -> Any:  # any attribute this class does not have
        if self._made is None:
            self._made = _KernelCache(self._py_func, self._own_code)
        return getattr(self._made, name)


class KernelDispatcher(CPUDispatcher):
    """A dispatcher that keeps two kinds of compiled versions apart: the callable ones
    (`overloads`, called from Python, cached on disk) and the link-only ones
    (`link_only_overloads`, made by `LinkOnlyWhenNested` for a calling kernel).

    A calling kernel always links a link-only version, compiled for it if need be, never
    a callable one compiled earlier in the process or loaded from the cache: those hold
    their own optimised code, and linking one changed the caller's floating-point code.
    A kernel's machine code, and so a solve's answer, then depend on its source alone,
    not on what the process or the cache held before (fd solves of the regression corpus
    took up to 54 % more iterations with the cached `so3.pose_error_into` linked in).

    A link-only version goes to the disk cache too (its bitcode, `link_only_key`), and
    the next process whose kernel calls it loads it instead of compiling it again: the
    first `ik_batch` in a process after a first plain `rk.ik` in another, 13.9 -> 7.8 s;
    a first trace 12.2 -> 4.6 s (storing them adds ~0.2 s to the plain `rk.ik`). Its
    code is the code a compile would give, so answers do not depend on what the cache
    held either (`tests/test_numba_internals.py`, the regression corpus).

    Called from another kernel with a constant argument, Numba compiles a version for
    that constant (`Literal[int](0)`) besides the one for any integer: the first plain
    solve compiled its search loop twice so (10.8 s). A kernel compiles for the argument
    types only, unless made with `keeps_literals=True` (fixed sizes that unroll loops).

    An `own_code` kernel is the exception: its callable version, optimised and made into
    machine code once, is what every calling kernel calls, by its symbol
    (`_OwnCodeLibrary`). For a large tree that several entries share (the search behind
    `solve_plain`, `solve_checked` and `solve_batch`), each entry then no longer optimises
    and makes machine code of the whole tree again.
    """

    keeps_literals = False
    own_code = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.link_only_overloads: dict[tuple, Any] = {}

    def get_call_template(self, args: tuple, kws: dict) -> Any:
        if not self.keeps_literals:
            args = tuple(types.unliteral(a) for a in args)
            kws = {name: types.unliteral(a) for name, a in kws.items()}
        return super().get_call_template(args, kws)

    @property
    def nopython_signatures(self) -> list:
        if _NESTING.depth == 0 or self.own_code:
            return super().nopython_signatures
        return [cres.signature for cres in self.link_only_overloads.values()]

    def get_overload(self, sig: Any) -> Any:
        if _NESTING.depth == 0 or self.own_code:
            return super().get_overload(sig)
        args = tuple(sigutils.normalize_signature(sig)[0])
        return self.link_only_overloads[args].entry_point

    def enable_caching(self) -> None:
        self._cache = _CacheOnFirstUse(self.py_func, self.own_code)

    def _load_link_only(self, key: tuple) -> Any:
        """The link-only version under `key` (`link_only_key`) from the disk cache (another
        process compiled it, as this one would), registered as a compile would; None if it
        is not there."""
        compiled = self._cache.load_overload(key, self.targetctx)
        if compiled is not None:
            self.targetctx.insert_user_function(compiled.entry_point, compiled.fndesc,
                                                [compiled.library])
            self.add_overload(compiled)
        return compiled

    def add_overload(self, cres: Any) -> None:
        if is_link_only(cres):
            self.link_only_overloads[tuple(cres.signature.args)] = cres
            return
        if self.own_code:  # before the cache stores it: callers link nothing of it
            cres.library.__class__ = _OwnCodeLibrary
            cres.library.symbol = (self.py_func.__module__, self.py_func.__qualname__,
                                   tuple(cres.signature.args), cres.fndesc.mangled_name)
        super().add_overload(cres)

    def compile(self, sig: Any) -> Any:
        args = tuple(sigutils.normalize_signature(sig)[0])
        if _NESTING.depth > 0 and not self.own_code:  # for a calling kernel: its own link-only version
            linked = self.link_only_overloads.get(args)
            if linked is not None:
                return linked.entry_point
            key = link_only_key(self, args)
            linked = self._load_link_only(key)
            if linked is not None:
                return linked.entry_point
            callable_version = self.overloads.pop(args, None)  # hidden while compiling
            try:
                entry = super().compile(sig)
            finally:
                if callable_version is not None:
                    self.overloads[args] = callable_version
            compiled = self.link_only_overloads.get(args)
            if compiled is not None:
                self._cache.save_overload(key, compiled)
            return entry
        if args in self.overloads:
            return super().compile(sig)
        with compile_lock(cache_index_path(self), args, self.py_func.__name__):  # another process may compile it
            return super().compile(sig)


# Numba compiles a callee with its caller's `fastmath` and `forceinline` unless the callee
# sets them (`CPUTargetOptions.finalize`), and its link-only version then serves every
# later caller: a kernel's floating-point flags and inlining depended on which caller the
# process compiled it for first. Under the forced-inline search loop the whole tree was
# forced inline, the null-space refinement too. Every kernel now sets both, so each has
# the flags its decorator gives. First use, fresh processes alternated with the previous
# code: secondary objectives 25.4 -> 21.9 s (LLVM optimisation and code generation of
# solve_checked 14.0 -> 7.2 s), ik_batch with them 29.3 -> 22.8 s, ik_batch 18.4 -> 17.5
# s, plain rk.ik 15.3-16.4 -> 15.0-15.8 s; per-solve speed unchanged, once the hot
# callees that gained from inlining ask for it themselves (`limits.clamped_task_step`,
# `fk.fk_into`).
NO_INHERITANCE: dict[str, Any] = {"fastmath": False, "forceinline": False}


def compile_lazily(py_func: Any, options: dict[str, Any], keeps_literals: bool = False,
                   own_code: bool = False) -> KernelDispatcher:
    """`njit(cache=True, **options)(py_func)`, made by a `KernelDispatcher` that compiles
    link-only when nested (and for constant arguments' values if `keeps_literals`), or,
    if `own_code` (a function at module level), always into machine code of its own that
    its callers call by symbol."""
    if own_code and "<locals>" in py_func.__qualname__:
        raise ValueError(f"{py_func.__qualname__}: an own-code kernel must be at module level")
    dispatcher = KernelDispatcher(py_func=py_func, locals={},
                                  targetoptions={"nopython": True, **NO_INHERITANCE, **options},
                                  pipeline_class=Compiler if own_code else LinkOnlyWhenNested)
    dispatcher.keeps_literals = keeps_literals
    dispatcher.own_code = own_code
    dispatcher.enable_caching()
    return dispatcher


# `overload(jit_options=...)` of the kernels' own overloads: no reference counting, and
# link-only when compiled for a caller (always, for an overload).
OVERLOAD_OPTIONS: dict[str, Any] = {**NO_REFCOUNT, **NO_INHERITANCE,
                                    "pipeline_class": LinkOnlyWhenNested}
