"""Jacobian transpose: gradient descent on the weighted cost E = 0.5 e^T W e, whose
negative gradient is J^T W e. The step length starts from the minimiser of the linearised
task (Buss) and is halved until the true cost falls enough (Armijo), so every accepted
step lowers E. Needs no matrix inverse; converges linearly."""

from ...kernels.ik import records as R
from .base import Method

JT = Method(
    name="jt", keeps_rows=False, rule=lambda o: R.JT(), summary="Jacobian transpose (gradient descent) with line search",
    max_iterations=2000, max_restarts=10, stall_window=100, max_step=0.5,
)
