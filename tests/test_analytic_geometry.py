"""Closed-form IK chosen by geometry: other people's DH tables, URDF-style joints, base
and tool transforms, joint offsets, and agreement with EAIK."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from analytic_checks import angle_gap, eaik_inputs, round_trip

import reachkit as rk
from reachkit.spatial import rpy_to_matrix, transform

HALF_PI = np.pi / 2


def _rtb_robot(name: str) -> rk.Robot:
    """A reachkit robot from a Robotics Toolbox DH model, checked against its FK."""
    rtb = pytest.importorskip("roboticstoolbox")
    theirs = getattr(rtb.models.DH, name)()
    rows = [rk.DH(d=float(L.d), a=float(L.a), alpha=float(L.alpha), offset=float(L.offset),
                  qlim=tuple(L.qlim) if L.qlim is not None else None) for L in theirs.links]
    robot = rk.Robot.from_dh(rows, name=name, base=theirs.base.A, tool=theirs.tool.A)
    q = robot.random_q(seed=0)
    np.testing.assert_allclose(theirs.fkine(q).A, robot.fk(q), atol=1e-12)
    return robot


def _ur5_urdf_style() -> rk.Robot:
    """UR5 as its URDF describes it: joint origins with rpy, axes along y and z."""
    def joint(name: str, xyz: tuple[float, float, float], rpy: tuple[float, float, float],
              axis: tuple[float, float, float]) -> rk.Joint:
        return rk.Joint(name=name, kind="R", T_parent_joint=transform(rpy_to_matrix(*rpy), xyz),
                        axis=np.array(axis), lower=-2 * np.pi, upper=2 * np.pi)

    joints = [
        joint("shoulder_pan", (0, 0, 0.089159), (0, 0, 0), (0, 0, 1)),
        joint("shoulder_lift", (0, 0.13585, 0), (0, HALF_PI, 0), (0, 1, 0)),
        joint("elbow", (0, -0.1197, 0.425), (0, 0, 0), (0, 1, 0)),
        joint("wrist_1", (0, 0, 0.39225), (0, HALF_PI, 0), (0, 1, 0)),
        joint("wrist_2", (0, 0.093, 0), (0, 0, 0), (0, 0, 1)),
        joint("wrist_3", (0, 0, 0.09465), (0, 0, 0), (0, 1, 0)),
    ]
    tool = transform(rpy_to_matrix(0, 0, HALF_PI), (0, 0.0823, 0))
    return rk.Robot(joints, name="ur5 (urdf)", tool=tool)


def _intersecting_shoulder_arm() -> rk.Robot:
    """Axes 1 and 2 meet, axes 2 and 3 are skew (alpha 60 deg), spherical wrist."""
    rows = [rk.DH(d=0.3, alpha=HALF_PI), rk.DH(a=0.4, alpha=np.pi / 3),
            rk.DH(a=0.05, d=0.1, alpha=HALF_PI), rk.DH(d=0.35, alpha=-HALF_PI),
            rk.DH(alpha=HALF_PI), rk.DH(d=0.1)]
    return rk.Robot.from_dh(rows, name="skew elbow")


def _dressed_puma() -> rk.Robot:
    """Puma 560 with a base pose, a tool, modified joint offsets."""
    puma = rk.models.load("puma560")
    rows = [rk.DH(d=r.d, a=r.a, alpha=r.alpha, offset=0.3 * (i - 2), qlim=r.qlim)
            for i, r in enumerate(puma.dh_rows)]
    base = transform(rpy_to_matrix(0.1, -0.2, 0.7), (0.5, -0.3, 0.8))
    tool = transform(rpy_to_matrix(0.3, 0.0, -0.4), (0.02, 0.01, 0.15))
    return rk.Robot.from_dh(rows, name="dressed puma", base=base, tool=tool)


USER_ROBOTS = {
    "KR5": ("spherical wrist, parallel shoulder and elbow axes", lambda: _rtb_robot("KR5")),
    "IRB140": ("spherical wrist, parallel shoulder and elbow axes", lambda: _rtb_robot("IRB140")),
    "UR3": ("three parallel axes (UR type)", lambda: _rtb_robot("UR3")),
    "UR10": ("three parallel axes (UR type)", lambda: _rtb_robot("UR10")),
    "ur5-urdf": ("three parallel axes (UR type)", _ur5_urdf_style),
    "skew-elbow": ("spherical wrist, intersecting base and shoulder axes", _intersecting_shoulder_arm),
    "dressed-puma": ("spherical wrist, parallel shoulder and elbow axes", _dressed_puma),
    "planar-4-5-6": ("planar 3R", lambda: rk.models.planar([0.4, 0.5, 0.6])),
}


@pytest.mark.parametrize("key", sorted(USER_ROBOTS))
def test_user_geometries_pick_the_right_closed_form_and_round_trip(key: str) -> None:
    family, build = USER_ROBOTS[key]
    robot = build()
    assert rk.analytic.family(robot) == family
    out = round_trip(robot, 2000, seed=1)
    assert out["fk_error"] < 1e-9
    assert out["worst_gap"] < 1e-6
    assert (out["counts"] % 2 == 0).all() and out["counts"].max() == (8 if robot.dof == 6 else 2)


def test_urdf_style_ur5_matches_the_dh_ur5() -> None:
    dh = rk.models.load("ur5")
    urdf = _ur5_urdf_style()
    q = np.array([0.3, -1.2, 1.4, -0.9, 1.1, 0.4])
    # the DH base frame is the URDF base_link turned half a turn about z
    half_turn = transform(rpy_to_matrix(0.0, 0.0, np.pi))
    np.testing.assert_allclose((half_turn @ urdf.fk(q))[:3, 3], dh.fk(q)[:3, 3], atol=1e-12)
    assert rk.ik_analytic(urdf, urdf.fk(q)).shape == (8, 6)


def _sixty_degree_wrist() -> rk.Robot:
    """Kinova Jaco's DH table (60 degree wrist, offset axes): no spherical wrist."""
    rows = [rk.DH(d=0.2755, alpha=HALF_PI), rk.DH(a=0.41, alpha=np.pi, offset=-HALF_PI),
            rk.DH(d=-0.0098, alpha=HALF_PI, offset=HALF_PI), rk.DH(d=-0.2502, alpha=np.pi / 3),
            rk.DH(d=-0.0858, alpha=np.pi / 3, offset=-np.pi), rk.DH(d=-0.2116, alpha=np.pi)]
    return rk.Robot.from_dh(rows, name="jaco")


