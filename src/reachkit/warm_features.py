"""Every feature whose first use compiles kernels, each exercised once through the public
API on a small built-in arm.

`reachkit warmup` runs them to fill Numba's cache; `benchmarks/bench_first_use.py` times
each one's first use in a fresh process. `FEATURES` is the one list both read: add a
feature here and both pick it up. A feature is a picklable zero-argument function (it
runs in a spawned worker process) calling only the public API, so it keeps its meaning
whatever the kernels behind it.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Callable

import numpy as np
from numpy.typing import NDArray

import reachkit as rk
from reachkit.errors import OptionsError
from reachkit.extras import MissingDependencyError

Feature = Callable[[], None]

ARM = "panda"  # 7 joints: redundant, so secondary objectives have a null space
ANALYTIC_ARM = "puma560"  # spherical wrist: a closed form exists
Q_TARGET = (0.3, -0.5, 0.2, -2.0, 0.1, 1.8, 0.5)  # rad; its tool pose is the target
BATCH_SIZE = 32


def _arm() -> tuple[Any, NDArray[np.float64], NDArray[np.float64]]:
    """(robot, a reachable tool pose (4, 4), a start q0 (dof,) near its answer)."""
    robot = rk.models.load(ARM)
    q = np.array(Q_TARGET[:robot.dof])
    return robot, robot.fk(q), q + 0.1


def _batch(robot: Any) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(BATCH_SIZE reachable poses (N, 4, 4), starts (N, dof)), seeded."""
    q = robot.random_q(BATCH_SIZE, seed=0)
    return robot.fk(q), robot.random_q(BATCH_SIZE, seed=1)


def kinematics() -> None:
    """robot.fk, robot.jacobian (world and tool frame) and robot.frames, one q and a batch."""
    robot, _, q0 = _arm()
    qs = robot.random_q(4, seed=0)
    robot.fk(q0)
    robot.fk(qs)
    robot.frames(q0)
    for frame in ("world", "tool"):
        robot.jacobian(q0, frame=frame)
        robot.jacobian(qs, frame=frame)


def solve_method(method: str) -> None:
    """rk.ik with this method, from its own start and from a given q0."""
    robot, T, q0 = _arm()
    rk.ik(robot, T, method=method)
    rk.ik(robot, T, method=method, q0=q0)


def solve_targets() -> None:
    """rk.ik on a position target, a masked pose, and without joint limits."""
    robot, T, _ = _arm()
    rk.ik(robot, rk.Target.position(T[:3, 3]))
    rk.ik(robot, rk.Target(T, mask=[1, 1, 1, 0, 0, 1]))
    rk.ik(robot, T, joint_limits=False)


def solve_trace() -> None:
    """rk.ik keeping every iterate (trace=True)."""
    robot, T, _ = _arm()
    rk.ik(robot, T, trace=True)


def _objectives(q_rest: NDArray[np.float64]) -> list[Any]:
    objectives = rk.objectives
    return [objectives.Posture(q_rest), objectives.JointLimits(), objectives.Manipulability()]


def solve_secondary() -> None:
    """rk.ik with null-space objectives (Posture, JointLimits, Manipulability)."""
    robot, T, q0 = _arm()
    rk.ik(robot, T, secondary=_objectives(q0))


def solve_time_limit() -> None:
    """rk.ik with a wall-clock budget (time_limit, s)."""
    robot, T, _ = _arm()
    rk.ik(robot, T, time_limit=60.0)


def batch() -> None:
    """rk.ik_batch from the solver's own starts."""
    robot, _, _ = _arm()
    rk.ik_batch(robot, _batch(robot)[0])


def batch_q0() -> None:
    """rk.ik_batch from given starts: one per target, one for all, one target alone."""
    robot, _, q0 = _arm()
    poses, starts = _batch(robot)
    rk.ik_batch(robot, poses, q0=starts)
    rk.ik_batch(robot, poses, q0=q0)
    rk.ik_batch(robot, poses[:1], q0=q0)


def batch_secondary() -> None:
    """rk.ik_batch with null-space objectives."""
    robot, _, q0 = _arm()
    rk.ik_batch(robot, _batch(robot)[0], secondary=_objectives(q0))


