"""IK on robots whose mimic (coupled) joints lie inside the chain: answers checked by
Pinocchio's own FK of the mimic model (1e-9), inside the narrowed limits with every
follower inside its own; every numerical method, ik_batch, secondary objectives,
constraints, time limits, a locked robot and an MJCF equality-coupled arm."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest
from urdf_cases import ARM7_XML

import reachkit as rk
from reachkit.collision import Scene, Sphere, distance
from reachkit.collision.query import collision_rows
from reachkit.objectives import JointLimits, Manipulability, Posture

pin = pytest.importorskip("pinocchio")

ROUND_TRIP = 1e-9  # m and unit-free rotation entries: Pinocchio's FK of the answer vs the target
TIGHT = {"position_tolerance": 1e-10, "rotation_tolerance": 1e-10}


def _with_mimic(xml: str, follower: str, mimic: str) -> str:
    """xml with a <mimic> element added to joint `follower`."""
    head, tail = xml.split(f'<joint name="{follower}"', 1)
    body, rest = tail.split("</joint>", 1)
    return f'{head}<joint name="{follower}"{body}{mimic}</joint>{rest}'


# The 7-axis test arm (tilted axes, rpy origins) with joint4 = -0.5 joint2 - 1.0: six
# joint values for a full pose. joint4's limits [-2.5, -0.1] narrow joint2's [-2, 1.5]
# to [-1.8, 1.5].
MIMIC_ARM7 = _with_mimic(ARM7_XML, "joint4", '<mimic joint="joint2" multiplier="-0.5" offset="-1.0"/>')
ROBOT = rk.Robot.from_urdf(MIMIC_ARM7)


class PinocchioArm:
    """Pinocchio's model of a URDF with its mimic joints (its own FK, independent of
    reachkit's coupling); q (dof,) in the robot's joint-value order."""

    def __init__(self, robot: rk.Robot, xml: str, tip: str) -> None:
        self.model = pin.buildModelFromXML(xml, mimic=True)
        self.data = self.model.createData()
        self.frame = self.model.getFrameId(tip)
        self.slots = [self.model.joints[self.model.getJointId(n)].idx_q for n in robot.joint_names]

    def fk(self, q: np.ndarray) -> np.ndarray:
        q_pin = pin.neutral(self.model)
        q_pin[self.slots] = q
        pin.forwardKinematics(self.model, self.data, q_pin)
        pin.updateFramePlacements(self.model, self.data)
        return self.data.oMf[self.frame].homogeneous


PIN = PinocchioArm(ROBOT, MIMIC_ARM7, "flange")


def _chain_limits(robot: rk.Robot) -> tuple[np.ndarray, np.ndarray]:
    return np.array([j.lower for j in robot.joints]), np.array([j.upper for j in robot.joints])


def _assert_inside(robot: rk.Robot, q: np.ndarray) -> None:
    """q inside the robot's (narrowed) limits and every chain joint inside its own."""
    assert robot.within_limits(q, tolerance=1e-9).all()
    lower, upper = _chain_limits(robot)
    chain = robot.coupling.expand(np.atleast_2d(q))
    assert np.all((chain >= lower - 1e-9) & (chain <= upper + 1e-9))


def test_the_coupling_is_inside_the_chain_and_narrows_the_leader() -> None:
    assert ROBOT.dof == 6 and len(ROBOT.joints) == 7
    assert ROBOT.joint_names == ["joint1", "joint2", "joint3", "joint5", "joint6", "joint7"]
    np.testing.assert_allclose(ROBOT.limits[:, 1], [-1.8, 1.5], rtol=0, atol=1e-15)
    with pytest.raises(rk.NotSupportedError):
        _ = ROBOT.chain  # the closed forms' one-value-per-joint arrays
    for q in ROBOT.random_q(5, seed=0):  # the model itself matches Pinocchio's
        np.testing.assert_allclose(ROBOT.fk(q), PIN.fk(q), rtol=0, atol=1e-10)