def test_sixty_degree_wrist_goes_to_the_general_6r_solver() -> None:
    robot = _sixty_degree_wrist()
    assert rk.analytic.family(robot) == "general 6R (Raghavan-Roth elimination)"
    q = robot.random_q(seed=0)
    sols = rk.ik_analytic(robot, robot.fk(q))
    assert angle_gap(sols, q, robot).min() < 1e-9
    assert max(np.abs(robot.fk(s) - robot.fk(q)).max() for s in sols) < 1e-10


def test_7r_without_a_free_value_is_not_supported() -> None:
    robot = _rtb_robot("LWR4")
    with pytest.raises(rk.NotSupportedError, match=r"free=value"):
        rk.ik_analytic(robot, robot.fk(robot.random_q(seed=0)))


def test_parallel_axes_with_a_slide_anywhere_in_the_chain() -> None:
    """RPR: the slide between two turns still commutes with them."""
    robot = rk.Robot.from_dh([rk.DH(a=0.4), rk.DH(theta=0.2, a=0.05, prismatic=True), rk.DH(a=0.3)])
    assert rk.analytic.family(robot) == "planar 2R with a slide (SCARA type)"
    out = round_trip(robot, 500, seed=2)
    assert out["fk_error"] < 1e-9 and out["worst_gap"] < 1e-6


