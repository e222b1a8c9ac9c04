"""Collision distance queries: reachkit's kernels against coal on the same shapes, in
the same process.

Panda's hand-made capsule model (13 capsules, 16 self pairs) against a tabletop scene of
10 obstacles (table half-space, 5 boxes, 2 spheres, 2 capsules). Timed:
- reachkit: rk.collision.distance single q (front door) and the kernel alone
  (nearest_batch_into on one thread), batch (N, 7) per configuration;
- coal: the same capsules as coal.Capsule/Sphere objects placed from robot.frames(q)
  (placement not timed), coal.distance on every shape x obstacle pair and self pair,
  in a Python loop (what a user of coal's Python API pays) and the summed time of the
  coal calls alone.
Prints microseconds per configuration, per pair, and the ratios.

    python benchmarks/bench_collision.py [--configurations 2000]
"""

from __future__ import annotations

import argparse
import math
import time

import numba
import numpy as np

import reachkit as rk
from reachkit.collision import Box, Capsule, HalfSpace, Scene, Sphere, distance, in_collision
from reachkit.collision.kernels.layout import work_size
from reachkit.collision.kernels.query import nearest_batch_into
from reachkit.collision.query import packed_for
from reachkit.spatial import rpy_to_matrix


def tabletop() -> Scene:
    boxes = []
    for x, y, z, sx, sy, sz, yaw in [(0.55, 0.0, 0.05, 0.3, 0.6, 0.1, 0.0), (0.4, -0.45, 0.15, 0.1, 0.1, 0.3, 0.4),
                                     (0.4, 0.45, 0.2, 0.2, 0.05, 0.4, -0.3), (0.7, 0.0, 0.6, 0.3, 0.8, 0.02, 0.0),
                                     (-0.5, 0.0, 0.4, 0.1, 0.6, 0.8, 0.0)]:
        T = np.eye(4)
        T[:3, :3] = rpy_to_matrix(0, 0, yaw)
        T[:3, 3] = [x, y, z]
        boxes.append(Box(T, [sx, sy, sz]))
    return Scene([HalfSpace([0, 0, 1], -0.08), *boxes, Sphere([0.3, 0.3, 0.7], 0.08),
                  Sphere([0.2, -0.5, 0.6], 0.06), Capsule([0.0, 0.6, 0.0], [0.0, 0.6, 1.0], 0.04),
                  Capsule([-0.3, -0.5, 0.0], [0.3, -0.6, 0.3], 0.03)])


def _coal_scene(coal, scene: Scene) -> list:
    out = []
    for o in scene.obstacles:
        T = np.eye(4)
        if isinstance(o, HalfSpace):
            out.append((coal.Halfspace(o.normal, o.offset), T))
        elif isinstance(o, Box):
            out.append((coal.Box(*o.size), o.T_world_box))
        elif isinstance(o, Sphere):
            T[:3, 3] = o.center
            out.append((coal.Sphere(o.radius), T))
        else:
            out.append(_coal_capsule(coal, o.p0, o.p1, o.radius))
    return out


def _coal_capsule(coal, a: np.ndarray, b: np.ndarray, r: float) -> tuple:
    T = np.eye(4)
    T[:3, 3] = 0.5 * (a + b)
    length = float(np.linalg.norm(b - a))
    if length < 1e-12:
        return coal.Sphere(r), T
    z = (b - a) / length
    x = np.cross(z, [1.0, 0, 0] if abs(z[0]) < 0.9 else [0, 1.0, 0])
    x /= np.linalg.norm(x)
    T[:3, :3] = np.column_stack([x, np.cross(z, x), z])
    return coal.Capsule(r, length), T


