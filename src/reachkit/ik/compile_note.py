"""A note on stderr when a solver kernel is about to be compiled (the first run on a
machine, or after an upgrade), so that the first solve does not seem to hang."""

from __future__ import annotations

import sys
from typing import Any

from ..kernels.numba_internals import cached_signatures

_CHECKED: set[tuple[str, str]] = set()


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
    write_note(f"reachkit: compiling {what} for this machine; this takes a while once, then "
               "it is cached (`reachkit warmup` compiles everything ahead)")


def write_note(text: str) -> None:
    """`text` on its own line on stderr, above any tqdm progress bar that is running."""
    from tqdm import tqdm  # only when there is something to say: import stays light

    tqdm.write(text, file=sys.stderr)
    sys.stderr.flush()
