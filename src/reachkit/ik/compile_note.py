"""A note on stderr when a solver kernel is about to be compiled (the first run on a
machine, or after an upgrade): otherwise the first solve would seem to hang for ~20 s."""

from __future__ import annotations

import os
import sys
from typing import Any

_CHECKED: set[str] = set()


def note_if_compiling(kernel: Any) -> None:
    """Print a one-line note if `kernel` (a Numba dispatcher with cache=True) has no
    on-disk cache yet. Checked once per kernel per process; silent if Numba's cache layout
    is not what we expect."""
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
        print(f"reachkit: compiling the {name} kernel for this machine (first run only, "
              "about 50 s; cached afterwards) ...", file=sys.stderr, flush=True)
