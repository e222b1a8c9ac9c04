"""`reachkit warmup`: runs the chosen features in worker processes, fills Numba's cache,
reports each feature's time, and fails loudly. Only cheap features run here (kinematics:
the FK and Jacobian kernels, a few seconds), never the solver's long compile."""

from __future__ import annotations

import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
from package_path import IMPORTED_FROM

from reachkit import cli, warm_features
from reachkit.precompile import run_features


def _warmup(*args: str, cache_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NUMBA_CACHE_DIR=str(cache_dir),
               PYTHONPATH=IMPORTED_FROM + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "reachkit", "warmup", *args], env=env,
                          capture_output=True, text=True, timeout=600)


def test_warmup_subset_fills_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "numba-cache"
    proc = _warmup("--only", "kinematics", "--jobs", "1", cache_dir=cache)
    assert proc.returncode == 0, proc.stderr
    assert "compiling the kernels of 1 feature(s) in 1 process(es)" in proc.stdout
    line = next(li for li in proc.stdout.splitlines() if li.strip().startswith("kinematics"))
    assert line.split()[-1] == "ok" and float(line.split()[1]) >= 0.0
    assert "total" in proc.stdout.splitlines()[-1]
    assert "reachkit warmup" in proc.stderr  # the progress bar
    assert list(cache.rglob("*.nbi")) and list(cache.rglob("*.nbc"))


def test_list_names_every_feature(tmp_path: Path) -> None:
    proc = _warmup("--list", cache_dir=tmp_path)
    assert proc.returncode == 0
    listed = [line.split()[0] for line in proc.stdout.splitlines()]
    assert listed == warm_features.feature_names()


def test_unknown_feature_is_an_error(tmp_path: Path) -> None:
    proc = _warmup("--only", "kinematics,no_such_feature", cache_dir=tmp_path)
    assert proc.returncode == 1
    assert "no_such_feature" in proc.stderr and "ik_lm" in proc.stderr  # lists the valid ones
    assert list(tmp_path.rglob("*.nbi")) == []  # nothing ran


def test_failed_feature_exits_nonzero_naming_it(monkeypatch, capsys) -> None:
    """A feature that raises in its worker: exit 1, its name and error on stderr."""
    features = (("breaks", partial(int, "not a number")), ("works", partial(int, "7")))
    monkeypatch.setattr(warm_features, "FEATURES", features)
    code = cli.main(["warmup", "--jobs", "2", "--no-progress"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "1 failed" in out and "works" in out
    assert "warm-up failed" in err and "breaks: ValueError: invalid literal" in err


def test_python_api_returns_times_and_raises_on_failure(monkeypatch) -> None:
    import reachkit

    monkeypatch.setattr(warm_features, "FEATURES", (("fine", partial(int, "1")),))
    assert set(reachkit.warmup(jobs=1, progress=False)) == {"fine"}
    monkeypatch.setattr(warm_features, "FEATURES", (("bad", partial(int, "x")),))
    with pytest.raises(reachkit.ReachkitError, match="bad: ValueError"):
        reachkit.warmup(jobs=1, progress=False)


def test_results_keep_the_order_given() -> None:
    features = [(f"f{k}", partial(int, str(k))) for k in range(4)]
    results = run_features(features, jobs=2, progress=False)
    assert [r.name for r in results] == ["f0", "f1", "f2", "f3"]
    assert all(r.error is None and r.seconds >= 0.0 for r in results)


def test_every_method_has_a_feature() -> None:
    methods = pytest.importorskip("reachkit.ik.methods").method_names()
    names = warm_features.feature_names()
    assert warm_features.PLAIN_IK in names
    for method in methods:
        assert f"ik_{method}" in names, f"method {method!r} has no warm-up feature"
    assert len(names) == len(set(names))


def test_every_closed_form_family_has_an_arm_to_warm() -> None:
    """Each closed-form family compiles its own solver (`analytic.families`), so warm-up
    needs an arm of each: Puma 560's feature and the other families' one cover them all."""
    import reachkit as rk
    from reachkit.analytic import families
    from reachkit.analytic.api import plan

    arms = [rk.models.load(warm_features.ANALYTIC_ARM), *warm_features._family_arms()]
    warmed = {type(plan(robot).solver) for robot in arms if robot.dof in (2, 3, 4, 6)}
    assert warmed == {families.PlanarSolver, families.SphericalWristSolver,
                      families.ThreeParallelSolver, families.General6RSolver}
    assert {robot.dof for robot in arms} >= {5, 7}  # 5-axis; 7R: swivel angle, locked joint
    assert rk.analytic.family(warm_features._five_axis()).startswith("5R")  # the 5-axis form
