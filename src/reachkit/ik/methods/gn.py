"""Gauss-Newton on the weighted cost 0.5 e^T W e: the step solves the normal equations
(J^T W J) dq = J^T W e (minimum-norm for redundant arms) and a backtracking line search
accepts only steps that lower the true cost."""

from ...kernels.ik import records as R
from .base import Method

GN = Method(
    name="gn", rule=lambda o: R.GN(o.rcond), summary="Gauss-Newton with a backtracking line search",
    max_iterations=100, max_restarts=50, stall_window=10, max_step=1.0,
)
