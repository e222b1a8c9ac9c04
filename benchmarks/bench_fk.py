"""Forward-kinematics speed of reachkit on a 7-joint arm (Franka Panda), with the Robotics
Toolbox for Python and Pinocchio timed in the same process on the same kinematics.

Run:  PYTHONPATH=src python benchmarks/bench_fk.py [--n 200000] [--repeat 7]

Figures are the best of `--repeat` runs (the least disturbed by other processes).
"Per core" figures use numba.set_num_threads(1). Every library's pose is checked
against reachkit's before it is timed, so the ratios compare the same computation.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from typing import Callable

import numba
import numpy as np

import reachkit as rk
from reachkit.kernels.fk import fk_batch_into, fk_into


def best_time(call: Callable[[], object], repeat: int, number: int = 1) -> float:
    """Best wall time of one call, in seconds, over `repeat` runs of `number` calls."""
    call()  # warm up (compilation, caches)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            call()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def pinocchio_model(robot: rk.Robot):
    """A Pinocchio model of the same chain: one revolute-z joint per reachkit joint,
    placed by the compiled constant transforms, and the tool as an operational frame."""
    import pinocchio as pin

    chain = robot.chain
    if any(kind != 0 for kind in chain.kinds):
        raise ValueError("this benchmark builds revolute chains only")
    model = pin.Model()
    parent = 0
    for i in range(robot.dof):
        placement = pin.SE3(chain.fixed[i][:3, :3].copy(), chain.fixed[i][:3, 3].copy())
        parent = model.addJoint(parent, pin.JointModelRZ(), placement, f"j{i + 1}")
    tool = pin.SE3(chain.fixed[-1][:3, :3].copy(), chain.fixed[-1][:3, 3].copy())
    frame_id = model.addFrame(pin.Frame("tool", parent, tool, pin.FrameType.OP_FRAME))
    return model, model.createData(), frame_id


def rtb_dh_model(robot: rk.Robot):
    """RTB DHRobot with the same modified-DH rows and tool as reachkit's panda."""
    import roboticstoolbox as rtb
    from spatialmath import SE3

    links = [rtb.RevoluteMDH(d=r.d, a=r.a, alpha=r.alpha, offset=r.offset) for r in robot.dh_rows]
    return rtb.DHRobot(links, tool=SE3(robot.tool, check=False), name="panda-mdh")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000, help="batch size (poses)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per figure; the best is kept")
    args = parser.parse_args()

    robot = rk.models.load("panda")
    rng = np.random.default_rng(0)
    Q = robot.random_q(args.n, seed=rng)
    q = Q[0].copy()
    T_ref = robot.fk(q)
    chain = robot.chain
    rows: list[tuple[str, str, float, float | None]] = []  # (library, call, ns/pose, ratio)

    # ---- reachkit: batch --------------------------------------------------------------
    out = np.zeros((args.n, 4, 4))
    out[:, 3, 3] = 1.0
    batch = {}
    threads_available = numba.config.NUMBA_NUM_THREADS
    for threads in sorted({1, min(2, threads_available)}):
        numba.set_num_threads(threads)
        kernel = best_time(lambda: fk_batch_into(chain.fixed, chain.kinds, chain.offsets, Q, out), args.repeat)
        public = best_time(lambda: robot.fk(Q), args.repeat)
        batch[threads] = kernel
        rows.append(("reachkit", f"fk kernel, batch of {args.n}, {threads} thread(s)", kernel / args.n * 1e9, None))
        rows.append(("reachkit", f"robot.fk(Q), batch of {args.n}, {threads} thread(s)", public / args.n * 1e9, None))
    numba.set_num_threads(threads_available)
    assert np.abs(robot.fk(Q[:100]) - np.array([robot.fk(x) for x in Q[:100]])).max() == 0.0

    # ---- reachkit: single call --------------------------------------------------------
    single = best_time(lambda: robot.fk(q), args.repeat, number=20_000)
    T_scratch = np.empty((4, 4))
    single_kernel = best_time(lambda: fk_into(chain.fixed, chain.kinds, chain.offsets, q, T_scratch),
                              args.repeat, number=20_000)
    rows.append(("reachkit", "robot.fk(q), single call", single * 1e9, None))
    rows.append(("reachkit", "fk kernel, single call (no validation)", single_kernel * 1e9, None))

    # ---- Robotics Toolbox ------------------------------------------------------------
    try:
        import roboticstoolbox as rtb

        dh = rtb_dh_model(robot)
        assert np.abs(dh.fkine(q).A - T_ref).max() < 1e-12, "RTB DH model disagrees"
        t = best_time(lambda: dh.fkine(q), args.repeat, number=500)
        rows.append(("RTB " + rtb.__version__, "DHRobot.fkine(q), single call", t * 1e9, t / single))
        n_rtb = min(args.n, 5_000)
        t = best_time(lambda: dh.fkine(Q[:n_rtb]), max(2, args.repeat // 3))
        rows.append(("RTB " + rtb.__version__, f"DHRobot.fkine(Q), batch of {n_rtb}", t / n_rtb * 1e9,
                     t / n_rtb / (batch[1] / args.n)))
        ets = dh.ets()
        assert np.abs(ets.eval(q) - T_ref).max() < 1e-12, "RTB ETS disagrees"
        t = best_time(lambda: ets.eval(q), args.repeat, number=2_000)
        rows.append(("RTB " + rtb.__version__, "ETS.eval(q) (C extension), single call", t * 1e9, t / single))
        t = best_time(lambda: ets.fkine(Q[:n_rtb]), max(2, args.repeat // 3))
        rows.append(("RTB " + rtb.__version__, f"ETS.fkine(Q) (C extension), batch of {n_rtb}", t / n_rtb * 1e9,
                     t / n_rtb / (batch[1] / args.n)))
    except ImportError:
        rows.append(("RTB", "not installed", float("nan"), None))

    # ---- Pinocchio ---------------------------------------------------------------------
    try:
        import pinocchio as pin

        model, data, frame_id = pinocchio_model(robot)
        q_pin = q + chain.offsets

        def pin_fk() -> None:
            pin.forwardKinematics(model, data, q_pin)
            pin.updateFramePlacements(model, data)

        pin_fk()
        assert np.abs(data.oMf[frame_id].homogeneous - T_ref).max() < 1e-12, "Pinocchio disagrees"
        t = best_time(pin_fk, args.repeat, number=20_000)
        rows.append(("Pinocchio " + pin.__version__, "forwardKinematics + updateFramePlacements", t * 1e9, t / single))
    except ImportError:
        rows.append(("Pinocchio", "not installed", float("nan"), None))

    # ---- table ------------------------------------------------------------------------
    print(f"Forward kinematics, {robot.name} ({robot.dof} joints); best of {args.repeat} runs")
    print(f"numba {numba.__version__}, numpy {np.__version__}, Python {platform.python_version()}, "
          f"{os.cpu_count()} CPU(s), numba threads available: {threads_available}, "
          f"load average {os.getloadavg()[0]:.2f}")
    width = max(len(f"{lib}  {call}") for lib, call, _, _ in rows)
    print(f"{'library  call':<{width}}  {'ns/pose':>10}  {'x reachkit':>10}")
    print("-" * (width + 24))
    for lib, call, ns, ratio in rows:
        ratio_text = f"{ratio:10.2f}" if ratio is not None else f"{'':>10}"
        print(f"{lib + '  ' + call:<{width}}  {ns:10.1f}  {ratio_text}")
    print("x reachkit: the other library's time over reachkit's (single call vs robot.fk(q),"
          " batch vs the 1-thread batch kernel).")
    per_core = batch[1] / args.n * 1e9
    verdict = "meets" if per_core < 1000.0 else "MISSES"
    print(f"Batch FK per core: {per_core:.1f} ns/pose, {verdict} the 1 microsecond target.")
    if 2 in batch:
        print(f"2 threads: {batch[2] / args.n * 1e9:.1f} ns/pose (speed-up {batch[1] / batch[2]:.2f}x).")


if __name__ == "__main__":
    main()
