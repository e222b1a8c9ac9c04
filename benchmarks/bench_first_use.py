"""First use on a fresh install: every feature of `reachkit.warm_features` in a fresh
process with an empty Numba cache, all of them together, and the warm start-up, as ratios
to the Robotics Toolbox's start-up measured in the same run; see `--help`.

    PYTHONPATH=src python benchmarks/bench_first_use.py            # all features, ~15 min on 2 cores
    PYTHONPATH=src python benchmarks/bench_first_use.py --here     # in this interpreter, not a fresh install
    PYTHONPATH=src python benchmarks/bench_first_use.py --only kinematics,ik_analytic --no-together
    PYTHONPATH=src python benchmarks/bench_first_use.py --save     # -> results/first_use_<cpus>cores.json

A benchmark, not a test: it compiles every kernel once per feature.
"""

import sys
from pathlib import Path

try:
    import reachkit.bench.first_use as first_use
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import reachkit.bench.first_use as first_use

if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    sys.exit(first_use.main(results_dir=here / "results", checkout=here.parent))
