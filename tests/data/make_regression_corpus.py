"""Record the IK regression corpus that tests/test_regression_corpus.py replays.

What it records: about 3,500 seeded solves (numpy default_rng(CORPUS_SEED)) made through
the public API (`rk.ik`, `rk.ik_batch`) with the code on PYTHONPATH, and what that code
answered. The corpus pins the solver's behaviour before a rewrite of its core: the same
success on every target, errors within tolerance (re-checked by FK) and no more
iterations where the solve used no random restart.

Covered: the built-in arms panda, ur5, puma560, iiwa14 and tail20 and the planar arm
`rk.models.planar(PLANAR_LINKS)` ("planar"); every numerical method (lm most, then nr,
gn, dls, pinv; jt, fd and ccd mostly on position-only or masked targets, as a user would
give them); reachable targets (FK of a random q inside robot.limits), unreachable ones
(positions 1.5-3x beyond the reach, recorded only if they fail), masked, position-only and
planar targets; the solver's own start and a given q0 (random, or near the generating
q); seed None and explicit seeds; a few option variants and joint_limits=False;
`rk.ik_batch` on Panda and UR5 with and without q0; trace=True; and
secondary=[rk.objectives.Posture(q_rest)] with lm, dls and pinv on Panda.

Layout of regression_corpus.npz (np.savez_compressed, loads with allow_pickle=False).
One row per solve, N rows; joint vectors are padded with NaN to DOF_MAX columns.
  group (N,) str       "single" (rk.ik), "trace" (rk.ik, trace=True), "secondary"
                       (rk.ik with a Posture objective), "batch" (rk.ik_batch)
  kind (N,) str        target: "pose", "masked", "position", "planar_xy",
                       "planar_xyphi", "unreachable_pose", "unreachable_position",
                       "unreachable_planar"
  start (N,) str       "own" (q0=None), "q0_random", "q0_near" (a given q0), "q0_shared"
                       (ik_batch with one (dof,) q0 for all), "q_rest" (q0=None with a
                       Posture objective: the solver starts from q_rest)
  robot, method (N,) str;  T (N, 4, 4), mask (N, 6): the target (rk.Target(T, mask=mask))
  has_q0 (N,) bool, q0 (N, DOF_MAX);  seed (N,) int64, -1 for seed=None
  opt_position_tolerance, opt_rotation_tolerance (N,) float64 (1e-6: the default)
  opt_max_iterations, opt_max_restarts (N,) int64, -1 for the default
  opt_lm_variant (N,) str, "" for the default;  joint_limits, trace (N,) bool
  has_posture (N,) bool, q_rest (N, DOF_MAX)
  batch (N,) int64     which rk.ik_batch call (-1: none); rows of one call are stored in
                       the call's order, and the call shares seed, method and options
  results: q (N, DOF_MAX), success (N,) bool, iterations, restarts (N,) int64,
           position_error, rotation_error (N,) float64, trace_length (N,) int64 (-1 when
           not traced), reason (N,) str ("" for batch rows)
  meta: dof_max, planar_links, corpus_seed, recorded_with (str: the --label given)

How to re-run it (from the repository root), against a clean snapshot of the commit to
record rather than a tree someone is editing:
    mkdir -p /tmp/base && git archive HEAD | tar -x -C /tmp/base
    PYTHONPATH=/tmp/base/src NUMBA_CACHE_DIR=/tmp/base_numba_cache \\
        python tests/data/make_regression_corpus.py --label "$(git rev-parse HEAD)"
The first compile of each solver kernel takes about a minute; the solves, seconds.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import numpy as np

import reachkit as rk

CORPUS_SEED = 20_240_611
DOF_MAX = 20
PLANAR_LINKS = (1.0, 0.8, 0.5)
ARMS = ("panda", "ur5", "puma560", "iiwa14")
DEFAULT_TOLERANCE = 1e-6
NEAR_SPREAD = 0.15  # radians: a q0 "near" the generating q
UNLIMITED_RANGE = np.pi  # sampling range of joints without limits (the planar arm)
FULL = (1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
POSITION = (1.0, 1.0, 1.0, 0.0, 0.0, 0.0)
POSITION_YAW = (1.0, 1.0, 1.0, 0.0, 0.0, 1.0)
# Masks a user gives: position, position and yaw, free yaw, orientation only.
USER_MASKS = (POSITION, POSITION_YAW, (1.0, 1.0, 1.0, 1.0, 1.0, 0.0),
              (0.0, 0.0, 0.0, 1.0, 1.0, 1.0))
OPTION_VARIANTS = (
    {"position_tolerance": 1e-9, "rotation_tolerance": 1e-9},
    {"position_tolerance": 1e-4, "rotation_tolerance": 1e-3},
    {"lm_variant": "sugihara"},
    {"lm_variant": "wampler"},
    {"max_restarts": 3},
    {"max_iterations": 10},
)
LOOSE = {"position_tolerance": 1e-4, "rotation_tolerance": 1e-3}
OUT = Path(__file__).with_name("regression_corpus.npz")


@dataclass
class Case:
    """One solve to record: the call's inputs and labels."""

    group: str
    kind: str
    start: str
    robot: str
    method: str
    T: np.ndarray
    mask: np.ndarray
    q0: np.ndarray | None
    seed: int | None
    options: dict[str, Any] = field(default_factory=dict)
    joint_limits: bool = True
    trace: bool = False
    q_rest: np.ndarray | None = None
    batch: int = -1


