"""`kernels.numba_internals`: `carve` gives shaped views of a flat buffer, as reshape would;
`stack_array` gives scratch on the stack, alone or with an allocated fallback;
`read_only_view` retypes an array read-only; and the rest of Numba's internals reachkit uses."""

import numpy as np
from numba import njit

from reachkit.kernels.numba_internals import carve, read_only_view, stack_array


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


def test_a_read_only_view_serves_the_version_compiled_for_read_only_arrays() -> None:
    """An array made inside a kernel, retyped read-only, calls the callee's read-only
    version: one compiled version for it and for a read-only argument."""
    from reachkit.kernels.jit import allocating_kernel

    @allocating_kernel()
    def total(a: np.ndarray) -> float:
        return a.sum()

    @allocating_kernel()
    def doubled_total(a: np.ndarray) -> tuple:
        doubled = 2.0 * a
        return total(read_only_view(doubled)), total(a), read_only_view(doubled)

    values = np.arange(5.0)
    values.setflags(write=False)
    inner, outer, view = doubled_total(values)
    assert (inner, outer) == (20.0, 10.0)
    assert not view.flags.writeable and view[4] == 8.0
    assert len(total.link_only_overloads) == 1 and not total.overloads


@njit(cache=True)
def _fill_scratch(n: int) -> tuple:
    """Sums over scratch of n floats (on the stack up to 16, else allocated) and 8 ints,
    filled, carved and read back, as the solver's front uses them."""
    work = stack_array(np.float64, 16) if n <= 16 else np.empty(n)
    ints = stack_array(np.int64, 8)
    for i in range(n):
        work[i] = 0.5 * i
    for i in range(8):
        ints[i] = i * i
    block = carve(work, 2, (2, 3))
    return work.shape[0], work[:n].sum(), ints.sum(), block[1, 2], ints[7] + ints.itemsize


def test_stack_arrays_hold_what_is_written_and_large_requests_fall_back() -> None:
    assert _fill_scratch(10) == (16, 0.5 * 45, 140, 0.5 * 7, 57)
    assert _fill_scratch(100) == (100, 0.5 * 4950, 140, 0.5 * 7, 57)
    for _ in range(1000):  # a fresh stack frame every call: nothing leaks or piles up
        _fill_scratch(12)


def test_monotonic_seconds_reads_the_clock_of_time_monotonic() -> None:
    import time

    from numba import njit

    from reachkit.kernels.numba_internals import monotonic_seconds

    @njit
    def now() -> float:
        return monotonic_seconds()

    before = time.monotonic()
    inside = now()
    after = time.monotonic()
    assert before - 1e-3 <= inside <= after + 1e-3


def test_entry_point_and_cached_signatures() -> None:
    from numba import njit, types

    from reachkit.kernels.numba_internals import NO_REFCOUNT, cached_signatures, entry_point

    @njit(**NO_REFCOUNT)
    def twice(x: float) -> float:
        return 2.0 * x

    entry = entry_point(twice, (types.float64,))
    assert entry(1.5) == 3.0
    from reachkit.kernels.fk import fk_into

    signatures = cached_signatures(fk_into)
    assert signatures is not None  # Numba's cache layout is the one numba_internals reads


def test_a_callee_compiled_for_its_caller_is_link_only_yet_callable_from_python() -> None:
    """A kernel first compiled inside another one gets no machine code of its own (the
    caller links it in); called from Python later, it compiles a callable version."""
    from reachkit.kernels.jit import kernel
    from reachkit.kernels.numba_internals import is_link_only

    @kernel()
    def square(x: float) -> float:
        return x * x

    @kernel()
    def sum_of_squares(x: float, y: float) -> float:
        return square(x) + square(y)

    for dispatcher in (square, sum_of_squares):  # a fresh compile, whatever an earlier run cached
        dispatcher._cache.flush()
    assert sum_of_squares(3.0, 4.0) == 25.0
    (nested,) = square.link_only_overloads.values()
    assert is_link_only(nested) and not square.overloads
    assert square(5.0) == 25.0  # no crash on the null entry point of the link-only version
    (callable_version,) = square.overloads.values()
    assert not is_link_only(callable_version)
    assert sum_of_squares(1.0, 2.0) == 5.0


