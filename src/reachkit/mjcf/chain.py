"""The serial chain chosen from an MJCF body tree, folded into `Joint`s.

Bodies form a tree rooted at the world body. `select_bodies` returns the bodies from a
base body down to a tip body (like URDF's base_link / tip_link: by default the world
and the single leaf reached through the most hinge and slide joints).

MuJoCo moves a body by each of its joints in turn: a hinge turns it about the axis
through the joint's anchor p (body frame), T <- T Tr(p) Rot(axis, q - ref) Tr(-p); a
slide shifts it along the axis by q - ref. A reachkit Joint says the same with
T_parent_joint = (what came before) Tr(p), axis, T_joint_link = Tr(-p), offset = -ref.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..coupling import Mimic
from ..errors import ModelError, NotSupportedError
from ..joint import Joint
from ..spatial import translation
from .compile import MjBody, MjcfModel

MOVABLE = ("hinge", "slide")


def _movable_count(body: MjBody) -> int:
    return sum(joint.kind in MOVABLE for joint in body.joints)


def _index(model: MjcfModel, name: str, label: str) -> int:
    for i, body in enumerate(model.bodies):
        if body.name == name:
            return i
    names = ", ".join(b.name for b in model.bodies)
    raise ModelError(f"{label} {name!r} is not a body of this MJCF (bodies: {names})")


def _default_tip(model: MjcfModel, base: int) -> int:
    children: dict[int, list[int]] = {i: [] for i in range(len(model.bodies))}
    for i, body in enumerate(model.bodies[1:], start=1):
        children[body.parent].append(i)
    counts = {base: 0}
    leaves = {}
    for i in range(base, len(model.bodies)):  # parents precede children
        if i not in counts:
            continue
        for child in children[i]:
            counts[child] = counts[i] + _movable_count(model.bodies[child])
        if not children[i]:
            leaves[i] = counts[i]
    most = max(leaves.values())
    if most == 0:
        raise ModelError(f"no hinge or slide joint below base body {model.bodies[base].name!r}: "
                         "nothing to build a robot from")
    best = [i for i, count in leaves.items() if count == most]
    if len(best) > 1:
        listing = ", ".join(f"{model.bodies[i].name!r} ({c} joints)" for i, c in leaves.items())
        raise ModelError(f"several tip bodies are reached through {most} hinge and slide joints "
                         f"from {model.bodies[base].name!r}: {', '.join(repr(model.bodies[i].name) for i in best)}; "
                         f"pass tip_body= to choose one (leaf bodies: {listing})")
    return best[0]


def select_bodies(model: MjcfModel, base_body: str | None = None,
                  tip_body: str | None = None) -> list[int]:
    """Body indices from the base body (excluded) down to the tip body (included)."""
    base = 0 if base_body is None else _index(model, base_body, "base_body")
    tip = _default_tip(model, base) if tip_body is None else _index(model, tip_body, "tip_body")
    path = []
    body = tip
    while body != base:
        if body <= 0:
            raise ModelError(f"tip body {model.bodies[tip].name!r} is not below base body "
                             f"{model.bodies[base].name!r}")
        path.append(body)
        body = model.bodies[body].parent
    path.reverse()
    for body in path:
        for joint in model.bodies[body].joints:
            if joint.kind not in MOVABLE:
                raise NotSupportedError(
                    f"joint {joint.name!r} of body {model.bodies[body].name!r} is a {joint.kind} joint: "
                    "reachkit models chains of hinge and slide joints; pass "
                    f"base_body={model.bodies[body].name!r} to start the chain after it")
    if not any(model.bodies[b].joints for b in path):
        raise ModelError(f"the chain from {model.bodies[base].name!r} to {model.bodies[tip].name!r} "
                         "has no hinge or slide joint")
    return path


def fold_bodies(model: MjcfModel, path: Sequence[int]) -> tuple[list[Joint], np.ndarray, np.ndarray]:
    """(joints, base (4, 4), tool (4, 4)) for the bodies `path` (see module notes),
    folded as URDF chains are: constant transforms before the first joint go into
    `base`, those after the last joint into `tool` (the tip body frame in the last link
    frame), the others into the next joint's T_parent_joint."""
    joints: list[Joint] = []
    pending = np.eye(4)
    base = None
    for b in path:
        body = model.bodies[b]
        pending = pending @ body.T_parent_body
        for mj in body.joints:
            if base is None:
                base, pending = pending, np.eye(4)
            joints.append(Joint(
                name=mj.name, kind="R" if mj.kind == "hinge" else "P",
                T_parent_joint=pending @ translation(*mj.anchor), axis=mj.axis,
                T_joint_link=translation(*(-mj.anchor)), offset=-mj.ref,
                lower=mj.lower, upper=mj.upper))
            pending = np.eye(4)
    if base is None:  # select_bodies has checked there is a joint
        raise ModelError("the chain has no hinge or slide joint")
    return joints, base, pending


def chain_mimics(model: MjcfModel, joints: Sequence[Joint]) -> list[Mimic]:
    """Mimic relations from the active joint equalities whose joint1 is on the chain:
    joint1 - ref1 = a0 + a1 (joint2 - ref2), so q1 = a1 q2 + (a0 + ref1 - a1 ref2).
    NotSupportedError for a non-linear polynomial or a joint held without a partner."""
    names = {joint.name for joint in joints}
    mimics = []
    for eq in model.equalities:
        if eq.joint1 not in names:
            continue
        if eq.joint2 is None or np.any(eq.polycoef[2:] != 0.0):
            what = "holds it at a constant" if eq.joint2 is None else "is not linear"
            raise NotSupportedError(
                f"joint equality {eq.name!r} on joint {eq.joint1!r} {what}; reachkit couples joints "
                "linearly (q1 = a1 q2 + a0): lock the joint (robot.lock) or choose another chain")
        first, second = model.joints[eq.joint1], model.joints[eq.joint2]
        if second.kind not in MOVABLE:
            raise NotSupportedError(f"joint equality {eq.name!r} couples {eq.joint1!r} to the "
                                    f"{second.kind} joint {eq.joint2!r}")
        a0, a1 = float(eq.polycoef[0]), float(eq.polycoef[1])
        mimics.append(Mimic(joint=eq.joint1, leader=eq.joint2, multiplier=a1,
                            offset=a0 + first.ref - a1 * second.ref,
                            leader_kind="R" if second.kind == "hinge" else "P",
                            leader_lower=second.lower, leader_upper=second.upper))
    return mimics
