"""Configuration labels, computed from the geometry of each solution.

Each solution gets three signs (+1, -1, or 0 when it sits exactly on the boundary):
  shoulder: which side of the base axis the arm reaches from. With v the wrist centre
      seen from joint 1's line, in the frame where joint 1 is at 0: sign of
      w1 . (v x w2), w2 the shoulder axis; +1 is "left", -1 "right". The two shoulder
      solutions have opposite signs.
  elbow: whether the elbow lies on the base-axis side ("up") of the line from the
      shoulder to the wrist centre, measured in the arm's plane of motion. Planar arms:
      the sense of the bend about the joint axis (+1 counter-clockwise, "elbow-down"
      in the usual picture of an arm reaching along +x).
  wrist: the sign of (w4 x w5) . rot(w5, q5) w6, which flips with the wrist; +1 is
      "no-flip".
For the Puma 560 these names agree with the configurations "l/r", "u/d", "n/f" of the
Robotics Toolbox (Corke) `ikine_a`.
"""


from ..kernels.jit import allocating_kernel
from .vec import cross, dot, scale, sub


@allocating_kernel()
def sign(x: float) -> int:
    return 1 if x > 0.0 else (-1 if x < 0.0 else 0)


@allocating_kernel()
def bend_sign(w, shoulder, elbow, wrist) -> int:
    """Planar bend: +1 when shoulder -> elbow -> wrist turns counter-clockwise about w."""
    return sign(dot(w, cross(sub(elbow, shoulder), sub(wrist, elbow))))


@allocating_kernel()
def shoulder_sign(w1, w2, v) -> int:
    """v: the wrist centre relative to a point on joint 1's line, joint 1 undone."""
    return sign(dot(w1, cross(v, w2)))


@allocating_kernel()
def elbow_sign(w1, w2, shoulder, elbow, wrist) -> int:
    """+1 when the elbow is on the base-axis side of the shoulder-wrist line (joint 1
    undone; w2 the normal of the arm's plane of motion)."""
    up = sub(w1, scale(w2, dot(w2, w1)))
    d = sub(wrist, shoulder)
    d = sub(d, scale(w2, dot(w2, d)))
    dd = dot(d, d)
    if dd > 0.0:
        up = sub(up, scale(d, dot(d, up) / dd))
    return sign(dot(up, sub(elbow, shoulder)))
