"""`ReachabilityMap`: per voxel, how many tool orientations an arm reaches, and how well.

Saved as a Zarr store (a directory, extra `dask`) or, for small maps, one .npz file;
`load` reads either.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import ReachkitError
from .grid import VoxelGrid
from .metadata import LAYOUT


@dataclass(frozen=True, eq=False)
class ReachabilityMap:
    """index (nx, ny, nz): fraction of the orientations reached at each voxel centre, in
    [0, 1] (0 outside the reach ball). manipulability (nx, ny, nz): mean
    sqrt(det(J J^T)) over the reached orientations (0 where none). grid: the voxels
    (world frame, m). metadata: what the map was computed from (robot, resolution,
    orientations, seed, solver options, reachkit version). run: how this run went
    (chunks, computed chunks, solves, seconds, scheduler), not saved."""

    index: NDArray[np.float64]
    manipulability: NDArray[np.float64]
    grid: VoxelGrid
    metadata: dict[str, Any]
    run: dict[str, Any] = field(default_factory=dict)

    @property
    def centers(self) -> NDArray[np.float64]:
        """Voxel centres (nx, ny, nz, 3), world frame, m."""
        return self.grid.centers()

    @property
    def resolution(self) -> float:
        """Voxel edge length, m."""
        return self.grid.resolution

    def __repr__(self) -> str:
        reached = int(np.count_nonzero(self.index > 0))
        return (f"ReachabilityMap({self.metadata.get('robot')}, {self.grid.shape} voxels of "
                f"{self.resolution} m, {self.metadata['orientations']['count']} orientations, "
                f"{reached} voxels reached)")

    @classmethod
    def from_flat(cls, grid: VoxelGrid, voxels: NDArray[np.int64], index: NDArray[np.float64],
                  manip: NDArray[np.float64], metadata: dict[str, Any],
                  run: dict[str, Any] | None = None) -> ReachabilityMap:
        """Dense arrays from values (n,) at the flat voxel indices (n,)."""
        dense_index, dense_manip = np.zeros(grid.size), np.zeros(grid.size)
        dense_index[voxels], dense_manip[voxels] = index, manip
        return cls(dense_index.reshape(grid.shape), dense_manip.reshape(grid.shape), grid,
                   metadata, run or {})

    def save(self, path: str | os.PathLike[str]) -> str:
        """Write the map to path: a .npz file, or else a Zarr store (a new directory; needs
        zarr). Returns the path. Refuses to overwrite an existing Zarr store."""
        where = os.fspath(path)
        voxels = np.flatnonzero(self.index.ravel() > 0)
        if where.endswith(".npz"):
            np.savez_compressed(where, voxels=voxels, index=self.index.ravel()[voxels],
                                manipulability=self.manipulability.ravel()[voxels],
                                metadata=json.dumps(self.metadata))
            return where
        from .store import open_store

        if os.path.exists(where):
            raise ReachkitError(f"{where} exists; nothing was written: remove it or give a new path")
        chunk = max(1, min(len(voxels), 1 << 16))
        store = open_store(where, self.metadata, voxels, chunk)
        for number, a in enumerate(range(0, len(voxels), chunk)):
            part = voxels[a:a + chunk]
            store.write(number, self.index.ravel()[part], self.manipulability.ravel()[part])
        return where

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ReachabilityMap:
        """Read a map saved by `save` or a finished `reachability(..., store=path)`."""
        where = os.fspath(path)
        if where.endswith(".npz"):
            try:
                with np.load(where, allow_pickle=False) as f:
                    meta = json.loads(str(f["metadata"]))
                    return cls.from_flat(VoxelGrid.from_dict(meta["grid"]), f["voxels"],
                                         f["index"], f["manipulability"], meta)
            except (KeyError, ValueError) as exc:
                raise ReachkitError(f"{where} is not a reachkit map (.npz): {exc}") from exc
        from .store import open_existing

        store = open_existing(where)
        done = store.done()
        if not done.all():
            raise ReachkitError(f"the map in {where} is unfinished: {int((~done).sum())} of "
                                f"{done.size} chunks missing; rerun reachkit.reachability with "
                                "store= this path and the same settings to finish it")
        meta = {k: v for k, v in store.meta.items() if k not in LAYOUT}
        return cls.from_flat(VoxelGrid.from_dict(meta["grid"]), *store.read(), meta)
