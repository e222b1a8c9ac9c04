"""A fresh install to time first use on: a new virtual environment holding reachkit
installed from this checkout with its core dependencies only (numpy, numba, tqdm), as
`pip install .` gives a new user, so no extra (scipy, for one) loads behind Numba's back.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def fresh_install(checkout: Path) -> Iterator[str]:
    """The interpreter (path) of a new virtual environment with reachkit installed by pip
    from `checkout` (the directory holding pyproject.toml); the environment is removed
    afterwards. Raises subprocess.CalledProcessError when pip cannot install (offline)."""
    root = Path(tempfile.mkdtemp(prefix="reachkit-fresh-install-"))
    try:
        subprocess.run([sys.executable, "-m", "venv", str(root)], check=True,
                       capture_output=True)
        python = str(root / "bin" / "python")
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        str(checkout)], check=True, capture_output=True)
        yield python
    finally:
        shutil.rmtree(root, ignore_errors=True)
