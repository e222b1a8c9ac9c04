"""Finite-difference gradient following: uses forward kinematics only. Each joint is
nudged by +-h, the change in the cost gives the gradient, and every joint moves in
proportion to it; step lengths come from Barzilai-Borwein and a backtracking line search
that guarantees descent. Works for any joint type and any FK, at 2 n FK calls a step."""

from ...kernels.ik import records as R
from .base import Method

FD = Method(
    name="fd", keeps_rows=False, rule=lambda o: R.FD(o.fd_step), summary="finite-difference gradient following (FK only)",
    max_iterations=2000, max_restarts=10, stall_window=100, max_step=0.5,
)
