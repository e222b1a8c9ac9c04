"""Broken URDF files and bad chain choices: a ModelError that names the element at fault."""

from __future__ import annotations

from pathlib import Path

import pytest
from urdf_cases import (
    FINGERS_XML,
    MIMIC_XML,
    joint,
    link,
    robot_xml,
)

import reachkit as rk


TWO_LINKS = link("a") + link("b")
GOOD_JOINT = joint("j1", "revolute", "a", "b", limit=(-1, 1))

BROKEN = {
    "malformed XML": ('<robot name="x"><link name="a"></robot>', ["malformed URDF XML", "line 1"]),
    "not XML at all": ("<robot", ["malformed URDF XML"]),
    "root is not robot": ('<model name="x"><link name="a"/></model>', ["<robot>", "<model>"]),
    "no links": (robot_xml("x"), ["no <link>"]),
    "link without name": (robot_xml("x", "<link/>"), ["<link> number 1", "no name"]),
    "duplicate link": (robot_xml("x", link("a"), link("a")), ["link 'a'", "twice"]),
    "joint without name": (robot_xml("x", TWO_LINKS, '<joint type="fixed"><parent link="a"/>'
                                     '<child link="b"/></joint>'), ["<joint> number 1", "no name"]),
    "duplicate joint": (robot_xml("x", TWO_LINKS, link("c"), GOOD_JOINT,
                                  joint("j1", "fixed", "b", "c")), ["joint 'j1'", "twice"]),
    "unknown joint type": (robot_xml("x", TWO_LINKS, joint("j1", "hinge", "a", "b")),
                           ["joint 'j1'", "'hinge'", "revolute"]),
    "missing joint type": (robot_xml("x", TWO_LINKS, GOOD_JOINT.replace(' type="revolute"', "")),
                           ["joint 'j1'", "no type attribute"]),
    "missing parent link": (robot_xml("x", TWO_LINKS, joint("j1", "revolute", "ghost", "b", limit=(-1, 1))),
                            ["joint 'j1'", "parent link 'ghost'", "not declared"]),
    "missing child link": (robot_xml("x", TWO_LINKS, joint("j1", "revolute", "a", "phantom", limit=(-1, 1))),
                           ["joint 'j1'", "child link 'phantom'", "not declared"]),
    "no parent element": (robot_xml("x", TWO_LINKS, GOOD_JOINT.replace('<parent link="a"/>', "")),
                          ["joint 'j1'", "<parent"]),
    "cycle of two joints": (robot_xml("x", TWO_LINKS, joint("j1", "revolute", "a", "b", limit=(-1, 1)),
                                      joint("j2", "revolute", "b", "a", limit=(-1, 1))),
                            ["'j1' -> 'j2' form a cycle"]),
    "cycle of three joints below a root": (
        robot_xml("x", link("r"), link("a"), link("b"), link("c"),
                  joint("j1", "revolute", "a", "b"), joint("j2", "revolute", "b", "c"),
                  joint("j3", "revolute", "c", "a")),
        ["'j1' -> 'j2' -> 'j3' form a cycle"]),
    "self loop": (robot_xml("x", TWO_LINKS, joint("j1", "revolute", "a", "a", limit=(-1, 1))),
                  ["joint 'j1'", "cycle"]),
    "closed loop": (robot_xml("x", TWO_LINKS, link("c"), joint("j1", "revolute", "a", "b"),
                              joint("j2", "revolute", "a", "c"), joint("j3", "revolute", "c", "b")),
                    ["link 'b'", "'j1'", "'j3'", "closed"]),
    "axis without xyz": (robot_xml("x", TWO_LINKS, GOOD_JOINT.replace('<axis xyz="0 0 1"/>', "<axis/>")),
                         ["joint 'j1'", "<axis> has no xyz"]),
    "zero axis": (robot_xml("x", TWO_LINKS, joint("j1", "revolute", "a", "b", axis=(0, 0, 0), limit=(-1, 1))),
                  ["joint 'j1'", "zero vector"]),
    "axis with two numbers": (robot_xml("x", TWO_LINKS, joint("j1", "prismatic", "a", "b", axis=(0, 1),
                                                               limit=(-1, 1))),
                              ["joint 'j1'", "<axis> xyz", "3 finite numbers"]),
    "origin not numbers": (robot_xml("x", TWO_LINKS, joint("j1", "revolute", "a", "b", xyz=("0", "0", "${h}"),
                                                            limit=(-1, 1))),
                           ["joint 'j1'", "<origin> xyz", "${h}"]),
    "origin rpy nan": (robot_xml("x", TWO_LINKS, joint("j1", "revolute", "a", "b", rpy=(0, "nan", 0),
                                                        limit=(-1, 1))),
                       ["joint 'j1'", "<origin> rpy"]),
    "limit not a number": (robot_xml("x", TWO_LINKS, GOOD_JOINT.replace('lower="-1"', 'lower="low"')),
                           ["joint 'j1'", "<limit> lower", "'low'"]),
    "lower above upper": (robot_xml("x", TWO_LINKS, joint("j1", "revolute", "a", "b", limit=(1.0, -1.0))),
                          ["joint 'j1'", "lower 1.0 is above upper -1.0"]),
    "two roots": (robot_xml("x", TWO_LINKS, link("stray"), GOOD_JOINT), ["2 root links", "'stray'", "base_link="]),
    "only fixed joints": (robot_xml("x", TWO_LINKS, joint("j1", "fixed", "a", "b")),
                          ["no movable joint", "j1"]),
    "no joints": (robot_xml("x", link("a")), ["no joints below base link 'a'"]),
    "xacro macro": (robot_xml("x", '<xacro:property xmlns:xacro="http://www.ros.org/wiki/xacro" '
                                   'name="h" value="1"/>', TWO_LINKS, GOOD_JOINT),
                    ["xacro:property", "expand"]),
    "undeclared xacro prefix": (robot_xml("x", '<xacro:include filename="arm.xacro"/>', TWO_LINKS),
                                ["malformed URDF XML", "xacro"]),
}


