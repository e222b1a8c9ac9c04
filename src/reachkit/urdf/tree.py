"""The kinematic tree of a URDF and the serial chain chosen from it.

A URDF describes a tree: every link but the root is the child of exactly one joint.
`select_chain` checks that, then returns the joints from a base link down to a tip link.
With no tip given it takes the single leaf below the base reached through the most
movable joints; a tie raises a ModelError that lists the candidate tips.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ModelError, NotSupportedError
from .parse import UrdfJoint, UrdfModel


@dataclass(frozen=True)
class Tree:
    """Parent joint per link (absent for roots), child joints per link in file order,
    and the root links in file order."""

    parent_joint: dict[str, UrdfJoint]
    child_joints: dict[str, list[UrdfJoint]]
    roots: tuple[str, ...]


def _find_cycle(links: tuple[str, ...], parent_joint: dict[str, UrdfJoint]) -> list[str] | None:
    """Joint names of a cycle in the parent graph, or None; O(links) in total.

    Each walk goes up from a link until it meets a root or a link an earlier walk
    finished; meeting a link of its own walk is a cycle. Every link is walked over once.
    """
    finished: set[str] = set()
    for start in links:
        order: dict[str, int] = {}
        path: list[UrdfJoint] = []
        link = start
        while link in parent_joint and link not in finished:
            if link in order:
                return [j.name for j in reversed(path[order[link]:])]  # parent to child order
            order[link] = len(path)
            joint = parent_joint[link]
            path.append(joint)
            link = joint.parent
        finished.update(order)
    return None


def build_tree(model: UrdfModel) -> Tree:
    """Index the joints of `model`; ModelError for a link with two parent joints or a
    cycle (URDF has no closed loops)."""
    parent_joint: dict[str, UrdfJoint] = {}
    child_joints: dict[str, list[UrdfJoint]] = {link: [] for link in model.links}
    for joint in model.joints:
        if joint.child in parent_joint:
            other = parent_joint[joint.child].name
            raise ModelError(
                f"link {joint.child!r} is the child of two joints, {other!r} and {joint.name!r}; "
                "a URDF is a tree, closed kinematic loops are not supported"
            )
        parent_joint[joint.child] = joint
        child_joints[joint.parent].append(joint)
    cycle = _find_cycle(model.links, parent_joint)
    if cycle is not None:
        raise ModelError(f"the joints {' -> '.join(map(repr, cycle))} form a cycle; a URDF must be a tree")
    roots = tuple(link for link in model.links if link not in parent_joint)
    return Tree(parent_joint, child_joints, roots)


def _default_base(tree: Tree) -> str:
    if len(tree.roots) == 1:
        return tree.roots[0]
    raise ModelError(
        f"the URDF has {len(tree.roots)} root links ({', '.join(map(repr, tree.roots))}); "
        "a URDF must have exactly one, or pass base_link= to choose one"
    )


def _check_link(model: UrdfModel, link: str, label: str) -> None:
    if link not in model.links:
        raise ModelError(
            f"{label} {link!r} is not a link of this URDF (links: {', '.join(model.links)})"
        )


def _leaves(tree: Tree, base: str) -> dict[str, int]:
    """Every leaf link below `base` with the number of movable joints on its path."""
    leaves: dict[str, int] = {}
    stack = [(base, 0)]
    while stack:
        link, movable = stack.pop()
        children = tree.child_joints[link]
        if not children:
            leaves[link] = movable
        for joint in reversed(children):
            stack.append((joint.child, movable + int(joint.movable)))
    return leaves


def _joint_names_below(tree: Tree, base: str) -> list[str]:
    """Names of every joint below `base`, depth first."""
    names: list[str] = []
    stack = [base]
    while stack:
        for joint in reversed(tree.child_joints[stack.pop()]):
            names.append(joint.name)
            stack.append(joint.child)
    return names


def _default_tip(tree: Tree, base: str) -> str:
    leaves = _leaves(tree, base)
    if base in leaves:
        raise ModelError(f"no joints below base link {base!r}: nothing to build a robot from")
    most = max(leaves.values())
    if most == 0:
        names = _joint_names_below(tree, base)
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        raise ModelError(
            f"no movable joint below base link {base!r}: every joint is fixed ({shown}); a robot "
            "needs at least one revolute, continuous or prismatic joint"
        )
    best = [link for link, count in leaves.items() if count == most]
    if len(best) == 1:
        return best[0]
    listing = ", ".join(f"{link!r} ({count} movable joints)" for link, count in leaves.items())
    raise ModelError(
        f"several tips are reached through {most} movable joints from {base!r}: "
        f"{', '.join(map(repr, best))}; pass tip_link= to choose one (all leaf links: {listing})"
    )


def _path(tree: Tree, base: str, tip: str) -> list[UrdfJoint]:
    path: list[UrdfJoint] = []
    link = tip
    while link != base:
        if link not in tree.parent_joint:
            raise ModelError(
                f"tip link {tip!r} is not below base link {base!r} in the tree "
                f"(walking up from {tip!r} ends at the root {link!r})"
            )
        joint = tree.parent_joint[link]
        path.append(joint)
        link = joint.parent
    path.reverse()
    return path


def _check_supported(path: list[UrdfJoint]) -> None:
    for joint in path:
        if joint.kind in ("floating", "planar"):
            raise NotSupportedError(
                f"joint {joint.name!r} is {joint.kind}: reachkit models chains of revolute and "
                f"prismatic joints; pass base_link={joint.child!r} to start the chain after it"
            )


def select_chain(model: UrdfModel, base_link: str | None = None,
                 tip_link: str | None = None) -> tuple[str, str, list[UrdfJoint]]:
    """(base link, tip link, joints from base to tip in order, fixed ones included).

    base_link defaults to the single root link; tip_link to the single leaf reached
    through the most movable joints. Raises ModelError for a bad tree, unknown links, a
    tip not below the base, an ambiguous tip or a chain with no movable joint, and
    NotSupportedError for floating or planar joints on the chain.
    """
    tree = build_tree(model)
    if base_link is None:
        base = _default_base(tree)
    else:
        _check_link(model, base_link, "base_link")
        base = base_link
    if tip_link is None:
        tip = _default_tip(tree, base)
    else:
        _check_link(model, tip_link, "tip_link")
        tip = tip_link
    path = _path(tree, base, tip)
    _check_supported(path)
    if not any(joint.movable for joint in path):
        raise ModelError(
            f"the chain from {base!r} to {tip!r} has no movable joint "
            f"(joints: {', '.join(j.name for j in path) or 'none'})"
        )
    return base, tip, path