@dataclass
class Outcome:
    """What the solver answered for one case."""

    q: np.ndarray
    success: bool
    iterations: int
    restarts: int
    position_error: float
    rotation_error: float
    trace_length: int = -1
    reason: str = ""


class Corpus:
    """The robots, the random stream and the cases planned so far."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.robots = {name: rk.models.load(name) for name in (*ARMS, "tail20")}
        self.robots["planar"] = rk.models.planar(list(PLANAR_LINKS))
        self.reach = {name: reach_radius(robot, self.rng) for name, robot in self.robots.items()}
        self.cases: list[Case] = []
        self.batches = 0

    # ---- random inputs ------------------------------------------------------------
    def random_q(self, robot_name: str) -> np.ndarray:
        """A configuration uniform inside the limits (+-pi for unlimited joints)."""
        lower, upper = sampling_box(self.robots[robot_name])
        return self.rng.uniform(lower, upper)

    def near_q(self, robot_name: str, q: np.ndarray) -> np.ndarray:
        """q moved by up to NEAR_SPREAD per joint, kept inside the limits."""
        lower, upper = self.robots[robot_name].limits
        return np.clip(q + self.rng.uniform(-NEAR_SPREAD, NEAR_SPREAD, q.shape), lower, upper)

    def seed(self) -> int | None:
        """seed=None half the time, else an explicit seed."""
        return None if self.rng.random() < 0.5 else int(self.rng.integers(0, 2**31))

    def target(self, robot_name: str, kind: str) -> tuple[rk.Target, np.ndarray | None]:
        """A target of this kind, built as a user would, and the q it came from (None when
        unreachable)."""
        if kind.startswith("unreachable"):
            return self.unreachable(robot_name, kind), None
        q = self.random_q(robot_name)
        T = self.robots[robot_name].fk(q)
        if kind == "pose":
            return rk.Target(T), q
        if kind == "position":
            return rk.Target.position(T[:3, 3]), q
        if kind == "masked":
            mask = USER_MASKS[self.rng.integers(len(USER_MASKS))]
            return rk.Target(T, mask=mask), q
        if kind == "position_yaw":
            return rk.Target(T, mask=POSITION_YAW), q
        phi = float(np.arctan2(T[1, 0], T[0, 0]))
        if kind == "planar_xy":
            return rk.Target.planar(T[0, 3], T[1, 3]), q
        if kind == "planar_xyphi":
            return rk.Target.planar(T[0, 3], T[1, 3], phi), q
        raise ValueError(f"unknown target kind {kind!r}")

    def unreachable(self, robot_name: str, kind: str) -> rk.Target:
        """A target 1.5-3x the arm's reach from its base."""
        distance = self.reach[robot_name] * self.rng.uniform(1.5, 3.0)
        if kind == "unreachable_planar":
            angle = self.rng.uniform(-np.pi, np.pi)
            return rk.Target.planar(distance * np.cos(angle), distance * np.sin(angle))
        direction = self.rng.normal(size=3)
        p = distance * direction / np.linalg.norm(direction)
        if kind == "unreachable_position":
            return rk.Target.position(p)
        T = np.eye(4)
        T[:3, :3] = random_rotation(self.rng)
        T[:3, 3] = p
        return rk.Target(T)

    def start(self, robot_name: str, start: str, q_true: np.ndarray | None) -> np.ndarray | None:
        """q0 for this start label (None: the solver's own start)."""
        if start in ("own", "q_rest"):
            return None
        if start == "q0_near" and q_true is not None:
            return self.near_q(robot_name, q_true)
        return self.random_q(robot_name)

    # ---- planning ---------------------------------------------------------------------
    def add(self, group: str, robot: str, method: str, kind: str, start: str, count: int,
            **extra: Any) -> None:
        """Plan `count` single solves of one kind."""
        for _ in range(count):
            target, q_true = self.target(robot, kind)
            self.cases.append(Case(
                group, _stored_kind(kind), start, robot, method, np.array(target.T),
                np.array(target.mask), self.start(robot, start, q_true), self.seed(), **extra))

    def add_batch(self, robot: str, method: str, kinds: list[str], start: str, seed: int | None,
                  **extra: Any) -> None:
        """Plan one rk.ik_batch call over targets of these kinds (in this order)."""
        q_shared = self.random_q(robot) if start == "q0_shared" else None
        for kind in kinds:
            target, q_true = self.target(robot, kind)
            q0 = q_shared if start == "q0_shared" else self.start(robot, start, q_true)
            self.cases.append(Case(
                "batch", _stored_kind(kind), start, robot, method, np.array(target.T),
                np.array(target.mask), q0, seed, batch=self.batches, **extra))
        self.batches += 1