@pytest.mark.parametrize("start", ["table", "q0"])
def test_full_pose_ik_from_several_starts_round_trips_through_pinocchio(start: str) -> None:
    goals = ROBOT.random_q(4, seed=1)
    starts = ROBOT.random_q(4, seed=2)
    for k, q_goal in enumerate(goals):
        T = ROBOT.fk(q_goal)
        q0 = starts[k] if start == "q0" else None
        res = rk.ik(ROBOT, T, q0=q0, seed=k, **TIGHT)
        assert res.success, res.reason
        assert res.q.shape == (6,)
        _assert_inside(ROBOT, res.q)
        np.testing.assert_allclose(PIN.fk(res.q), T, rtol=0, atol=ROUND_TRIP)
        np.testing.assert_allclose(ROBOT.fk(res.q), PIN.fk(res.q), rtol=0, atol=1e-10)


def test_ccd_and_manipulability_say_they_do_not_handle_coupled_joints() -> None:
    T = ROBOT.fk(ROBOT.random_q(seed=5))
    with pytest.raises(rk.NotSupportedError, match="method 'ccd' turns one joint at a time"):
        rk.ik(ROBOT, T, method="ccd")
    with pytest.raises(rk.NotSupportedError, match="Manipulability objective does not handle coupled"):
        rk.ik(ROBOT, rk.Target.position(T[:3, 3]), secondary=[Manipulability()])
    with pytest.raises(rk.NotSupportedError, match="method 'ccd'"):
        rk.ik_batch(ROBOT, T[None], method="ccd")


def test_ik_batch_gives_each_target_its_own_answer() -> None:
    goals = ROBOT.random_q(12, seed=6)
    T = ROBOT.fk(goals)
    out = rk.ik_batch(ROBOT, T, seed=3, **TIGHT)
    assert out.success.all(), out.success
    assert out.q.shape == (12, 6)
    _assert_inside(ROBOT, out.q)
    for k in range(12):
        np.testing.assert_allclose(PIN.fk(out.q[k]), T[k], rtol=0, atol=ROUND_TRIP)
    alone = rk.ik(ROBOT, T[5], seed=3, **TIGHT)  # the batch's answer is the one ik gives
    np.testing.assert_array_equal(alone.q, out.q[5])
    warm = rk.ik_batch(ROBOT, T, q0=goals + 0.01, seed=3)
    assert warm.success.all()


def test_an_answer_outside_the_narrowed_limits_is_not_a_success() -> None:
    # joint2 = -1.9 is inside joint2's own limits but puts joint4 at -0.05, past -0.1.
    q = np.array([0.3, -1.9, 0.4, 0.2, 0.5, -0.3])
    T = ROBOT.fk(q)
    res = rk.ik(ROBOT, T, q0=q, max_restarts=2, seed=0)
    _assert_inside(ROBOT, res.q)  # wherever it ends, the limits hold
    free = rk.ik(ROBOT, T, q0=q, joint_limits=False, seed=0)
    assert free.success and free.q[1] == pytest.approx(-1.9, abs=1e-6)


def test_secondary_objectives_move_in_the_null_space_of_a_position_task() -> None:
    T = ROBOT.fk(ROBOT.random_q(seed=7))
    target = rk.Target.position(T[:3, 3])
    q_rest = 0.5 * (ROBOT.limits[0] + ROBOT.limits[1])
    plain = rk.ik(ROBOT, target, q0=ROBOT.random_q(seed=8), seed=0)
    for method in ("lm", "dls", "pinv"):
        res = rk.ik(ROBOT, target, q0=ROBOT.random_q(seed=8), seed=0, method=method,
                    secondary=[Posture(q_rest)])
        assert res.success, (method, res.reason)
        _assert_inside(ROBOT, res.q)
        np.testing.assert_allclose(PIN.fk(res.q)[:3, 3], T[:3, 3], rtol=0, atol=2e-6)
        assert np.linalg.norm(res.q - q_rest) < np.linalg.norm(plain.q - q_rest)
    res = rk.ik(ROBOT, target, seed=0, secondary=[JointLimits()], trace=True)
    assert res.success and res.trace.shape[1] == 6


def test_a_tool_half_space_is_kept() -> None:
    T = ROBOT.fk(ROBOT.random_q(seed=9))
    z = T[2, 3]
    res = rk.ik(ROBOT, rk.Target.position(T[:3, 3]), constraints=[rk.constraints.ToolHalfSpace([0, 0, 1], z - 0.01)],
                seed=0)
    assert res.success, res.reason
    assert PIN.fk(res.q)[2, 3] >= z - 0.01 - 1e-9
    below = rk.ik(ROBOT, rk.Target.position(T[:3, 3]), seed=0,
                  constraints=[rk.constraints.ToolHalfSpace([0, 0, 1], z + 0.05)])
    assert not below.success  # the target itself lies outside the half-space


