"""Reachability maps: for every voxel of an arm's workspace, the fraction of tool
orientations it reaches and how dexterously, on this machine or on a Dask cluster.

- `reachability(robot, resolution=0.05, orientations=32, seed=0, scheduler=None,
  store=None, ...)` -> `ReachabilityMap` (see `api.reachability`)
- `ReachabilityMap.save(path)` / `ReachabilityMap.load(path)`: Zarr store or .npz
- `super_fibonacci(n)`, `approach_cone(n, half_angle, axis, rolls)`: orientation sets
- `voxel_grid(robot, resolution, box)`: the voxels a map covers

Dask and Zarr (extra `dask`) are imported only when a scheduler or a Zarr path is given.
"""

from .api import reachability as reachability
from .grid import VoxelGrid as VoxelGrid
from .grid import voxel_grid as voxel_grid
from .map import ReachabilityMap as ReachabilityMap
from .orientations import approach_cone as approach_cone
from .orientations import super_fibonacci as super_fibonacci

__all__ = ["ReachabilityMap", "VoxelGrid", "approach_cone", "reachability", "super_fibonacci",
           "voxel_grid"]
