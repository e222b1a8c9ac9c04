"""Reachability maps on this machine: the grid, the orientations, a planar arm against its
analytic reach, determinism over chunk sizes, npz round trip and bad input."""

from __future__ import annotations

import numpy as np
import pytest

import reachkit as rk
from reachkit.reach import approach_cone, super_fibonacci, voxel_grid

LENGTHS = (1.0, 0.6, 0.3)


@pytest.fixture(scope="module")
def planar_map() -> rk.ReachabilityMap:
    arm = rk.models.planar(list(LENGTHS))
    return rk.reachability(arm, resolution=0.2, orientations=8, seed=0)


def _rotation_angle(A: np.ndarray, B: np.ndarray) -> float:
    return float(np.arccos(np.clip((np.trace(A.T @ B) - 1) / 2, -1, 1)))


def test_super_fibonacci_rotations_are_proper_and_spread() -> None:
    R = super_fibonacci(64)
    np.testing.assert_allclose(R @ R.transpose(0, 2, 1), np.broadcast_to(np.eye(3), R.shape), atol=1e-12)
    np.testing.assert_allclose(np.linalg.det(R), 1.0, atol=1e-12)
    closest = min(_rotation_angle(R[i], R[j]) for i in range(64) for j in range(i))
    # 64 cells of equal volume in SO(3) (volume pi^2 / 2 in the angle metric) are ~0.43 rad
    # across; random rotations would put some pair closer than 0.1 rad.
    assert closest > 0.3
    np.testing.assert_array_equal(R, super_fibonacci(64))


def test_approach_cone_stays_in_its_cone() -> None:
    R = approach_cone(20, np.radians(30), axis=(0, 0, -1), rolls=2)
    assert R.shape == (40, 3, 3)
    angle = np.degrees(np.arccos(np.clip(-R[:, 2, 2], -1, 1)))
    assert angle.max() <= 30 + 1e-9 and angle.min() < 10


def test_grid_centres_symmetric_inside_ball_and_box() -> None:
    puma = rk.models.load("puma560")
    grid = voxel_grid(puma, 0.1)
    centres = grid.centers()
    centre = np.asarray(grid.centre)
    np.testing.assert_allclose(centres[::-1, ::-1, ::-1] - centre, -(centres - centre), atol=1e-12)
    active = grid.active()
    distance = np.linalg.norm(grid.centers_of(active) - centre, axis=1)
    assert distance.max() <= grid.radius
    box = np.array([[0.0, -0.2, 0.0], [0.5, 0.2, 0.3]])
    clipped = voxel_grid(puma, 0.1, box).centers().reshape(-1, 3)
    assert np.all(clipped >= box[0] - 1e-12) and np.all(clipped <= box[1] + 1e-12)


def test_planar_arm_matches_its_analytic_reach(planar_map: rk.ReachabilityMap) -> None:
    """Tool angle phi is reachable at p iff the wrist p - l3 u(phi) lies in the annulus
    |l1 - l2| <= r <= l1 + l2 (unlimited joints); compared where no angle is within 2 cm
    of that annulus' boundary."""
    l1, l2, l3 = LENGTHS
    p = planar_map.centers[:, :, 0, :2].reshape(-1, 2)
    phi = 2 * np.pi * np.arange(8) / 8
    wrist = p[:, None, :] - l3 * np.stack([np.cos(phi), np.sin(phi)], axis=-1)[None]
    r = np.linalg.norm(wrist, axis=-1)
    inner, outer = abs(l1 - l2), l1 + l2
    expected = ((r >= inner) & (r <= outer)).mean(axis=1)
    clear = np.all((np.abs(r - inner) > 0.02) & (np.abs(r - outer) > 0.02), axis=1)
    index = planar_map.index[:, :, 0].reshape(-1)
    assert np.count_nonzero(clear & (expected > 0)) > 100 and 0 < expected[clear].mean() < 1
    np.testing.assert_array_equal(index[clear], expected[clear])
    reached = planar_map.manipulability[:, :, 0].reshape(-1)
    assert np.all((reached > 0) == (index > 0))
    assert planar_map.index.shape == (planar_map.grid.shape[0], planar_map.grid.shape[1], 1)


def test_same_map_whatever_the_chunk_size(planar_map: rk.ReachabilityMap) -> None:
    arm = rk.models.planar(list(LENGTHS))
    other = rk.reachability(arm, resolution=0.2, orientations=8, seed=0, chunk_size=7)
    assert other.run["chunks"] > 10
    np.testing.assert_array_equal(other.index, planar_map.index)
    np.testing.assert_array_equal(other.manipulability, planar_map.manipulability)


def test_spatial_map_index_and_manipulability_check_by_ik() -> None:
    """A voxel's index counts exactly the orientations ik_batch reaches at its centre."""
    puma = rk.models.load("puma560")
    box = np.array([[0.2, -0.2, -0.2], [0.6, 0.2, 0.2]])
    rmap = rk.reachability(puma, resolution=0.2, orientations=6, seed=1, box=box)
    R = super_fibonacci(6)
    centres = rmap.centers.reshape(-1, 3)
    T = np.tile(np.eye(4), (len(centres), 6, 1, 1))
    T[:, :, :3, :3], T[:, :, :3, 3] = R[None], centres[:, None]
    out = rk.ik_batch(puma, T.reshape(-1, 4, 4), seed=1)
    np.testing.assert_array_equal(rmap.index.reshape(-1), out.success.reshape(-1, 6).mean(axis=1))
    assert 0 < rmap.index.mean() < 1
    assert rmap.metadata["robot"] == "puma560" and rmap.metadata["seed"] == 1


