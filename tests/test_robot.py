"""Robot: forward kinematics, frames, Jacobians, limits, printing and input validation.

References are computed here from first principles (products of elementary transforms)
so they share no code with the compiled chain or the Numba kernels."""

import numpy as np
import pytest

import reachkit as rk
from reachkit import spatial as sp
from reachkit.joint import Joint

SEED = 7


# ---- independent references -----------------------------------------------------------
def dh_link_transform(row: rk.DH, q: float, convention: str) -> np.ndarray:
    """One DH link transform written straight from the textbook formulas."""
    theta = row.theta + (0.0 if row.prismatic else q + row.offset)
    d = row.d + (q + row.offset if row.prismatic else 0.0)
    Rz, Tz = sp.transform(sp.rotz(theta)), sp.translation(0, 0, d)
    Tx, Rx = sp.translation(row.a, 0, 0), sp.transform(sp.rotx(row.alpha))
    if convention == "standard":
        return Rz @ Tz @ Tx @ Rx
    return Rx @ Tx @ Rz @ Tz


def dh_frames_reference(rows, q, convention, base=np.eye(4), tool=np.eye(4)):
    """World poses of the base, every link frame, and the tool (n + 2 matrices)."""
    frames = [np.asarray(base, dtype=float)]
    for row, qi in zip(rows, q):
        frames.append(frames[-1] @ dh_link_transform(row, qi, convention))
    frames.append(frames[-1] @ tool)
    return frames


def joint_chain_reference(joints, q):
    """FK of a list of Joints: T_parent_joint, then the motion about/along `axis`, then
    T_joint_link, multiplied out with Rodrigues' formula."""
    T = np.eye(4)
    for joint, qi in zip(joints, q):
        value = qi + joint.offset
        if joint.kind == "R":
            motion = sp.transform(sp.axis_angle_to_matrix(joint.axis, value))
        else:
            motion = sp.transform(p=joint.axis * value)
        T = T @ joint.T_parent_joint @ motion @ joint.T_joint_link
    return T


def random_pose(rng):
    return sp.transform(sp.quaternion_to_matrix(rng.normal(size=4)), rng.normal(size=3))


def random_dh_rows(rng, n, prismatic_every=0):
    rows = []
    for i in range(n):
        prismatic = prismatic_every and i % prismatic_every == prismatic_every - 1
        d, a, alpha, offset, theta = rng.uniform(-0.5, 0.5, 5)
        alpha *= 6
        offset *= 6 if not prismatic else 1
        if prismatic:
            rows.append(rk.DH(a=a, alpha=alpha, theta=theta * 6, offset=offset, prismatic=True))
        else:
            rows.append(rk.DH(d=d, a=a, alpha=alpha, offset=offset))
    return rows


@pytest.fixture(scope="module")
def oblique_robot():
    """A non-DH chain: joints about x, -y, an oblique axis, a prismatic oblique axis, with
    non-trivial fixed transforms on both sides and offsets."""
    rng = np.random.default_rng(SEED)
    axes = [[1, 0, 0], [0, -1, 0], [1, 2, -2], [0.3, -0.4, 0.5], [0, 0, 1], [-1, 0, 0.01]]
    kinds = ["R", "R", "R", "P", "R", "R"]
    joints = [
        Joint(name=f"j{i}", kind=kind, axis=np.asarray(axis, dtype=float),
              T_parent_joint=random_pose(rng), T_joint_link=random_pose(rng),
              offset=float(rng.uniform(-0.5, 0.5)))
        for i, (axis, kind) in enumerate(zip(axes, kinds))
    ]
    return rk.Robot(joints, name="oblique")


# ---- forward kinematics -----------------------------------------------------------------
@pytest.mark.parametrize("convention", ["standard", "modified"])
def test_fk_matches_textbook_dh_products(convention, close):
    rng = np.random.default_rng(SEED)
    base, tool = random_pose(rng), random_pose(rng)
    for prismatic_every in (0, 2, 3):
        rows = random_dh_rows(rng, 6, prismatic_every)
        robot = rk.Robot.from_dh(rows, convention=convention, base=base, tool=tool)
        for q in robot.random_q(10, seed=rng):
            expected = dh_frames_reference(rows, q, convention, base, tool)
            close(robot.fk(q), expected[-1], 1e-12)
            frames = robot.frames(q)
            assert frames.shape == (robot.dof + 1, 4, 4)
            close(frames[:-1], np.array(expected[:-2]), 1e-12)  # base and links 1 .. n-1
            close(frames[-1], expected[-1], 1e-12)  # link n with the tool
            close(frames[-1], robot.fk(q), 1e-14)


