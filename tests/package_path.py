"""Where the reachkit under test lives, for tests that run it in a subprocess."""

from __future__ import annotations

from pathlib import Path

import reachkit

# The directory holding the reachkit package these tests import: the checkout's src with
# an editable install (or PYTHONPATH=src), site-packages after `pip install .` (CI). A
# subprocess given it on PYTHONPATH runs the same code with the same Numba cache; given
# the checkout's src under CI, it compiled every kernel again (the examples and CLI
# tests: 75 s of an empty-cache run).
PACKAGE = Path(reachkit.__file__).resolve().parent
IMPORTED_FROM = str(PACKAGE.parent)