def test_a_time_limit_stops_a_coupled_solve_inside_the_kernel() -> None:
    T = np.eye(4)
    T[:3, 3] = [5.0, 0.0, 0.5]  # out of reach
    options = {"max_restarts": 0, "max_iterations": 10_000_000, "stall_window": 10_000_000,
               "stall_ratio": 1.0}
    rk.ik(ROBOT, T, max_iterations=3, max_restarts=0)  # compiled before the clock starts
    start = time.monotonic()
    res = rk.ik(ROBOT, T, time_limit=0.05, **options)
    assert time.monotonic() - start < 5.0
    assert not res.success and 0 < res.iterations < 10_000_000
    assert res.reason.startswith("unreachable")  # the reach bound counts the mimic joint
    _assert_inside(ROBOT, res.q)


def test_a_locked_coupled_robot_solves_and_matches_the_full_robot() -> None:
    locked = ROBOT.lock({"joint7": 0.4})  # the coupling stays: joint2 still drives joint4
    assert locked.dof == 5 and [m.joint for m in locked.mimic] == ["joint4"]
    for k, q in enumerate(locked.random_q(3, seed=10)):
        T = locked.fk(q)
        res = rk.ik(locked, rk.Target.position(T[:3, 3]), seed=k)
        assert res.success, res.reason
        full = np.insert(res.q, 5, 0.4)
        np.testing.assert_allclose(PIN.fk(full)[:3, 3], T[:3, 3], rtol=0, atol=2e-6)
        _assert_inside(ROBOT, full)


def test_an_mjcf_arm_with_equality_coupled_joints_solves_matching_mujoco() -> None:
    mujoco = pytest.importorskip("mujoco")
    from test_mjcf import COUPLED

    robot = rk.Robot.from_mjcf(COUPLED, tip_body="hand")
    # twist = -2 roll + ...: inside the chain; pitch follows cable_swing, a joint off the chain
    assert robot.dof == 6 and {"twist", "pitch"} <= {j.name for j in robot.joints}
    model = mujoco.MjModel.from_xml_string(COUPLED)
    data = mujoco.MjData(model)
    hand = model.body("hand").id
    ref = {n: model.qpos0[model.joint(n).qposadr[0]] for n in ("roll", "twist", "pitch", "cable_swing")}
    for k, q_goal in enumerate(robot.random_q(3, seed=11)):
        T = robot.fk(q_goal)
        res = rk.ik(robot, T, seed=k, **TIGHT)
        assert res.success, res.reason
        assert robot.within_limits(res.q)
        # MuJoCo's own FK of the answer, the followers set by the equalities' polynomials
        # (joint1 - ref1 = a0 + a1 (joint2 - ref2)), as in test_mjcf
        values = dict(zip(robot.joint_names, res.q))
        values["twist"] = ref["twist"] + 0.1 - 2.0 * (values["roll"] - ref["roll"])
        values["pitch"] = ref["pitch"] + 0.5 * (values["cable_swing"] - ref["cable_swing"])
        data.qpos[:] = model.qpos0
        for name, value in values.items():
            data.qpos[model.joint(name).qposadr[0]] = value
        mujoco.mj_kinematics(model, data)
        np.testing.assert_allclose(data.xpos[hand], T[:3, 3], rtol=0, atol=ROUND_TRIP)
        np.testing.assert_allclose(data.xmat[hand].reshape(3, 3), T[:3, :3], rtol=0, atol=ROUND_TRIP)


# ---- collisions: the kernels walk the chain's values ------------------------------------

# The arm with a cylinder per link for collisions (instead of unresolvable meshes), with
# and without the mimic element: the plain one at the expanded values is the reference.
_CYLINDERS = re.sub(r'<collision><geometry><mesh filename="[^"]*"/></geometry></collision>',
                    '<collision><origin xyz="0 0 0.04"/><geometry><cylinder radius="0.03" '
                    'length="0.08"/></geometry></collision>', ARM7_XML)
SHAPED = rk.Robot.from_urdf(_with_mimic(_CYLINDERS, "joint4",
                                        '<mimic joint="joint2" multiplier="-0.5" offset="-1.0"/>'))