def _stored_kind(kind: str) -> str:
    return "masked" if kind == "position_yaw" else kind


def sampling_box(robot: rk.Robot) -> tuple[np.ndarray, np.ndarray]:
    """robot.limits with unlimited joints sampled over +-UNLIMITED_RANGE."""
    lower, upper = robot.limits
    return (np.where(np.isfinite(lower), lower, -UNLIMITED_RANGE),
            np.where(np.isfinite(upper), upper, UNLIMITED_RANGE))


def reach_radius(robot: rk.Robot, rng: np.random.Generator, samples: int = 4000) -> float:
    """Largest tool distance from the base origin over random configurations, with an
    allowance for the sampling (so 1.5x it is surely out of reach: checked on record)."""
    lower, upper = sampling_box(robot)
    points = robot.fk(rng.uniform(lower, upper, (samples, robot.dof)))[:, :3, 3]
    return 1.1 * float(np.linalg.norm(points, axis=1).max())


def random_rotation(rng: np.random.Generator) -> np.ndarray:
    """A uniformly random rotation (3, 3) from a normalised Gaussian quaternion."""
    quat = rng.normal(size=4)
    w, x, y, z = quat / np.linalg.norm(quat)
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
        [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
        [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
    ])


# ---- the plan ------------------------------------------------------------------------
def plan_lm(c: Corpus) -> None:
    """Levenberg-Marquardt, the default method: the most entries."""
    for robot in ARMS:
        c.add("single", robot, "lm", "pose", "own", 100)
        c.add("single", robot, "lm", "pose", "q0_random", 40)
        c.add("single", robot, "lm", "pose", "q0_near", 40)
        c.add("single", robot, "lm", "masked", "own", 25)
        c.add("single", robot, "lm", "masked", "q0_random", 10)
        c.add("single", robot, "lm", "position", "own", 20)
        c.add("single", robot, "lm", "unreachable_pose", "own", 8)
        c.add("single", robot, "lm", "unreachable_position", "own", 7)
        for options in OPTION_VARIANTS:
            c.add("single", robot, "lm", "pose", "own", 4, options=options)
        c.add("single", robot, "lm", "pose", "own", 5, joint_limits=False)
        c.add("single", robot, "lm", "pose", "q0_random", 5, joint_limits=False)
    c.add("single", "tail20", "lm", "pose", "own", 40)
    c.add("single", "tail20", "lm", "pose", "q0_near", 15)
    c.add("single", "tail20", "lm", "pose", "q0_random", 10)
    c.add("single", "tail20", "lm", "masked", "own", 15)
    c.add("single", "tail20", "lm", "position", "own", 20)
    c.add("single", "tail20", "lm", "unreachable_position", "own", 8)
    c.add("single", "planar", "lm", "planar_xy", "own", 30)
    c.add("single", "planar", "lm", "planar_xy", "q0_random", 10)
    c.add("single", "planar", "lm", "planar_xyphi", "own", 30)
    c.add("single", "planar", "lm", "planar_xyphi", "q0_near", 10)
    c.add("single", "planar", "lm", "position", "own", 15)
    c.add("single", "planar", "lm", "unreachable_planar", "own", 8)