def test_fk_of_general_joints_matches_rodrigues_products(oblique_robot, close):
    rng = np.random.default_rng(SEED)
    for q in oblique_robot.random_q(20, seed=rng):
        close(oblique_robot.fk(q), joint_chain_reference(oblique_robot.joints, q), 1e-12)
        close(oblique_robot.frames(q)[-1], oblique_robot.fk(q), 1e-13)


def test_base_tool_and_offsets_compose_as_documented(close):
    rng = np.random.default_rng(SEED)
    rows = random_dh_rows(rng, 5, prismatic_every=3)
    bare_rows = [rk.DH(d=r.d, a=r.a, alpha=r.alpha, theta=r.theta, prismatic=r.prismatic) for r in rows]
    offsets = np.array([r.offset for r in rows])
    base, tool = random_pose(rng), random_pose(rng)
    robot = rk.Robot.from_dh(rows, base=base, tool=tool)
    bare = rk.Robot.from_dh(bare_rows)
    for q in robot.random_q(10, seed=rng):
        close(robot.fk(q), base @ bare.fk(q + offsets) @ tool, 1e-12)
        close(robot.frames(q)[0], base, 0.0)
    close(robot.base, base, 0.0)
    close(robot.tool, tool, 0.0)


def test_batch_fk_matches_single_fk(oblique_robot, close):
    rng = np.random.default_rng(SEED)
    for robot in (rk.models.load("panda"), rk.models.load("stanford"), oblique_robot):
        Q = robot.random_q(257, seed=rng)
        T = robot.fk(Q)
        assert T.shape == (257, 4, 4)
        close(T, np.array([robot.fk(q) for q in Q]), 0.0)
        close(T[:, 3], np.tile([0.0, 0.0, 0.0, 1.0], (257, 1)), 0.0)
        assert robot.fk(Q[:0]).shape == (0, 4, 4)
        # Non-contiguous and integer input give the same answer.
        Q_wide = np.repeat(Q, 2, axis=1)[:, ::2]
        assert not Q_wide.flags.c_contiguous
        close(robot.fk(Q_wide), T, 0.0)
    panda = rk.models.load("panda")
    close(panda.fk([0, -1, 0, -2, 0, 2, 1]), panda.fk(np.array([0.0, -1, 0, -2, 0, 2, 1])), 0.0)


def test_fk_does_not_touch_its_input_and_returns_fresh_arrays():
    robot = rk.models.load("puma560")
    q = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    q_copy = q.copy()
    T1 = robot.fk(q)
    T1[:] = 0.0
    T2 = robot.fk(q)
    np.testing.assert_array_equal(q, q_copy)
    assert T2[3, 3] == 1.0 and np.abs(T2[:3, 3]).max() > 0.1


# ---- Jacobians --------------------------------------------------------------------------
def test_jacobian_of_general_joints_matches_finite_differences(oblique_robot, fd_jacobian, close):
    rng = np.random.default_rng(SEED)
    for q in oblique_robot.random_q(5, seed=rng):
        for frame in ("world", "tool"):
            close(oblique_robot.jacobian(q, frame=frame), fd_jacobian(oblique_robot, q, frame), 1e-6)


@pytest.mark.parametrize("convention", ["standard", "modified"])
def test_jacobian_of_dh_tables_with_base_tool_offsets(convention, fd_jacobian, close):
    rng = np.random.default_rng(SEED)
    rows = random_dh_rows(rng, 6, prismatic_every=2)
    robot = rk.Robot.from_dh(rows, convention=convention, base=random_pose(rng), tool=random_pose(rng))
    for q in robot.random_q(5, seed=rng):
        close(robot.jacobian(q), fd_jacobian(robot, q, "world"), 1e-6)
        close(robot.jacobian(q, frame="tool"), fd_jacobian(robot, q, "tool"), 1e-6)


def test_tool_jacobian_is_world_jacobian_rotated(oblique_robot, close):
    rng = np.random.default_rng(SEED)
    for q in oblique_robot.random_q(10, seed=rng):
        R = oblique_robot.fk(q)[:3, :3]
        J_world = oblique_robot.jacobian(q)
        J_tool = oblique_robot.jacobian(q, frame="tool")
        close(J_tool[:3], R.T @ J_world[:3], 1e-14)
        close(J_tool[3:], R.T @ J_world[3:], 1e-14)