def test_a_caller_links_a_link_only_version_even_where_a_callable_one_exists() -> None:
    """A callable version holds its own optimised code; linked into a caller, it changed
    the caller's floating-point code, so a kernel's code depended on what the process
    had compiled before. A caller compiled after the callee's callable version still
    gets a link-only version of its own."""
    from reachkit.kernels.jit import kernel
    from reachkit.kernels.numba_internals import is_link_only

    @kernel()
    def cube(x: float) -> float:
        return x * x * x

    @kernel()
    def sum_of_cubes(x: float, y: float) -> float:
        return cube(x) + cube(y)

    for dispatcher in (cube, sum_of_cubes):
        dispatcher._cache.flush()
    assert cube(2.0) == 8.0  # compiled for Python first
    (callable_version,) = cube.overloads.values()
    assert sum_of_cubes(1.0, 2.0) == 9.0
    (nested,) = cube.link_only_overloads.values()
    assert is_link_only(nested)
    assert cube.overloads[tuple(callable_version.signature.args)] is callable_version
    (caller_version,) = sum_of_cubes.overloads.values()
    assert nested.library in caller_version.library._linking_libraries


def test_a_callee_keeps_its_own_flags_whichever_caller_compiles_it_first() -> None:
    """Numba gives a callee that sets no flags the fastmath and forced inlining of the
    caller it is compiled for: a kernel and an overload of reachkit's set their own, so
    neither they nor what they call take a caller's."""
    from numba.extending import overload

    from reachkit.kernels.jit import kernel
    from reachkit.kernels.numba_internals import OVERLOAD_OPTIONS

    @kernel()
    def half(x: float) -> float:
        return 0.5 * x

    @njit
    def third(x: float) -> float:  # sets nothing: takes the overload's flags
        return x / 3.0

    def twice(x: float) -> float:
        raise NotImplementedError

    @overload(twice, jit_options=OVERLOAD_OPTIONS)
    def _twice(x):
        return lambda x: 2.0 * half(x) + third(x)

    @kernel(fastmath=True, forceinline=True)
    def caller(x: float) -> float:
        return twice(x) + 1.0

    def float_ops(dispatcher: object) -> tuple:
        (compiled,) = (getattr(dispatcher, "link_only_overloads", None) or dispatcher.overloads).values()
        ir = compiled.library.get_llvm_str()
        return compiled.fndesc.inline, [line.split("=")[1].split()[:2] for line in ir.splitlines()
                                        if any(f" {op} " in line for op in ("fmul", "fdiv", "fadd"))]

    for dispatcher in (half, caller):
        dispatcher._cache.flush()
    assert caller(3.0) == 5.0
    inline, ops = float_ops(caller)
    assert inline and ["fadd", "fast"] in ops  # the caller's own flags hold
    assert float_ops(half) == (False, [["fmul", "double"]])
    assert float_ops(third) == (False, [["fdiv", "double"]])


def test_a_constant_argument_compiles_no_version_of_its_own() -> None:
    """Without `keeps_literals`, a kernel called with constants and with variables has
    one compiled version; with it, one per constant (for loops of fixed size)."""
    from reachkit.kernels.jit import kernel

    def twice(n: int) -> int:
        return 2 * n

    plain, literal = kernel()(twice), kernel(keeps_literals=True)(twice)

    @kernel()
    def calls(k: int) -> int:
        return plain(6) + plain(k) + literal(6) + literal(k)

    assert calls(3) == 36
    assert len(plain.link_only_overloads) == 1 and len(literal.link_only_overloads) == 2


CACHED_MODULE = """
from reachkit.kernels.jit import allocating_kernel


@allocating_kernel()
def scaled(x, a):
    return x * a
"""

LOAD_THEN_LINK = """
import sys
sys.path.insert(0, {folder!r})
import numpy as np
from numba import njit
import cached_kernel

x = np.arange(3.0)
assert np.array_equal(cached_kernel.scaled(x, 2.0), 2.0 * x)
(compiled,) = cached_kernel.scaled.overloads.values()
print(type(compiled.library).__name__, compiled.library._shared_module is None,
      cached_kernel.scaled.stats.cache_hits.total())


@njit
def scaled_plus_one(x):
    return cached_kernel.scaled(x, 2.0) + 1.0  # links a link-only version, not the loaded one


assert np.array_equal(scaled_plus_one(x), 2.0 * x + 1.0)
print(compiled.library._shared_module is None, len(cached_kernel.scaled.link_only_overloads))
"""


def test_a_kernel_loads_from_the_cache_without_its_bitcode_and_still_links(tmp_path) -> None:
    """A kernel loaded from the disk cache runs from its machine code alone; its bitcode is
    not parsed, even when another kernel calls it (the caller links a link-only version
    of its own)."""
    import os
    import subprocess
    import sys

    (tmp_path / "cached_kernel.py").write_text(CACHED_MODULE)
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "cache")}
    code = LOAD_THEN_LINK.format(folder=str(tmp_path))
    runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                           timeout=300, check=False) for _ in range(2)]
    assert all(run.returncode == 0 for run in runs), runs[-1].stderr
    first, second = (run.stdout.split() for run in runs)
    assert first[2] == "0" and second[2] == "1"  # compiled, then loaded from the cache
    assert second[:2] == ["_LazyLinkingLibrary", "True"]  # loaded without parsing the bitcode
    assert second[3:] == ["True", "1"]  # a caller compiled its own link-only version