def plan_jacobian_methods(c: Corpus) -> None:
    """nr, gn, dls and pinv: fewer entries, the same kinds."""
    for method in ("nr", "gn", "dls", "pinv"):
        for robot in ARMS:
            c.add("single", robot, method, "pose", "own", 25)
            c.add("single", robot, method, "pose", "q0_near", 10)
            c.add("single", robot, method, "pose", "q0_random", 5)
            c.add("single", robot, method, "masked", "own", 10)
            c.add("single", robot, method, "position", "own", 5)
            c.add("single", robot, method, "unreachable_pose", "own", 3)
        c.add("single", "tail20", method, "pose", "own", 6)
        c.add("single", "tail20", method, "position", "own", 6)
        c.add("single", "planar", method, "planar_xy", "own", 6)
        c.add("single", "planar", method, "planar_xyphi", "own", 6)
        c.add("single", "planar", method, "unreachable_planar", "own", 2)


def plan_slow_methods(c: Corpus) -> None:
    """jt, fd and ccd: position-only and masked targets, full poses only with loose
    tolerances."""
    for method in ("jt", "fd", "ccd"):
        for robot in ARMS:
            c.add("single", robot, method, "position", "own", 10)
            c.add("single", robot, method, "position", "q0_random", 4)
            c.add("single", robot, method, "position_yaw", "own", 4)
            c.add("single", robot, method, "pose", "own", 2, options=LOOSE)
            c.add("single", robot, method, "unreachable_position", "own", 2)
        c.add("single", "tail20", method, "position", "own", 5)
        c.add("single", "planar", method, "planar_xy", "own", 6)
        c.add("single", "planar", method, "planar_xyphi", "own", 6)
        c.add("single", "planar", method, "unreachable_planar", "own", 1)


def plan_traces(c: Corpus) -> None:
    """trace=True: every method, own start and a given q0."""
    for robot, count in (("panda", 6), ("ur5", 4), ("puma560", 4), ("iiwa14", 2), ("tail20", 2)):
        c.add("trace", robot, "lm", "pose", "own", count, trace=True)
        c.add("trace", robot, "lm", "pose", "q0_near", 2, trace=True)
    c.add("trace", "planar", "lm", "planar_xyphi", "own", 4, trace=True)
    c.add("trace", "panda", "lm", "unreachable_pose", "own", 1, trace=True)
    for method in ("nr", "gn", "dls", "pinv"):
        c.add("trace", "panda", method, "pose", "own", 2, trace=True)
        c.add("trace", "ur5", method, "pose", "q0_random", 1, trace=True)
        c.add("trace", "planar", method, "planar_xy", "own", 1, trace=True)
    for method in ("jt", "fd", "ccd"):
        c.add("trace", "panda", method, "position", "own", 2, trace=True)
        c.add("trace", "planar", method, "planar_xy", "q0_random", 1, trace=True)


def plan_secondary(c: Corpus) -> None:
    """A Posture objective on Panda for lm, dls and pinv, from q_rest and from a q0."""
    for method in ("lm", "dls", "pinv"):
        for start, count in (("q_rest", 12), ("q0_random", 8)):
            for _ in range(count):
                c.add("secondary", "panda", method, "pose", start, 1, q_rest=c.random_q("panda"))
        c.add("secondary", "panda", method, "position", "q_rest", 4, q_rest=c.random_q("panda"))


