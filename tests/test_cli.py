"""The `reachkit` command, run as a user would: `python -m reachkit ...` in a subprocess."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from cli_checks import run_cli
from package_path import IMPORTED_FROM

import reachkit as rk
from reachkit.cli import main


def reachkit_cmd(*args: str, cwd: Path | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": IMPORTED_FROM, "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, "-m", "reachkit", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=timeout)


def assert_clean_error(proc: subprocess.CompletedProcess[str], code: int, words: str) -> None:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert words in proc.stderr


def test_models_text_and_json() -> None:
    text = reachkit_cmd("models")
    assert text.returncode == 0 and "puma560" in text.stdout and "20 joints" in text.stdout
    data = json.loads(reachkit_cmd("models", "--json").stdout)
    assert {row["name"] for row in data} == set(rk.models.available())
    assert next(r for r in data if r["name"] == "scara")["joint_types"] == "RRPR"


def test_ik_full_pose_json_reaches_the_pose_by_fk() -> None:
    robot = rk.models.load("puma560")
    T_goal = robot.fk([0.3, -0.4, 0.2, 0.5, 0.6, -0.7])
    rpy = rk.spatial.matrix_to_rpy(T_goal[:3, :3])
    pose = [f"{v:.12f}" for v in (*T_goal[:3, 3], *rpy)]
    proc = reachkit_cmd("ik", "puma560", "--pose", *pose, "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["success"] and out["method"] == "lm" and out["full_pose"]
    T = robot.fk(out["q"])
    assert np.linalg.norm(T[:3, 3] - T_goal[:3, 3]) < 1e-5
    assert np.linalg.norm(rk.spatial.pose_error(T, T_goal)[3:]) < 1e-5


def test_ik_text_position_only_with_a_chosen_method() -> None:
    proc = reachkit_cmd("ik", "planar3r", "--pose", "1.2", "-1.5", "0", "--method", "dls", "--q0", "0", "0.1", "0.2")
    assert proc.returncode == 0, proc.stderr
    assert "target reached with dls" in proc.stdout and "position-only" in proc.stdout
    q = np.array(next(l for l in proc.stdout.splitlines() if l.startswith("q ")).split(":")[1].split(), float)
    assert np.allclose(rk.models.load("planar3r").fk(q)[:2, 3], [1.2, -1.5], atol=1e-5)


@pytest.mark.parametrize("args, code, words", [
    (["ik", "bogus", "--pose", "1", "2", "3"], 1, "unknown model 'bogus'"),
    (["ik", "puma560", "--pose", "nan", "0.2", "0.3"], 2, "NaN"),
    (["show", "no/such/arm.urdf"], 1, "no such model file"),
])
def test_errors_are_one_line_without_traceback(args: list[str], code: int, words: str, tmp_path: Path) -> None:
    assert_clean_error(reachkit_cmd(*args, cwd=tmp_path), code, words)


@pytest.mark.parametrize("args, code, words", [
    (["ik", "puma560", "--pose", "1", "2"], 2, "X Y Z"),
    (["ik", "puma560", "--pose", "1", "2", "3", "--method", "newton"], 2, "invalid choice"),
    (["fk", "puma560", "0", "0"], 2, "6 joints"),
    (["ik", "puma560", "--pose", "0.4", "0", "0", "--q0", "1"], 2, "give 6 joint values"),
    (["view", "puma560", "--method", "newton"], 2, "invalid choice: 'newton'"),
    (["reach", "planar2r", "--out", "m.npz", "--method", "newton"], 2, "invalid choice: 'newton'"),
    (["plot", "planar2r", "compare", "--planar", "1", "1", "--methods", "lm", "x"], 2,
     "invalid choice: 'x'"),
    (["warmup", "--jobs", "0"], 2, "--jobs/-j: must be a whole number of at least 1"),
    (["fk", "panda", "a"] + ["0"] * 6, 2, "invalid float"),
    (["frobnicate"], 2, "invalid choice"),
])
def test_more_errors_in_process(args: list[str], code: int, words: str, capsys: pytest.CaptureFixture[str]) -> None:
    result, _, err = run_cli(args, capsys)
    assert result == code and words in err and len(err.strip().splitlines()) == 1


def test_unreachable_target_exits_3_with_the_closest_answer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ik", "planar2r", "--pose", "5", "0", "0", "--json", "--max-iterations", "50"]) == 3
    out = json.loads(capsys.readouterr().out)
    assert not out["success"] and out["reason"].startswith("unreachable")
    assert out["position_error"] == pytest.approx(3.0, abs=1e-3)


def test_fk_and_show_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fk", "planar2r", "90", "-90", "--deg", "--json"]) == 0
    assert np.allclose(json.loads(capsys.readouterr().out)["position"], [1.0, 1.0, 0.0], atol=1e-12)
    assert main(["show", "panda", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["dof"] == 7 and shown["limits"]["lower"][3] == pytest.approx(-3.0718)
    assert main(["show", "ur5"]) == 0 and "ur5: 6 joints" in capsys.readouterr().out


def test_demo_prints_results_and_writes_a_picture(tmp_path: Path) -> None:
    proc = reachkit_cmd("demo", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for word in ("puma560", "planar3r", "jt", "dls", "ccd", "iter"):
        assert word in proc.stdout
    if importlib.util.find_spec("matplotlib"):
        assert "wrote reachkit-demo.png" in proc.stdout and (tmp_path / "reachkit-demo.png").stat().st_size > 0
    else:
        assert "pip install matplotlib pillow" in proc.stdout


def test_plot_command_writes_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "arm.png"
    assert main(["plot", "planar3r", "--q", "0.1", "0.2", "0.3", "-o", str(out)]) == 0
    assert out.stat().st_size > 0 and str(out) in capsys.readouterr().out
    assert main(["plot", "planar3r", "progress"]) == 2
    assert "--pose" in capsys.readouterr().err


def test_import_reachkit_does_not_load_matplotlib() -> None:
    code = "import sys, reachkit; assert 'matplotlib' not in sys.modules; print('ok')"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": IMPORTED_FROM}, timeout=60)
    assert proc.stdout.strip() == "ok", proc.stderr


def test_bench_hands_its_arguments_over(capsys: pytest.CaptureFixture[str]) -> None:
    try:
        importlib.import_module("reachkit.bench")
    except ImportError as exc:
        assert main(["bench"]) == 1 and "bench" in capsys.readouterr().err
        pytest.skip(f"reachkit.bench not available yet (branch bench): {exc}")
    assert main(["bench", "--help"]) == 0


def test_all_solutions_lists_closed_forms(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["ik", "puma560", "--pose", "0.4", "0.2", "0.3", "0", "1.57", "0", "--all-solutions", "--json"]
    try:
        importlib.import_module("reachkit.analytic")
    except ImportError as exc:
        assert main(args) == 1 and "not available" in capsys.readouterr().err
        pytest.skip(f"reachkit.analytic not available yet (branch analytic): {exc}")
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["count"] >= 1
    assert all(s["position_error"] < 1e-6 and s["rotation_error"] < 1e-6 for s in out["solutions"])


def test_all_solutions_of_a_7r_arm_at_swivel_values(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["ik", "iiwa14", "--pose", "0.4", "0.2", "0.6", "0", "3.0", "0", "--all-solutions", "--json"]
    assert main(base + ["--free", "0.5"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert 1 <= out["count"] <= 8 and "swivel" in out["family"]
    assert all(s["position_error"] < 1e-9 and s["rotation_error"] < 1e-9 for s in out["solutions"])
    assert main(base) == 0  # 8 swivel angles by default
    assert json.loads(capsys.readouterr().out)["count"] > 8


def test_urdf_robot_from_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    urdf = tmp_path / "two_link.urdf"
    urdf.write_text(TWO_LINK_URDF)
    if importlib.util.find_spec("reachkit.urdf") is None:
        assert main(["show", str(urdf)]) == 1 and "URDF" in capsys.readouterr().err
        pytest.skip("reachkit.urdf not available yet (branch urdf)")
    assert main(["fk", str(urdf), "0", "0", "--json"]) == 0
    assert np.allclose(json.loads(capsys.readouterr().out)["position"], [2.0, 0.0, 0.0], atol=1e-9)


TWO_LINK_URDF = """<?xml version="1.0"?>
<robot name="two_link">
  <link name="base"/><link name="l1"/><link name="tip"/>
  <joint name="j1" type="continuous"><parent link="base"/><child link="l1"/>
    <origin xyz="0 0 0"/><axis xyz="0 0 1"/></joint>
  <joint name="j2" type="continuous"><parent link="l1"/><child link="tip"/>
    <origin xyz="1 0 0"/><axis xyz="0 0 1"/></joint>
  <joint name="tool" type="fixed"><parent link="tip"/><child link="flange"/><origin xyz="1 0 0"/></joint>
  <link name="flange"/>
</robot>
"""