def test_prismatic_columns_have_no_angular_part():
    robot = rk.models.load("stanford")
    J = robot.jacobian(robot.random_q(seed=SEED))
    np.testing.assert_array_equal(J[3:, 2], 0.0)
    assert np.linalg.norm(J[:3, 2]) == pytest.approx(1.0, abs=1e-14)


def test_batch_jacobian_matches_single(oblique_robot, close):
    rng = np.random.default_rng(SEED)
    Q = oblique_robot.random_q(33, seed=rng)
    for frame in ("world", "tool"):
        J = oblique_robot.jacobian(Q, frame=frame)
        assert J.shape == (33, 6, oblique_robot.dof)
        close(J, np.array([oblique_robot.jacobian(q, frame=frame) for q in Q]), 0.0)


# ---- limits and sampling ----------------------------------------------------------------
def test_limits_random_q_and_within_limits():
    robot = rk.Robot.from_dh(
        [rk.DH(a=1.0, qlim=(-1.0, 0.5)), rk.DH(a=1.0), rk.DH(prismatic=True, qlim=(0.1, 0.3))]
    )
    np.testing.assert_array_equal(robot.limits, [[-1.0, -np.inf, 0.1], [0.5, np.inf, 0.3]])
    with pytest.raises(ValueError):
        robot.limits[0, 0] = 0.0  # read-only
    Q = robot.random_q(1000, seed=SEED)
    assert Q.shape == (1000, 3)
    assert robot.within_limits(Q).all()
    assert Q[:, 0].min() >= -1.0 and Q[:, 0].max() <= 0.5
    assert Q[:, 1].min() >= -np.pi and Q[:, 1].max() <= np.pi
    np.testing.assert_array_equal(robot.random_q(5, seed=3), robot.random_q(5, seed=3))
    assert robot.within_limits([0.0, 100.0, 0.2])
    assert not robot.within_limits([0.6, 0.0, 0.2])
    assert not robot.within_limits([0.0, 0.0, 0.31])
    np.testing.assert_array_equal(robot.within_limits([[0.0, 0.0, 0.2], [0.0, 0.0, 0.0]]), [True, False])
    limits = [[-1.0, -2.0, 0.0], [1.0, 2.0, 0.5]]
    overridden = rk.Robot.from_dh(robot.dh_rows, limits=limits)
    np.testing.assert_array_equal(overridden.limits, limits)


# ---- description ------------------------------------------------------------------------
def test_print_dh_robot_lists_every_joint_row():
    robot = rk.Robot.from_dh(
        [rk.DH(d=0.3, alpha=np.pi / 2, qlim=(-np.pi / 2, np.pi / 2)), rk.DH(a=0.45, offset=np.pi / 4),
         rk.DH(theta=np.pi / 2, a=0.1, prismatic=True, qlim=(0.0, 0.25))],
        name="demo arm", tool=sp.translation(0, 0, 0.1),
    )
    text = str(robot)
    lines = text.splitlines()
    assert lines[0] == "demo arm: 3 joints (RRP), standard DH"
    assert lines[1].split() == ["joint", "type", "theta", "d[m]", "a[m]", "alpha", "offset", "lower", "upper"]
    assert lines[3].split() == ["q1", "R", "q", "0.3", "0", "90.0°", "0.0°", "-90.0°", "90.0°"]
    assert lines[4].split() == ["q2", "R", "q", "0", "0.45", "0.0°", "45.0°", "-inf", "inf"]
    assert lines[5].split() == ["q3", "P", "90.0°", "q", "0.1", "0.0°", "0m", "0m", "0.25m"]
    assert lines[6] == "tool: xyz [0 0 0.1] m  rpy [0.0° 0.0° 0.0°]"
    assert repr(robot) == "Robot(name='demo arm', dof=3, joints=RRP)"


def test_print_general_robot_lists_origins_and_axes(oblique_robot):
    lines = str(oblique_robot).splitlines()
    assert lines[0] == "oblique: 6 joints (RRRPRR)"
    assert lines[1].split()[:3] == ["joint", "type", "origin"]
    assert len(lines) == 2 + 1 + 6
    assert lines[3].split()[:2] == ["j0", "R"]
    assert "1 0 0" in lines[3]
    assert lines[6].split()[:2] == ["j3", "P"]


# ---- input validation -------------------------------------------------------------------
PUMA = rk.models.load("puma560")
Q6 = np.zeros(6)

