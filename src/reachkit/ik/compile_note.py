"""A note on stderr when a solver kernel is about to be compiled (the first run on a
machine, or after an upgrade), so that the first solve does not seem to hang."""

from __future__ import annotations

import os
import sys
from typing import Any

_CHECKED: set[str] = set()


def note_if_compiling(kernel: Any) -> None:
    """Print a one-line note on stderr if `kernel` (a Numba dispatcher with cache=True)
    has no on-disk cache yet. Checked once per kernel per process; silent if Numba's
    cache layout is not what we expect. The note goes through `tqdm.write`, so it takes
    its own line above a running progress bar instead of breaking it."""
    name = getattr(kernel, "__name__", "")
    if name in _CHECKED:
        return
    _CHECKED.add(name)
    if kernel.signatures:  # already compiled or loaded in this process
        return
    try:
        index_path = kernel._cache._cache_file._index_path
    except AttributeError:
        return
    if not os.path.exists(index_path):
        write_note(f"reachkit: compiling the {name} kernel for this machine; this takes a "
                   "while once, then it is cached (`reachkit warmup` compiles everything ahead)")


def write_note(text: str) -> None:
    """`text` on its own line on stderr, above any tqdm progress bar that is running."""
    from tqdm import tqdm  # only when there is something to say: import stays light

    tqdm.write(text, file=sys.stderr)
    sys.stderr.flush()
