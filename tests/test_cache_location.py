"""Numba's cache where the package directory is read-only (a container image, a system
install): the kernels are cached in the user's cache directory (~/.cache/numba, or
$XDG_CACHE_HOME/numba) and found there again by the next process.

Numba picks the first usable of: $NUMBA_CACHE_DIR, the module's own __pycache__ when it
is writable, the user-wide cache directory. This test copies the package into a
read-only directory and runs a child process on that copy with NUMBA_CACHE_DIR unset and
HOME pointed at a temp directory; the child does one forward kinematics call (a kernel
compiled in about a second, not the solver's long compile). Root ignores file modes, so
as root the child runs without the power to bypass them (as user nobody when it can run
this interpreter, else as root without CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

import pytest
from package_path import PACKAGE

NOBODY = 65534
DROP_DAC = "-dac_override,-dac_read_search"
UNPRIVILEGED = {  # how a root test runs a child that file modes apply to
    "user nobody": ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"],
    "root without DAC capabilities": ["setpriv", f"--bounding-set={DROP_DAC}",
                                      f"--inh-caps={DROP_DAC}", "--"],
}
PROBE = """
import sys
import numba  # the child can run this interpreter and its packages
try:
    open(sys.argv[1] + "/probe", "w")
except PermissionError:
    print("read-only")
"""
CHILD = """
import sys
import numpy as np
import reachkit as rk
assert rk.__file__.startswith(sys.argv[1]), rk.__file__
robot = rk.models.load("panda")
T = robot.fk(np.zeros(robot.dof))
print("fk-ok", float(T[0, 3]))
"""


def _read_only(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)


def _writable(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


def _run(prefix: list[str], code: str, arg: Path, env: dict[str, str],
         cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*prefix, sys.executable, "-c", code, str(arg)], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def _unprivileged_prefix(read_only: Path, env: dict[str, str], cwd: Path) -> list[str]:
    """A command prefix under which `read_only` is really read-only; skips if none works."""
    if os.geteuid() != 0:
        candidates = {"this user": []}
    elif shutil.which("setpriv"):
        candidates = UNPRIVILEGED
    else:
        pytest.skip("running as root and setpriv is missing: cannot make a directory read-only")
    tried = []
    for name, prefix in candidates.items():
        proc = _run(prefix, PROBE, read_only, env, cwd)
        if proc.returncode == 0 and proc.stdout.strip() == "read-only":
            return prefix
        tried.append(f"{name}: {(proc.stderr.strip().splitlines() or [proc.stdout.strip()])[-1]}")
    pytest.skip("no way to run a child for which a directory is read-only (" + "; ".join(tried) + ")")


@pytest.fixture
def sandbox() -> Iterator[Path]:
    """A world-traversable temp directory (user nobody must reach it), removed afterwards."""
    base = Path(tempfile.mkdtemp(prefix="reachkit-cache-test-"))
    base.chmod(0o755)
    try:
        yield base
    finally:
        _writable(base)
        shutil.rmtree(base, ignore_errors=True)


def _cache_files(root: Path) -> set[Path]:
    return {p for pattern in ("*.nbi", "*.nbc") for p in root.rglob(pattern)}


def test_read_only_package_caches_in_the_user_cache_dir(sandbox: Path) -> None:
    packages, home = sandbox / "site", sandbox / "home"
    shutil.copytree(PACKAGE, packages / "reachkit", ignore=shutil.ignore_patterns("__pycache__"))
    _read_only(packages)
    home.mkdir()
    home.chmod(0o777)  # writable by whichever user the child runs as
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NUMBA_", "PYTHON"))}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), PYTHONPATH=str(packages),
               NUMBA_DEBUG_CACHE="1")
    prefix = _unprivileged_prefix(packages, env, home)
    user_cache = home / ".cache" / "numba"

    first = _run(prefix, CHILD, packages, env, home)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "fk-ok" in first.stdout
    written = _cache_files(user_cache)
    assert any(p.suffix == ".nbi" for p in written) and any(p.suffix == ".nbc" for p in written)
    assert _cache_files(packages) == set()
    assert not list(packages.rglob("__pycache__"))
    saved = [line for line in first.stdout.splitlines() if line.startswith("[cache] data saved to")]
    assert saved and all(str(user_cache) in line for line in saved)

    second = _run(prefix, CHILD, packages, env, home)
    assert second.returncode == 0, second.stderr[-3000:]
    loaded = [line for line in second.stdout.splitlines() if line.startswith("[cache] data loaded from")]
    assert loaded and all(str(user_cache) in line for line in loaded)
    assert "data saved to" not in second.stdout  # nothing compiled again
    assert _cache_files(user_cache) == written