BAD_INPUT = [
    # (call, error class, message pattern)
    (lambda: PUMA.fk(np.zeros(5)), rk.TargetError, r"q must have shape \(6,\) or \(N, 6\).*got shape \(5,\)"),
    (lambda: PUMA.fk(np.zeros(7)), rk.TargetError, r"shape \(6,\).*got shape \(7,\)"),
    (lambda: PUMA.fk(np.zeros((3, 5))), rk.TargetError, r"got shape \(3, 5\)"),
    (lambda: PUMA.fk(np.zeros((2, 3, 6))), rk.TargetError, r"got shape \(2, 3, 6\)"),
    (lambda: PUMA.fk(0.0), rk.TargetError, r"got shape \(\)"),
    (lambda: PUMA.frames(np.zeros((2, 6))), rk.TargetError, r"q must have shape \(6,\) for this 6-joint"),
    (lambda: PUMA.jacobian(np.zeros(4)), rk.TargetError, r"shape \(6,\)"),
    (lambda: PUMA.fk([0, 0, np.nan, 0, 0, 0]), rk.TargetError, r"NaN or inf"),
    (lambda: PUMA.fk([0, 0, 0, np.inf, 0, 0]), rk.TargetError, r"NaN or inf"),
    (lambda: PUMA.fk(np.full((4, 6), -np.inf)), rk.TargetError, r"NaN or inf"),
    (lambda: PUMA.jacobian([np.nan] * 6), rk.TargetError, r"NaN or inf"),
    (lambda: PUMA.frames([0, 0, 0, 0, 0, np.nan]), rk.TargetError, r"NaN or inf"),
    (lambda: PUMA.fk(["a", 0, 0, 0, 0, 0]), rk.TargetError, r"q must be numeric"),
    (lambda: PUMA.within_limits(np.zeros(3)), rk.TargetError, r"shape \(6,\)"),
    (lambda: PUMA.jacobian(Q6, frame="body"), rk.ReachkitError, r"frame must be 'world' or 'tool'"),
    (lambda: rk.Robot.from_dh([]), rk.ModelError, r"DH table is empty"),
    (lambda: rk.Robot.from_dh([rk.DH(a=np.nan)]), rk.ModelError, r"DH row 0: a must be a finite number"),
    (lambda: rk.Robot.from_dh([rk.DH(), rk.DH(d=np.nan)]), rk.ModelError, r"DH row 1: d must be a finite number"),
    (lambda: rk.Robot.from_dh([rk.DH(alpha=np.inf)]), rk.ModelError, r"alpha must be a finite number"),
    (lambda: rk.Robot.from_dh([rk.DH(offset=np.nan)]), rk.ModelError, r"offset must be a finite number"),
    (lambda: rk.Robot.from_dh([rk.DH(a="x")]), rk.ModelError, r"a must be a finite number"),
    (lambda: rk.Robot.from_dh([rk.DH(theta=0.3)]), rk.ModelError, r"theta is the joint variable"),
    (lambda: rk.Robot.from_dh([rk.DH(d=0.3, prismatic=True)]), rk.ModelError, r"d is the joint variable"),
    (lambda: rk.Robot.from_dh([(0, 0, 0, 0)]), rk.ModelError, r"DH row 0 must be a reachkit.DH"),
    (lambda: rk.Robot.from_dh([rk.DH(qlim=(1.0, -1.0))]), rk.ModelError, r"lower limit 1.0 is above upper limit -1.0"),
    (lambda: rk.Robot.from_dh([rk.DH(qlim=(np.nan, 1.0))]), rk.ModelError, r"qlim must be \(lower, upper\)"),
    (lambda: rk.Robot.from_dh([rk.DH(qlim=(0.0, 1.0, 2.0))]), rk.ModelError, r"qlim must be \(lower, upper\)"),
    (lambda: rk.Robot.from_dh([rk.DH(), rk.DH()], limits=[[0, 1], [1, 0]]), rk.ModelError,
     r"joint 'q2': lower limit 1.0 is above upper limit 0.0"),
    (lambda: rk.Robot.from_dh([rk.DH(), rk.DH()], limits=[[0, 0, 0], [1, 1, 1]]), rk.ModelError,
     r"limits must be a \(2, 2\) array"),
    (lambda: rk.Robot.from_dh([rk.DH()], limits=[[np.nan], [1.0]]), rk.ModelError, r"limits must be a \(2, 1\)"),
    (lambda: rk.Robot.from_dh([rk.DH()], convention="craig"), rk.ModelError, r"unknown DH convention 'craig'"),
    (lambda: rk.Robot.from_dh([rk.DH()], base=np.ones((4, 4))), rk.ModelError, r"base"),
    (lambda: rk.Robot.from_dh([rk.DH()], tool=np.eye(3)), rk.ModelError, r"tool must be a homogeneous transform"),
    (lambda: rk.Robot.from_dh([rk.DH()], tool=sp.translation(np.nan, 0, 0)), rk.ModelError, r"tool contains NaN"),
    (lambda: rk.Robot([]), rk.ModelError, r"at least one movable joint"),
    (lambda: rk.Robot([Joint("a", "R"), Joint("a", "R")]), rk.ModelError, r"joint names must be unique"),
    (lambda: Joint("j", "X"), rk.ModelError, r"kind must be 'R' or 'P'"),
    (lambda: Joint("j", "R", axis=np.zeros(3)), rk.ModelError, r"axis must be a non-zero 3-vector"),
    (lambda: Joint("j", "R", lower=1.0, upper=0.0), rk.ModelError, r"lower limit 1.0 is above upper limit 0.0"),
    (lambda: rk.models.load("puma"), rk.ModelError, r"unknown model 'puma'; built-in models are: .*puma560"),
    (lambda: rk.models.load(""), rk.ModelError, r"unknown model ''"),
    (lambda: rk.models.planar([]), rk.ModelError, r"at least one link length"),
    (lambda: rk.models.planar([1.0, -0.5]), rk.ModelError, r"link length 1 must be a positive number"),
    (lambda: rk.models.planar([1.0, np.nan]), rk.ModelError, r"link length 1 must be a positive number"),
]