SHARED_CALLEE = """
from reachkit.kernels.jit import kernel


@kernel(fastmath={"contract"})
def wiggle(x):
    total = 0.0
    for k in range(1, 40):
        total = total * x + 1.0 / k
    return total


@kernel()
def first(x):
    return wiggle(x) + 1.0


@kernel()
def second(x):
    return 2.0 * wiggle(x)
"""

COMPILES_AND_VALUES = """
import sys
sys.path.insert(0, {folder!r})
import numpy as np
from numba.core import event


class Compiles(event.Listener):
    names = []

    def on_start(self, ev):
        self.names.append(ev.data["dispatcher"].py_func.__name__)

    def on_end(self, ev):
        pass


event.register("numba:compile", Compiles())
import shared_callee

kernel = getattr(shared_callee, {name!r})
values = np.array([kernel(x) for x in np.linspace(-1.5, 1.5, 301)])
print(",".join(Compiles.names), values.tobytes().hex())
"""


def test_a_link_only_version_compiled_in_one_process_is_loaded_in_the_next(tmp_path) -> None:
    """A callee compiled for one caller is stored with the cache; another process
    compiling another caller loads it instead of compiling it again, and that caller's
    results are bit for bit those of a compile from an empty cache."""
    import os
    import subprocess
    import sys

    (tmp_path / "shared_callee.py").write_text(SHARED_CALLEE)

    def run(name: str, cache: str) -> list[str]:
        env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / cache)}
        code = COMPILES_AND_VALUES.format(folder=str(tmp_path), name=name)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, timeout=300, check=False)
        assert out.returncode == 0, out.stderr
        return out.stdout.split()

    assert run("first", "shared")[0] == "first,wiggle"
    loaded = run("second", "shared")
    fresh = run("second", "empty")
    assert loaded[0] == "second" and fresh[0] == "second,wiggle"
    assert loaded[1] == fresh[1]


# SHARED_CALLEE with its callee compiled into machine code of its own
OWN_CODE = SHARED_CALLEE.replace('@kernel(fastmath={"contract"})',
                                 '@kernel(fastmath={"contract"}, own_code=True)')


def test_an_own_code_kernel_is_called_by_symbol_and_loaded_before_its_cached_callers(
        tmp_path) -> None:
    """Callers of an own-code kernel declare it and call its one machine code; a caller
    loaded from the cache in a next process loads that version first (nothing compiles),
    a second caller compiles alone, and without the callee's cache entry the callers are
    still right. Every run's values equal the kernels' Python values."""
    import glob
    import os
    import subprocess
    import sys

    (tmp_path / "own_code_callee.py").write_text(OWN_CODE)

    def run(name: str) -> list[str]:
        env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "cache")}
        code = COMPILES_AND_VALUES.replace("shared_callee", "own_code_callee").format(
            folder=str(tmp_path), name=name)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, timeout=300, check=False)
        assert out.returncode == 0, out.stderr
        return out.stdout.split()

    sys.path.insert(0, str(tmp_path))
    try:
        import own_code_callee as module
    finally:
        sys.path.remove(str(tmp_path))
    xs = np.linspace(-1.5, 1.5, 301)
    expected = {name: np.array([getattr(module, name).py_func(x) for x in xs])
                for name in ("first", "second")}

    def values(out: list[str]) -> np.ndarray:
        return np.frombuffer(bytes.fromhex(out[-1]), dtype=np.float64)

    compiled = run("first")
    assert compiled[0] == "first,wiggle"
    loaded = run("first")
    assert len(loaded) == 1  # first and wiggle loaded from the cache: no compile
    other = run("second")
    assert other[0] == "second"  # wiggle loaded, not compiled
    for path in glob.glob(str(tmp_path / "cache" / "**" / "*wiggle*"), recursive=True):
        os.remove(path)
    again = run("first")
    for out, name in ((compiled, "first"), (loaded, "first"), (other, "second"), (again, "first")):
        np.testing.assert_allclose(values(out), expected[name], rtol=1e-12, atol=0)

    first = module.first
    first(0.5)
    callee_name = module.wiggle.overloads[next(iter(module.wiggle.overloads))].fndesc.mangled_name
    caller_ir = first.inspect_llvm(first.signatures[0])
    assert f"declare i32 @{callee_name}" in caller_ir and f"define i32 @{callee_name}" not in caller_ir


