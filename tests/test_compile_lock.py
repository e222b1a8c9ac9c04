"""`kernels.compile_lock`: a process about to compile a kernel another process is
compiling waits for it, then loads the kernel from the cache; the wait is bounded."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

KERNEL = """
from reachkit.kernels.jit import kernel


@kernel()
def triple(x: float) -> float:
    return 3.0 * x
"""

CHILD = """
import sys, time
sys.path.insert(0, {folder!r})
import reachkit.kernels.compile_lock as lock
lock.WAIT_S = {wait_s!r}
from locked_kernel import triple
print("ready", flush=True)
start = time.monotonic()
value = triple(2.0)
print(value, sum(triple.stats.cache_hits.values()), sum(triple.stats.cache_misses.values()),
      time.monotonic() - start)
"""


@pytest.fixture()
def kernel_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "locked_kernel.py").write_text(KERNEL)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "locked_kernel", raising=False)  # each test its own
    code = f"import sys; sys.path.insert(0, {str(tmp_path)!r}); import locked_kernel"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)  # warm imports
    return tmp_path


def _child(folder: Path, wait_s: float) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-c", CHILD.format(folder=str(folder), wait_s=wait_s)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=os.environ.copy())
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    return child


def _result(child: subprocess.Popen) -> tuple[float, int, int, float, str]:
    """(kernel's value, cache hits, cache misses, seconds of the call, stderr)."""
    out, err = child.communicate(timeout=300)
    assert child.returncode == 0, err
    value, hits, misses, seconds = out.split()
    return float(value), int(hits), int(misses), float(seconds), err


def _index_path() -> str:
    """The kernel's cache index, where this process and the child look for it (both read
    the same NUMBA_CACHE_DIR, if one is set)."""
    from locked_kernel import triple

    from reachkit.kernels.numba_internals import cache_index_path

    path = cache_index_path(triple)
    assert path is not None
    return path


def test_a_process_waits_for_another_compiling_the_kernel_then_loads_it(kernel_module: Path) -> None:
    from locked_kernel import triple
    from numba import types
    from numba.core.registry import CPUDispatcher

    from reachkit.kernels.compile_lock import compile_lock

    with compile_lock(_index_path(), (types.float64,)):  # this process is "compiling" it
        child = _child(kernel_module, wait_s=120.0)
        time.sleep(1.0)  # the child reaches the lock and waits
        assert child.poll() is None
        # compiled here and saved to the cache, by Numba's own compile: reachkit's would
        # wait for the lock this process holds, as the child does
        CPUDispatcher.compile(triple, (types.float64,))
        assert triple(2.0) == 6.0
    value, hits, misses, _, notes = _result(child)
    assert (value, hits, misses) == (6.0, 1, 0)  # loaded, not compiled again
    assert "waiting for another process compiling the triple kernel" in notes


def test_the_wait_is_bounded(kernel_module: Path) -> None:
    from numba import types

    from reachkit.kernels.compile_lock import compile_lock

    with compile_lock(_index_path(), (types.float64,)):  # held, and never released in time
        child = _child(kernel_module, wait_s=2.0)
        value, hits, misses, seconds, _ = _result(child)
    assert (value, hits, misses) == (6.0, 0, 1)  # compiled by itself after the wait
    assert seconds >= 2.0


def test_another_signature_of_the_kernel_does_not_wait(kernel_module: Path) -> None:
    """Versions of one kernel compile side by side (LM's and NR's solves are versions of
    one kernel: `reachkit warmup` compiles them in parallel)."""
    from numba import types

    from reachkit.kernels.compile_lock import compile_lock

    with compile_lock(_index_path(), (types.int64,)):
        child = _child(kernel_module, wait_s=120.0)
        value, hits, misses, seconds, notes = _result(child)
    assert (value, hits, misses) == (6.0, 0, 1) and seconds < 60.0
    assert "waiting" not in notes