def batch_time_limit() -> None:
    """rk.ik_batch with a wall-clock budget (time_limit, s)."""
    robot, _, _ = _arm()
    rk.ik_batch(robot, _batch(robot)[0], time_limit=60.0)


def _analytic_arm() -> tuple[Any, NDArray[np.float64]]:
    """(Puma 560, BATCH_SIZE reachable poses (N, 4, 4)), seeded."""
    robot = rk.models.load(ANALYTIC_ARM)
    return robot, robot.fk(robot.random_q(BATCH_SIZE, seed=0))


def solve_analytic() -> None:
    """rk.ik(method="analytic") on Puma 560: the closed-form solution nearest q0."""
    robot, poses = _analytic_arm()
    rk.ik(robot, poses[0], method="analytic")


def closed_form() -> None:
    """rk.ik_analytic on Puma 560: every closed-form solution of one pose."""
    robot, poses = _analytic_arm()
    rk.ik_analytic(robot, poses[0])


def closed_form_batch() -> None:
    """rk.ik_analytic_batch on Puma 560: every solution of many poses, in parallel."""
    robot, poses = _analytic_arm()
    rk.ik_analytic_batch(robot, poses)


def _general_6r() -> Any:
    """A 6R arm of no special geometry (no three axes meet or are parallel): the
    general solver's."""
    rows = [rk.DH(d=0.3, a=0.05, alpha=1.2), rk.DH(d=0.1, a=0.4, alpha=-0.3),
            rk.DH(d=-0.05, a=0.1, alpha=1.4), rk.DH(d=0.35, a=0.02, alpha=-1.1),
            rk.DH(d=0.04, a=0.06, alpha=0.9), rk.DH(d=0.1, alpha=0.0)]
    return rk.Robot.from_dh(rows, name="general 6R")


def _five_axis() -> Any:
    """A WidowX-type 5-axis arm: yaw, three parallel pitch axes, roll about the tool axis."""
    rows = [rk.DH(d=0.1, alpha=np.pi / 2), rk.DH(a=0.2), rk.DH(a=0.2),
            rk.DH(alpha=np.pi / 2, offset=np.pi / 2), rk.DH(d=0.1)]
    return rk.Robot.from_dh(rows, name="5-axis")


def _family_arms() -> list[Any]:
    """One arm of every closed-form family but Puma's: three parallel axes (UR5), planar
    (3R and SCARA), a prismatic third joint (Stanford), the general 6R solver, 7R arms by
    their swivel angle (iiwa) and with a locked joint (Panda), and a 5-axis arm."""
    return [*(rk.models.load(name) for name in ("ur5", "planar3r", "scara", "stanford",
                                                 "iiwa14", "panda")), _general_6r(), _five_axis()]


def closed_form_families() -> None:
    """rk.ik_analytic and rk.ik_analytic_batch on one arm of every other family: each
    family compiles its own solver. Without the lapack extra the general 6R form has
    nothing to compile (it says how to install SciPy when used)."""
    for robot in _family_arms():
        poses = robot.fk(robot.random_q(4, seed=0))
        redundancy = {"free_samples": 2} if robot.dof == 7 else {}
        try:
            rk.ik_analytic(robot, poses[0], **redundancy)
        except MissingDependencyError:
            continue
        rk.ik_analytic_batch(robot, poses, **redundancy)


def _scene() -> Any:
    """A floor 5 cm below the arm's base and a 10 cm box beside it (world frame, m)."""
    T_world_box = np.eye(4)
    T_world_box[:3, 3] = (0.5, 0.3, 0.3)
    return rk.Scene([rk.HalfSpace((0.0, 0.0, 1.0), -0.05), rk.Box(T_world_box, (0.1, 0.1, 0.1))])


def collision_queries() -> None:
    """rk.distance and rk.in_collision against a scene and the arm itself, one q and a batch."""
    robot, _, q0 = _arm()
    scene = _scene()
    for q in (q0, robot.random_q(4, seed=0)):
        rk.distance(robot, q, scene=scene, self_collision=True)
        rk.in_collision(robot, q, scene=scene, self_collision=True)


