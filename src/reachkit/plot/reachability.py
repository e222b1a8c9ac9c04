"""`reachability`: slices through a reachability map and a 3-D scatter of its voxels."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import numpy as np

from .common import new_figure, save_figure, set_equal_3d

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..reach.map import ReachabilityMap

_AXES = "xyz"


def _slice(ax: Any, rmap: ReachabilityMap, normal: int, cmap: str) -> Any:
    """Index on the voxel layer through the reach ball's centre, normal to axis `normal`."""
    grid = rmap.grid
    layer = -grid.start[normal] if grid.shape[normal] > 1 else 0
    layer = int(np.clip(layer, 0, grid.shape[normal] - 1))
    image = np.take(rmap.index, layer, axis=normal)
    u, v = [a for a in range(3) if a != normal]
    centres = np.take(rmap.centers, layer, axis=normal)
    half = grid.resolution / 2
    extent = (centres[..., u].min() - half, centres[..., u].max() + half,
              centres[..., v].min() - half, centres[..., v].max() + half)
    shown = ax.imshow(image.T, origin="lower", extent=extent, vmin=0.0, vmax=1.0, cmap=cmap,
                      interpolation="nearest")
    ax.set_xlabel(f"{_AXES[u]} (m)")
    ax.set_ylabel(f"{_AXES[v]} (m)")
    ax.set_title(f"{_AXES[normal]} = {float(np.take(centres[..., normal], 0)):.3g} m", fontsize=9)
    return shown


def reachability(rmap: ReachabilityMap, path: str | os.PathLike[str] | None = None,
                 cmap: str = "viridis") -> Figure:
    """Draw `rmap`: the reachability index on slices through the centre of the reach ball
    (xy, xz, yz; planar maps: their one xy layer) and, for 3-D maps, the reached voxel
    centres in 3-D coloured by index. Saves to path when given. Returns the Figure."""
    planar = rmap.index.shape[2] == 1
    fig = new_figure(path, (6.0, 5.0) if planar else (13.0, 3.8))
    name = rmap.metadata.get("robot", "")
    count = rmap.metadata.get("orientations", {}).get("count", "?")
    if planar:
        ax = fig.add_subplot()
        shown = _slice(ax, rmap, 2, cmap)
        ax.set_aspect("equal")
    else:
        for k, normal in enumerate((2, 1, 0)):
            ax = fig.add_subplot(1, 4, k + 1)
            shown = _slice(ax, rmap, normal, cmap)
            ax.set_aspect("equal")
        ax3 = fig.add_subplot(1, 4, 4, projection="3d")
        reached = rmap.index > 0
        points = rmap.centers[reached]
        if len(points):
            order = np.argsort(rmap.index[reached])
            ax3.scatter(*points[order].T, c=rmap.index[reached][order], cmap=cmap, vmin=0.0,
                        vmax=1.0, s=4, linewidths=0)
            set_equal_3d(ax3, points)
        ax3.set_xlabel("x (m)")
        ax3.set_ylabel("y (m)")
        ax3.set_zlabel("z (m)")
    fig.colorbar(shown, ax=fig.axes, shrink=0.8, label="reachability index")
    fig.suptitle(f"{name}: {count} orientations per voxel, {rmap.resolution} m voxels",
                 fontsize=10)
    save_figure(fig, path)
    return fig