def test_a_cache_entry_stored_without_the_symbols_it_calls_is_compiled_again() -> None:
    """An entry in Numba's own format (an earlier reachkit's) is a cache miss, not an
    error: its kernel compiles again."""
    from reachkit.kernels.numba_internals import _LazyBitcodeCacheImpl

    numba_payload = tuple(range(9))  # library, fndesc, environment, signature, ...
    assert _LazyBitcodeCacheImpl.rebuild(None, None, numba_payload) is None


STAMP_RUN = """
import sys
sys.path.insert(0, {folder!r})
from {module} import g
print(g(1.0), sum(g.stats.cache_hits.values()))
"""


def _run_g(folder, module: str) -> tuple[float, int]:
    """(g(1.0), cache hits) of kernel g in `module` under `folder`, in a fresh process
    with its Numba cache in folder/cache."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "NUMBA_CACHE_DIR": str(folder / "cache")}
    out = subprocess.run([sys.executable, "-c", STAMP_RUN.format(folder=str(folder), module=module)],
                         env=env, capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr
    value, hits = out.stdout.split()
    return float(value), int(hits)


def test_a_cached_kernel_is_compiled_again_when_a_file_it_imports_changes(tmp_path) -> None:
    """Numba checks a cached kernel against its own file only; reachkit's cache also checks
    every file of the package the kernel's module imports (a callee's, a constant's), and
    keeps the kernel when an unrelated file changes."""

    package = tmp_path / "stamp_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    callee = ("from reachkit.kernels.jit import kernel\n\n\n@kernel()\n"
              "def f(x: float) -> float:\n    return {scale} * x\n")
    (package / "callee.py").write_text(callee.format(scale=2.0))
    (package / "constants.py").write_text("OFFSET = 1.0\n")
    (package / "unrelated.py").write_text("NOTE = 'a'\n")
    (package / "caller.py").write_text(
        "from reachkit.kernels.jit import kernel\n\nfrom .callee import f\n"
        "from .constants import (  # a parenthesised import\n    OFFSET,\n)\n\n\n@kernel()\n"
        "def g(x: float) -> float:\n    return f(x) + OFFSET\n")
    def run() -> tuple[float, int]:
        return _run_g(tmp_path, "stamp_pkg.caller")

    assert run() == (3.0, 0)  # compiled
    assert run() == (3.0, 1)  # loaded from the cache
    (package / "callee.py").write_text(callee.format(scale=3.0))
    assert run() == (4.0, 0)  # the callee's file changed: compiled again
    (package / "constants.py").write_text("OFFSET = 5.0\n")
    assert run() == (8.0, 0)  # the constant's file changed
    (package / "unrelated.py").write_text("NOTE = 'b'\n")
    assert run() == (8.0, 1)  # a file it does not import changed: still cached


def test_a_kernel_of_a_top_level_module_is_compiled_again_when_its_file_changes(tmp_path) -> None:
    """A kernel in a module outside any package (a script's, a test's) is checked against
    its own file."""

    module = ("from reachkit.kernels.jit import kernel\n\n\n@kernel()\n"
              "def g(x: float) -> float:\n    return {scale} * x\n")
    (tmp_path / "top_level_kernel.py").write_text(module.format(scale=2.0))

    def run() -> tuple[float, int]:
        return _run_g(tmp_path, "top_level_kernel")

    assert run() == (2.0, 0)
    assert run() == (2.0, 1)
    (tmp_path / "top_level_kernel.py").write_text(module.format(scale=3.0))
    assert run() == (3.0, 0)


def test_the_import_scan_finds_every_import_ast_finds_in_reachkits_files() -> None:
    """`source_stamp` reads imports with a regular expression (fast at start-up); on each
    of reachkit's files it finds every in-package module `ast` finds imported."""
    import ast
    import pkgutil
    from pathlib import Path

    import reachkit
    from reachkit.kernels.source_stamp import imported_modules

    def ast_imports(name: str, path: str) -> set[str]:
        package = name if path.endswith("__init__.py") else name.rpartition(".")[0]
        found = set()
        for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                parts = package.split(".")
                base = parts[:len(parts) - node.level + 1] if node.level else []
                origin = ".".join(base + ([node.module] if node.module else []))
                found.add(origin)
                found |= {f"{origin}.{alias.name}" for alias in node.names}
        return {n for n in found if n in names}

    names = ["reachkit"] + [m.name for m in pkgutil.walk_packages(reachkit.__path__, "reachkit.")]
    assert len(names) > 150
    for name in names:
        reached = dict(imported_modules(name))
        for imported in ast_imports(name, reached[name]):
            assert imported in reached, (name, imported)
