"""A chain of URDF joints folded into the `Joint`s, base and tool of a `Robot`."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..coupling import Mimic
from ..errors import ModelError, NotSupportedError
from ..geometry import Geometry, LazyGeometry
from ..joint import Joint, joints_from_stacks
from .packages import PackageDirs, package_dir_list
from .parse import UrdfJoint, UrdfModel, parse_urdf
from .placement import link_placements
from .shapes import link_shapes, material_colours
from .tree import build_tree, select_chain

if TYPE_CHECKING:
    from ..robot import Robot


def fold_chain(path: Sequence[UrdfJoint]) -> tuple[list[Joint], np.ndarray, np.ndarray]:
    """(joints, base (4, 4), tool (4, 4)) for URDF joints ordered from base to tip.

    A movable URDF joint becomes a Joint with T_parent_joint = its origin, T_joint_link =
    identity and offset 0; "continuous" becomes an unlimited revolute joint. Fixed joints
    fold away: those before the first movable joint into `base` (pose of the first
    joint's parent link in the base link frame), those after the last one into `tool`
    (pose of the tip link in the last moving link frame), the others into the next
    movable joint's T_parent_joint. `path` must hold at least one movable joint.
    """
    movable = [j for j in path if j.movable]
    origins = []
    pending: np.ndarray | None = None  # fixed joints since the last movable one
    base = None
    for urdf_joint in path:
        if not urdf_joint.movable:
            T = urdf_joint.T_parent_child
            pending = T.copy() if pending is None else pending @ T
            continue
        if base is None:
            base, pending = (np.eye(4) if pending is None else pending), None
        T = urdf_joint.T_parent_child
        origins.append(T if pending is None else pending @ T)
        pending = None
    if base is None:
        raise ModelError("the chain has no movable joint: nothing to build a robot from")
    joints = joints_from_stacks(
        [j.name for j in movable], ["P" if j.kind == "prismatic" else "R" for j in movable],
        np.array(origins), np.array([j.axis for j in movable]),
        [j.lower for j in movable], [j.upper for j in movable])
    return joints, base, np.eye(4) if pending is None else pending


def robot_from_urdf(source: str | os.PathLike[str] | bytes, base_link: str | None = None,
                    tip_link: str | None = None, package_dirs: PackageDirs = None,
                    folder: Path | None = None) -> Robot:
    """A `Robot` from a URDF file path or XML text: the serial chain from `base_link`
    (default: the root link) to `tip_link` (default: the single leaf reached through the
    most movable joints).

    The world frame of the robot is the `base_link` frame; `robot.fk(q)` is the pose of
    the `tip_link` frame in it. Joint names, axes and limits come from the file;
    revolute and continuous joints are "R", prismatic ones "P". Raises ModelError for a
    broken file or an ambiguous chain, NotSupportedError for floating or planar joints
    on the chain. Mimic joints follow their leader (`reachkit.coupling`): the robot's
    joint values are the leaders', including a leader off the chain.

    `robot.geometry` holds the visual and collision shapes of the chain's links (and of
    links fixed to them), read from the file on first use; `package://` mesh names are
    resolved through `package_dirs` (directories holding packages, or the packages'
    own directories), relative ones against the file's folder (or `folder`, for text
    that came from a file elsewhere, such as an expanded xacro).
    """
    from ..robot import Robot

    file_name = _file_name(source)
    with _named_errors(file_name):
        dirs = package_dir_list(package_dirs)
        model = parse_urdf(source)
        base_name, _, path = select_chain(model, base_link=base_link, tip_link=tip_link)
        joints, base, tool = fold_chain(path)
        mimic = chain_mimics(model, path)
        folder = _folder(source) if folder is None else folder

        def geometry() -> Geometry:
            with _named_errors(file_name):
                return _geometry(model, base_name, path, base, tool, dirs, folder)

        return Robot(joints, name=model.name, base=base, tool=tool, geometry=LazyGeometry(geometry),
                     mimic=mimic)


@contextmanager
def _named_errors(file_name: str | None) -> Iterator[None]:
    """Re-raise reachkit errors with the file name in front (when there is one)."""
    try:
        yield
    except (ModelError, NotSupportedError) as exc:
        if file_name is None or file_name in str(exc):
            raise
        raise type(exc)(f"{file_name}: {exc}") from exc


def chain_mimics(model: UrdfModel, path: Sequence[UrdfJoint]) -> list[Mimic]:
    """The mimic relations of the movable joints on `path`. A leader off the chain that
    itself mimics another joint is followed to the joint that mimics none (composing
    multipliers and offsets); that joint's own kind and limits describe the coordinate."""
    by_name = {joint.name: joint for joint in model.joints}
    on_path = {joint.name for joint in path}
    mimics = []
    for joint in path:
        if not joint.movable or joint.mimic is None:
            continue
        multiplier, offset, seen = joint.multiplier, joint.offset, [joint.name]
        leader = _leader(by_name, joint)
        while leader.name not in on_path and leader.mimic is not None:
            seen.append(leader.name)
            multiplier, offset = multiplier * leader.multiplier, offset + multiplier * leader.offset
            leader = _leader(by_name, leader)
            if leader.name in seen:
                raise ModelError(f"mimic joints {' -> '.join(map(repr, seen + [leader.name]))} form a cycle")
        mimics.append(Mimic(joint=joint.name, leader=leader.name, multiplier=multiplier, offset=offset,
                            leader_kind="P" if leader.kind == "prismatic" else "R",
                            leader_lower=leader.lower, leader_upper=leader.upper))
    return mimics


def _leader(by_name: dict[str, UrdfJoint], joint: UrdfJoint) -> UrdfJoint:
    leader = by_name.get(joint.mimic or "")
    if leader is None or leader.kind not in ("revolute", "continuous", "prismatic"):
        what = "not a joint of this URDF" if leader is None else f"a {leader.kind} joint"
        raise ModelError(f"joint {joint.name!r} mimics {joint.mimic!r}, which is {what}; "
                         "a mimic joint must follow a revolute, continuous or prismatic joint")
    return leader


def _geometry(model: UrdfModel, base_link: str, path: Sequence[UrdfJoint], base: np.ndarray,
              tool: np.ndarray, package_dirs: list[Path], folder: Path | None) -> Geometry:
    """The shapes of every placed link, in file order (see `urdf.placement`)."""
    placements = link_placements(build_tree(model), base_link, path, base, tool)
    if model.root is None:
        return Geometry(frames=placements)
    colours = material_colours(model.root)
    shapes = []
    for element in model.root.findall("link"):
        if element.get("name") in placements:
            shapes += link_shapes(element, package_dirs, folder, colours)
    return Geometry(tuple(shapes), placements)


def _folder(source: object) -> Path | None:
    """The folder of `source` when it names a file, else None."""
    name = _file_name(source)
    return None if name is None else Path(name).resolve().parent


def _file_name(source: object) -> str | None:
    """The path of `source` when it names a file (for error messages), else None."""
    if isinstance(source, os.PathLike) or (isinstance(source, str) and not source.lstrip().startswith("<")):
        return str(source)
    return None
