"""reachkit.spatial: rotations, quaternions, SO(3)/SE(3) exp and log, pose error.

Every check is numeric: round trips, closed-form values, and the matrix exponential
summed as a power series (independent of the closed forms under test)."""

import math

import numpy as np
import pytest

import reachkit as rk
from reachkit import spatial as sp

RNG_SEED = 20240611


def assert_close(actual, desired, atol, err_msg=""):
    """Absolute tolerance only (numpy's default rtol=1e-7 would hide real errors)."""
    np.testing.assert_allclose(actual, desired, rtol=0.0, atol=atol, err_msg=err_msg)


def expm_series(M: np.ndarray) -> np.ndarray:
    """Matrix exponential by scaling and squaring a Taylor series: independent of the
    Rodrigues / left-Jacobian closed forms in reachkit.spatial."""
    norm = float(np.abs(M).sum(axis=1).max())
    squarings = max(0, int(math.ceil(math.log2(norm))) + 1) if norm > 0.5 else 0
    A = M / 2.0**squarings
    term = np.eye(M.shape[0])
    total = np.eye(M.shape[0])
    for k in range(1, 30):
        term = term @ A / k
        total = total + term
    for _ in range(squarings):
        total = total @ total
    return total


def random_rotation(rng: np.random.Generator) -> np.ndarray:
    quat = rng.normal(size=4)
    return sp.quaternion_to_matrix(quat)


def unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v)


# ---- elementary rotations and transforms -----------------------------------------------
def test_elementary_rotations_move_axes_right_handed():
    ex, ey, ez = np.eye(3)
    assert_close(sp.rotx(np.pi / 2) @ ey, ez, atol=1e-15)
    assert_close(sp.roty(np.pi / 2) @ ez, ex, atol=1e-15)
    assert_close(sp.rotz(np.pi / 2) @ ex, ey, atol=1e-15)
    for R in (sp.rotx(0.3), sp.roty(-1.2), sp.rotz(2.5)):
        assert sp.rotation_deviation(R) < 1e-15


def test_inverse_and_translation():
    rng = np.random.default_rng(RNG_SEED)
    T = sp.transform(random_rotation(rng), rng.normal(size=3))
    assert_close(T @ sp.inverse(T), np.eye(4), atol=1e-15)
    assert_close(sp.inverse(T) @ T, np.eye(4), atol=1e-15)
    np.testing.assert_array_equal(sp.translation(1.0, -2.0, 3.0)[:3, 3], [1.0, -2.0, 3.0])
    np.testing.assert_array_equal(sp.translation(1.0, -2.0, 3.0)[:3, :3], np.eye(3))


def test_skew_is_cross_product():
    rng = np.random.default_rng(RNG_SEED)
    for _ in range(10):
        w, v = rng.normal(size=(2, 3))
        assert_close(sp.skew(w) @ v, np.cross(w, v), atol=1e-15)
        np.testing.assert_array_equal(sp.skew(w), -sp.skew(w).T)


def test_orthonormalize_and_rotation_deviation():
    rng = np.random.default_rng(RNG_SEED)
    R = random_rotation(rng)
    noisy = R + 1e-4 * rng.normal(size=(3, 3))
    assert sp.rotation_deviation(noisy) > 1e-5
    fixed = sp.orthonormalize(noisy)
    assert sp.rotation_deviation(fixed) < 1e-14
    assert np.abs(fixed - R).max() < 1e-3
    # A reflection is pulled back onto SO(3), not onto O(3).
    assert np.linalg.det(sp.orthonormalize(np.diag([1.0, 1.0, -1.0]))) == pytest.approx(1.0)


# ---- roll, pitch, yaw -------------------------------------------------------------------
def test_rpy_is_fixed_axis_xyz():
    roll, pitch, yaw = 0.3, -0.7, 1.9
    expected = sp.rotz(yaw) @ sp.roty(pitch) @ sp.rotx(roll)
    assert_close(sp.rpy_to_matrix(roll, pitch, yaw), expected, atol=1e-15)
    assert_close(sp.rpy_to_matrix(0.0, 0.0, 0.4), sp.rotz(0.4), atol=1e-15)
    assert_close(sp.rpy_to_matrix(0.4, 0.0, 0.0), sp.rotx(0.4), atol=1e-15)


