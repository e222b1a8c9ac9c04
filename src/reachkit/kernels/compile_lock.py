"""One process compiles a kernel's version at a time; the others wait, then load it.

Processes that start together on one machine (pytest's workers, `reachkit warmup`'s,
Dask's or multiprocessing's workers) need the same kernels at about the same time, and
each compiled them in full: the same minute of CPU spent on every core. A process about
to compile a kernel for a call from Python now holds an advisory lock on a file beside
the kernel's cache index, one per signature (`flock`, released by the kernel even if the
process dies); a second process wanting the same version waits for it, and then finds
it in the cache. One lock per kernel had made `reachkit warmup`'s methods wait for each
other (LM's and NR's solve are versions of one kernel): 99 -> 123 s. The wait is
bounded (`WAIT_S`): after it, the process compiles anyway.

Four processes' first `rk.ik` on Panda at once, 2 cores, empty cache: 34 s -> 16 s.
As many processes as cores gain CPU, not time (pytest's two workers compile 326 s
instead of 376 s; `reachkit warmup` 175 s of CPU instead of 183 s, 101 s either way).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Callable, Iterator

try:
    import fcntl
except ImportError:  # Windows: no lock, each process compiles for itself
    fcntl = None  # type: ignore[assignment]

WAIT_S = 900.0  # longest wait for another process's compile (the longest takes ~60 s)
POLL_S = 0.05
# Called with the kernel's name when a process starts to wait, so that the wait does not
# pass for a hang (`ik.compile_note` registers a note on stderr).
WAIT_LISTENERS: list[Callable[[str], None]] = []


@contextlib.contextmanager
def compile_lock(index_path: str | None, signature: object, kernel: str = "") -> Iterator[None]:
    """Hold the lock of the version for `signature` (its str names it) of the kernel
    named `kernel` whose cache index is `index_path` (None, or a directory this process
    may not write: no lock) while the block runs."""
    descriptor = _open(index_path, signature)
    if descriptor is None:
        yield
        return
    try:
        if not _try_lock(descriptor):
            for listener in WAIT_LISTENERS:
                listener(kernel)
            deadline = time.monotonic() + WAIT_S
            while not _try_lock(descriptor) and time.monotonic() < deadline:
                time.sleep(POLL_S)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _open(index_path: str | None, signature: object) -> int | None:
    if index_path is None or fcntl is None:
        return None
    name = hashlib.sha256(str(signature).encode()).hexdigest()[:16]
    try:
        return os.open(f"{index_path}.{name}.lock", os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        return None


def _try_lock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    except OSError:  # a file system without locks: go on unlocked
        return True
