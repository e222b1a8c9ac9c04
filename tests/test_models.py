"""Built-in models: registry, published poses, closed forms and Jacobians."""

import math

import numpy as np
import pytest

import reachkit as rk
from reachkit import spatial as sp

SEED = 11
MODELS = ["iiwa14", "panda", "planar2r", "planar3r", "puma560", "scara", "stanford", "tail20", "ur5"]


def test_registry_lists_and_loads_every_model():
    assert rk.models.available() == MODELS
    for name in MODELS:
        robot = rk.models.load(name)
        assert isinstance(robot, rk.Robot)
        assert robot.name == name
        assert robot.limits.shape == (2, robot.dof)
    assert rk.models.load(" Puma560 ").name == "puma560"
    assert rk.models.load("panda") is not rk.models.load("panda")


@pytest.mark.parametrize("name, dof, types", [
    ("iiwa14", 7, "RRRRRRR"), ("panda", 7, "RRRRRRR"), ("planar2r", 2, "RR"), ("planar3r", 3, "RRR"),
    ("puma560", 6, "RRRRRR"), ("scara", 4, "RRPR"), ("stanford", 6, "RRPRRR"), ("tail20", 20, "R" * 20),
    ("ur5", 6, "RRRRRR"),
])
def test_model_shapes(name, dof, types):
    robot = rk.models.load(name)
    assert robot.dof == dof
    assert "".join(robot.joint_types) == types
    assert robot.joint_names == [f"q{i + 1}" for i in range(dof)]


# Tool poses at q = 0 worked out by hand from each model's geometry.
ZERO_POSES = {
    "iiwa14": (np.eye(3), [0.0, 0.0, 0.36 + 0.42 + 0.40 + 0.126]),        # straight up
    "panda": (np.diag([1.0, -1.0, -1.0]), [0.088, 0.0, 0.333 + 0.316 + 0.384 - 0.107]),  # flange down
    "planar2r": (np.eye(3), [2.0, 0.0, 0.0]),
    "planar3r": (np.eye(3), [3.0, 0.0, 0.0]),
    "puma560": (np.eye(3), [0.4318 + 0.0203, -0.15005, 0.4318]),
    "scara": (np.diag([1.0, -1.0, -1.0]), [0.325 + 0.275, 0.0, 0.387]),
    "stanford": (sp.rotz(-np.pi / 2), [0.0, 0.154 - 0.0203, 0.412]),
    "tail20": (np.eye(3), [1.0, 0.0, 0.0]),
    "ur5": (sp.rotx(np.pi / 2), [-0.425 - 0.39225, -0.10915 - 0.0823, 0.089159 - 0.09465]),
}


@pytest.mark.parametrize("name", MODELS)
def test_pose_at_zero(name, close):
    R, p = ZERO_POSES[name]
    T = rk.models.load(name).fk(np.zeros(rk.models.load(name).dof))
    close(T[:3, :3], R, 1e-15)
    close(T[:3, 3], p, 1e-15)
    close(T[3], [0, 0, 0, 1], 0.0)


def test_puma560_published_pose():
    """Corke's Puma 560 example. The published figures are printed with 4 decimals (5 for
    the x position), some rounded and some truncated, so each entry must agree within one
    unit of its last printed decimal. (The full-precision value is checked against the
    Robotics Toolbox to 1e-10 in test_against_rtb.py.)"""
    robot = rk.models.load("puma560")
    q = [0.7922, 0.9595, 0.6557, 0.0357, 0.8491, 0.9340]
    published = np.array([
        [-0.9065, 0.0311, -0.4210, -0.02271],
        [0.2451, 0.8507, -0.4649, -0.2367],
        [0.3437, -0.5247, -0.7788, 0.3547],
    ])
    unit_in_last_place = np.full((3, 4), 1e-4)
    unit_in_last_place[0, 3] = 1e-5
    T = robot.fk(q)
    assert np.all(np.abs(T[:3] - published) < unit_in_last_place), T[:3] - published
    np.testing.assert_array_equal(T[3], [0, 0, 0, 1])


