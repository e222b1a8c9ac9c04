"""Every script in examples/ runs to the end (in a subprocess, with a timeout) so CI runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from package_path import IMPORTED_FROM

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("[0-9][0-9]_*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs(script: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": IMPORTED_FROM, "MPLBACKEND": "Agg"}
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert any(ch.isdigit() for ch in proc.stdout), "an example prints numbers"
