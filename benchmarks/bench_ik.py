"""IK benchmark against the field (same as `reachkit bench`); see `--help`.

    PYTHONPATH=src python benchmarks/bench_ik.py --only success --n 200 --plot ik.png
"""

import sys
from pathlib import Path

try:
    import reachkit.bench
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import reachkit.bench

if __name__ == "__main__":
    sys.exit(reachkit.bench.main())
