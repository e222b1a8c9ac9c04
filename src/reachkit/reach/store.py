"""The Zarr store of a map in progress (and of a finished map).

Layout: a Zarr group whose attribute "reachkit_map" holds the metadata (`metadata.identity`
plus chunk_size and voxel count); arrays over the voxels inside the reach ball, in
ascending flat grid order: voxels (n,) int64 flat indices, index (n,) and manipulability
(n,) float64 chunked exactly as the map's chunks, and done (chunks,) uint8, one flag per
map chunk. Only the process that runs `reachability` writes (workers send results back),
each finished chunk's values first and its flag last, so a run killed at any moment
leaves a store whose flagged chunks are complete; a rerun computes only the others.
Zarr (extra `dask`) is imported only here.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import ReachkitError
from ..extras import require
from .metadata import check_same

ATTRIBUTE = "reachkit_map"


def zarr_module() -> Any:
    """The zarr module, or a MissingDependencyError (a NotSupportedError) saying how to
    install it."""
    return require("zarr", "dask", "a Zarr store", advice="or save small maps as .npz")


def _create(group: Any, name: str, shape: int, chunks: int, dtype: Any, fill: Any) -> Any:
    """An uncompressed 1-D array (zarr 3 create_array, zarr 2 create_dataset)."""
    if hasattr(group, "create_array"):
        return group.create_array(name, shape=(shape,), chunks=(chunks,), dtype=dtype,
                                  fill_value=fill, compressors=None)
    return group.create_dataset(name, shape=(shape,), chunks=(chunks,), dtype=dtype,
                                fill_value=fill, compressor=None)


class MapStore:
    """An open store: `done()` lists finished chunks, `write(result)` records one,
    `read()` gives the voxels' values."""

    def __init__(self, group: Any, path: str) -> None:
        self.group, self.path = group, path
        self.meta: dict[str, Any] = dict(group.attrs[ATTRIBUTE])
        self.chunk_size = int(self.meta["chunk_size"])

    def done(self) -> NDArray[np.bool_]:
        """(chunks,) True where the chunk is finished."""
        return np.asarray(self.group["done"][:]) == 1

    def write(self, number: int, index: NDArray[np.float64], manip: NDArray[np.float64]) -> None:
        """Record chunk `number`'s values (its voxels' index and manipulability), then its flag."""
        a = number * self.chunk_size
        self.group["index"][a:a + len(index)] = index
        self.group["manipulability"][a:a + len(index)] = manip
        self.group["done"][number] = 1

    def read(self) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64]]:
        """(voxels, index, manipulability), each (n,)."""
        g = self.group
        return (np.asarray(g["voxels"][:]), np.asarray(g["index"][:]),
                np.asarray(g["manipulability"][:]))


def open_store(path: str | os.PathLike[str], meta: dict[str, Any], voxels: NDArray[np.int64],
               chunk_size: int) -> MapStore:
    """Open the store at path for the map described by meta, creating it if absent.
    A store of another map is a ReachkitError and is left untouched; an existing store
    keeps its own chunk size."""
    zarr = zarr_module()
    where = os.fspath(path)
    if os.path.exists(where):
        store = open_existing(where)
        check_same(store.meta, meta, where)
        return store
    group = zarr.open_group(where, mode="w-")
    n = len(voxels)
    n_chunks = max(1, -(-n // chunk_size))
    _create(group, "voxels", n, max(1, min(n, 1 << 20)), "int64", -1)[:] = voxels
    _create(group, "index", n, chunk_size, "float64", 0.0)
    _create(group, "manipulability", n, chunk_size, "float64", 0.0)
    _create(group, "done", n_chunks, 1, "uint8", 0)
    if n == 0:
        group["done"][:] = 1
    group.attrs[ATTRIBUTE] = {**meta, "chunk_size": chunk_size, "voxels": n}  # last: complete
    return MapStore(group, where)


def open_existing(path: str | os.PathLike[str]) -> MapStore:
    """Open a store written by `open_store` (read and append), or a ReachkitError."""
    zarr = zarr_module()
    where = os.fspath(path)
    try:
        group = zarr.open_group(where, mode="r+")
        if ATTRIBUTE not in group.attrs:
            raise KeyError(ATTRIBUTE)
    except Exception as exc:  # zarr raises many kinds for a path that is not its group
        if isinstance(exc, ReachkitError):
            raise
        raise ReachkitError(f"{where} exists but is not a reachkit map store ({exc!r}); "
                            "nothing was written: remove it or give another path") from exc
    return MapStore(group, where)
