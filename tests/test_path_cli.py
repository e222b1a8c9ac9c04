"""`reachkit path`: text, JSON, exit codes and pictures; the numbers re-checked by FK."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from cli_checks import run_cli

import reachkit as rk

UR5_Q0 = ["0.3", "-1.2", "1.4", "-0.5", "1.0", "0.4"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `reachkit path ARGS`."""
    return run_cli(["path", *args], capsys)


def test_json_path_reaches_the_goal_on_a_straight_line(capsys: pytest.CaptureFixture[str]) -> None:
    robot = rk.models.load("ur5")
    q0 = np.array(UR5_Q0, dtype=float)
    start = robot.fk(q0)[:3, 3]
    goal = start + [0.05, 0.05, -0.03]
    code, out, err = run(capsys, "ur5", "--q0", *UR5_Q0, "--to", *map(str, goal), "--step", "0.01",
                         "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["success"] and data["fraction"] == 1.0
    assert data["reached"] == data["waypoints"] == int(np.ceil(np.linalg.norm(goal - start) / 0.01)) + 1
    q = np.array(data["q"])
    T = robot.fk(q)
    s = np.linspace(0, 1, len(q))[:, None]
    np.testing.assert_allclose(T[:, :3, 3], start + s * (goal - start), atol=1e-6)
    np.testing.assert_allclose(T[:, :3, :3], np.broadcast_to(robot.fk(q0)[:3, :3], (len(q), 3, 3)), atol=1e-6)
    assert np.abs(np.diff(np.vstack([q0, q]), axis=0)).max() <= 0.05


def test_text_output_and_exit_code_when_the_path_stops(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "puma560", "--q0", "0.3", "0.5", "-0.8", "0.4", "0.9", "0.4",
                         "--to", "3", "0", "0.3")
    assert code == 3, err
    assert "STOPPED" in out and "reason: stopped at waypoint" in out
    code, out, err = run(capsys, "puma560", "--q0", "0.3", "0.5", "-0.8", "0.4", "0.9", "0.4",
                         "--to", "3", "0", "0.3", "--step", "0.001", "--max-joint-step", "0.2", "--json")
    data = json.loads(out)
    assert code == 3 and data["failure"] in ("unreachable", "singularity", "joint limit"), data["reason"]
    assert data["q"][data["failed_index"]] is None and data["q"][data["failed_index"] - 1] is not None
    code, out, _ = run(capsys, "ur5", "--from", "0.4", "0.2", "0.3", "180", "0", "90", "--deg",
                       "--to", "0.45", "0.2", "0.3", "--method", "analytic")
    assert code == 0 and "reached: 11/11 waypoints" in out and "analytic" in out


TO = ["--to", "0.4", "0.2", "0.3"]


@pytest.mark.parametrize("args, words", [
    (["ur5", *TO], "give the start: --from"),
    (["ur5", "--q0", *UR5_Q0, "--to", "0.4", "0.2"], "X Y Z"),
    (["ur5", "--q0", "0.1", "0.2", *TO], "ur5 has 6 joints; give 6 joint values, got 2"),
    (["ur5", "--q0", *UR5_Q0, *TO, "--step", "0"], "--step: must be a positive number"),
    (["ur5", "--q0", *UR5_Q0, *TO, "--angular-step", "-0.1"], "--angular-step: must be a positive"),
    (["ur5", "--q0", *UR5_Q0, *TO, "--max-joint-step", "nan"], "--max-joint-step: must be a positive"),
    (["ur5", "--q0", *UR5_Q0, *TO, "--method", "newton"], "--method: invalid choice: 'newton'"),
    (["ur5", "--q0", *UR5_Q0, "--to", "nan", "0", "0"], "NaN"),
    (["ur5", "--q0", *UR5_Q0, *TO, "--tip-link", "tool0"], "--tip-link choose a chain in a model file"),
    (["ur5", "--q0", *UR5_Q0], "--to"),
])
def test_usage_errors_exit_2_in_one_line(args: list[str], words: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and words in err and len(err.strip().splitlines()) == 1, err
    assert out == ""


def test_errors_exit_1_and_stopped_paths_3(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "ur5", "--from", "5", "0", "0", *TO)
    assert code == 1 and out == "" and err.startswith("reachkit: error: the start pose (--from) "
                                                      "is not reachable: unreachable: the target lies")
    code, out, err = run(capsys, "no/such/arm.urdf", "--q0", "0", *TO)
    assert code == 1 and "no such model file" in err


def test_a_chain_in_a_model_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    robot = rk.models.load("ur5")
    urdf = tmp_path / "ur5.urdf"
    urdf.write_text(robot.to_urdf())
    q0 = np.array(UR5_Q0, dtype=float)
    goal = robot.fk(q0)[:3, 3] + [0.02, 0.0, 0.0]
    links = [line.split('"')[1] for line in robot.to_urdf().splitlines() if "<link name=" in line]
    code, out, err = run(capsys, str(urdf), "--tip-link", links[-1], "--q0", *UR5_Q0,
                         "--to", *map(str, goal), "--json")
    data = json.loads(out)
    assert code == 0 and data["success"], err
    assert np.allclose(robot.fk(data["q"][-1])[:3, 3], goal, atol=1e-6)


def test_plot_and_animation_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    picture, movie = tmp_path / "path.png", tmp_path / "path.gif"
    code, out, err = run(capsys, "ur5", "--q0", *UR5_Q0, "--to", "0.4", "0.2", "0.3", "--step", "0.02",
                         "--plot", str(picture), "--animate", str(movie))
    assert code in (0, 3), err
    assert picture.stat().st_size > 1000 and movie.stat().st_size > 1000
    assert f"wrote {picture}" in out
