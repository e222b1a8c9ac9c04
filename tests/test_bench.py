"""The benchmark runs end to end on a tiny problem and reports well-formed numbers."""

import json
import sys

import pytest

import reachkit as rk
from reachkit import bench
from reachkit.bench import kinematics, success_time


def test_success_section_structure(tmp_path, capsys):
    out = tmp_path / "bench.json"
    plot = tmp_path / "bench.png"
    code = bench.main(["--only", "success", "--robots", "ur5", "--n", "4", "--slow-n", "1",
                       "--peers", "reachkit,rtb_lm,eaik", "--json", str(out), "--quiet",
                       "--plot", str(plot)])
    assert code == 0
    assert "reachkit lm" in capsys.readouterr().out
    data = json.loads(out.read_text())
    rows = data["success"]["robots"]["ur5"]["peers"]
    assert set(rows) >= {"reachkit", "rtb_lm", "eaik"}
    for row in rows.values():
        assert row["status"] in ("ok", "not installed", "n/a", "error")
        if row["status"] == "ok":
            assert 0.0 <= row["success_rate"] <= 1.0
            assert row["n"] == 4
            assert row["median_us"] > 0 and row["p95_us"] >= row["median_us"] * 0.999
    assert rows["reachkit"]["ratio_median"] == pytest.approx(1.0)
    over = data["success"]["overhead"]["ur5"]
    assert over["ik_median_us"] > 0 and over["kernel_median_us"] > 0
    if "matplotlib" in sys.modules or plot.exists():
        assert plot.exists()


def test_missing_peer_is_reported_not_raised(monkeypatch):
    monkeypatch.setitem(sys.modules, "eaik", None)
    monkeypatch.setitem(sys.modules, "eaik.IK_DH", None)
    result = success_time.run_robot(rk.models.load("puma560"), ["reachkit", "eaik"], 2, 0, 1)
    assert result["peers"]["eaik"]["status"] == "not installed"
    assert 0.0 <= result["peers"]["reachkit"]["success_rate"] <= 1.0


def test_own_start_gives_every_peer_no_q0():
    result = success_time.run_robot(rk.models.load("ur5"), ["reachkit", "reachkit_kernel", "eaik"],
                                    3, 0, 1, start="own")
    assert result["start"] == "own"
    assert result["peers"]["reachkit_kernel"]["status"] == "n/a"  # it needs a q0
    assert result["peers"]["reachkit"]["success_rate"] == 1.0
    assert result["peers"]["eaik"]["status"] in ("ok", "not installed")


def test_peer_models_have_reachkit_kinematics():
    robot = rk.models.load("panda")
    pin = pytest.importorskip("pinocchio")
    model = pin.buildModelFromXML(kinematics.urdf_from_robot(robot))
    data = model.createData()
    frame = model.getFrameId("tool")

    def fk(q):
        pin.framesForwardKinematics(model, data, q)
        return data.oMf[frame].homogeneous

    assert kinematics.fk_disagreement(robot, fk) < 1e-9


def test_answers_are_judged_by_fk_and_limits():
    robot = rk.models.load("puma560")
    q, T = kinematics.targets(robot, 1, 3)
    assert kinematics.check_answer(robot, q[0], T[0])[0]
    assert not kinematics.check_answer(robot, None, T[0])[0]
    outside = q[0].copy()
    outside[1] = robot.limits[1, 1] + 0.1
    assert not kinematics.check_answer(robot, outside, robot.fk(outside))[0]
    assert not kinematics.check_answer(robot, q[0] + 1e-3, T[0])[0]


def test_unknown_section_is_an_error():
    assert bench.main(["--only", "nonsense", "--quiet"]) == 2


def test_scaling_section_tiny():
    from reachkit.bench import scaling

    res = scaling.run([3, 6], ["lm"], k=2, progress=lambda *_: None)
    rows = res["families"]["planar"]["lm"]
    assert [r["dof"] for r in rows] == [3, 6]
    assert all(0.0 <= r["success_rate"] <= 1.0 for r in rows)
    assert [r["dof"] for r in res["families"]["spatial"]["lm"]] == [6]