def plan_batches(c: Corpus) -> None:
    """rk.ik_batch on Panda and UR5, with and without q0."""
    c.add_batch("panda", "lm", ["pose"] * 190 + ["unreachable_pose"] * 10, "own", None)
    c.add_batch("panda", "lm", ["pose"] * 100, "q0_near", 5)
    c.add_batch("ur5", "lm", ["pose"] * 200, "own", 7)
    c.add_batch("ur5", "lm", ["pose"] * 100, "q0_shared", None)
    c.add_batch("panda", "dls", ["position"] * 50, "own", 11)
    c.add_batch("ur5", "lm", ["masked"] * 50, "q0_random", 3)


# ---- solving ---------------------------------------------------------------------------
def user_target(case: Case) -> rk.Target | np.ndarray:
    """The target as a user passes it: a plain pose when every axis counts."""
    if np.all(case.mask == 1.0):
        return case.T
    return rk.Target(case.T, mask=case.mask)


def secondary_of(case: Case) -> list | None:
    return None if case.q_rest is None else [rk.objectives.Posture(case.q_rest)]


def solve_single(robot: rk.Robot, case: Case) -> Outcome:
    """One rk.ik call."""
    res = rk.ik(robot, user_target(case), method=case.method, q0=case.q0, seed=case.seed,
                joint_limits=case.joint_limits, secondary=secondary_of(case), trace=case.trace,
                **case.options)
    trace_length = len(res.trace) if case.trace else -1
    return Outcome(np.array(res.q), bool(res.success), int(res.iterations), int(res.restarts),
                   float(res.position_error), float(res.rotation_error), trace_length, res.reason)


def solve_batch(robot: rk.Robot, cases: list[Case]) -> list[Outcome]:
    """One rk.ik_batch call over cases of one batch."""
    first = cases[0]
    if all(np.all(k.mask == 1.0) for k in cases):
        targets: Any = np.stack([k.T for k in cases])
    else:
        targets = [rk.Target(k.T, mask=k.mask) for k in cases]
    if first.start == "own":
        q0 = None
    elif first.start == "q0_shared":
        q0 = first.q0
    else:
        q0 = np.stack([k.q0 for k in cases])
    out = rk.ik_batch(robot, targets, method=first.method, q0=q0, seed=first.seed,
                      joint_limits=first.joint_limits, **first.options)
    return [Outcome(out.q[i].copy(), bool(out.success[i]), int(out.iterations[i]),
                    int(out.restarts[i]), float(out.position_error[i]),
                    float(out.rotation_error[i])) for i in range(len(cases))]


def solve_all(c: Corpus) -> list[Outcome]:
    """Every planned case, in order."""
    outcomes: list[Outcome | None] = [None] * len(c.cases)
    for indices in _calls(c.cases):
        cases = [c.cases[i] for i in indices]
        robot = c.robots[cases[0].robot]
        if cases[0].batch >= 0:
            results = solve_batch(robot, cases)
        else:
            results = [solve_single(robot, cases[0])]
        for i, outcome in zip(indices, results):
            outcomes[i] = outcome
    return outcomes  # type: ignore[return-value]


def _calls(cases: list[Case]) -> Iterator[list[int]]:
    """Row indices per API call: one per single solve, all rows of a batch together."""
    batches: dict[int, list[int]] = {}
    for i, case in enumerate(cases):
        if case.batch < 0:
            yield [i]
        else:
            batches.setdefault(case.batch, []).append(i)
    yield from batches.values()


def check_unreachable(cases: list[Case], outcomes: list[Outcome]) -> None:
    """Unreachable targets must fail; anything else is a bug to fix before recording."""
    bad = [i for i, (k, o) in enumerate(zip(cases, outcomes))
           if k.kind.startswith("unreachable") and o.success]
    if bad:
        raise SystemExit(f"unreachable targets reported reached: rows {bad[:10]}")


# ---- storing ---------------------------------------------------------------------------
def padded(vectors: list[np.ndarray | None]) -> np.ndarray:
    """(N, DOF_MAX), NaN past each vector's length and for None."""
    out = np.full((len(vectors), DOF_MAX), np.nan)
    for i, v in enumerate(vectors):
        if v is not None:
            out[i, :len(v)] = v
    return out


