"""The command line fixes of issue 22, as a user meets them: chains in model files
(--base-link, --tip-link), planar targets (--planar), solve times without start-up,
reasons for unreachable targets, usage errors with exit code 2, install hints."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from cli_checks import run_cli as run

import reachkit as rk

BRANCHING_URDF = """<?xml version="1.0"?>
<robot name="fork">
  <link name="base"/><link name="l1"/><link name="left"/><link name="right"/>
  <joint name="j1" type="revolute"><parent link="base"/><child link="l1"/>
    <axis xyz="0 0 1"/><limit lower="-3" upper="3"/></joint>
  <joint name="jl" type="revolute"><parent link="l1"/><child link="left"/>
    <origin xyz="1 0 0"/><axis xyz="0 0 1"/><limit lower="-3" upper="3"/></joint>
  <joint name="jr" type="revolute"><parent link="l1"/><child link="right"/>
    <origin xyz="0 1 0"/><axis xyz="0 0 1"/><limit lower="-3" upper="3"/></joint>
</robot>
"""

MJCF = """<mujoco><worldbody><body name="b1"><joint name="h1" type="hinge" axis="0 0 1"/>
  <geom type="capsule" fromto="0 0 0 1 0 0" size="0.05"/>
  <body name="b2" pos="1 0 0"><joint name="h2" type="hinge" axis="0 0 1"/>
    <geom type="capsule" fromto="0 0 0 0.5 0 0" size="0.05"/>
    <body name="tip" pos="0.5 0 0"/></body></body></worldbody></mujoco>