@pytest.mark.parametrize("call, error, pattern", BAD_INPUT,
                         ids=[f"case{i}" for i in range(len(BAD_INPUT))])
def test_bad_input_raises_a_reachkit_error(call, error, pattern):
    with pytest.raises(error, match=pattern) as info:
        call()
    assert isinstance(info.value, rk.ReachkitError)
    if isinstance(info.value, (rk.TargetError, rk.ModelError)):
        assert isinstance(info.value, ValueError)


def test_error_tree():
    assert issubclass(rk.ModelError, rk.ReachkitError) and issubclass(rk.ModelError, ValueError)
    assert issubclass(rk.TargetError, rk.ReachkitError) and issubclass(rk.TargetError, ValueError)
    assert issubclass(rk.NotSupportedError, rk.ReachkitError)


# ---- property-based: any DH table ----------------------------------------------------
hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

_length = st.floats(-1.0, 1.0, allow_nan=False)
_angle = st.floats(-4.0, 4.0, allow_nan=False)


@st.composite
def dh_tables(draw):
    rows = []
    for _ in range(draw(st.integers(1, 7))):
        if draw(st.booleans()) and draw(st.booleans()):  # about a quarter prismatic
            rows.append(rk.DH(theta=draw(_angle), a=draw(_length), alpha=draw(_angle),
                              offset=draw(_length), prismatic=True))
        else:
            rows.append(rk.DH(d=draw(_length), a=draw(_length), alpha=draw(_angle), offset=draw(_angle)))
    q = draw(st.lists(st.floats(-10.0, 10.0, allow_nan=False), min_size=len(rows), max_size=len(rows)))
    return rows, draw(st.sampled_from(["standard", "modified"])), np.array(q)


@settings(derandomize=True, max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # the fixtures are pure functions
@given(dh_tables())
def test_any_dh_table_fk_and_jacobian(fd_jacobian, close, table):
    rows, convention, q = table
    robot = rk.Robot.from_dh(rows, convention=convention)
    expected = dh_frames_reference(rows, q, convention)
    close(robot.fk(q), expected[-1], 1e-11)
    close(robot.frames(q), np.array(expected[:-1]), 1e-11)
    close(robot.jacobian(q), fd_jacobian(robot, q), 1e-6)


def test_print_modified_dh_uses_craig_headers_and_units():
    """Modified DH rows print a_{j-1} alpha_{j-1} theta_j d_j (Craig's order); prismatic
    offsets and limits carry metres."""
    robot = rk.Robot.from_dh([rk.DH(a=0.1, alpha=np.pi / 2),
                              rk.DH(prismatic=True, offset=0.1, qlim=(0.0, 0.3))],
                             convention="modified", name="craig")
    lines = str(robot).splitlines()
    assert lines[0] == "craig: 2 joints (RP), modified DH"
    assert lines[1].split() == ["joint", "type", "a_{j-1}[m]", "alpha_{j-1}", "theta_j", "d_j[m]",
                                "offset", "lower", "upper"]
    assert lines[3].split() == ["q1", "R", "0.1", "90.0°", "q", "0", "0.0°", "-inf", "inf"]
    assert lines[4].split() == ["q2", "P", "0", "0.0°", "0.0°", "q", "0.1m", "0m", "0.3m"]
