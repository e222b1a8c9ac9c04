"""A table of bad inputs at every public entry, each with the reachkit error it must raise
and the words its message must contain (what is wrong, and where useful how to fix it).

Complements tests/test_robot.py (fk / jacobian / DH shape and NaN cases), tests/test_ik.py
(basic bad options and targets) and tests/test_urdf_errors.py (broken URDF files).
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
import pytest

import reachkit as rk
from reachkit import spatial as sp
from reachkit.joint import Joint

PANDA = rk.models.load("panda")
PLANAR = rk.models.planar([1.0, 0.8])
POSE = PANDA.fk(np.zeros(7))
Q7 = np.zeros(7)
NEARLY = sp.transform(sp.rotx(0.2) * (1 + 1e-4))  # rotation block scaled: not a rotation
BOTTOM = np.eye(4)
BOTTOM[3, 0] = 0.5
REFLECTION = np.diag([1.0, 1.0, -1.0, 1.0])
ROTATION_HINT = r"not a rotation .* > 1e-06\); re-orthonormalise it.*spatial.orthonormalize"
TWO_LINK_URDF = (
    '<robot name="x"><link name="a"/><link name="b"/><joint name="j1" type="revolute">'
    '<parent link="a"/><child link="b"/><axis xyz="0 0 1"/><limit lower="-1" upper="1"/>'
    "</joint></robot>"
)


def ik(*args: Any, **kwargs: Any) -> Callable[[], Any]:
    return lambda: rk.ik(*args, **kwargs)


def batch(*args: Any, **kwargs: Any) -> Callable[[], Any]:
    return lambda: rk.ik_batch(*args, **kwargs)


def option(**kwargs: Any) -> Callable[[], Any]:
    return ik(PANDA, POSE, **kwargs)


T, M, O, N = rk.TargetError, rk.ModelError, rk.OptionsError, rk.NotSupportedError

CASES: list[tuple[str, Callable[[], Any], type, str]] = [
    # ---- robot and target of the wrong type --------------------------------------------
    ("ik robot is a string", ik("panda", POSE), M, r"expected a reachkit.Robot, got str.*models.load"),
    ("ik robot is None", ik(None, POSE), M, r"expected a reachkit.Robot, got NoneType"),
    ("ik robot is a DH table", ik([rk.DH()], POSE), M, r"expected a reachkit.Robot, got list"),
    ("batch robot is a string", batch("panda", [POSE]), M, r"expected a reachkit.Robot"),
    ("ik target is a string", ik(PANDA, "home"), T, r"a target must be a reachkit.Target or a \(4, 4\) pose"),
    ("ik target is None", ik(PANDA, None), T, r"a target must be a reachkit.Target"),
    ("ik target is a position", ik(PANDA, [0.3, 0.0, 0.5]), T, r"shape \(4, 4\), got shape \(3,\)"),
    ("ik target is a robot", ik(PANDA, PANDA), T, r"target pose must be numeric"),
    # ---- target poses ----------------------------------------------------------------------
    ("ik target 3x3", ik(PANDA, np.eye(3)), T, r"homogeneous transform of shape \(4, 4\), got shape \(3, 3\)"),
    ("ik target stack", ik(PANDA, np.stack([POSE, POSE])), T, r"shape \(4, 4\), got shape \(2, 4, 4\)"),
    ("ik target NaN", ik(PANDA, sp.translation(np.nan, 0, 0)), T, r"target pose contains NaN or inf"),
    ("ik target inf", ik(PANDA, sp.translation(0, np.inf, 0)), T, r"NaN or inf"),
    ("ik target scaled rotation", ik(PANDA, NEARLY), T, ROTATION_HINT),
    ("ik target reflection", ik(PANDA, REFLECTION), T, r"not a rotation .*det R - 1"),
    ("ik target shear", ik(PANDA, sp.transform([[1, 0.1, 0], [0, 1, 0], [0, 0, 1]])), T, ROTATION_HINT),
    ("ik target bottom row", ik(PANDA, BOTTOM), T, r"bottom row must be \[0, 0, 0, 1\].*got \[0.5 0.  0.  1. \]"),
    ("ik target scaled bottom", ik(PANDA, np.eye(4) * 2), T, r"bottom row must be \[0, 0, 0, 1\]"),
    ("ik target complex", ik(PANDA, np.eye(4) + 0j), T, r"must be real, got a complex array"),
    ("ik target strings", ik(PANDA, [["1"] * 4, ["a"] * 4] * 2), T, r"target pose must be numeric"),
    # ---- methods ---------------------------------------------------------------------------
    ("ik unknown method", ik(PANDA, POSE, method="newton"), O,
     r"unknown IK method 'newton'; choose one of: lm, nr, gn, dls, pinv, jt, fd, ccd"),
    ("ik method None", ik(PANDA, POSE, method=None), O, r"unknown IK method None; choose one of: lm"),
    ("ik method number", ik(PANDA, POSE, method=1), O, r"unknown IK method 1"),
    ("batch unknown method", batch(PANDA, [POSE], method="LM2"), O, r"unknown IK method 'LM2'.*ccd"),
    ("secondary on ccd", ik(PANDA, POSE, method="ccd", secondary=[rk.objectives.Posture(Q7)]), N,
     r"method 'ccd' does not take secondary objectives; use 'pinv', 'dls' or 'lm'"),
    ("secondary on jt batch", batch(PANDA, [POSE], method="jt", secondary=[rk.objectives.JointLimits()]), N,
     r"'jt' does not take secondary"),
    # ---- q0 --------------------------------------------------------------------------------
    ("q0 too short", ik(PANDA, POSE, q0=np.zeros(6)), T, r"q0 must have shape \(7,\) for this 7-joint robot, got shape \(6,\)"),
    ("q0 a row", ik(PANDA, POSE, q0=np.zeros((1, 7))), T, r"q0 must have shape \(7,\).*got shape \(1, 7\)"),
    ("q0 scalar", ik(PANDA, POSE, q0=0.0), T, r"q0 must have shape \(7,\).*got shape \(\)"),
    ("q0 NaN", ik(PANDA, POSE, q0=[0, 0, 0, np.nan, 0, 0, 0]), T, r"q0 contains NaN or inf"),
    ("q0 inf", ik(PANDA, POSE, q0=[np.inf] * 7), T, r"q0 contains NaN or inf"),
    ("q0 string", ik(PANDA, POSE, q0="zeros"), T, r"q0 must be numeric, got 'zeros'"),
    ("q0 complex", ik(PANDA, POSE, q0=np.zeros(7, dtype=complex)), T, r"q0 must be real"),
    ("batch q0 rows", batch(PANDA, np.stack([POSE] * 3), q0=np.zeros((2, 7))), T,
     r"q0 has 2 rows for 3 targets; give one start per target, shape \(3, 7\)"),
    ("batch q0 width", batch(PANDA, np.stack([POSE] * 3), q0=np.zeros((3, 6))), T,
     r"q0 must have shape \(7,\) or \(N, 7\) for this 7-joint robot, got shape \(3, 6\)"),
    ("batch q0 3-D", batch(PANDA, [POSE], q0=np.zeros((1, 1, 7))), T, r"got shape \(1, 1, 7\)"),
    ("batch q0 NaN row", batch(PANDA, [POSE, POSE], q0=[Q7, Q7 * np.nan]), T, r"q0 contains NaN"),
    # ---- other ik arguments ------------------------------------------------------------------
    ("seed string", ik(PANDA, POSE, seed="42"), O, r"seed must be an integer or None, got '42'"),
    ("seed float", ik(PANDA, POSE, seed=1.5), O, r"seed must be an integer or None, got 1.5"),
    ("seed bool", ik(PANDA, POSE, seed=True), O, r"seed must be an integer or None, got True"),
    ("batch seed float", batch(PANDA, [POSE], seed=0.5), O, r"seed must be an integer"),
    ("joint_limits string", ik(PANDA, POSE, joint_limits="no"), O, r"joint_limits must be True or False, got 'no'"),
    ("joint_limits None", batch(PANDA, [POSE], joint_limits=None), O, r"joint_limits must be True or False"),
    ("trace string", ik(PANDA, POSE, trace="yes"), O, r"trace must be True or False, got 'yes'"),
    ("progress string", batch(PANDA, [POSE], progress="yes"), O, r"progress must be True or False"),
    ("chunk_size zero", batch(PANDA, [POSE], chunk_size=0), O, r"chunk_size must be a positive integer, got 0"),
    ("chunk_size string", batch(PANDA, [POSE], chunk_size="64"), O, r"chunk_size must be a positive integer, got '64'"),
    ("chunk_size float", batch(PANDA, [POSE], chunk_size=64.0), O, r"chunk_size must be a positive integer"),
    ("secondary one objective", ik(PANDA, POSE, secondary=rk.objectives.JointLimits()), T,
     r"secondary must be a list of reachkit.objectives.*wrap a single one as secondary=\[objective\]"),
    ("secondary strings", ik(PANDA, POSE, secondary=["posture"]), T,
     r"secondary objectives must be reachkit.objectives.\* instances, got 'posture'"),
    ("secondary a string", ik(PANDA, POSE, secondary="posture"), T, r"secondary must be a list"),
    ("posture of wrong length", ik(PANDA, POSE, method="pinv", secondary=[rk.objectives.Posture(np.zeros(6))]), T,
     r"Posture q_rest must have shape \(7,\) for this 7-joint robot, got shape \(6,\)"),
    # ---- options: types ----------------------------------------------------------------------
    ("unknown option", option(tol=1e-3), O, r"unknown IK option\(s\) \['tol'\]; known options: .*position_tolerance"),
    ("two unknown options", option(iters=5, restarts=1), O, r"\['iters', 'restarts'\]"),
    ("max_iterations string", option(max_iterations="50"), O, r"max_iterations must be an integer in \[1, 2147483647\], got '50'"),
    ("max_iterations bool", option(max_iterations=True), O, r"max_iterations must be an integer.*got True"),
    ("max_iterations float", option(max_iterations=50.0), O, r"max_iterations must be an integer.*got 50.0"),
    ("max_iterations NaN", option(max_iterations=np.nan), O, r"max_iterations must be an integer.*got nan"),
    ("max_iterations zero", option(max_iterations=0), O, r"max_iterations must be an integer in \[1,"),
    ("max_iterations negative", option(max_iterations=-5), O, r"max_iterations.*got -5"),
    ("max_iterations huge", option(max_iterations=10**12), O, r"max_iterations must be an integer in \[1, 2147483647\]"),
    ("max_restarts negative", option(max_restarts=-1), O, r"max_restarts must be an integer in \[0,"),
    ("max_restarts bool", option(max_restarts=False), O, r"max_restarts must be an integer.*got False"),
    ("max_restarts string", option(max_restarts="3"), O, r"max_restarts must be an integer"),
    ("stall_window zero", option(stall_window=0), O, r"stall_window must be an integer in \[1,"),
    ("position_tolerance string", option(position_tolerance="1e-3"), O,
     r"position_tolerance must be a positive finite number, got '1e-3'"),
    ("position_tolerance bool", option(position_tolerance=True), O, r"position_tolerance must be a positive finite number, got True"),
    ("position_tolerance negative", option(position_tolerance=-1e-6), O, r"position_tolerance must be a positive"),
    ("position_tolerance zero", option(position_tolerance=0.0), O, r"position_tolerance must be a positive"),
    ("position_tolerance NaN", option(position_tolerance=np.nan), O, r"position_tolerance.*got nan"),
    ("position_tolerance inf", option(position_tolerance=np.inf), O, r"position_tolerance must be a positive finite number, got inf"),
    ("rotation_tolerance list", option(rotation_tolerance=[1e-3]), O, r"rotation_tolerance must be a positive finite number, got \[0.001\]"),
    ("gain inf", option(gain=math.inf), O, r"gain must be a positive finite number"),
    ("gain negative", option(method="pinv", gain=-0.5), O, r"gain must be a positive"),
    ("lm_lambda NaN", option(lm_lambda=math.nan), O, r"lm_lambda must be a positive finite number"),
    ("lm_lambda string", option(lm_lambda="auto"), O, r"lm_lambda must be a positive finite number, got 'auto'"),
    ("max_step zero", option(max_step=0.0), O, r"max_step must be a positive number, got 0.0"),
    ("max_step NaN", option(max_step=np.nan), O, r"max_step must be a positive number"),
    ("time_limit zero", option(time_limit=0), O, r"time_limit must be a positive number, got 0"),
    ("time_limit negative", option(time_limit=-1.0), O, r"time_limit must be a positive number"),
    ("time_limit string", option(time_limit="1s"), O, r"time_limit must be a positive number, got '1s'"),
    ("time_limit NaN", batch(PANDA, [POSE], time_limit=np.nan), O, r"time_limit must be a positive number, got nan"),
    ("fd_step zero", option(method="fd", fd_step=0.0), O, r"fd_step must be a positive finite number"),
    ("dls_sigma_eps negative", option(method="dls", dls_sigma_eps=-0.1), O, r"dls_sigma_eps must be a positive finite number"),
    ("dls_mu_max negative", option(method="dls", dls_mu_max=-0.1), O, r"dls_mu_max must be a non-negative finite number, got -0.1"),
    ("dls_mu_max inf", option(method="dls", dls_mu_max=np.inf), O, r"dls_mu_max must be a non-negative finite number"),
    ("dls_mu_max bool", option(method="dls", dls_mu_max=True), O, r"dls_mu_max must be a non-negative finite number, got True"),
    ("rcond one", option(method="pinv", rcond=1.0), O, r"rcond must be a number in \(0, 1\), got 1.0"),
    ("rcond zero", option(method="pinv", rcond=0), O, r"rcond must be a number in \(0, 1\)"),
    ("rcond string", option(method="pinv", rcond="1e-10"), O, r"rcond must be a number in \(0, 1\)"),
    ("stall_ratio above one", option(stall_ratio=1.5), O, r"stall_ratio must be in \(0, 1\], got 1.5"),
    ("stall_ratio string", option(stall_ratio="x"), O, r"stall_ratio must be in \(0, 1\], got 'x'"),
    ("stall_ratio bool", option(stall_ratio=True), O, r"stall_ratio must be in \(0, 1\], got True"),
    ("stall_ratio NaN", option(stall_ratio=np.nan), O, r"stall_ratio must be in \(0, 1\], got nan"),
    ("lm_variant unknown", option(lm_variant="marquardt"), O,
     r"lm_variant must be one of \['chan', 'sugihara', 'wampler'\], got 'marquardt'"),
    ("lm_variant list", option(lm_variant=["chan"]), O, r"lm_variant must be one of .*got \['chan'\]"),
    ("lm_variant None", option(lm_variant=None), O, r"lm_variant must be one of"),
    ("position_tolerance None", option(position_tolerance=None), O, r"position_tolerance must be a positive finite number, got None"),
    ("fd_step None", option(method="fd", fd_step=None), O, r"fd_step must be a positive finite number, got None"),
    ("dls_mu_max None", option(method="dls", dls_mu_max=None), O, r"dls_mu_max must be a non-negative finite number, got None"),
    ("IKOptions directly", lambda: rk.IKOptions(max_iterations="5"), O, r"max_iterations must be an integer"),
    ("batch bad option", batch(PANDA, [POSE], max_restarts=-2), O, r"max_restarts must be an integer in \[0,"),
    # ---- ik_batch targets ------------------------------------------------------------------
    ("batch targets None", batch(PANDA, None), T, r"targets must be an \(N, 4, 4\) array of poses or a list of Targets, got NoneType"),
    ("batch targets number", batch(PANDA, 5), T, r"targets must be an \(N, 4, 4\) array.*got int"),
    ("batch targets string", batch(PANDA, "poses.npy"), T, r"targets must be an \(N, 4, 4\) array.*got str"),
    ("batch one Target", batch(PANDA, rk.Target(POSE)), T, r"targets must be .* a list of Targets, got Target"),
    ("batch one pose", batch(PANDA, POSE), T, r"got an array of shape \(4, 4\); for one pose use reachkit.ik"),
    ("batch 4-D poses", batch(PANDA, np.zeros((2, 1, 4, 4))), T, r"got an array of shape \(2, 1, 4, 4\)"),
    ("batch (N, 4, 3)", batch(PANDA, np.zeros((2, 4, 3))), T, r"targets must be a homogeneous transform of shape \(4, 4\) or \(N, 4, 4\)"),
    ("batch NaN pose", batch(PANDA, np.stack([POSE, POSE * np.nan])), T, r"targets\[1\] contains NaN or inf"),
    ("batch bad rotation", batch(PANDA, np.stack([POSE, POSE, NEARLY])), T, r"targets\[2\]: the 3x3 block is not a rotation"),
    ("batch bottom row", batch(PANDA, np.stack([BOTTOM])), T, r"targets\[0\]: the bottom row must be"),
    ("batch list with junk", batch(PANDA, [POSE, "x"]), T, r"a target must be a reachkit.Target"),
    ("batch list with NaN", batch(PANDA, [rk.Target(POSE), np.full((4, 4), np.nan)]), T, r"target pose contains NaN"),
    # ---- Target ----------------------------------------------------------------------------
    ("Target mask short", lambda: rk.Target(POSE, mask=[1, 1, 1]), T, r"mask must have 6 entries over \(x y z rx ry rz\), got 3"),
    ("Target mask long", lambda: rk.Target(POSE, mask=[1] * 7), T, r"mask must have 6 entries.*got 7"),
    ("Target mask zeros", lambda: rk.Target(POSE, mask=[0] * 6), T, r"nothing to reach: enable at least one"),
    ("Target mask halves", lambda: rk.Target(POSE, mask=[0.5] * 6), T, r"mask entries must be 0 or 1"),
    ("Target mask bools", lambda: rk.Target(POSE, mask=[True] * 3 + [False] * 3).mask.tolist() == [1, 1, 1, 0, 0, 0]
     and rk.Target(POSE, mask=[2] * 6), T, r"mask entries must be 0 or 1"),
    ("Target mask NaN", lambda: rk.Target(POSE, mask=[np.nan] + [1] * 5), T, r"mask entries must be finite non-negative numbers"),
    ("Target mask words", lambda: rk.Target(POSE, mask=["x", "y", "z", "", "", ""]), T, r"mask must be 6 numbers"),
    ("Target weights zero on the mask", lambda: rk.Target(POSE, mask=[1, 1, 1, 0, 0, 0], weights=[0, 0, 0, 1, 1, 1]), T,
     r"the mask and weights leave nothing to reach"),
    ("Target weights negative", lambda: rk.Target(POSE, weights=[1, 1, 1, 1, 1, -1]), T, r"weights entries must be finite non-negative"),
    ("Target weights inf", lambda: rk.Target(POSE, weights=[np.inf] * 6), T, r"weights entries must be finite non-negative numbers"),
    ("Target weights length", lambda: rk.Target(POSE, weights=[1.0] * 3), T, r"weights must have 6 entries"),
    ("Target tolerances NaN", lambda: rk.Target(POSE, tolerances=[np.nan] * 6), T, r"tolerances entries must be non-negative numbers"),
    ("Target tolerances negative", lambda: rk.Target(POSE, tolerances=[-1e-3] * 6), T, r"tolerances entries must be non-negative"),
    ("Target pose 3x4", lambda: rk.Target(np.eye(4)[:3]), T, r"shape \(4, 4\), got shape \(3, 4\)"),
    ("Target pose NaN", lambda: rk.Target(np.full((4, 4), np.nan)), T, r"target pose contains NaN or inf"),
    ("Target pose not rotation", lambda: rk.Target(np.diag([1.0, 2.0, 1.0, 1.0])), T, ROTATION_HINT),
    ("position two numbers", lambda: rk.Target.position([0.3, 0.2]), T, r"a position target \(x, y, z\) must be 3 numbers, got 2"),
    ("position NaN", lambda: rk.Target.position([0.3, np.nan, 0.2]), T, r"position contains NaN or inf"),
    ("position inf", lambda: rk.Target.position([np.inf, 0, 0]), T, r"position contains NaN or inf"),
    ("position string", lambda: rk.Target.position("0 0 1"), T, r"must be 3 numbers, got '0 0 1'"),
    ("position a pose", lambda: rk.Target.position(POSE), T, r"must be 3 numbers, got 16"),
    ("position weights zero", lambda: rk.Target.position([0, 0, 1], weights=[0, 0, 0]), T, r"nothing to reach"),
    ("position weights length", lambda: rk.Target.position([0, 0, 1], weights=[1, 1]), T, r"position weights must be 3 numbers, got 2"),
    ("position weights NaN", lambda: rk.Target.position([0, 0, 1], weights=[1, np.nan, 1]), T, r"weights entries must be finite"),
    ("planar NaN", lambda: rk.Target.planar(np.nan, 1.0), T, r"planar target \(x, y\) contains NaN or inf"),
    ("planar string", lambda: rk.Target.planar("1", 1.0), T, r"planar target x must be a number, got '1'"),
    ("planar list", lambda: rk.Target.planar([1.0, 2.0], 1.0), T, r"planar target x must be a number, got \[1.0, 2.0\]"),
    ("planar y None", lambda: rk.Target.planar(1.0, None), T, r"planar target y must be a number, got None"),
    ("planar phi string", lambda: rk.Target.planar(1.0, 1.0, phi="90deg"), T, r"tool angle phi must be a number, got '90deg'"),
    ("planar phi inf", lambda: rk.Target.planar(1.0, 1.0, phi=np.inf), T, r"tool angle phi contains NaN or inf"),
    ("planar phi bool", lambda: rk.Target.planar(1.0, 1.0, phi=True), T, r"tool angle phi must be a number, got True"),
    # ---- Robot.from_dh and DH rows ----------------------------------------------------------
    ("from_dh one row", lambda: rk.Robot.from_dh(rk.DH(a=1.0)), M, r"rows must be a list of reachkit.DH rows, got DH"),
    ("from_dh a number", lambda: rk.Robot.from_dh(3), M, r"rows must be a list of reachkit.DH rows, got int"),
    ("from_dh a string", lambda: rk.Robot.from_dh("RRR"), M, r"rows must be a list of reachkit.DH rows, got str"),
    ("from_dh dicts", lambda: rk.Robot.from_dh([{"a": 1.0}]), M, r"DH row 0 must be a reachkit.DH, got dict"),
    ("DH a None", lambda: rk.Robot.from_dh([rk.DH(a=None)]), M, r"DH row 0: a must be a finite number, got None"),
    ("DH alpha complex", lambda: rk.Robot.from_dh([rk.DH(alpha=1j)]), M, r"alpha must be a finite number, got 1j"),
    ("DH d inf", lambda: rk.Robot.from_dh([rk.DH(), rk.DH(), rk.DH(d=-np.inf)]), M, r"DH row 2: d must be a finite number, got -inf"),
    ("DH prismatic string", lambda: rk.Robot.from_dh([rk.DH(prismatic="yes")]), M, r"DH row 0: prismatic must be True or False, got 'yes'"),
    ("DH prismatic theta variable", lambda: rk.Robot.from_dh([rk.DH(prismatic=True, d=0.5)]), M, r"put the constant 0.5 in offset"),
    ("DH qlim strings", lambda: rk.Robot.from_dh([rk.DH(qlim=("a", "b"))]), M, r"DH row 0: qlim must be \(lower, upper\), got \('a', 'b'\)"),
    ("DH qlim scalar", lambda: rk.Robot.from_dh([rk.DH(qlim=1.0)]), M, r"qlim must be \(lower, upper\), got 1.0"),
    ("DH qlim reversed", lambda: rk.Robot.from_dh([rk.DH(), rk.DH(qlim=(2.0, -2.0))]), M, r"DH row 1: lower limit 2.0 is above upper limit -2.0"),
    ("limits strings", lambda: rk.Robot.from_dh([rk.DH()], limits=[["a"], ["b"]]), M, r"limits must be a \(2, 1\) array of numbers"),
    ("limits ragged", lambda: rk.Robot.from_dh([rk.DH(), rk.DH()], limits=[[0.0], [1.0, 2.0]]), M, r"limits must be a \(2, 2\) array of numbers"),
    ("limits transposed", lambda: rk.Robot.from_dh([rk.DH()] * 3, limits=np.zeros((3, 2))), M, r"limits must be a \(2, 3\) array.*got shape \(3, 2\)"),
    ("limits both inf", lambda: rk.Robot.from_dh([rk.DH()], limits=[[np.inf], [np.inf]]), M,
     r"joint 'q1': limits \[inf, inf\] hold no finite value; use -inf for no lower limit"),
    ("limits both -inf", lambda: rk.Robot.from_dh([rk.DH(), rk.DH()], limits=[[0, -np.inf], [1, -np.inf]]), M,
     r"joint 'q2': limits \[-inf, -inf\] hold no finite value"),
    ("DH qlim both inf", lambda: rk.Robot.from_dh([rk.DH(qlim=(np.inf, np.inf))]), M, r"hold no finite value"),
    ("limits NaN", lambda: rk.Robot.from_dh([rk.DH()], limits=[[0.0], [np.nan]]), M, r"limits must be a \(2, 1\) array.*with NaN"),
    ("convention None", lambda: rk.Robot.from_dh([rk.DH()], convention=None), M, r"unknown DH convention None; use one of \('standard', 'modified'\)"),
    ("base scaled", lambda: rk.Robot.from_dh([rk.DH()], base=NEARLY), M, r"base: the 3x3 block is not a rotation.*re-orthonormalise"),
    ("base bottom row", lambda: rk.Robot.from_dh([rk.DH()], base=BOTTOM), M, r"base: the bottom row must be \[0, 0, 0, 1\]"),
    ("base string", lambda: rk.Robot.from_dh([rk.DH()], base="identity"), M, r"base must be numeric"),
    ("tool reflection", lambda: rk.Robot.from_dh([rk.DH()], tool=REFLECTION), M, r"tool: the 3x3 block is not a rotation"),
    ("tool inf", lambda: rk.Robot.from_dh([rk.DH()], tool=sp.translation(0, 0, np.inf)), M, r"tool contains NaN or inf"),
    ("Joint not rigid", lambda: Joint("j", "R", T_parent_joint=np.diag([2.0, 1.0, 1.0, 1.0])), M,
     r"joint 'j': T_parent_joint must be a finite rigid 4x4 transform.*not a rotation"),
    ("Joint link bottom row", lambda: Joint("j", "P", T_joint_link=BOTTOM), M, r"joint 'j': T_joint_link .*bottom row"),
    ("Joint axis words", lambda: Joint("j", "R", axis="z"), M, r"joint 'j': axis must be a non-zero 3-vector, got 'z'"),
    ("Joint limit string", lambda: Joint("j", "R", lower="-1"), M, r"joint 'j': offset and limits must be numbers"),
    ("Robot of DH rows", lambda: rk.Robot([rk.DH()]), M, r"joints must be reachkit.joint.Joint objects"),
    # ---- robot.fk / jacobian / frames / helpers ---------------------------------------------
    ("fk string", lambda: PANDA.fk("home"), T, r"q must be numeric, got 'home'"),
    ("fk None", lambda: PANDA.fk(None), T, r"q must have shape \(7,\) or \(N, 7\) for this 7-joint robot, got shape \(\)"),
    ("fk complex", lambda: PANDA.fk(np.zeros(7) + 1j), T, r"q must be real, got a complex array"),
    ("fk ragged", lambda: PANDA.fk([[0.0] * 7, [0.0] * 6]), T, r"q must be numeric"),
    ("fk batch NaN row", lambda: PANDA.fk(np.vstack([Q7, Q7 + np.nan])), T, r"q contains NaN or inf"),
    ("fk huge finite is fine, inf is not", lambda: PANDA.fk(np.full(7, 1e308)) is not None and PANDA.fk([np.inf] + [0.0] * 6), T,
     r"q contains NaN or inf"),
    ("jacobian frame body", lambda: PANDA.jacobian(Q7, frame="body"), O, r"frame must be 'world' or 'tool', got 'body'"),
    ("jacobian frame None", lambda: PANDA.jacobian(Q7, frame=None), O, r"frame must be 'world' or 'tool', got None"),
    ("jacobian frame list", lambda: PANDA.jacobian(Q7, frame=["tool"]), O, r"frame must be 'world' or 'tool'"),
    ("jacobian batch NaN", lambda: PANDA.jacobian(np.full((2, 7), np.nan)), T, r"q contains NaN or inf"),
    ("jacobian 3-D", lambda: PANDA.jacobian(np.zeros((2, 2, 7))), T, r"got shape \(2, 2, 7\)"),
    ("frames batch", lambda: PANDA.frames(np.zeros((3, 7))), T, r"q must have shape \(7,\) for this 7-joint robot, got shape \(3, 7\)"),
    ("frames inf", lambda: PANDA.frames([0.0] * 6 + [-np.inf]), T, r"q contains NaN or inf"),
    ("within_limits tolerance", lambda: PANDA.within_limits(Q7, tolerance=-1.0), O, r"tolerance must be a non-negative number, got -1.0"),
    ("random_q negative", lambda: PANDA.random_q(-1), O, r"n must be a non-negative integer or None, got -1"),
    ("random_q string", lambda: PANDA.random_q("10"), O, r"n must be a non-negative integer or None, got '10'"),
    ("random_q bad seed", lambda: PANDA.random_q(3, seed=-5), O, r"seed must be a non-negative integer, a numpy Generator or None"),
    # ---- models ----------------------------------------------------------------------------
    ("load unknown", lambda: rk.models.load("franka"), M, r"unknown model 'franka'; built-in models are: iiwa14, panda"),
    ("load None", lambda: rk.models.load(None), M, r"unknown model None"),
    ("load a robot", lambda: rk.models.load(PANDA), M, r"unknown model Robot\(name='panda'"),
    ("planar empty array", lambda: rk.models.planar(np.array([])), M, r"at least one link length"),
    ("planar scalar", lambda: rk.models.planar(1.0), M, r"lengths must be a list of link lengths in metres, got 1.0"),
    ("planar lengths string", lambda: rk.models.planar("1 1"), M, r"lengths must be a list of link lengths"),
    ("planar 2-D array", lambda: rk.models.planar(np.ones((2, 2))), M, r"lengths must be a list of link lengths"),
    ("planar bool length", lambda: rk.models.planar([1.0, True]), M, r"link length 1 must be a positive number of metres, got True"),
    ("planar zero length", lambda: rk.models.planar(np.array([1, 0])), M, r"link length 1 must be a positive number of metres, got np.int64\(0\)"),
    ("planar inf length", lambda: rk.models.planar([np.inf]), M, r"link length 0 must be a positive number"),
    # ---- URDF ------------------------------------------------------------------------------
    ("urdf missing file", lambda: rk.Robot.from_urdf("/no/such/arm.urdf"), M, r"no URDF file at '/no/such/arm.urdf'"),
    ("urdf a number", lambda: rk.Robot.from_urdf(42), M, r"a URDF source must be a file path or XML text, got int"),
    ("urdf unknown tip", lambda: rk.Robot.from_urdf(TWO_LINK_URDF, tip_link="hand"), M,
     r"tip_link 'hand' is not a link of this URDF \(links: a, b\)"),
    ("urdf tip above base", lambda: rk.Robot.from_urdf(TWO_LINK_URDF, base_link="b", tip_link="a"), M,
     r"tip link 'a' is not below base link 'b'"),
    ("urdf NaN limit", lambda: rk.Robot.from_urdf(TWO_LINK_URDF.replace('lower="-1"', 'lower="nan"')), M,
     r"joint 'j1': <limit> lower must be a number"),
    ("urdf reversed limit", lambda: rk.Robot.from_urdf(TWO_LINK_URDF.replace('lower="-1"', 'lower="2"')), M,
     r"joint 'j1': <limit> lower 2.0 is above upper 1.0"),
    ("urdf NaN axis", lambda: rk.Robot.from_urdf(TWO_LINK_URDF.replace('xyz="0 0 1"', 'xyz="0 nan 1"')), M,
     r"joint 'j1': <axis> xyz must be 3 finite numbers"),
    # ---- spatial helpers named in error messages ---------------------------------------------
    ("axis_angle zero axis", lambda: sp.axis_angle_to_matrix([0, 0, 0], 1.0), T, r"rotation axis must be a finite non-zero 3-vector"),
    ("axis_angle NaN axis", lambda: sp.axis_angle_to_matrix([0, np.nan, 1], 1.0), T, r"rotation axis must be a finite non-zero"),
    ("orthonormalize NaN", lambda: sp.orthonormalize(np.full((3, 3), np.nan)), T, r"cannot orthonormalise a matrix with NaN or inf"),
    ("orthonormalize 4x4", lambda: sp.orthonormalize(np.eye(4)), T, r"R must have shape \(3, 3\), got shape \(4, 4\)"),
    # ---- objectives --------------------------------------------------------------------------
    ("objective weight negative", lambda: rk.objectives.JointLimits(weight=-1.0), T, r"JointLimits: weight must be a non-negative number, got -1.0"),
    ("objective weight NaN", lambda: rk.objectives.Manipulability(weight=np.nan) if hasattr(rk.objectives, "Manipulability")
     else rk.objectives.JointLimits(weight=np.nan), T, r"weight must be a non-negative number, got nan"),
    ("objective weight inf", lambda: rk.objectives.JointLimits(weight=np.inf), T, r"weight must be a non-negative number, got inf"),
    ("objective weight string", lambda: rk.objectives.Posture(Q7, weight="high"), T, r"Posture: weight must be a non-negative number, got 'high'"),
    ("objective weight bool", lambda: rk.objectives.JointLimits(weight=True), T, r"weight must be a non-negative number, got True"),
    ("posture string", lambda: rk.objectives.Posture("rest"), T, r"Posture q_rest must be numeric, got 'rest'"),
    ("posture NaN", lambda: rk.objectives.Posture([0.0, np.nan]), T, r"Posture: q_rest contains NaN or inf"),
    ("orientation string", lambda: rk.objectives.Orientation("up"), T, r"Orientation: phi must be a finite angle in radians, got 'up'"),
    ("orientation inf", lambda: rk.objectives.Orientation(np.inf), T, r"Orientation: phi must be a finite angle"),
    ("objective value robot string", lambda: rk.objectives.JointLimits().value("panda", Q7), M, r"expected a reachkit.Robot, got str"),
    ("objective value wrong q", lambda: rk.objectives.JointLimits().value(PANDA, np.zeros(3)), T, r"q must have shape \(7,\)"),
    ("objective gradient NaN q", lambda: rk.objectives.Posture(Q7).gradient(PANDA, Q7 * np.nan), T, r"q contains NaN or inf"),
]


@pytest.mark.filterwarnings("error::RuntimeWarning")
@pytest.mark.parametrize("call, error, pattern", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_raises_the_right_reachkit_error(call: Callable[[], Any], error: type, pattern: str) -> None:
    with pytest.raises(error, match=pattern) as info:
        call()
    assert isinstance(info.value, rk.ReachkitError)
    if error is not rk.NotSupportedError:
        assert isinstance(info.value, ValueError)  # ModelError, TargetError, OptionsError


def test_case_names_are_unique() -> None:
    names = [c[0] for c in CASES]
    assert len(names) == len(set(names))


# ---- inputs that look odd but are valid -------------------------------------------------
def test_empty_batches_return_empty_results() -> None:
    for targets in ([], (), np.empty((0, 4, 4))):
        for method in ("lm", "ccd"):
            out = rk.ik_batch(PANDA, targets, method=method)
            assert isinstance(out, rk.BatchResult) and len(out) == 0
            assert out.q.shape == (0, 7) and out.success.shape == (0,) and out.success_rate == 0.0
            assert out.iterations.shape == out.restarts.shape == out.position_error.shape == (0,)
    out = rk.ik_batch(PANDA, [], q0=Q7, time_limit=1.0)
    assert len(out) == 0 and "n=0" in repr(out)
    out = rk.ik_batch(PANDA, np.empty((0, 4, 4)), q0=np.empty((0, 7)))
    assert len(out) == 0


def test_numpy_scalars_and_integer_arrays_are_accepted() -> None:
    robot = rk.models.planar(np.array([1, 2]))  # NumPy integers
    assert robot.dof == 2 and np.allclose(robot.fk([0, 0])[:3, 3], [3.0, 0.0, 0.0])
    assert rk.models.planar(np.array([1.0, 0.5], dtype=np.float32)).dof == 2
    # A pose of a configuration inside the limits (POSE's q = 0 is outside joint 4's range).
    reachable = PANDA.fk(PANDA.random_q(1, seed=3)[0])
    res = rk.ik(PANDA, reachable.astype(np.float32).astype(np.float64), max_iterations=np.int64(100),
                max_restarts=np.int32(3), position_tolerance=np.float32(1e-5), seed=np.uint32(7))
    assert res.success
    assert rk.ik(PLANAR, np.eye(4, dtype=int), method="ccd").q.shape == (2,)
    assert rk.ik(PLANAR, rk.Target.planar(np.float32(1.0), np.int64(1), phi=np.float64(0.5))).q.shape == (2,)
    rk.objectives.JointLimits(weight=np.float32(0.5))
    rk.objectives.Orientation(np.int64(1))
    assert rk.Robot.from_dh([rk.DH(prismatic=np.bool_(True), qlim=np.array([0, 1]))]).joint_types == ["P"]


def test_q0_outside_the_limits_is_moved_inside_and_noted() -> None:
    q0 = PANDA.limits[1] + 0.5
    res = rk.ik(PANDA, POSE, q0=q0)
    assert res.success and PANDA.within_limits(res.q)
    assert any("q0 was outside the joint limits" in note for note in res.notes)
    out = rk.ik_batch(PANDA, [POSE, POSE], q0=[q0, Q7])
    assert out.success.all() and any("q0" in note for note in out.notes)
    inside = PANDA.limits.mean(axis=0)
    assert rk.ik_batch(PANDA, [POSE], q0=inside).notes == () and rk.ik(PANDA, POSE, q0=inside).notes == ()
    assert rk.ik(PANDA, POSE, q0=q0, joint_limits=False).notes == ()
    assert "moved inside" in rk.ik.__doc__ and "result.notes" in rk.ik.__doc__


def test_option_errors_do_not_depend_on_the_settings_cache() -> None:
    # 1 == True and hash(1) == hash(True): a cache keyed on values alone let True through.
    rk.ik(PANDA, POSE, max_iterations=1)
    with pytest.raises(rk.OptionsError, match="max_iterations"):
        rk.ik(PANDA, POSE, max_iterations=True)
    rk.ik(PANDA, POSE, stall_ratio=1)
    with pytest.raises(rk.OptionsError, match="stall_ratio"):
        rk.ik(PANDA, POSE, stall_ratio=True)


@pytest.mark.filterwarnings("error::RuntimeWarning")  # no overflow warning from the fast finite check
def test_fast_finite_check_finds_every_non_finite_entry() -> None:
    for dof in (1, 2, 7, 30, 64, 65):
        robot = rk.Robot.from_dh([rk.DH(a=0.1)] * dof)
        robot.fk(np.full(dof, 1e308))  # huge but finite: accepted
        robot.fk(np.full((3, dof), -1e308))
        for bad in (np.nan, np.inf, -np.inf):
            for i in range(dof):
                q = np.full(dof, 1e300)
                q[i] = bad
                with pytest.raises(rk.TargetError, match="NaN or inf"):
                    robot.fk(q)
                with pytest.raises(rk.TargetError, match="NaN or inf"):
                    robot.jacobian(np.vstack([np.zeros(dof), q]))


# ---- fuzzing: odd values anywhere raise only reachkit errors -----------------------------
from hypothesis import given, settings
from hypothesis import strategies as st

ODD_VALUES = st.one_of(
    st.sampled_from([None, True, False, "", "1", "lm", b"x", [], [1.0], (1, 2), {}, 1j, object(),
                     np.nan, np.inf, -np.inf, 0, -1, 0.0, -0.0, 1e-300, 1e300, 2**31, 2**63, -(2**40),
                     np.float32(0.5), np.int64(3), np.bool_(True), np.array(1.0), np.zeros(3)]),
    st.integers(-10, 10**12), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=3),
)
OPTION_NAMES = sorted(f.name for f in __import__("dataclasses").fields(rk.IKOptions))


@pytest.mark.filterwarnings("error::RuntimeWarning")
@settings(max_examples=300, deadline=None, derandomize=True)
@given(name=st.sampled_from(OPTION_NAMES), value=ODD_VALUES, method=st.sampled_from(["lm", "jt", "ccd"]))
def test_any_option_value_solves_or_raises_options_error(name: str, value: Any, method: str) -> None:
    options = {"max_restarts": 1, "max_iterations": 50, name: value}
    try:
        res = rk.ik(PLANAR, rk.Target.planar(1.2, 0.5), method=method, **options)
    except rk.OptionsError as exc:
        assert name in str(exc)
        return
    assert np.all(np.isfinite(res.q)) and math.isfinite(res.position_error)


@pytest.mark.filterwarnings("error::RuntimeWarning")
@settings(max_examples=300, deadline=None, derandomize=True)
@given(argument=st.sampled_from(["robot", "target", "method", "q0", "seed", "joint_limits",
                                 "trace", "secondary"]),
       value=ODD_VALUES, batch_call=st.booleans())
def test_any_argument_value_solves_or_raises_a_reachkit_error(argument: str, value: Any, batch_call: bool) -> None:
    call = dict(robot=PLANAR, target=rk.Target.planar(1.2, 0.5), max_restarts=1)
    if batch_call:
        call["targets"] = [call.pop("target")]
        if argument == "target":
            argument = "targets"
        if argument == "trace":
            argument = "progress"
    call[argument] = value
    try:
        out = (rk.ik_batch if batch_call else rk.ik)(**call)
    except rk.ReachkitError:
        return
    assert np.all(np.isfinite(out.q))


@pytest.mark.filterwarnings("error::RuntimeWarning")
@settings(max_examples=300, deadline=None, derandomize=True)
@given(field=st.sampled_from(["d", "a", "alpha", "theta", "offset", "prismatic", "qlim",
                              "convention", "limits", "base", "tool"]),
       value=ODD_VALUES)
def test_any_model_value_builds_or_raises_model_error(field: str, value: Any) -> None:
    row_fields = {"d", "a", "alpha", "theta", "offset", "prismatic", "qlim"}
    row = rk.DH(**{field: value}) if field in row_fields else rk.DH(a=0.5)
    kwargs = {} if field in row_fields else {field: value}
    try:
        robot = rk.Robot.from_dh([row, rk.DH(a=0.3)], **kwargs)
    except rk.ModelError:
        return
    T = robot.fk(np.zeros(2))
    assert np.all(np.isfinite(T)) and np.array_equal(T[3], [0, 0, 0, 1])


@pytest.mark.filterwarnings("error::RuntimeWarning")
@settings(max_examples=300, deadline=None, derandomize=True)
@given(entry=st.sampled_from(["planar", "load", "Target", "mask", "weights", "tolerances",
                              "position", "planar_target", "fk", "jacobian", "frames", "frame",
                              "Posture", "Orientation", "weight"]),
       value=ODD_VALUES)
def test_any_value_at_other_entries_raises_only_reachkit_errors(entry: str, value: Any) -> None:
    calls = {
        "planar": lambda: rk.models.planar(value),
        "load": lambda: rk.models.load(value),
        "Target": lambda: rk.Target(value),
        "mask": lambda: rk.Target(POSE, mask=value),
        "weights": lambda: rk.Target(POSE, weights=value),
        "tolerances": lambda: rk.Target(POSE, tolerances=value),
        "position": lambda: rk.Target.position(value),
        "planar_target": lambda: rk.Target.planar(value, 0.5, phi=value),
        "fk": lambda: PLANAR.fk(value),
        "jacobian": lambda: PLANAR.jacobian(value),
        "frames": lambda: PLANAR.frames(value),
        "frame": lambda: PLANAR.jacobian([0.1, 0.2], frame=value),
        "Posture": lambda: rk.objectives.Posture(value).params(PLANAR),
        "Orientation": lambda: rk.objectives.Orientation(value),
        "weight": lambda: rk.objectives.JointLimits(weight=value),
    }
    try:
        result = calls[entry]()
    except rk.ReachkitError:
        return
    if isinstance(result, np.ndarray):
        assert np.all(np.isfinite(result))
