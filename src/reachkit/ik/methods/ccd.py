"""Cyclic coordinate descent: sweep the joints from the tool back to the base, setting each
to the value that minimises the weighted error with all others frozen (exactly, over its
allowed range). Revolute and prismatic joints. Cheap sweeps, no Jacobian, robust far from
the goal; slow for tight full-pose tolerances."""

from ...kernels.ik import records as R
from .base import Method

CCD = Method(
    name="ccd", keeps_rows=False, rule=lambda o: R.CCD(), summary="cyclic coordinate descent (revolute and prismatic)",
    max_iterations=1000, max_restarts=10, stall_window=50,
)
