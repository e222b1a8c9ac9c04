"""The mesh-fit check of issue 19 at 10,000 configurations: the KUKA iiwa 14's STL meshes
(rtbdata) in coal against reachkit's fitted capsules (tests/iiwa_mesh_check.py): zero
false "free" against a box and two spheres, and on the self pairs the capsule model checks.
Also prints how conservative the capsules are (their hit counts against the meshes').

    PYTHONPATH=src python benchmarks/bench_mesh_fit.py [--configurations 10000] [--save]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))

from iiwa_mesh_check import IIWA, false_free, load_iiwa


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--configurations", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--save", action="store_true", help="write results/mesh_fit.{txt,json}")
    args = parser.parse_args()
    if not IIWA.is_file():
        sys.exit("needs rtbdata (the iiwa 14 URDF and STL meshes), coal and trimesh")
    with tempfile.TemporaryDirectory() as folder:
        out = false_free(load_iiwa(Path(folder)), args.configurations, args.seed)
    n = out["configurations"]
    text = "\n".join([
        f"iiwa 14: {out['meshes']} STL meshes (coal BVH) vs fitted capsules, {n:,} random "
        f"configurations, a box and two spheres, {out['self_pairs']} self pairs "
        f"(load {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores, {out['seconds']:.1f} s)",
        f"  obstacles: meshes touch at {out['obstacle_hits']:,}, capsules report a hit at "
        f"{out['capsule_obstacle_hits']:,}; false free {out['false_free_obstacle']}",
        f"  self pairs: meshes touch at {out['self_hits']:,}, capsules report a hit at "
        f"{out['capsule_self_hits']:,}; false free {out['false_free_self']}",
    ])
    print(text)
    if args.save:
        path = Path(__file__).parent / "results" / "mesh_fit"
        path.with_suffix(".txt").write_text(text + "\n")
        path.with_suffix(".json").write_text(json.dumps(out, indent=1) + "\n")
        print(f"saved {path}.txt and .json")


if __name__ == "__main__":
    main()