PLAIN = rk.Robot.from_urdf(_CYLINDERS)
OBSTACLE = Scene([Sphere([0.35, 0.1, 0.45], 0.1)])


def test_collision_distances_equal_the_uncoupled_arm_at_the_chain_values() -> None:
    assert SHAPED.collision_model.shapes == PLAIN.collision_model.shapes
    Q = SHAPED.random_q(20, seed=12)
    chain = SHAPED.coupling.expand(Q)
    np.testing.assert_allclose(distance(SHAPED, Q, OBSTACLE, self_collision=False),
                               distance(PLAIN, chain, OBSTACLE, self_collision=False), rtol=0, atol=1e-12)
    assert distance(SHAPED, Q[0], OBSTACLE, self_collision=False) == \
        pytest.approx(distance(PLAIN, chain[0], OBSTACLE, self_collision=False), abs=1e-12)


def test_collision_rows_fold_into_the_joint_values_as_finite_differences_say() -> None:
    near = Scene([Sphere([0.35, 0.1, 0.45], 0.1)])
    checked = 0
    for q in SHAPED.random_q(30, seed=13):
        G, _ = collision_rows(SHAPED, q, near, self_collision=False, activation=10.0, kmax=1)
        if len(G) == 0:
            continue
        step = 1e-6
        fd = np.array([(distance(SHAPED, q + step * e, near, self_collision=False)
                        - distance(SHAPED, q - step * e, near, self_collision=False)) / (2 * step)
                       for e in np.eye(SHAPED.dof)])
        np.testing.assert_allclose(G[0], fd, rtol=0, atol=1e-5)
        checked += 1
    assert checked >= 10


def test_ik_with_a_scene_keeps_the_margin_on_the_coupled_arm() -> None:
    margin = 0.01
    solved = 0
    for k, q_goal in enumerate(SHAPED.random_q(12, seed=14)):
        T = SHAPED.fk(q_goal)
        if distance(SHAPED, q_goal, OBSTACLE, self_collision=False) < margin:
            continue
        res = rk.ik(SHAPED, T, scene=OBSTACLE, margin=margin, seed=k)
        d = distance(SHAPED, res.q, OBSTACLE, self_collision=False)
        assert res.min_distance == pytest.approx(d, abs=1e-9)
        _assert_inside(SHAPED, res.q)
        if res.success:
            solved += 1
            assert d >= margin - 1e-9
            assert distance(PLAIN, SHAPED.coupling.expand(res.q), OBSTACLE, self_collision=False) \
                >= margin - 1e-9
            np.testing.assert_allclose(PLAIN.fk(SHAPED.coupling.expand(res.q)), T, rtol=0, atol=2e-6)
    assert solved >= 6
    out = rk.ik_batch(SHAPED, SHAPED.fk(SHAPED.random_q(4, seed=15)), self_collision=True, margin=0.0)
    for q, ok in zip(out.q, out.success):
        if ok:
            assert distance(SHAPED, q, None, self_collision=True) >= -1e-9


# Last in the file: the plain solve of each method is the kernel test_ik.py compiles in the
# other pytest-xdist process at about the time this file starts, and a process that
# reaches a kernel another one is compiling waits for it (`kernels/compile_lock.py`).
@pytest.mark.parametrize("method", ["lm", "nr", "gn", "dls", "pinv", "jt", "fd"])
def test_every_numerical_method_solves_the_coupled_arm(method: str) -> None:
    rng = np.random.default_rng(3)
    slow = method in ("jt", "fd")  # first-order methods: a position target near the start
    for q_goal in ROBOT.random_q(3, seed=4):
        T = ROBOT.fk(q_goal)
        lower, upper = ROBOT.limits
        q0 = np.clip(q_goal + rng.uniform(-0.1, 0.1, 6), lower, upper) if slow else None
        target = rk.Target.position(T[:3, 3]) if slow else T
        res = rk.ik(ROBOT, target, method=method, q0=q0, seed=0,
                    **({"max_iterations": 3000} if slow else {}))
        assert res.success, (method, res.reason)
        _assert_inside(ROBOT, res.q)
        T_pin = PIN.fk(res.q)
        tol = 2e-6
        np.testing.assert_allclose(T_pin[:3, 3], T[:3, 3], rtol=0, atol=tol)
        if not slow:
            np.testing.assert_allclose(T_pin[:3, :3], T[:3, :3], rtol=0, atol=tol)
