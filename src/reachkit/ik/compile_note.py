"""A note on stderr when a kernel is about to be compiled (the first run on a machine, or
after an upgrade), so that a first use does not seem to hang.

The solve entries announce themselves before compiling, with their method
(`note_if_compiling`); every other reachkit kernel is announced as Numba starts to
compile it for a call from Python (`_KernelCompileNote`), once per kernel and process,
and a wait for another process compiling a kernel too (`_note_wait`).
"""

from __future__ import annotations

import sys
from typing import Any

from numba.core import event

from ..kernels.compile_lock import WAIT_LISTENERS
from ..kernels.numba_internals import cached_signatures, compile_depth

_CHECKED: set[tuple[str, str]] = set()
_ANNOUNCED: set[str] = set()  # kernels whose compile was announced in this process
_WHY = "this takes a while once, then it is cached (`reachkit warmup` compiles everything ahead)"


def note_if_compiling(kernel: Any, rule: Any = None) -> None:
    """Print a one-line note on stderr if `kernel` (a Numba dispatcher with cache=True)
    has no compiled or cached version for `rule`'s record type (the method: each method
    compiles its own) yet. Checked once per kernel and rule type per process; silent if
    Numba's cache layout is not what we expect. The note goes through `tqdm.write`, so it
    takes its own line above a running progress bar instead of breaking it."""
    name = getattr(kernel, "__name__", "")
    rule_name = type(rule).__name__
    if (name, rule_name) in _CHECKED:
        return
    _CHECKED.add((name, rule_name))
    known = [*kernel.signatures, *(cached_signatures(kernel) or [])]
    if cached_signatures(kernel) is None \
            or any(rule is None or rule_name in str(sig) for sig in known):
        return
    what = f"the {name} kernel" + (f" ({rule_name} steps)" if rule is not None else "")
    _ANNOUNCED.add(name)
    write_note(f"reachkit: compiling {what} for this machine; {_WHY}")


def write_note(text: str) -> None:
    """`text` on its own line on stderr, above any tqdm progress bar that is running."""
    from tqdm import tqdm  # only when there is something to say: import stays light

    tqdm.write(text, file=sys.stderr)
    sys.stderr.flush()


class _KernelCompileNote(event.Listener):
    """Announces each reachkit kernel Numba compiles for a call from Python (not found in
    the cache), once per kernel and process: the first note with the reason, later ones
    short. Kernels compiled for their callers go unannounced (their caller was)."""

    def on_start(self, ev: Any) -> None:
        dispatcher = ev.data.get("dispatcher")
        py_func = getattr(dispatcher, "py_func", None)
        if compile_depth() != 1 or py_func is None \
                or not py_func.__module__.startswith("reachkit."):
            return
        name = py_func.__name__
        if name in _ANNOUNCED:
            return
        reason = "" if _ANNOUNCED else f"; {_WHY}"
        _ANNOUNCED.add(name)
        write_note(f"reachkit: compiling the {name} kernel for this machine{reason}")

    def on_end(self, ev: Any) -> None:
        pass


event.register("numba:compile", _KernelCompileNote())


def _note_wait(kernel: str) -> None:
    """A note when this process waits for another one compiling `kernel`."""
    write_note(f"reachkit: waiting for another process compiling the {kernel} kernel")


WAIT_LISTENERS.append(_note_wait)
