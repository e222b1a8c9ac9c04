"""`Robot`: an immutable serial-chain model with forward kinematics and Jacobians."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import validate
from .chain import Chain, compile_chain
from .coupling import Coupling, Mimic, build_coupling, direct_joints
from .dh import DH, dh_joints
from .errors import ModelError, NotSupportedError, OptionsError, TargetError
from .geometry import EMPTY as EMPTY_GEOMETRY
from .geometry import Geometry, LazyGeometry
from .joint import Joint
from .kernels.fk import fk_batch_into, fk_into, frames_into
from .kernels.jacobian import jacobian_batch_into, jacobian_into

if TYPE_CHECKING:
    from .ik.result import IKResult

Array = NDArray[np.float64]


def _transform_or_identity(T: ArrayLike | None, label: str) -> Array:
    if T is None:
        return np.eye(4)
    try:  # made exactly rigid: the kernels never read the bottom rows
        return validate.rigid(T, label)
    except TargetError as exc:  # a bad base or tool is a model error, not a target error
        raise ModelError(str(exc)) from exc


class Robot:
    """A serial chain of revolute and prismatic joints.

    Build one with `Robot.from_dh`, `from_urdf`, `from_xacro`, `from_mjcf` or
    `reachkit.models.load`; `robot.lock({...})` fixes joints. The model is immutable: it
    compiles itself once into a `Chain` of flat arrays for the kernels. Joint vectors are
    (dof,) float arrays, radians for revolute and metres for prismatic joints; poses are
    (4, 4) transforms of the tool frame in the world frame. With mimic joints (`mimic=`,
    see `reachkit.coupling`) `joints` lists more chain joints than the dof joint values.
    `geometry` holds the visual and collision shapes read from a model file.
    """

    __slots__ = (
        "__weakref__",
        "_chain",
        "_collision_model",
        "_convention",
        "_coupling",
        "_dh_rows",
        "_expand",
        "_geometry",
        "_joints",
        "_limits",
        "_mimic",
        "_name",
        "_sampling",
    )

    def __init__(self, joints: Sequence[Joint], *, name: str = "robot",
                 base: ArrayLike | None = None, tool: ArrayLike | None = None,
                 limits: ArrayLike | None = None, dh_rows: Sequence[DH] | None = None,
                 convention: str | None = None,
                 geometry: Geometry | LazyGeometry | None = None,
                 mimic: Sequence[Mimic] | None = None) -> None:
        joints = tuple(joints)
        if not joints:
            raise ModelError("a robot needs at least one movable joint")
        if not all(isinstance(j, Joint) for j in joints):
            raise ModelError("joints must be reachkit.joint.Joint objects")
        names = [j.name for j in joints]
        if len(set(names)) != len(names):
            raise ModelError(f"joint names must be unique, got {names}")
        self._name = str(name)
        self._joints = joints
        self._mimic = tuple(mimic or ())
        self._coupling = build_coupling(joints, self._mimic)
        direct = direct_joints(joints, self._coupling)
        self._expand = direct is None  # q must be expanded to the chain's joints in Python
        self._chain = compile_chain(joints if direct is None else direct,
                                    _transform_or_identity(base, "base"),
                                    _transform_or_identity(tool, "tool"))
        self._limits = self._resolve_limits(limits)
        self._dh_rows = tuple(dh_rows) if dh_rows is not None else None
        self._convention = convention
        self._sampling = self._sampling_bounds()
        if geometry is not None and not isinstance(geometry, (Geometry, LazyGeometry)):
            raise ModelError(f"geometry must be a reachkit.geometry.Geometry, got {type(geometry).__name__}")
        self._geometry = geometry
        self._collision_model: Any = None

    def _resolve_limits(self, limits: ArrayLike | None) -> Array:
        own = self._coupling.limits.copy()
        if limits is not None:
            try:
                given = np.array(limits, dtype=float)
            except (TypeError, ValueError) as exc:
                raise ModelError(f"limits must be a (2, {self.dof}) array of numbers [lower; upper], "
                                 f"got {limits!r}") from exc
            if given.shape != (2, self.dof) or np.isnan(given).any():
                raise ModelError(f"limits must be a (2, {self.dof}) array [lower; upper], got shape {given.shape}"
                                 + (" with NaN" if given.shape == (2, self.dof) else ""))
            own = given
        if np.any(own[0] > own[1]):
            j = int(np.argmax(own[0] > own[1]))
            raise ModelError(f"joint {self.joint_names[j]!r}: lower limit {own[0, j]} is above upper limit {own[1, j]}")
        empty = (own[0] == np.inf) | (own[1] == -np.inf)  # no finite value to stand at
        if np.any(empty):
            j = int(np.argmax(empty))
            raise ModelError(f"joint {self.joint_names[j]!r}: limits [{own[0, j]}, {own[1, j]}] hold no "
                             "finite value; use -inf for no lower limit and inf for no upper limit")
        own.setflags(write=False)
        return own

    # ---- construction -------------------------------------------------------------
    @classmethod
    def from_dh(cls, rows: Sequence[DH], convention: str = "standard", name: str = "robot",
                limits: ArrayLike | None = None, base: ArrayLike | None = None,
                tool: ArrayLike | None = None) -> Robot:
        """A robot from a DH table (see `reachkit.dh` for both conventions)."""
        if isinstance(rows, DH) or not isinstance(rows, Iterable) or isinstance(rows, (str, bytes)):
            raise ModelError(f"rows must be a list of reachkit.DH rows, got {type(rows).__name__}")
        rows = list(rows)
        return cls(dh_joints(rows, convention), name=name, base=base, tool=tool, limits=limits,
                   dh_rows=rows, convention=convention)

    @classmethod
    def from_urdf(cls, source: str, base_link: str | None = None, tip_link: str | None = None,
                  package_dirs: str | Sequence[str] | None = None) -> Robot:
        """A robot from a URDF file path (or URDF XML text), from base_link to tip_link;
        `package://` mesh names resolve through package_dirs (see `robot.geometry`)."""
        from .urdf import robot_from_urdf

        return robot_from_urdf(source, base_link=base_link, tip_link=tip_link,
                               package_dirs=package_dirs)

    @classmethod
    def from_xacro(cls, path: str, base_link: str | None = None, tip_link: str | None = None,
                   package_dirs: str | Sequence[str] | None = None, **xacro_args: Any) -> Robot:
        """A robot from a xacro file, expanded with `xacro_args` as its `<xacro:arg>`
        values (extra "xacro": the xacrodoc package), then read like `from_urdf`."""
        from .urdf.from_xacro import robot_from_xacro

        return robot_from_xacro(path, base_link=base_link, tip_link=tip_link,
                                package_dirs=package_dirs, **xacro_args)

    @classmethod
    def from_mjcf(cls, path: str, base_body: str | None = None, tip_body: str | None = None) -> Robot:
        """A robot from a MuJoCo MJCF file path (or its XML text): the hinge and slide
        joints from base_body to tip_body (extra "mjcf": the mujoco package)."""
        from .mjcf import robot_from_mjcf

        return robot_from_mjcf(path, base_body=base_body, tip_body=tip_body)

    def to_urdf(self) -> str:
        """This model as URDF XML text (links base_link, link0..link<dof>, tool); reading it
        back with `Robot.from_urdf` gives the same FK. See `reachkit.urdf.export`."""
        from .urdf import robot_to_urdf

        return robot_to_urdf(self)

    # ---- description --------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._name

    @property
    def dof(self) -> int:
        """Number of joint values: movable joints, mimic joints not counted."""
        return len(self._coupling.names)

    @property
    def joints(self) -> tuple[Joint, ...]:
        """The chain's joints, base to tip; mimic joints included (then more than dof)."""
        return self._joints

    @property
    def joint_names(self) -> list[str]:
        """Names of the dof joint values (a leader off the chain keeps its own name)."""
        return list(self._coupling.names)

    @property
    def joint_types(self) -> list[str]:
        """"R" (revolute) or "P" (prismatic) per joint value."""
        return list(self._coupling.kinds)

    @property
    def mimic(self) -> tuple[Mimic, ...]:
        """The mimic relations (q_joint = multiplier * q_leader + offset), or ()."""
        return self._mimic

    @property
    def coupling(self) -> Coupling:
        """How the dof joint values drive the chain's joints (see `reachkit.coupling`)."""
        return self._coupling

    @property
    def limits(self) -> Array:
        """(2, dof) read-only array [lower; upper]; -inf / inf where unlimited."""
        return self._limits

    @property
    def base(self) -> Array:
        """(4, 4) pose of the base frame in the world frame."""
        return self._chain.base

    @property
    def tool(self) -> Array:
        """(4, 4) pose of the tool frame in the last link frame."""
        return self._chain.tool

    @property
    def chain(self) -> Chain:
        """The compiled arrays the kernels read, one joint per joint value. A mimic joint
        that alone follows its leader with multiplier +-1 compiles as an ordinary joint
        (see `coupling.direct_joints`); for other couplings NotSupportedError: the closed
        forms, paths and reachability maps take one value per chain joint (robot.fk,
        frames and jacobian handle every coupling themselves; rk.ik, rk.ik_batch and the
        collision queries read `driven_chain`)."""
        if self._expand:
            raise NotSupportedError(
                f"robot {self._name!r} has mimic joints ({', '.join(m.joint for m in self._mimic)}): "
                "the closed forms, paths and reachability maps do not handle coupled joints yet; "
                "robot.fk, robot.jacobian, rk.ik, rk.ik_batch and the collision queries do, and "
                "robot.lock({...}) can fix the coupled joints")
        return self._chain

    @property
    def driven_chain(self) -> tuple[Chain, Coupling | None]:
        """(chain, coupling): the compiled arrays of every chain joint, mimic joints
        included, and how the dof joint values drive them (`reachkit.coupling`); coupling
        None when chain joint i is joint value i (then chain is `chain`). The IK solvers
        read this; unlike `chain`, it never raises."""
        return self._chain, (self._coupling if self._expand else None)

    @property
    def geometry(self) -> Geometry:
        """Visual and collision shapes per link, as read from the model file (empty for
        DH models); see `reachkit.geometry`. URDF shapes are read on first access."""
        if self._geometry is None:
            return EMPTY_GEOMETRY
        if isinstance(self._geometry, LazyGeometry):
            self._geometry = self._geometry.get()
        return self._geometry

    @property
    def collision_model(self) -> Any:
        """Spheres and capsules per frame of `frames(q)` and the self-collision pairs
        (a `reachkit.collision.CollisionModel`), built on first access."""
        if self._collision_model is None:
            from .collision.model import build_collision_model

            self._collision_model = build_collision_model(self)
        return self._collision_model

    @property
    def dh_rows(self) -> tuple[DH, ...] | None:
        """The DH table this robot was built from, or None."""
        return self._dh_rows

    @property
    def convention(self) -> str | None:
        """"standard" or "modified" for DH robots, else None."""
        return self._convention

    def __str__(self) -> str:
        from .describe import describe

        return describe(self)

    def __repr__(self) -> str:
        return f"Robot(name={self._name!r}, dof={self.dof}, joints={''.join(self.joint_types)})"

    # ---- kinematics ---------------------------------------------------------------
    def fk(self, q: ArrayLike) -> Array:
        """Tool pose in the world frame: (4, 4) for q (dof,), (N, 4, 4) for q (N, dof)."""
        q = validate.joint_vector(q, self.dof, batch=True)
        c = self._chain
        if self._expand:
            q = np.ascontiguousarray(self._coupling.expand(q))
        if q.ndim == 1:
            T = np.empty((4, 4))
            fk_into(c.fixed, c.kinds, c.offsets, q, T)
            return T
        T = np.zeros((q.shape[0], 4, 4))
        T[:, 3, 3] = 1.0
        fk_batch_into(c.fixed, c.kinds, c.offsets, q, T)
        return T

    def frames(self, q: ArrayLike) -> Array:
        """World poses (n + 1, 4, 4), n = len(robot.joints) (= dof without mimic joints):
        [0] the base frame, [i] link frame i, and [n] the last link frame with the tool
        applied (equal to `fk(q)`)."""
        q = validate.joint_vector(q, self.dof)
        if self._expand:
            q = np.ascontiguousarray(self._coupling.expand(q))
        c = self._chain
        out = np.zeros((len(self._joints) + 1, 4, 4))
        frames_into(c.pre, c.link_frames, c.base, c.tool, c.kinds, c.offsets, q, out)
        return out

    def jacobian(self, q: ArrayLike, frame: str = "world") -> Array:
        """Geometric Jacobian (6, dof), or (N, 6, dof) for q (N, dof).

        Rows [vx vy vz wx wy wz]: velocity of the tool point and angular velocity per unit
        joint speed, expressed in the world frame or, with frame="tool", the tool frame.
        """
        if not isinstance(frame, str) or frame not in ("world", "tool"):
            raise OptionsError(f"frame must be 'world' or 'tool', got {frame!r}")
        q = validate.joint_vector(q, self.dof, batch=True)
        c = self._chain
        in_tool = frame == "tool"
        if self._expand:
            J_chain = self._chain_jacobian(np.ascontiguousarray(self._coupling.expand(q)), in_tool)
            return np.ascontiguousarray(self._coupling.fold(J_chain))
        if q.ndim == 1:
            J = np.empty((6, self.dof))
            jacobian_into(c.fixed, c.kinds, c.offsets, q, in_tool, np.empty((4, 4)), J)
            return J
        J = np.empty((q.shape[0], 6, self.dof))
        jacobian_batch_into(c.fixed, c.kinds, c.offsets, q, in_tool, np.empty((q.shape[0], 4, 4)), J)
        return J

    def lock(self, values: dict[str, float]) -> Robot:
        """This robot with the joints named in `values` fixed at those values (radians
        or metres): a new Robot whose dof counts the other joints; its FK at their values
        equals this robot's FK with the locked values inserted. See `reachkit.lock`."""
        from .lock import lock_joints

        return lock_joints(self, values)

    def _chain_jacobian(self, q_chain: Array, in_tool: bool) -> Array:
        """Jacobian (6, n) or (N, 6, n) of the chain's joints at their values q_chain."""
        c, n = self._chain, len(self._joints)
        if q_chain.ndim == 1:
            J = np.empty((6, n))
            jacobian_into(c.fixed, c.kinds, c.offsets, q_chain, in_tool, np.empty((4, 4)), J)
            return J
        J = np.empty((q_chain.shape[0], 6, n))
        jacobian_batch_into(c.fixed, c.kinds, c.offsets, q_chain, in_tool,
                            np.empty((q_chain.shape[0], 4, 4)), J)
        return J

    # ---- configurations -----------------------------------------------------------
    def random_q(self, n: int | None = None, seed: int | np.random.Generator | None = None) -> Array:
        """Uniform random configurations inside the limits, (dof,) or (n, dof). Unlimited
        revolute joints draw from [-pi, pi], unlimited prismatic ones from [-1, 1] m."""
        if n is not None and (not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 0):
            raise OptionsError(f"n must be a non-negative integer or None, got {n!r}")
        try:
            rng = np.random.default_rng(seed)
        except (TypeError, ValueError) as exc:
            raise OptionsError(f"seed must be a non-negative integer, a numpy Generator or None, "
                               f"got {seed!r}") from exc
        lower, upper = self.sampling_bounds()
        shape = (self.dof,) if n is None else (n, self.dof)
        return rng.uniform(lower, upper, size=shape)

    def sampling_bounds(self) -> tuple[Array, Array]:
        """Finite (lower, upper) bounds, each (dof,) and read-only: the limits, with
        unlimited revolute joints in [-pi, pi] and unlimited prismatic joints in [-1, 1] m."""
        return self._sampling

    def _sampling_bounds(self) -> tuple[Array, Array]:
        default = np.where(np.array(self.joint_types) == "R", np.pi, 1.0)
        lower = np.where(np.isfinite(self._limits[0]), self._limits[0], -default)
        upper = np.where(np.isfinite(self._limits[1]), self._limits[1], default)
        lower.setflags(write=False)
        upper.setflags(write=False)
        return lower, upper

    def within_limits(self, q: ArrayLike, tolerance: float = 1e-9) -> bool | NDArray[np.bool_]:
        """True where q (dof,) or (N, dof) lies inside the limits (to `tolerance`)."""
        q = validate.joint_vector(q, self.dof, batch=True)
        if not validate.is_real(tolerance) or not tolerance >= 0:
            raise OptionsError(f"tolerance must be a non-negative number, got {tolerance!r}")
        inside = (q >= self._limits[0] - tolerance) & (q <= self._limits[1] + tolerance)
        return inside.all(axis=-1)

    # ---- inverse kinematics -------------------------------------------------------
    def ik(self, target: Any, **kwargs: Any) -> IKResult:
        """Same as `reachkit.ik(self, target, **kwargs)`."""
        return (_IK or _import_ik())(self, target, **kwargs)


_IK: Callable[..., IKResult] | None = None  # reachkit.ik.solve.ik, set on first use


def _import_ik() -> Callable[..., IKResult]:
    """reachkit.ik.solve.ik (imported lazily: it imports this module). An import statement
    in `Robot.ik` itself would cost ~0.7 us per call."""
    global _IK
    from .ik.solve import ik

    _IK = ik
    return ik