def option_columns(cases: list[Case]) -> dict[str, np.ndarray]:
    """The options as small typed columns (-1 / "" / DEFAULT_TOLERANCE: the default)."""
    def get(name: str, default: Any) -> list[Any]:
        return [k.options.get(name, default) for k in cases]

    return {
        "opt_position_tolerance": np.array(get("position_tolerance", DEFAULT_TOLERANCE), float),
        "opt_rotation_tolerance": np.array(get("rotation_tolerance", DEFAULT_TOLERANCE), float),
        "opt_max_iterations": np.array(get("max_iterations", -1), np.int64),
        "opt_max_restarts": np.array(get("max_restarts", -1), np.int64),
        "opt_lm_variant": np.array(get("lm_variant", ""), str),
    }


def columns(cases: list[Case], outcomes: list[Outcome], label: str) -> dict[str, np.ndarray]:
    """Every array of the .npz file."""
    return {
        "group": np.array([k.group for k in cases]),
        "kind": np.array([k.kind for k in cases]),
        "start": np.array([k.start for k in cases]),
        "robot": np.array([k.robot for k in cases]),
        "method": np.array([k.method for k in cases]),
        "T": np.stack([k.T for k in cases]),
        "mask": np.stack([k.mask for k in cases]),
        "has_q0": np.array([k.q0 is not None for k in cases]),
        "q0": padded([k.q0 for k in cases]),
        "seed": np.array([-1 if k.seed is None else k.seed for k in cases], np.int64),
        **option_columns(cases),
        "joint_limits": np.array([k.joint_limits for k in cases]),
        "trace": np.array([k.trace for k in cases]),
        "has_posture": np.array([k.q_rest is not None for k in cases]),
        "q_rest": padded([k.q_rest for k in cases]),
        "batch": np.array([k.batch for k in cases], np.int64),
        "q": padded([o.q for o in outcomes]),
        "success": np.array([o.success for o in outcomes]),
        "iterations": np.array([o.iterations for o in outcomes], np.int64),
        "restarts": np.array([o.restarts for o in outcomes], np.int64),
        "position_error": np.array([o.position_error for o in outcomes]),
        "rotation_error": np.array([o.rotation_error for o in outcomes]),
        "trace_length": np.array([o.trace_length for o in outcomes], np.int64),
        "reason": np.array([o.reason for o in outcomes]),
        "dof_max": np.array(DOF_MAX),
        "planar_links": np.array(PLANAR_LINKS),
        "corpus_seed": np.array(CORPUS_SEED),
        "recorded_with": np.array(label),
    }


def summary(cases: list[Case], outcomes: list[Outcome]) -> str:
    """Counts per robot, method, group, kind and start, and the failures."""
    lines = [f"{len(cases)} solves, {sum(o.success for o in outcomes)} successes"]
    for name in ("robot", "method", "group", "kind", "start"):
        counts = Counter(getattr(k, name) for k in cases)
        lines.append(f"{name}: " + ", ".join(f"{key} {n}" for key, n in sorted(counts.items())))
    failed = Counter((k.robot, k.method, k.kind) for k, o in zip(cases, outcomes)
                     if not o.success and not k.kind.startswith("unreachable"))
    listed = ", ".join(f"{r}/{m}/{kd} {n}" for (r, m, kd), n in sorted(failed.items()))
    lines.append(f"failures on reachable targets: {listed or 'none'}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--label", default="unknown", help="what was recorded, e.g. the commit")
    args = parser.parse_args()
    print(f"reachkit from {rk.__file__}", flush=True)
    corpus = Corpus(CORPUS_SEED)
    for plan in (plan_lm, plan_jacobian_methods, plan_slow_methods, plan_traces,
                 plan_secondary, plan_batches):
        plan(corpus)
    outcomes = solve_all(corpus)
    check_unreachable(corpus.cases, outcomes)
    np.savez_compressed(args.out, **columns(corpus.cases, outcomes, args.label))
    print(summary(corpus.cases, outcomes))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
