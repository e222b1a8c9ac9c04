"""Collision geometry: robot collision models (spheres and capsules per link), scenes of
obstacles, exact distance kernels and the solver's distance rows.

    robot.collision_model                  # CollisionModel: .shapes, .pairs
    scene = Scene([Sphere(...), Capsule(...), Box(...), HalfSpace(...), PointCloud(...)])
    distance(robot, q, scene)              # smallest signed distance, m
    in_collision(robot, q, scene, margin)  # bool
    closest(robot, q, scene)               # Contact: which pair
    pack_collision(model, scene)           # the kernels' packed vector (kernels.layout)
    kernels.rows.collision_rows_into(...)  # the solver's rows G dq >= margin - d
"""

from .model import CollisionModel, build_collision_model
from .pack import pack_collision
from .query import Contact, closest, collision_free, collision_rows, distance, in_collision
from .scene import Scene
from .shapes import Box, Capsule, HalfSpace, PointCloud, SceneError, Sphere

__all__ = ["Box", "Capsule", "CollisionModel", "Contact", "HalfSpace", "PointCloud", "Scene",
           "SceneError", "Sphere", "build_collision_model", "closest", "collision_free",
           "collision_rows", "distance", "in_collision", "pack_collision"]
