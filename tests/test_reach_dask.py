"""Reachability maps on Dask and in Zarr stores (extra `dask`): bit-for-bit equal to the
local map, resumable after a kill, and strict about what a store holds. Loopback only."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import reachkit as rk

distributed = pytest.importorskip("distributed")
pytest.importorskip("zarr")

SETTINGS = {"resolution": 0.25, "orientations": 4, "seed": 3}


@pytest.fixture(scope="module")
def puma() -> rk.Robot:
    return rk.models.load("puma560")


@pytest.fixture(scope="module")
def local_map(puma) -> rk.ReachabilityMap:
    return rk.reachability(puma, **SETTINGS)


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as c:
        yield c


def _same(a: rk.ReachabilityMap, b: rk.ReachabilityMap) -> None:
    np.testing.assert_array_equal(a.index, b.index)
    np.testing.assert_array_equal(a.manipulability, b.manipulability)
    assert a.metadata == b.metadata


def _snapshot(path) -> dict[str, bytes]:
    files = {}
    for root, _, names in os.walk(path):
        for name in names:
            with open(os.path.join(root, name), "rb") as f:
                files[os.path.relpath(os.path.join(root, name), path)] = f.read()
    return files


def test_local_cluster_gives_the_local_map_bit_for_bit(puma, local_map, client) -> None:
    assert len(client.scheduler_info()["workers"]) == 2
    remote = rk.reachability(puma, **SETTINGS, scheduler=client, chunk_size=7)
    assert remote.run["chunks"] > 20 and remote.run["scheduler"].startswith("tcp://127.0.0.1")
    assert local_map.run["chunks"] == 1 and np.count_nonzero(local_map.index) > 100
    _same(remote, local_map)


def test_killed_worker_then_rerun_with_store(puma, local_map, client, tmp_path, monkeypatch) -> None:
    """A worker process is SIGKILLed after the 3rd finished chunk: Dask reruns its tasks
    (the nanny restarts it), the map is the local one; a rerun computes nothing."""
    from reachkit.reach import store as store_module

    pids = client.run(os.getpid)
    write = store_module.MapStore.write
    count = {"writes": 0}

    def write_then_kill(self, number, index, manip):
        write(self, number, index, manip)
        count["writes"] += 1
        if count["writes"] == 3:
            os.kill(next(iter(pids.values())), signal.SIGKILL)

    monkeypatch.setattr(store_module.MapStore, "write", write_then_kill)
    path = tmp_path / "map.zarr"
    first = rk.reachability(puma, **SETTINGS, scheduler=client, chunk_size=5, store=path)
    monkeypatch.undo()
    _same(first, local_map)
    killed = next(iter(pids.values()))
    client.wait_for_workers(2, timeout=60)
    assert count["writes"] == first.run["chunks"] and killed not in client.run(os.getpid).values()
    again = rk.reachability(puma, **SETTINGS, store=path)
    assert again.run["computed_chunks"] == 0 and again.run["solves"] == 0
    _same(again, local_map)
    _same(rk.ReachabilityMap.load(path), local_map)


_KILLED_RUN = textwrap.dedent("""
    import os, signal, sys
    import reachkit as rk
    from reachkit.reach import store

    write, seen = store.MapStore.write, [0]

    def write_then_die(self, number, index, manip):
        if seen[0] == 4:  # the 5th chunk: values written, flag not: killed in between
            self.group["index"][number * self.chunk_size] = 0.123
            os.kill(os.getpid(), signal.SIGKILL)
        write(self, number, index, manip)
        seen[0] += 1

    store.MapStore.write = write_then_die
    rk.reachability(rk.models.load("puma560"), resolution=0.25, orientations=4, seed=3,
                    chunk_size=20, store=sys.argv[1])
""")


def test_run_killed_mid_way_resumes_only_missing_chunks(puma, local_map, tmp_path) -> None:
    path = tmp_path / "map.zarr"
    done = subprocess.run([sys.executable, "-c", _KILLED_RUN, str(path)], check=False,
                          timeout=300)
    assert done.returncode == -signal.SIGKILL
    with pytest.raises(rk.ReachkitError, match="unfinished: 9 of 13 chunks missing"):
        rk.ReachabilityMap.load(path)
    resumed = rk.reachability(puma, **SETTINGS, store=path, chunk_size=999)  # store's size wins
    assert resumed.run["chunks"] == 13 and resumed.run["computed_chunks"] == 9
    assert resumed.run["chunk_size"] == 20
    _same(resumed, local_map)


def test_store_of_another_map_is_refused_untouched(puma, tmp_path) -> None:
    path = tmp_path / "map.zarr"
    rk.reachability(puma, **SETTINGS, store=path)
    before = _snapshot(path)
    with pytest.raises(rk.ReachkitError, match="robot_digest"):
        rk.reachability(rk.models.load("stanford"), **SETTINGS, store=path)
    with pytest.raises(rk.ReachkitError, match="seed: store has 3, this run 4"):
        rk.reachability(puma, **{**SETTINGS, "seed": 4}, store=path)
    with pytest.raises(rk.ReachkitError, match="orientations"):
        rk.reachability(puma, **{**SETTINGS, "orientations": 5}, store=path)
    with pytest.raises(rk.ReachkitError, match="solver_options"):
        rk.reachability(puma, **SETTINGS, store=path, max_iterations=7)
    not_a_store = tmp_path / "other"
    not_a_store.mkdir()
    (not_a_store / "notes.txt").write_text("mine")
    with pytest.raises(rk.ReachkitError, match="not a reachkit map store"):
        rk.reachability(puma, **SETTINGS, store=not_a_store)
    assert _snapshot(path) == before
    assert _snapshot(not_a_store) == {"notes.txt": b"mine"}


def test_unreachable_scheduler_address(puma) -> None:
    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(rk.ReachkitError, match="cannot reach the Dask scheduler"):
        rk.reachability(puma, **SETTINGS, scheduler=f"tcp://127.0.0.1:{port}", connect_timeout=1.0)
    with pytest.raises(rk.ReachkitError, match="scheduler must be"):
        rk.reachability(puma, **SETTINGS, scheduler=12)


def test_zarr_save_load_round_trip(local_map, tmp_path) -> None:
    path = local_map.save(tmp_path / "saved.zarr")
    _same(rk.ReachabilityMap.load(path), local_map)
    with pytest.raises(rk.ReachkitError, match="exists"):
        local_map.save(path)
