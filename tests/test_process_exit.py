"""reachkit hides the objects left at interpreter exit from the garbage collector (a fast
shutdown); garbage that exists at exit is still collected and finalised as usual."""

from __future__ import annotations

import subprocess
import sys

CYCLE_AT_EXIT = """
import gc
import reachkit

gc.disable()  # only the exit's collection may find the cycle


class Node:
    def __del__(self) -> None:
        print("finalised", flush=True)


node = Node()
node.me = node
del node
"""


def test_a_garbage_cycle_left_at_exit_is_still_finalised() -> None:
    out = subprocess.run([sys.executable, "-c", CYCLE_AT_EXIT], capture_output=True, text=True,
                         timeout=120, check=True)
    assert out.stdout.strip() == "finalised"