def test_rpy_round_trip_away_from_gimbal_lock():
    rng = np.random.default_rng(RNG_SEED)
    for _ in range(200):
        rpy = rng.uniform([-np.pi, -np.pi / 2 + 1e-3, -np.pi], [np.pi, np.pi / 2 - 1e-3, np.pi])
        R = sp.rpy_to_matrix(*rpy)
        assert_close(sp.matrix_to_rpy(R), rpy, atol=1e-10)
    for _ in range(200):
        R = random_rotation(rng)
        rpy = sp.matrix_to_rpy(R)
        assert -np.pi / 2 <= rpy[1] <= np.pi / 2
        assert_close(sp.rpy_to_matrix(*rpy), R, atol=1e-14)


@pytest.mark.parametrize("pitch", [np.pi / 2, -np.pi / 2])
def test_rpy_gimbal_lock(pitch):
    rng = np.random.default_rng(RNG_SEED)
    for roll, yaw in rng.uniform(-np.pi, np.pi, size=(50, 2)):
        R = sp.rpy_to_matrix(roll, pitch, yaw)
        rpy = sp.matrix_to_rpy(R)
        assert rpy[0] == 0.0  # roll is folded into yaw
        assert rpy[1] == pytest.approx(pitch, abs=1e-12)
        # At pitch +pi/2 only yaw - roll is observable; at -pi/2 only yaw + roll.
        combined = yaw - roll if pitch > 0 else yaw + roll
        wrapped = math.remainder(rpy[2] - combined, 2 * np.pi)
        assert abs(wrapped) < 1e-12
        assert_close(sp.rpy_to_matrix(*rpy), R, atol=1e-14)


@pytest.mark.parametrize("gap", [1e-6, 1e-9, 1e-12, 1e-15])
def test_rpy_near_gimbal_lock_reproduces_the_matrix(gap):
    rng = np.random.default_rng(RNG_SEED)
    for sign in (1.0, -1.0):
        for roll, yaw in rng.uniform(-np.pi, np.pi, size=(20, 2)):
            R = sp.rpy_to_matrix(roll, sign * (np.pi / 2 - gap), yaw)
            assert_close(sp.rpy_to_matrix(*sp.matrix_to_rpy(R)), R, atol=1e-9)


# ---- quaternions -----------------------------------------------------------------------
def test_quaternion_known_values():
    half = math.sqrt(0.5)
    assert_close(sp.matrix_to_quaternion(sp.rotz(np.pi / 2)), [half, 0, 0, half], atol=1e-15)
    assert_close(sp.matrix_to_quaternion(np.eye(3)), [1, 0, 0, 0], atol=0)
    assert_close(sp.matrix_to_quaternion(sp.rotx(np.pi)), [0, 1, 0, 0], atol=1e-15)
    assert_close(sp.quaternion_to_matrix([half, half, 0, 0]), sp.rotx(np.pi / 2), atol=1e-15)
    # Any scale and either sign describe the same rotation.
    assert_close(sp.quaternion_to_matrix([-2.0, 0, 0, -2.0]), sp.rotz(np.pi / 2), atol=1e-15)


