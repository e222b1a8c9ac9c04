"""URDF loading time against the number of links: Robot.from_urdf on serial chains of
1,000 to 20,000 links (every joint revolute), and on 20,000-link trees that carry a
6-joint arm (the rest fixed), with Pinocchio's buildModelFromXML on the same text up to 2,000 links (Pinocchio 4.1
crashes with a segmentation fault on deeper chains: its parser recurses per link).

Run:  PYTHONPATH=src python benchmarks/bench_urdf_load.py [--repeat 3]

Prints seconds (best of --repeat) and microseconds per link; linear loading keeps the
per-link figure flat. Before issue 17 the tree check alone took 54 s at 20,000 links.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import reachkit as rk

SIZES = (1_000, 2_000, 5_000, 10_000, 20_000)
PINOCCHIO_MAX = 2_000  # deeper chains overflow the stack of Pinocchio's recursive parser


def chain_xml(n_links: int, movable: int | None = None) -> str:
    """A chain of n_links links; the first `movable` joints revolute (all when None),
    the others fixed."""
    parts = ['<?xml version="1.0"?>', '<robot name="long">']
    parts += [f'<link name="l{i}"/>' for i in range(n_links)]
    for i in range(1, n_links):
        kind = "revolute" if movable is None or i <= movable else "fixed"
        parts.append(
            f'<joint name="j{i}" type="{kind}"><parent link="l{i - 1}"/><child link="l{i}"/>'
            '<origin xyz="0 0 0.01" rpy="0 0.1 0"/><axis xyz="0 1 0"/>'
            '<limit lower="-1" upper="1" effort="1" velocity="1"/></joint>')
    return "\n".join(parts + ["</robot>"])


def best_time(call: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    try:
        import pinocchio as pin
    except ImportError:
        pin = None
    rk.Robot.from_urdf(chain_xml(10))  # imports and compiled checks
    print(f"{'links':>7} {'kind':>10} {'reachkit s':>11} {'us/link':>8} {'pinocchio s':>12}")
    for movable, label in ((None, "chain"), (6, "6R + fixed")):
        for n in SIZES:
            text = chain_xml(n, movable)
            tip = None if movable is None else f"l{movable}"
            ours = best_time(lambda text=text, tip=tip: rk.Robot.from_urdf(text, tip_link=tip), args.repeat)
            theirs = float("nan")
            if pin is not None and n <= PINOCCHIO_MAX:
                theirs = best_time(lambda text=text: pin.buildModelFromXML(text), args.repeat)
            print(f"{n:>7} {label:>10} {ours:>11.3f} {ours / n * 1e6:>8.1f} {theirs:>12.3f}")


if __name__ == "__main__":
    main()