"""


@pytest.fixture()
def fork(tmp_path: Path) -> Path:
    path = tmp_path / "fork.urdf"
    path.write_text(BRANCHING_URDF)
    return path


# ---- chains in model files ------------------------------------------------------
def test_branching_urdf_says_which_option_to_pass(fork: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["show", str(fork)], capsys)
    assert code == 1 and "--tip-link" in err and "tip_link=" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("tip, xy", [("left", [1.0, 0.0]), ("right", [0.0, 1.0])])
def test_tip_link_chooses_the_chain(fork: Path, tip: str, xy: list[float],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["fk", str(fork), "0", "0", "--tip-link", tip, "--json"], capsys)
    assert code == 0
    assert np.allclose(json.loads(out)["position"][:2], xy, atol=1e-12)


def test_base_link_and_ik_on_a_file_chain(fork: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["show", str(fork), "--base-link", "l1", "--tip-link", "right", "--json"], capsys)
    assert code == 0 and json.loads(out)["dof"] == 1
    code, out, _ = run(["ik", str(fork), "--tip-link", "left", "--planar", "0", "1", "--json"], capsys)
    data = json.loads(out)
    robot = rk.Robot.from_urdf(str(fork), tip_link="left")
    assert code == 0 and data["success"]
    assert np.allclose(robot.fk(data["q"])[:2, 3], [0, 1], atol=1e-5)


def test_mjcf_file_with_a_tip_body(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("mujoco")
    path = tmp_path / "arm.xml"
    path.write_text(MJCF)
    code, out, _ = run(["fk", str(path), "0", "0", "--tip-link", "tip", "--json"], capsys)
    assert code == 0 and np.allclose(json.loads(out)["position"], [1.5, 0, 0], atol=1e-9)


def test_chain_options_on_a_built_in_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["show", "panda", "--tip-link", "link7"], capsys)
    assert code == 2 and "built-in" in err


# ---- planar targets ---------------------------------------------------------------
def test_planar_target_with_phi_is_reached(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["ik", "planar3r", "--planar", "1.2", "1.0", "0.5", "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["success"] and data["target_kind"] == "planar"
    T = rk.models.load("planar3r").fk(data["q"])
    assert np.allclose(T[:2, 3], [1.2, 1.0], atol=1e-5)
    assert np.arctan2(T[1, 0], T[0, 0]) == pytest.approx(0.5, abs=1e-5)


def test_planar_target_in_degrees_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["ik", "planar3r", "--planar", "1.2", "1.0", "30", "--deg"], capsys)
    assert code == 0 and "planar target (x, y, phi)" in out


def test_off_plane_pose_on_a_planar_arm_hints_at_planar(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["ik", "planar3r", "--pose", "1.2", "1.0", "0.5", "--json",
                        "--max-iterations", "20"], capsys)
    data = json.loads(out)
    assert code == 3 and not data["success"] and "--planar" in data["hint"]
    assert data["reason"].startswith("unreachable: the target lies 0.5 m off the plane z = 0")


@pytest.mark.parametrize("args, words", [
    (["ik", "planar3r", "--planar", "1"], "--planar takes X Y or X Y PHI"),
    (["ik", "planar3r", "--planar", "1", "2", "3", "4"], "--planar takes X Y or X Y PHI"),
    (["ik", "planar3r", "--planar", "1", "2", "--pose", "1", "2", "0"], "not allowed with"),
    (["ik", "planar3r"], "--planar X Y [PHI]"),
    (["ik", "puma560", "--pose", "1", "2"], "--planar"),
    (["ik", "puma560", "--pose", "0.4", "0", "0", "--tolerance", "-1"], "--tolerance: must be a positive"),
    (["ik", "puma560", "--pose", "0.4", "0", "0", "--max-iterations", "0"], "--max-iterations"),
    (["plot", "planar3r", "progress"], "--planar X Y [PHI]"),
])
def test_usage_errors_exit_2_in_one_line(args: list[str], words: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(args, capsys)
    assert code == 2, err
    assert words in err and len(err.strip().splitlines()) == 1
    assert "position_tolerance" not in err


# ---- timing ------------------------------------------------------------------------------
def test_solve_time_leaves_out_process_start_up(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["ik", "puma560", "--pose", "0.4", "0.2", "0.3", "0", "1.57", "0", "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["time_s"] <= data["first_call_s"]
    assert data["time_s"] < 5e-3  # a warm solve is microseconds; 5 ms leaves room for load
    code, out, _ = run(["ik", "puma560", "--pose", "0.4", "0.2", "0.3", "0", "1.57", "0"], capsys)
    assert "first call in this process" in out and " us " in out.split("solve ")[1][:12]


# ---- reasons --------------------------------------------------------------------------
def test_all_solutions_out_of_reach_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["ik", "puma560", "--pose", "5", "0", "0", "0", "0", "0", "--all-solutions",
                        "--json"], capsys)
    data = json.loads(out)
    assert code == 3 and data["count"] == 0
    reach = 0.4318 + np.hypot(0.0203, 0.15005) + 0.4318  # a2 + |(a3, d3)| + d4 of the DH table
    assert data["reason"] == ("unreachable: the target lies 5 m from the first joint, beyond the "
                              f"arm's reach of {reach:.4g} m")


def test_all_solutions_off_a_planar_arms_plane_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["ik", "planar3r", "--pose", "1.2", "1.0", "0.5", "0", "0", "0.3",
                        "--all-solutions"], capsys)
    assert code == 3 and "0 closed-form solution(s)" in out
    assert "(unreachable: the target lies 0.5 m off the plane z = 0 the arm moves in)" in out
    code, out, _ = run(["ik", "planar3r", "--pose", "1.2", "1.0", "0", "0.2", "0", "0.3",
                        "--all-solutions", "--json"], capsys)
    reason = json.loads(out)["reason"]
    assert code == 3 and reason.startswith("unreachable: the tool only turns about the world z axis")


def test_all_solutions_of_a_planar_target(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["ik", "planar3r", "--planar", "1.2", "1.0", "0.5", "--all-solutions",
                        "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["count"] == 2 and data["reason"] == "reached"
    robot = rk.models.load("planar3r")
    for sol in data["solutions"]:
        T = robot.fk(sol["q"])
        assert np.allclose(T[:2, 3], [1.2, 1.0], atol=1e-9)


def test_all_solutions_needs_an_orientation(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["ik", "puma560", "--pose", "0.4", "0", "0", "--all-solutions"], capsys)
    assert code == 2 and "full pose" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(["ik", "puma560", "--pose", "0.4", "0", "0", "0", "0", "0", "--all-solutions",
                        "--self-collision"], capsys)
    assert code == 2 and "--all-solutions does not take" in err


# ---- pictures of failed solves, hints, help ------------------------------------------
def test_plot_of_a_failed_solve_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    out_file = tmp_path / "p.png"
    code, out, _ = run(["plot", "planar2r", "progress", "--planar", "5", "0", "-o", str(out_file)], capsys)
    assert code == 3 and "NOT reached" in out and out_file.stat().st_size > 0
    code, out, _ = run(["plot", "planar3r", "progress", "--planar", "1.2", "1.0", "0.5",
                        "-o", str(out_file), "--json"], capsys)
    assert code == 0 and json.loads(out)["success"]


def test_install_hints_work_from_a_checkout() -> None:
    from reachkit.extras import install_hint
    from reachkit.plot.common import INSTALL_HINT

    assert install_hint("plot") == 'pip install matplotlib pillow (or, in a reachkit checkout, pip install ".[plot]")'
    assert INSTALL_HINT == install_hint("plot") and "reachkit[" not in INSTALL_HINT
    assert "viser" in install_hint("view")


def test_bench_help_shows_the_whole_description(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("reachkit.bench")
    code, out, _ = run(["bench", "--help"], capsys)
    assert code == 0 and "start-up, memory and scaling." in " ".join(out.split())


# ---- the README's first command ------------------------------------------------------
def _readme_first_command() -> str:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    return readme.split("```bash\n", 1)[1].splitlines()[0]


def test_readme_first_command_draws_the_promised_picture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    plt = pytest.importorskip("matplotlib.pyplot")
    assert _readme_first_command() == 'pip install ".[plot]" && reachkit demo'
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["demo"], capsys)
    picture = tmp_path / "reachkit-demo.png"
    assert code == 0 and "wrote reachkit-demo.png" in out
    pixels = plt.imread(picture)[..., :3]
    assert pixels.shape[1] > 3 * pixels.shape[0] and pixels.std() > 0.05  # five drawn panels


def test_readme_first_command_without_the_extra_says_how(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from reachkit.extras import install_hint

    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # a plain `pip install .`
    code, out, _ = run(["demo"], capsys)
    assert code == 0 and not (tmp_path / "reachkit-demo.png").exists()
    assert f"no picture: matplotlib is not installed ({install_hint('plot')})" in out