def test_published_joint_limits():
    deg = np.pi / 180
    panda = rk.models.load("panda")
    np.testing.assert_array_equal(panda.limits[:, 3], [-3.0718, -0.0698])
    np.testing.assert_array_equal(panda.limits[:, 5], [-0.0175, 3.7525])
    np.testing.assert_allclose(rk.models.load("puma560").limits[:, 1], [-45 * deg, 225 * deg], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(rk.models.load("scara").limits[:, 2], [0.0, 0.21])
    np.testing.assert_array_equal(rk.models.load("stanford").limits[:, 2], [0.3048, 1.27])
    assert np.isinf(rk.models.load("planar3r").limits).all()
    for name in MODELS:
        robot = rk.models.load(name)
        assert np.all(robot.limits[0] < robot.limits[1])
        assert robot.within_limits(robot.random_q(100, seed=SEED)).all()


# ---- planar arms: closed form -----------------------------------------------------------
def planar_closed_form(lengths, q):
    angles = np.cumsum(q)
    return np.sum(lengths * np.cos(angles)), np.sum(lengths * np.sin(angles)), angles[-1]


@pytest.mark.parametrize("n", [1, 2, 3, 4, 7, 12])
def test_planar_arm_matches_closed_form(n, close):
    rng = np.random.default_rng(SEED + n)
    lengths = rng.uniform(0.1, 2.0, n)
    robot = rk.models.planar(lengths)
    assert robot.name.startswith("planar(") and robot.dof == n
    Q = rng.uniform(-4 * np.pi, 4 * np.pi, size=(50, n))
    T_batch = robot.fk(Q)
    for q, T in zip(Q, T_batch):
        x, y, phi = planar_closed_form(lengths, q)
        close(T[:3, 3], [x, y, 0.0], 1e-12)
        close(T[:3, :3], sp.rotz(phi), 1e-12)
        assert abs(math.remainder(math.atan2(T[1, 0], T[0, 0]) - phi, 2 * np.pi)) < 1e-12
        # Closed-form Jacobian: dx/dq_i = -sum_{k>=i} l_k sin(...), dy/dq_i likewise, dphi/dq_i = 1.
        angles = np.cumsum(q)
        J = robot.jacobian(q)
        close(J[0], -np.cumsum((lengths * np.sin(angles))[::-1])[::-1], 1e-12)
        close(J[1], np.cumsum((lengths * np.cos(angles))[::-1])[::-1], 1e-12)
        close(J[2:5], 0.0, 0.0)
        close(J[5], 1.0, 0.0)


def test_builtin_planar_arms_have_unit_links(close):
    rng = np.random.default_rng(SEED)
    for name, n in (("planar2r", 2), ("planar3r", 3)):
        robot = rk.models.load(name)
        for q in rng.uniform(-np.pi, np.pi, size=(20, n)):
            x, y, phi = planar_closed_form(np.ones(n), q)
            close(robot.fk(q)[:3, 3], [x, y, 0.0], 1e-13)
            close(robot.fk(q)[:3, :3], sp.rotz(phi), 1e-13)


# ---- Jacobians of every model against finite differences of FK ---------------------------
@pytest.mark.parametrize("frame", ["world", "tool"])
@pytest.mark.parametrize("name", MODELS)
def test_model_jacobian_matches_finite_differences(name, frame, fd_jacobian, close):
    robot = rk.models.load(name)
    rng = np.random.default_rng(SEED)
    for q in robot.random_q(5, seed=rng):
        J = robot.jacobian(q, frame=frame)
        assert J.shape == (6, robot.dof)
        close(J, fd_jacobian(robot, q, frame), 1e-6, err_msg=f"{name} {frame} q={q}")


@pytest.mark.parametrize("name", MODELS)
def test_model_frames_end_at_fk_and_start_at_base(name, close):
    robot = rk.models.load(name)
    for q in robot.random_q(5, seed=SEED):
        frames = robot.frames(q)
        assert frames.shape == (robot.dof + 1, 4, 4)
        close(frames[0], robot.base, 0.0)
        close(frames[-1], robot.fk(q), 1e-14)
        for T in frames:
            assert sp.rotation_deviation(T[:3, :3]) < 1e-13


@pytest.mark.parametrize("name", MODELS)
def test_print_model_has_one_row_per_joint(name):
    robot = rk.models.load(name)
    lines = str(robot).splitlines()
    assert lines[0].startswith(f"{name}: {robot.dof} joints ({''.join(robot.joint_types)})")
    rows = lines[3:3 + robot.dof]
    for i, line in enumerate(rows):
        cells = line.split()
        assert cells[:2] == [f"q{i + 1}", robot.joint_types[i]]
        assert len(cells) == 9


def test_a_custom_planar_arm_is_not_named_like_a_built_in() -> None:
    import reachkit as rk

    assert rk.models.planar([1, 0.8, 0.5]).name == "planar(1, 0.8, 0.5)"
    assert rk.models.load("planar3r").name == "planar3r"
    assert rk.models.planar([1, 1], name="mine").name == "mine"