def solve_in_scene() -> None:
    """rk.ik kept clear of a scene and of the arm itself (collision rows)."""
    robot, T, _ = _arm()
    rk.ik(robot, T, scene=_scene(), self_collision=True)


def batch_in_scene() -> None:
    """rk.ik_batch kept clear of a scene and of the arm itself."""
    robot, _, _ = _arm()
    rk.ik_batch(robot, _batch(robot)[0], scene=_scene(), self_collision=True)


def closed_form_in_scene() -> None:
    """rk.ik_analytic on Puma 560 keeping only the collision-free solutions."""
    robot, poses = _analytic_arm()
    rk.ik_analytic(robot, poses[0], scene=_scene())


def cartesian_path() -> None:
    """rk.ik_path along a straight line (rk.path.line), by lm on Panda and by the closed
    form on Puma 560, and rk.joint_velocity; both paths are followed to their end (one
    that stops also runs its diagnosis, which a user's first path seldom does)."""
    panda, puma = rk.models.load(ARM), rk.models.load(ANALYTIC_ARM)
    for robot, method, q0 in ((panda, "lm", np.array(Q_TARGET)),
                              (puma, "analytic", puma.random_q(1, seed=0)[0])):
        T_start = robot.fk(q0)
        T_goal = T_start.copy()
        T_goal[:3, 3] += (0.0, 0.05, 0.0)
        rk.ik_path(robot, rk.path.line(T_start, T_goal, step=0.01), q0, method=method)
        rk.joint_velocity(robot, q0, np.array([0.0, 0.1, 0.0, 0.0, 0.0, 0.1]))


def reachability() -> None:
    """rk.reachability on this machine: a coarse map (voxels of 0.4 m, 4 orientations)."""
    rk.reachability(rk.models.load(ARM), resolution=0.4, orientations=4, seed=0, progress=False)


METHODS = ("lm", "nr", "gn", "dls", "pinv", "jt", "fd", "ccd")

# (name, feature); the numerical methods first: they compile the most, so a pool that
# takes them first finishes sooner. "ik_lm" is the plain first rk.ik of issue 23's goal.
FEATURES: tuple[tuple[str, Feature], ...] = (
    *((f"ik_{m}", partial(solve_method, m)) for m in METHODS),
    ("ik_targets", solve_targets),
    ("ik_trace", solve_trace),
    ("ik_secondary", solve_secondary),
    ("ik_time_limit", solve_time_limit),
    ("ik_batch", batch),
    ("ik_batch_q0", batch_q0),
    ("ik_batch_secondary", batch_secondary),
    ("ik_batch_time_limit", batch_time_limit),
    ("ik_analytic", solve_analytic),
    ("closed_form", closed_form),
    ("closed_form_batch", closed_form_batch),
    ("closed_form_families", closed_form_families),
    ("kinematics", kinematics),
    ("collision_queries", collision_queries),
    ("ik_scene", solve_in_scene),
    ("ik_batch_scene", batch_in_scene),
    ("closed_form_scene", closed_form_in_scene),
    ("path", cartesian_path),
    ("reachability", reachability),
)

PLAIN_IK = "ik_lm"


def feature_names() -> list[str]:
    """Every feature's name, in the order of `FEATURES`."""
    return [name for name, _ in FEATURES]


def describe(feature: Feature) -> str:
    """A feature's one-line description: its docstring's first line (and arguments)."""
    args = feature.args if isinstance(feature, partial) else ()
    func = feature.func if isinstance(feature, partial) else feature
    line = (func.__doc__ or "").strip().splitlines()[:1]
    text = line[0] if line else getattr(func, "__name__", "")
    return text.rstrip(".") + (f" ({', '.join(map(repr, args))})" if args else "")


def select(names: list[str] | None) -> tuple[tuple[str, Feature], ...]:
    """The features called `names` (all when None), in the order of `FEATURES`. Raises
    `reachkit.OptionsError` naming the valid ones for an unknown name."""
    if names is None:
        return FEATURES
    unknown = sorted(set(names) - set(feature_names()))
    if unknown:
        raise OptionsError(f"unknown warm-up feature(s) {', '.join(unknown)}; choose from: "
                           f"{', '.join(feature_names())}")
    return tuple((name, fn) for name, fn in FEATURES if name in names)
