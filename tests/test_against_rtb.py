"""Cross-checks against an independent library: the Robotics Toolbox for Python (RTB).

FK, frames and Jacobians of reachkit models must equal RTB's on the same DH tables to
1e-10. Where a built-in RTB model differs from reachkit's on purpose (base height,
published parameter revisions, extra tool transform) the difference is applied
explicitly and stated."""

import numpy as np
import pytest

import reachkit as rk
from reachkit import spatial as sp

rtb = pytest.importorskip("roboticstoolbox")
SE3 = pytest.importorskip("spatialmath").SE3

SEED = 3
TOL = 1e-10


def rtb_robot(robot: rk.Robot) -> "rtb.DHRobot":
    """An RTB DHRobot built from a reachkit robot's own DH rows, base and tool."""
    links = []
    for row in robot.dh_rows:
        if robot.convention == "standard":
            if row.prismatic:
                links.append(rtb.PrismaticDH(theta=row.theta, a=row.a, alpha=row.alpha, offset=row.offset))
            else:
                links.append(rtb.RevoluteDH(d=row.d, a=row.a, alpha=row.alpha, offset=row.offset))
        else:
            if row.prismatic:
                links.append(rtb.PrismaticMDH(theta=row.theta, a=row.a, alpha=row.alpha, offset=row.offset))
            else:
                links.append(rtb.RevoluteMDH(d=row.d, a=row.a, alpha=row.alpha, offset=row.offset))
    return rtb.DHRobot(links, base=SE3(robot.base, check=False), tool=SE3(robot.tool, check=False),
                       name=f"rtb-{robot.name}")


def rtb_fk(model, q) -> np.ndarray:
    return np.array(model.fkine(q).A)


def random_pose(rng) -> np.ndarray:
    return sp.transform(sp.quaternion_to_matrix(rng.normal(size=4)), rng.normal(size=3))


def custom_table(convention: str, rng) -> rk.Robot:
    """Six joints with revolute and prismatic offsets, a prismatic row with a constant
    theta, twists of every sign, plus a base and a tool transform."""
    rows = [
        rk.DH(d=0.35, a=0.05, alpha=-np.pi / 2, offset=0.3),
        rk.DH(d=-0.1, a=0.42, alpha=0.2, offset=-np.pi / 2),
        rk.DH(theta=0.7, a=0.03, alpha=np.pi / 2, offset=0.25, prismatic=True),
        rk.DH(d=0.38, a=-0.02, alpha=-np.pi / 2, offset=1.1),
        rk.DH(theta=-0.4, a=0.0, alpha=np.pi / 3, offset=-0.05, prismatic=True),
        rk.DH(d=0.08, a=0.01, alpha=0.0, offset=-2.0),
    ]
    return rk.Robot.from_dh(rows, convention=convention, name=f"custom-{convention}",
                            base=random_pose(rng), tool=random_pose(rng))


def assert_close(actual, desired, atol=TOL, err_msg=""):
    np.testing.assert_allclose(actual, desired, rtol=0.0, atol=atol, err_msg=err_msg)


# ---- robots compared against an RTB copy of their own table -----------------------------
def _compared_robots():
    rng = np.random.default_rng(SEED)
    robots = [rk.models.load(name) for name in ("panda", "puma560", "stanford", "iiwa14", "ur5", "scara", "tail20")]
    robots += [custom_table("standard", rng), custom_table("modified", rng), rk.models.planar([0.7, 0.4, 0.2])]
    # Random tables, both conventions, random revolute/prismatic mix.
    for convention in ("standard", "modified"):
        for _ in range(3):
            rows = []
            for _ in range(int(rng.integers(2, 9))):
                d, a, alpha, theta, offset = rng.uniform(-1, 1, 5) * [0.5, 0.5, np.pi, np.pi, np.pi]
                if rng.random() < 0.3:
                    rows.append(rk.DH(theta=theta, a=a, alpha=alpha, offset=offset / np.pi, prismatic=True))
                else:
                    rows.append(rk.DH(d=d, a=a, alpha=alpha, offset=offset))
            robots.append(rk.Robot.from_dh(rows, convention=convention, name=f"random-{convention}",
                                           base=random_pose(rng), tool=random_pose(rng)))
    return robots


COMPARED = _compared_robots()


@pytest.fixture(scope="module", params=COMPARED, ids=[f"{r.name}-{i}" for i, r in enumerate(COMPARED)])
def pair(request):
    robot = request.param
    return robot, rtb_robot(robot)


def test_fk_agrees_with_rtb(pair):
    robot, model = pair
    for q in robot.random_q(20, seed=SEED):
        assert_close(robot.fk(q), rtb_fk(model, q), err_msg=robot.name)