def test_redundant_and_unknown_geometries_say_why() -> None:
    with pytest.raises(rk.NotSupportedError, match="redundant"):
        rk.analytic.family(rk.models.planar([1.0, 1.0, 1.0, 1.0]))
    with pytest.raises(rk.NotSupportedError, match="not all parallel"):
        rk.analytic.family(rk.Robot.from_dh([rk.DH(a=0.3, alpha=0.4), rk.DH(a=0.3)]))
    with pytest.raises(rk.NotSupportedError, match="5 joints"):
        rk.analytic.family(rk.Robot.from_dh([rk.DH(a=0.3, alpha=HALF_PI)] * 5))


@pytest.mark.parametrize("name", ["puma560", "ur5", "planar3r", "KR5", "IRB140", "ur5-urdf"])
def test_never_fewer_solutions_than_eaik(name: str) -> None:
    pytest.importorskip("eaik")
    robot = USER_ROBOTS[name][1]() if name in USER_ROBOTS else rk.models.load(name)
    Ts = robot.fk(robot.random_q(300, seed=4))
    eaik_robot, Te = eaik_inputs(robot, Ts)
    for T, T_eaik in zip(Ts, Te):
        ours = rk.ik_analytic(robot, T)
        theirs = eaik_robot.IK(T_eaik)
        exact = [q for q, ls in zip(theirs.Q, theirs.is_LS) if not ls]
        assert len(ours) >= len(exact)
        for q in exact:  # every exact EAIK solution is one of ours
            assert angle_gap(ours, np.asarray(q), robot).min() < 1e-6


lengths = st.floats(min_value=-0.6, max_value=0.6).filter(lambda x: abs(x) > 0.02)
signs = st.sampled_from([-HALF_PI, HALF_PI])
offsets = st.floats(min_value=-np.pi, max_value=np.pi)


def _random_pose(data: st.DataObject) -> np.ndarray:
    rpy = data.draw(st.tuples(offsets, offsets, offsets))
    xyz = data.draw(st.tuples(lengths, lengths, lengths))
    return transform(rpy_to_matrix(*rpy), xyz)


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_random_spherical_wrist_arms(data: st.DataObject) -> None:
    """Puma / KUKA / ABB-like tables with random lengths, offsets, twists, base and tool."""
    rows = [rk.DH(d=data.draw(lengths), a=data.draw(lengths), alpha=data.draw(signs), offset=data.draw(offsets)),
            rk.DH(d=data.draw(lengths), a=data.draw(lengths), offset=data.draw(offsets)),
            rk.DH(d=data.draw(lengths), a=data.draw(lengths), alpha=data.draw(signs), offset=data.draw(offsets)),
            rk.DH(d=data.draw(lengths), alpha=data.draw(signs), offset=data.draw(offsets)),
            rk.DH(alpha=data.draw(signs), offset=data.draw(offsets)),
            rk.DH(d=data.draw(lengths), offset=data.draw(offsets))]
    robot = rk.Robot.from_dh(rows, base=_random_pose(data), tool=_random_pose(data))
    assert rk.analytic.family(robot) == "spherical wrist, parallel shoulder and elbow axes"
    out = round_trip(robot, 200, seed=0)
    assert out["fk_error"] < 1e-9 and out["worst_gap"] < 1e-6


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_random_ur_type_arms(data: st.DataObject) -> None:
    """UR-like tables with random lengths, offsets, twists, base and tool."""
    rows = [rk.DH(d=data.draw(lengths), alpha=data.draw(signs), offset=data.draw(offsets)),
            rk.DH(d=data.draw(lengths), a=data.draw(lengths), offset=data.draw(offsets)),
            rk.DH(d=data.draw(lengths), a=data.draw(lengths), offset=data.draw(offsets)),
            rk.DH(d=data.draw(lengths), alpha=data.draw(signs), offset=data.draw(offsets)),
            rk.DH(d=data.draw(lengths), alpha=data.draw(signs), offset=data.draw(offsets)),
            rk.DH(d=data.draw(lengths), offset=data.draw(offsets))]
    robot = rk.Robot.from_dh(rows, base=_random_pose(data), tool=_random_pose(data))
    assert rk.analytic.family(robot) == "three parallel axes (UR type)"
    out = round_trip(robot, 200, seed=0)
    assert out["fk_error"] < 1e-9 and out["worst_gap"] < 1e-6