def test_quaternion_round_trips():
    rng = np.random.default_rng(RNG_SEED)
    quats = rng.normal(size=(300, 4))
    # Force every branch of Shepperd's method: w, x, y or z the largest component.
    for k in range(4):
        quats[k * 20:(k + 1) * 20, k] *= 50.0
    quats[-5:, 0] = 0.0  # half-turns: w = 0
    for quat in quats:
        quat = quat / np.linalg.norm(quat)
        quat = -quat if quat[0] < 0 else quat
        R = sp.quaternion_to_matrix(quat)
        assert sp.rotation_deviation(R) < 1e-14
        back = sp.matrix_to_quaternion(R)
        assert back[0] >= 0.0
        assert np.linalg.norm(back) == pytest.approx(1.0, abs=1e-15)
        if quat[0] > 1e-9:
            assert_close(back, quat, atol=1e-14)
        else:  # w = 0: q and -q are both valid
            assert min(np.abs(back - quat).max(), np.abs(back + quat).max()) < 1e-14
        assert_close(sp.quaternion_to_matrix(back), R, atol=1e-14)
    stack = np.array([sp.quaternion_to_matrix(q / np.linalg.norm(q)) for q in quats])
    batch = sp.matrix_to_quaternion(stack.reshape(5, -1, 3, 3))  # any leading shape
    assert batch.shape == (5, len(quats) // 5, 4)
    np.testing.assert_array_equal(batch.reshape(-1, 4),
                                  [sp.matrix_to_quaternion(R) for R in stack])


def test_quaternion_agrees_with_axis_angle():
    rng = np.random.default_rng(RNG_SEED)
    for _ in range(50):
        axis = unit(rng.normal(size=3))
        angle = rng.uniform(0, np.pi)
        quat = np.r_[math.cos(angle / 2), math.sin(angle / 2) * axis]
        assert_close(sp.quaternion_to_matrix(quat), sp.axis_angle_to_matrix(axis, angle), atol=1e-14)


# ---- rotation vectors: SO(3) exp and log ---------------------------------------------
AXES = [
    [1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, -1], [1, 1, 0], [1, 1, 1], [-1, 2, -3],
    [1, 1e-9, 0], [-1, 1e-7, 1e-8], [1e-8, 1, -1e-10], [1e-12, 1e-12, -1],
]
SMALL_ANGLES = [0.0, 1e-15, 1e-12, 1e-9, 1e-8, 1.00001e-8, 1e-7, 1e-6 * 0.999, 1e-6, 1e-6 * 1.001, 1e-4, 1e-3]
NEAR_PI = [np.pi - 1e-3 - 1e-9, np.pi - 1e-3 + 1e-9, np.pi - 1e-4, np.pi - 1e-6, np.pi - 1e-9,
           np.pi - 1e-12, np.pi - 1e-15, np.pi]


def _axes(rng):
    return [unit(a) for a in AXES] + [unit(a) for a in rng.normal(size=(20, 3))]


@pytest.mark.parametrize("angle", SMALL_ANGLES + [0.5, 1.0, 2.0, 3.0] + NEAR_PI)
def test_rotvec_exp_matches_matrix_exponential(angle):
    rng = np.random.default_rng(RNG_SEED)
    for axis in _axes(rng):
        w = axis * angle
        R = sp.rotvec_to_matrix(w)
        assert_close(R, expm_series(sp.skew(w)), atol=1e-14)
        assert_close(sp.axis_angle_to_matrix(axis * 3.0, angle), R, atol=1e-14)
        assert sp.rotation_deviation(R) < 1e-14


@pytest.mark.parametrize("angle", SMALL_ANGLES + [0.5, 1.0, 2.0, 3.0] + NEAR_PI)
def test_rotvec_log_inverts_exp(angle):
    """log(exp(w)) = w for |w| < pi, and = +-w at exactly pi, to 1e-12 for every axis,
    including axes with tiny components (hard for the near-pi branch)."""
    rng = np.random.default_rng(RNG_SEED)
    for axis in _axes(rng):
        w = axis * angle
        R = sp.rotvec_to_matrix(w)
        back = sp.matrix_to_rotvec(R)
        if angle < np.pi - 1e-12:
            assert_close(back, w, atol=1e-12, err_msg=f"axis {axis}")
        else:  # at pi, axis and -axis give the same rotation
            assert np.linalg.norm(back) == pytest.approx(angle, abs=1e-12)
            assert min(np.abs(back - w).max(), np.abs(back + w).max()) < 1e-12, axis
        assert_close(sp.rotvec_to_matrix(back), R, atol=2e-13)


def test_rotvec_log_angle_range_and_axis_angle():
    rng = np.random.default_rng(RNG_SEED)
    for _ in range(200):
        R = random_rotation(rng)
        w = sp.matrix_to_rotvec(R)
        assert np.linalg.norm(w) <= np.pi + 1e-15
        axis, angle = sp.matrix_to_axis_angle(R)
        assert_close(axis * angle, w, atol=1e-15)
        assert np.linalg.norm(axis) == pytest.approx(1.0)
    axis, angle = sp.matrix_to_axis_angle(np.eye(3))
    assert angle == 0.0 and np.linalg.norm(axis) == 1.0


def test_rotvec_log_of_rotation_beyond_pi_wraps():
    w = sp.matrix_to_rotvec(sp.rotz(1.5 * np.pi))
    assert_close(w, [0, 0, -0.5 * np.pi], atol=1e-14)
    # A pose is accepted too: its rotation block is used.
    assert_close(sp.matrix_to_rotvec(sp.transform(sp.rotz(1.5 * np.pi), [1, 2, 3])), w, atol=0.0)


# ---- SE(3) exp and log ----------------------------------------------------------------
def _twist_matrix(xi):
    M = np.zeros((4, 4))
    M[:3, :3] = sp.skew(xi[3:])
    M[:3, 3] = xi[:3]
    return M


@pytest.mark.parametrize("angle", [0.0, 1e-9, 1e-6, 1e-5 * 0.999, 1e-5, 1e-5 * 1.001, 1.1e-5, 2e-5, 3e-5, 1e-4,
                                   1e-3, 0.1, 1.0, 2.5, np.pi - 1e-6])
def test_se3_exp_matches_matrix_exponential_and_log_inverts_it(angle):
    rng = np.random.default_rng(RNG_SEED)
    for _ in range(20):
        w = unit(rng.normal(size=3)) * angle
        v = rng.normal(size=3)
        xi = np.r_[v, w]
        T = sp.se3_exp(xi)
        assert_close(T, expm_series(_twist_matrix(xi)), atol=1e-13)
        np.testing.assert_array_equal(T[3], [0, 0, 0, 1])
        assert_close(sp.se3_log(T), xi, atol=1e-11)


def test_se3_log_exp_round_trip_on_random_poses():
    rng = np.random.default_rng(RNG_SEED)
    for _ in range(100):
        T = sp.transform(random_rotation(rng), rng.normal(size=3))
        xi = sp.se3_log(T)
        assert np.linalg.norm(xi[3:]) <= np.pi + 1e-15
        assert_close(sp.se3_exp(xi), T, atol=1e-13)


def test_se3_exp_known_screw():
    # A quarter turn about z with 1 m/rad of pitch along z: a pure screw.
    T = sp.se3_exp([0, 0, 0.5, 0, 0, np.pi / 2])
    assert_close(T[:3, :3], sp.rotz(np.pi / 2), atol=1e-15)
    assert_close(T[:3, 3], [0, 0, 0.5], atol=1e-15)
    # A pure translation.
    assert_close(sp.se3_exp([1, 2, 3, 0, 0, 0]), sp.translation(1, 2, 3), atol=0)


# ---- pose error -----------------------------------------------------------------------
def test_pose_error_is_zero_for_equal_poses():
    rng = np.random.default_rng(RNG_SEED)
    for _ in range(50):
        T = sp.transform(random_rotation(rng), rng.normal(size=3))
        e = sp.pose_error(T, T.copy())
        np.testing.assert_array_equal(e[:3], 0.0)
        assert np.abs(e[3:]).max() < 1e-15


def test_pose_error_known_values():
    current = sp.transform(sp.rotx(0.2), [1.0, 2.0, 3.0])
    target = sp.transform(sp.rotz(0.3) @ sp.rotx(0.2), [1.5, 2.0, 2.0])
    assert_close(sp.pose_error(current, target), [0.5, 0, -1.0, 0, 0, 0.3], atol=1e-15)
    # Half a turn apart: the rotation part has length pi.
    e = sp.pose_error(np.eye(4), sp.transform(sp.roty(np.pi)))
    assert_close(np.abs(e), [0, 0, 0, 0, np.pi, 0], atol=1e-15)


def test_pose_error_is_jacobian_times_small_step():
    rng = np.random.default_rng(RNG_SEED)
    for name in ("puma560", "panda", "stanford"):
        robot = rk.models.load(name)
        for q in robot.random_q(5, seed=rng):
            dq = rng.normal(size=robot.dof) * 1e-6
            e = sp.pose_error(robot.fk(q), robot.fk(q + dq))
            predicted = robot.jacobian(q) @ dq
            assert np.abs(predicted).max() > 1e-8  # the test is not vacuous
            assert_close(e, predicted, atol=1e-11, err_msg=name)


@pytest.mark.parametrize("call", [
    lambda: sp.pose_error(np.eye(3), np.eye(3)),
    lambda: sp.pose_error(np.eye(4), np.ones((4, 3))),
    lambda: sp.matrix_to_rotvec(np.eye(2)),
    lambda: sp.quaternion_to_matrix([0.0, 0.0, 0.0, 0.0]),
])
def test_malformed_inputs_raise_target_error(call):
    with pytest.raises(rk.TargetError):
        call()