def test_batch_fk_agrees_with_rtb_and_single_fk(pair):
    robot, model = pair
    Q = robot.random_q(64, seed=SEED + 1)
    T = robot.fk(Q)
    assert T.shape == (64, 4, 4)
    assert_close(T, rtb_fk(model, Q))
    assert_close(T, np.array([robot.fk(q) for q in Q]), 0.0)


def test_frames_agree_with_rtb_fkine_all(pair):
    """RTB's fkine_all gives the base and every link frame but leaves the tool off the
    last one; reachkit's last frame has the tool (it equals fk)."""
    robot, model = pair
    for q in robot.random_q(5, seed=SEED + 2):
        frames = robot.frames(q)
        rtb_frames = np.array(model.fkine_all(q).A)
        assert rtb_frames.shape == frames.shape
        assert_close(frames[:-1], rtb_frames[:-1])
        assert_close(frames[-1], rtb_frames[-1] @ robot.tool)
        assert_close(frames[-1], robot.fk(q), 1e-14)


def test_jacobians_agree_with_rtb(pair):
    robot, model = pair
    for q in robot.random_q(5, seed=SEED + 3):
        assert_close(robot.jacobian(q), model.jacob0(q), err_msg=robot.name)
        assert_close(robot.jacobian(q, frame="tool"), model.jacobe(q), err_msg=robot.name)


def test_tables_really_are_what_rtb_was_given():
    """Guard against a vacuous comparison: the modified-DH custom arm differs from the
    same rows read as standard DH, and the random tables contain prismatic joints."""
    standard = [r for r in COMPARED if r.name == "custom-standard"][0]
    modified = [r for r in COMPARED if r.name == "custom-modified"][0]
    assert modified.convention == "modified" and rk.models.load("panda").convention == "modified"
    q = np.full(6, 0.3)
    other = rk.Robot.from_dh(modified.dh_rows, convention="standard", base=modified.base, tool=modified.tool)
    assert np.abs(other.fk(q) - modified.fk(q)).max() > 0.01
    assert standard.joint_types.count("P") == 2
    assert sum(r.joint_types.count("P") for r in COMPARED if r.name.startswith("random")) > 0


# ---- RTB's own built-in models ----------------------------------------------------------
def test_puma560_matches_rtb_model_up_to_base_height():
    """RTB's Puma560 puts the base on the floor: its d1 = 0.67183 m where reachkit's
    base is at the shoulder (d1 = 0). A translation along the first axis commutes with
    the first joint, so RTB's pose is Tz(d1) @ reachkit's."""
    robot, model = rk.models.load("puma560"), rtb.models.DH.Puma560()
    d1 = model.links[0].d
    assert d1 == pytest.approx(0.67183, abs=1e-5)
    for q in robot.random_q(20, seed=SEED):
        assert_close(sp.translation(0, 0, d1) @ robot.fk(q), rtb_fk(model, q))
    # The published example pose, at full precision.
    q = [0.7922, 0.9595, 0.6557, 0.0357, 0.8491, 0.9340]
    assert_close(sp.translation(0, 0, d1) @ robot.fk(q), rtb_fk(model, q))


def test_stanford_matches_rtb_model():
    robot, model = rk.models.load("stanford"), rtb.models.DH.Stanford()
    for q in robot.random_q(20, seed=SEED):
        assert_close(robot.fk(q), rtb_fk(model, q))
        assert_close(robot.jacobian(q), model.jacob0(q))
    assert_close(robot.limits, model.qlim, 1e-15)  # RTB writes 12 * 0.0254 for 0.3048


def test_scara_matches_rtb_cobra600():
    robot, model = rk.models.load("scara"), rtb.models.DH.Cobra600()
    for q in robot.random_q(20, seed=SEED):
        assert_close(robot.fk(q), rtb_fk(model, q))


def test_panda_matches_rtb_model_up_to_its_tool():
    """RTB's Panda carries d7 = 0.107 (the flange) on the last row and adds a tool
    transform Rz(-pi/4) Tz(0.103) (the gripper). reachkit's panda ends at the flange."""
    robot, model = rk.models.load("panda"), rtb.models.DH.Panda()
    for q in robot.random_q(20, seed=SEED):
        assert_close(robot.fk(q) @ np.array(model.tool.A), rtb_fk(model, q))
    np.testing.assert_array_equal(robot.limits, model.qlim)


def test_ur5_matches_rtb_model_up_to_d1():
    """reachkit uses Universal Robots' published d1 = 0.089159 m; RTB's UR5 has 0.089459 m."""
    robot, model = rk.models.load("ur5"), rtb.models.DH.UR5()
    shift = model.links[0].d - robot.dh_rows[0].d
    assert shift == pytest.approx(0.0003, abs=1e-12)
    for q in robot.random_q(20, seed=SEED):
        assert_close(sp.translation(0, 0, shift) @ robot.fk(q), rtb_fk(model, q))