def _coal_robot(coal, robot: rk.Robot, q: np.ndarray) -> list:
    F = robot.frames(q)
    out = []
    for frame, kind, p in robot.collision_model.shapes:
        a, b = (np.array(p[:3]), np.array(p[:3])) if kind == "sphere" else (np.array(p[:3]), np.array(p[3:6]))
        T = F[frame]
        out.append(_coal_capsule(coal, T[:3, :3] @ a + T[:3, 3], T[:3, :3] @ b + T[:3, 3], p[-1]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configurations", type=int, default=2000)
    args = parser.parse_args()
    robot, scene = rk.models.load("panda"), tabletop()
    model = robot.collision_model
    S, M, P = len(model.shapes), len(scene), len(model.pairs)
    pairs = S * M + P
    Q = robot.random_q(args.configurations, seed=0)
    print(f"Panda: {S} capsules, {P} self pairs; scene: {M} obstacles; {pairs} pairs per configuration")

    distance(robot, Q[0], scene)
    distance(robot, Q[:10], scene)
    in_collision(robot, Q[:10], scene)
    packed, c = packed_for(robot, scene), robot.chain
    d1, which = np.empty(len(Q)), np.empty((len(Q), 3), dtype=np.int64)
    threads = numba.get_num_threads()
    numba.set_num_threads(1)  # the kernel alone, one thread, no Python call per configuration
    nearest_batch_into(packed, c.fixed, c.kinds, c.offsets, Q, True, -math.inf, work_size(packed), d1, which)
    t0 = time.perf_counter()
    nearest_batch_into(packed, c.fixed, c.kinds, c.offsets, Q, True, -math.inf, work_size(packed), d1, which)
    kernel_us = (time.perf_counter() - t0) / len(Q) * 1e6
    numba.set_num_threads(threads)
    t0 = time.perf_counter()
    ours = [distance(robot, q, scene) for q in Q]
    front_us = (time.perf_counter() - t0) / len(Q) * 1e6
    best_batch = math.inf
    for _ in range(3):
        t0 = time.perf_counter()
        batch = distance(robot, Q, scene)
        best_batch = min(best_batch, time.perf_counter() - t0)
    batch_us = best_batch / len(Q) * 1e6
    t0 = time.perf_counter()
    hits = in_collision(robot, Q, scene)
    collide_us = (time.perf_counter() - t0) / len(Q) * 1e6
    assert np.allclose(batch, ours)
    print(f"reachkit distance, kernel (one thread):  {kernel_us:8.3f} us / configuration, "
          f"{kernel_us / pairs * 1e3:6.1f} ns / pair")
    print(f"reachkit distance, rk front door single: {front_us:8.3f} us / configuration")
    print(f"reachkit distance, batch (2 threads):    {batch_us:8.3f} us / configuration "
          f"({1e6 / batch_us:,.0f} configurations/s)")
    print(f"reachkit in_collision, batch:            {collide_us:8.3f} us / configuration "
          f"({hits.mean():.0%} in collision)")
    try:
        import coal
    except ImportError:
        print("coal not installed: no comparison (pip install coal)")
        return
    coal_scene = _coal_scene(coal, scene)
    req = coal.DistanceRequest()
    n_coal = min(len(Q), 300)
    loop = calls = 0.0
    worst = 0.0
    for q, d_ours in zip(Q[:n_coal], ours):
        shapes = _coal_robot(coal, robot, q)
        shapes = [(g, coal.Transform3s(T[:3, :3], T[:3, 3])) for g, T in shapes]
        obstacles = [(g, coal.Transform3s(T[:3, :3], T[:3, 3])) for g, T in coal_scene]
        t0 = time.perf_counter()
        best = math.inf
        for g1, T1 in shapes:
            for g2, T2 in obstacles:
                t1 = time.perf_counter()
                d = coal.distance(g1, T1, g2, T2, req, coal.DistanceResult())
                calls += time.perf_counter() - t1
                best = min(best, d)
        for a, b in model.pairs:
            t1 = time.perf_counter()
            d = coal.distance(shapes[a][0], shapes[a][1], shapes[b][0], shapes[b][1], req,
                              coal.DistanceResult())
            calls += time.perf_counter() - t1
            best = min(best, d)
        loop += time.perf_counter() - t0
        if best > 1e-6:  # depths inside boxes are measured differently (see primitives)
            worst = max(worst, abs(best - d_ours))
    coal_us, coal_calls_us = loop / n_coal * 1e6, calls / n_coal * 1e6
    print(f"coal {coal.__version__}, python loop over pairs:    {coal_us:8.1f} us / configuration, "
          f"{coal_us / pairs * 1e3:6.0f} ns / pair")
    print(f"coal, time inside its distance calls: {coal_calls_us:8.1f} us / configuration")
    print(f"ratios: coal loop / reachkit kernel {coal_us / kernel_us:6.0f}x, "
          f"coal calls / reachkit kernel {coal_calls_us / kernel_us:6.0f}x, "
          f"coal calls / reachkit batch {coal_calls_us / batch_us:6.0f}x")
    print(f"largest |reachkit - coal| over the collision-free of {n_coal} configurations: "
          f"{worst:.2e} m (coal's default GJK tolerance)")


if __name__ == "__main__":
    main()