@pytest.mark.parametrize("xml, words", list(BROKEN.values()), ids=list(BROKEN))
def test_broken_urdf_raises_model_error_naming_the_fault(xml: str, words: list[str]) -> None:
    with pytest.raises(rk.ModelError) as info:
        rk.Robot.from_urdf(xml)
    for word in words:
        assert word in str(info.value), f"{word!r} not in {str(info.value)!r}"


@pytest.mark.parametrize("kwargs, words", [
    (dict(tip_link="nowhere"), ["tip_link 'nowhere'", "not a link"]),
    (dict(base_link="nowhere"), ["base_link 'nowhere'", "not a link"]),
    (dict(base_link="left_finger", tip_link="a3"), ["'a3' is not below base link 'left_finger'"]),
    (dict(base_link="a2", tip_link="camera"), ["from 'a2' to 'camera' has no movable joint"]),
], ids=["unknown tip", "unknown base", "tip above base", "fixed-only chain"])
def test_bad_chain_choice_raises_model_error(kwargs: dict, words: list[str]) -> None:
    with pytest.raises(rk.ModelError) as info:
        rk.Robot.from_urdf(FINGERS_XML, **kwargs)
    for word in words:
        assert word in str(info.value)


def test_missing_file_raises_model_error(tmp_path: Path) -> None:
    with pytest.raises(rk.ModelError, match="no URDF file at"):
        rk.Robot.from_urdf(str(tmp_path / "missing.urdf"))


def test_errors_from_a_file_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.urdf"
    path.write_text(robot_xml("x", TWO_LINKS, joint("j1", "revolute", "a", "b", axis=(0, 0, 0))))
    with pytest.raises(rk.ModelError, match=r"broken\.urdf: joint 'j1': <axis> xyz is the zero vector"):
        rk.Robot.from_urdf(path)
    path.write_text(MIMIC_XML.replace('<mimic joint="left"', '<mimic joint="nothing"'))
    with pytest.raises(rk.ModelError, match=r"broken\.urdf: joint 'right' mimics 'nothing'"):
        rk.Robot.from_urdf(str(path), tip_link="right_finger")


def test_model_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        rk.Robot.from_urdf("<robot")
