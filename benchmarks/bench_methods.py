"""Every numerical method side by side: success rate, median iterations and mean time per
solve with `rk.ik`, on random reachable targets (FK of seeded random q inside the limits)
from seeded random starts, full poses and position-only targets. Produces the README's
methods table.

    python benchmarks/bench_methods.py [--n 300] [--robots puma560,panda]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import reachkit as rk

METHODS = ["lm", "nr", "gn", "dls", "pinv", "jt", "fd", "ccd"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="targets per robot and mode")
    parser.add_argument("--robots", default="puma560,panda")
    args = parser.parse_args()
    print(f"{'robot':8s} {'target':8s} {'method':6s} {'success':>8s} {'median it':>10s} {'us/solve':>9s}")
    for name in args.robots.split(","):
        robot = rk.models.load(name)
        poses = robot.fk(robot.random_q(args.n, seed=5))
        for mode in ("pose", "position"):
            targets = list(poses) if mode == "pose" else [rk.Target.position(T[:3, 3]) for T in poses]
            for method in METHODS:
                rk.ik(robot, targets[0], method=method)  # compile / load outside the timing
                start = time.perf_counter()
                results = [rk.ik(robot, t, method=method, seed=k) for k, t in enumerate(targets)]
                per_solve = (time.perf_counter() - start) / len(targets)
                success = np.mean([r.success for r in results])
                iterations = np.median([r.iterations for r in results])
                print(f"{name:8s} {mode:8s} {method:6s} {success:8.1%} {iterations:10.0f} "
                      f"{per_solve * 1e6:9.0f}", flush=True)


if __name__ == "__main__":
    main()