def test_npz_round_trip(planar_map: rk.ReachabilityMap, tmp_path) -> None:
    path = planar_map.save(tmp_path / "map.npz")
    back = rk.ReachabilityMap.load(path)
    np.testing.assert_array_equal(back.index, planar_map.index)
    np.testing.assert_array_equal(back.manipulability, planar_map.manipulability)
    np.testing.assert_array_equal(back.centers, planar_map.centers)
    assert back.metadata == planar_map.metadata


@pytest.mark.parametrize("resolution", [0, -0.1, float("nan"), float("inf"), "5cm", True])
def test_bad_resolution(resolution) -> None:
    with pytest.raises(rk.ReachkitError, match="resolution must be a positive"):
        rk.reachability(rk.models.load("planar3r"), resolution=resolution)


@pytest.mark.parametrize("orientations", [0, -3, np.zeros((0, 3, 3)), np.ones((2, 3, 3))])
def test_bad_orientations(orientations) -> None:
    with pytest.raises(rk.ReachkitError, match="orientations"):
        rk.reachability(rk.models.load("puma560"), resolution=0.5, orientations=orientations)


def test_other_bad_input() -> None:
    planar = rk.models.load("planar3r")
    with pytest.raises(rk.ReachkitError, match="obstacle"):
        rk.reachability(planar, scene=object())
    with pytest.raises(rk.ReachkitError, match="box"):
        rk.reachability(planar, box=[[1, 1, 1], [0, 0, 0]])
    with pytest.raises(rk.ReachkitError, match="seed"):
        rk.reachability(planar, seed=-1)
    with pytest.raises(rk.ReachkitError, match="chunk_size"):
        rk.reachability(planar, resolution=0.5, chunk_size=0)
    with pytest.raises(rk.OptionsError):
        rk.reachability(planar, resolution=0.5, method="nonsense")


def test_a_scene_empties_the_voxels_inside_an_obstacle() -> None:
    """With scene=, an orientation counts only when reached collision-free: a box around a
    reached voxel leaves it unreached, voxels far from the box stay reached, and the map's
    metadata names the scene by a digest."""
    robot = rk.models.load("panda")
    settings = {"resolution": 0.3, "orientations": 4, "seed": 1}
    free = rk.reachability(robot, **settings)
    centres, free_index = free.centers.reshape(-1, 3), free.index.reshape(-1)
    reached = centres[free_index > 0]
    centre = reached[np.argmax(np.linalg.norm(reached[:, :2], axis=1))]  # far from the base
    T_world_box = np.eye(4)
    T_world_box[:3, 3] = centre
    scene = rk.Scene([rk.Box(T_world_box, size=[0.3, 0.3, 0.3])])
    blocked = rk.reachability(robot, scene=scene, **settings)
    blocked_index = blocked.index.reshape(-1)
    at = np.flatnonzero(np.all(centres == centre, axis=1))[0]
    assert blocked_index[at] == 0.0 and free_index[at] > 0.0
    far = np.linalg.norm(centres - centre, axis=1) > 0.6
    assert np.any(blocked_index[far] > 0.0)
    assert len(blocked.metadata["scene"]) == 16 and free.metadata["scene"] is None


def test_plot_reachability_saves_slices(planar_map, tmp_path) -> None:
    pytest.importorskip("matplotlib")
    puma_map = rk.reachability(rk.models.load("puma560"), resolution=0.3, orientations=2)
    for rmap, panels in ((planar_map, 2), (puma_map, 5)):  # + the colour bar
        path = tmp_path / f"{rmap.metadata['robot']}.png"
        fig = rk.plot.reachability(rmap, path=path)
        assert path.stat().st_size > 5000 and len(fig.axes) == panels


def test_cli_reach_writes_a_map_and_refuses_another_in_its_store(tmp_path, capsys) -> None:
    import json

    from reachkit.cli import main

    out = tmp_path / "planar.npz"
    assert main(["reach", "planar3r", "--resolution", "0.5", "--orientations", "4",
                 "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    saved = rk.ReachabilityMap.load(out)
    assert summary["voxels_reached"] == np.count_nonzero(saved.index) > 50
    with pytest.raises(SystemExit) as usage:
        main(["reach", "planar3r", "--resolution", "0", "--out", str(out)])
    assert usage.value.code == 2
    if pytest.importorskip("zarr"):
        store = str(tmp_path / "planar.zarr")
        args = ["reach", "planar3r", "--resolution", "0.5", "--orientations", "4", "--out", store]
        assert main(args) == 0 and main(args) == 0
        assert "chunks computed: 0 of 1" in capsys.readouterr().out
        assert main(args[:-3] + ["5", "--out", store]) == 1
        assert "holds another map" in capsys.readouterr().err
