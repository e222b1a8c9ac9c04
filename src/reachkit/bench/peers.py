"""One adapter per IK library behind a common interface.

Every adapter has a `name`, `setup(robot)` (build the peer's own model of the SAME
kinematics, check its FK against reachkit's, raise `NotInstalled` / `NotApplicable`) and
`solve(T, q0) -> q or None`, timed in-process by the caller; q0 None means the peer's own
default start (peers with `own_start = False` need one). `last_iterations` holds the
iterations of the last solve when the library reports them.

Tolerances: reachkit's 1e-6 m / 1e-6 rad is given to each peer in the peer's own terms
(see each adapter); the verdict is always reachkit's FK check, never the peer's flag.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..robot import Robot
from .kinematics import FK_AGREEMENT, TOLERANCE, fk_disagreement, rtb_from_robot, urdf_from_robot

Array = NDArray[np.float64]

# The toolbox's solvers stop when E = 0.5 e^T e < tol, with e = (position, rotation) error;
# 0.5 * TOLERANCE**2 guarantees |e| <= TOLERANCE, so both parts meet reachkit's tolerance.
RTB_TOL = 0.5 * TOLERANCE**2


class NotInstalled(Exception):
    """The peer library cannot be imported."""


class NotApplicable(Exception):
    """The peer cannot solve this robot (e.g. no closed form, FK mismatch)."""


class Peer:
    """Base adapter. Subclasses set name/library and implement _setup and solve."""

    name = "peer"
    library = ""
    slow = False  # pure-Python solvers: run on fewer targets
    own_start = True  # solve(T, None) starts as the library does by default

    def __init__(self) -> None:
        self.robot: Robot | None = None
        self.last_iterations: int | None = None

    def setup(self, robot: Robot) -> None:
        self.robot = robot
        self._setup(robot)

    def _setup(self, robot: Robot) -> None:
        raise NotImplementedError

    def solve(self, T: Array, q0: Array) -> Array | None:
        raise NotImplementedError

    def _check_fk(self, fk: Any) -> None:
        worst = fk_disagreement(self.robot, fk)
        if not worst <= FK_AGREEMENT:
            raise NotApplicable(f"FK disagrees with reachkit by {worst:.1e}")


class Reachkit(Peer):
    """reachkit.ik with one method; starts from q0, then its own seeded restarts."""

    library = "reachkit"

    def __init__(self, method: str = "lm", **options: Any) -> None:
        super().__init__()
        self.method = method
        self.options = options
        self.name = f"reachkit {method}"

    def _setup(self, robot: Robot) -> None:
        from ..ik.solve import ik

        self._ik = ik

    def solve(self, T: Array, q0: Array) -> Array | None:
        if self.options:
            res = self._ik(self.robot, T, self.method, q0, **self.options)
        else:  # the plain call, as a user's loop makes it (keywords cost ~0.2 us)
            res = self._ik(self.robot, T, self.method, q0)
        self.last_iterations = res.iterations
        return res.q


class ReachkitKernel(Peer):
    """reachkit's compiled kernel called directly with arrays packed once: the entry point
    `rk.ik` calls (input checks, search and the FK check of the answer in one call), so
    the same solve as `Reachkit("lm")` without the Python front door (argument checks,
    result record). Shows what the front door costs next to the peers."""

    library = "reachkit"
    own_start = False

    def __init__(self, method: str = "lm") -> None:
        super().__init__()
        self.method = method
        self.name = f"reachkit {method} kernel only"

    def _setup(self, robot: Robot) -> None:
        from ..ik import solve as front
        from ..ik.target import FULL_POSE_TASK
        from ..kernels.ik.front import plain_entry

        self._robot = front._packed(robot).robot
        plan = front._resolve(self.method, {}, True)
        self._budget, self._rule = plan.budget, plan.rule
        self._entry = plain_entry(plan.budget, plan.rule)
        self._seed = front._seed(None)
        self._task = FULL_POSE_TASK

    def solve(self, T: Array, q0: Array) -> Array | None:
        q = np.array(q0, dtype=np.float64)  # in: the start; out: the answer
        answer = self._entry(self._robot, T, self._task, self._budget, self._rule, q, 1,
                             self._seed)
        self.last_iterations = int(answer[2])  # Answer.iterations
        return q


class RtbCpp(Peer):
    """Robotics Toolbox C++ solvers ik_LM / ik_NR / ik_GN on the ETS of a DHRobot built
    from reachkit's DH rows; library defaults (ilimit=30, slimit=100, chan damping), q0 given,
    joint limits on, tol = 0.5 * 1e-6**2 on its E."""

    library = "roboticstoolbox"

    def __init__(self, solver: str = "ik_LM") -> None:
        super().__init__()
        self.solver = solver
        self.name = f"rtb {solver}"

    def _setup(self, robot: Robot) -> None:
        try:
            import roboticstoolbox
        except ImportError as exc:
            raise NotInstalled(str(exc)) from exc
        if robot.dh_rows is None:
            raise NotApplicable("no DH table")
        # The ETS of a DHRobot already holds base and tool; DHRobot.ik_LM applies the tool
        # a second time (toolbox 1.5), so the solvers are called on the ETS itself, which
        # is also the toolbox's fastest path (no ETS rebuilt per call).
        self.model = rtb_from_robot(robot).ets()
        self._check_fk(lambda q: self.model.fkine(q).A)
        self._fn = getattr(self.model, self.solver)
        self._kwargs: dict[str, Any] = {"tol": RTB_TOL, "joint_limits": True}
        if self.solver in ("ik_NR", "ik_GN") and robot.dof != 6:
            self._kwargs["pinv"] = True  # its plain inverse needs a square Jacobian

    def solve(self, T: Array, q0: Array) -> Array | None:
        sol = self._fn(T, q0=q0, **self._kwargs)
        self.last_iterations = int(sol.iterations)
        return np.asarray(sol.q, dtype=float)


class RtbPython(RtbCpp):
    """Robotics Toolbox pure-Python ikine_LM (defaults, tol as for the C++ solvers)."""

    slow = True

    def __init__(self) -> None:
        super().__init__("ikine_LM")


class Ikpy(Peer):
    """ikpy: chain from a URDF of the same kinematics, inverse_kinematics_frame with
    orientation_mode="all" from q0 (its scipy least-squares optimiser, its defaults; one
    local search, ikpy has no restarts)."""

    name = "ikpy"
    library = "ikpy"
    slow = True

    def _setup(self, robot: Robot) -> None:
        try:
            import warnings

            from ikpy.chain import Chain
        except ImportError as exc:
            raise NotInstalled(str(exc)) from exc
        handle, path = tempfile.mkstemp(suffix=".urdf")
        try:
            with os.fdopen(handle, "w") as f:
                f.write(urdf_from_robot(robot))
            mask = [False] + [True] * robot.dof + [False]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self.chain = Chain.from_urdf_file(path, base_elements=["base_link"],
                                                  active_links_mask=mask)
        finally:
            os.unlink(path)
        if len(self.chain.links) != robot.dof + 2:
            raise NotApplicable(f"ikpy built {len(self.chain.links)} links")
        self._check_fk(lambda q: self.chain.forward_kinematics(self._full(q)))

    def _full(self, q: Array) -> Array:
        return np.concatenate(([0.0], q, [0.0]))

    def solve(self, T: Array, q0: Array) -> Array | None:
        start = None if q0 is None else self._full(q0)  # ikpy's default: all zeros
        full = self.chain.inverse_kinematics_frame(T, initial_position=start,
                                                   orientation_mode="all")
        return np.asarray(full[1:-1], dtype=float)


class PinocchioClik(Peer):
    """Pinocchio closed-loop IK, the loop of Pinocchio's inverse-kinematics example on the
    tool frame (error log6 in the local frame, J = -Jlog6 J_frame, damped least squares
    damp = 1e-12), with full steps (DT = 1), joint limits by clamping, stop at
    |log6| < 1e-6, and like the toolbox 30 iterations per search and up to 100 searches
    (q0 first, then seeded uniform random starts)."""

    name = "pinocchio clik"
    library = "pinocchio"
    iterations_per_search = 30
    searches = 100
    damp = 1e-12

    def _setup(self, robot: Robot) -> None:
        try:
            import pinocchio as pin
        except ImportError as exc:
            raise NotInstalled(str(exc)) from exc
        self.pin = pin
        self.model = pin.buildModelFromXML(urdf_from_robot(robot))
        self.data = self.model.createData()
        self.frame = self.model.getFrameId("tool")
        self.lower, self.upper = robot.sampling_bounds()

        def fk(q: Array) -> Array:
            pin.framesForwardKinematics(self.model, self.data, q)
            return self.data.oMf[self.frame].homogeneous

        self._check_fk(fk)
        self.rng = np.random.default_rng(0)

    def solve(self, T: Array, q0: Array) -> Array | None:
        pin, model, data, fid = self.pin, self.model, self.data, self.frame
        oMdes = pin.SE3(T[:3, :3].copy(), T[:3, 3].copy())
        eye6 = np.eye(6)
        iterations = 0
        for search in range(self.searches):
            if search == 0 and q0 is not None:
                q = np.array(q0, dtype=float)
            else:
                q = self.rng.uniform(self.lower, self.upper)
            for _ in range(self.iterations_per_search):
                pin.forwardKinematics(model, data, q)
                pin.updateFramePlacement(model, data, fid)
                iMd = data.oMf[fid].actInv(oMdes)
                err = pin.log6(iMd).vector
                if np.linalg.norm(err) < TOLERANCE:
                    self.last_iterations = iterations
                    return q
                iterations += 1
                J = pin.computeFrameJacobian(model, data, q, fid)
                J = -pin.Jlog6(iMd.inverse()) @ J
                v = -J.T @ np.linalg.solve(J @ J.T + self.damp * eye6, err)
                q = np.clip(pin.integrate(model, q, v), self.lower, self.upper)
        self.last_iterations = iterations
        return None


class Eaik(Peer):
    """EAIK closed form (all solutions) for standard-DH 6R arms it can decompose; the
    answer is the exact (not least-squares) solution inside the limits nearest q0."""

    name = "eaik"
    library = "eaik"

    def _setup(self, robot: Robot) -> None:
        try:
            from eaik.IK_DH import DhRobot
        except ImportError as exc:
            raise NotInstalled(str(exc)) from exc
        if robot.dh_rows is None or robot.convention != "standard":
            raise NotApplicable("needs a standard DH table")
        if robot.dof != 6 or any(row.prismatic for row in robot.dh_rows):
            raise NotApplicable(f"closed forms for 6R arms only ({robot.dof} joints)")
        if any(row.flip for row in robot.dh_rows):
            raise NotApplicable("EAIK's DH robot has no flipped joints")
        rows = robot.dh_rows
        self.model = DhRobot(np.array([r.alpha for r in rows]), np.array([r.a for r in rows]),
                             np.array([r.d for r in rows]))
        if not self.model.hasKnownDecomposition():
            raise NotApplicable("no known closed-form decomposition")
        self.offsets = np.array([r.offset for r in rows])
        self.base_inv = np.linalg.inv(robot.base)
        self.tool_inv = np.linalg.inv(robot.tool)
        self._check_fk(lambda q: robot.base @ self.model.fwdKin(q + self.offsets) @ robot.tool)
        self.lower, self.upper = robot.limits
        self.last_iterations = 0

    def solve(self, T: Array, q0: Array) -> Array | None:
        sol = self.model.IK(self.base_inv @ T @ self.tool_inv)
        Q = np.asarray(sol.Q, dtype=float)
        if Q.size == 0:
            return None
        Q = Q[~np.asarray(sol.is_LS, dtype=bool)] - self.offsets
        two_pi = 2 * np.pi
        if q0 is None:  # no preference: the solution nearest the zero configuration
            q0 = np.zeros(Q.shape[1])
        # wrap each angle to the copy nearest q0, then pull it inside the limits if it fits
        Q = q0 + (Q - q0 + np.pi) % two_pi - np.pi
        Q = np.where(Q < self.lower, Q + two_pi, Q)
        Q = np.where(Q > self.upper, Q - two_pi, Q)
        inside = np.all((Q >= self.lower) & (Q <= self.upper), axis=1)
        if not inside.any():
            return None
        Q = Q[inside]
        return Q[np.argmin(np.sum((Q - q0) ** 2, axis=1))]


PEERS = {
    "reachkit": lambda: Reachkit("lm"),
    "reachkit_kernel": lambda: ReachkitKernel("lm"),
    "rtb_lm": lambda: RtbCpp("ik_LM"),
    "rtb_nr": lambda: RtbCpp("ik_NR"),
    "rtb_gn": lambda: RtbCpp("ik_GN"),
    "rtb_ikine_lm": RtbPython,
    "ikpy": Ikpy,
    "pinocchio": PinocchioClik,
    "eaik": Eaik,
}
DEFAULT_PEERS = tuple(PEERS)


def make_peer(key: str) -> Peer:
    """An adapter by key (see PEERS); "reachkit:METHOD" gives another reachkit method."""
    if key.startswith("reachkit:"):
        return Reachkit(key.split(":", 1)[1])
    if key not in PEERS:
        raise KeyError(f"unknown peer {key!r}; known: {', '.join(PEERS)} or reachkit:METHOD")
    return PEERS[key]()
