"""Damped least squares: dq = J^T (J J^T + mu^2 I)^-1 e with mu chosen from the smallest
singular value s_min: mu^2 = mu_max^2 (1 - (s_min / eps)^2) when s_min < eps, else 0
(Nakamura and Hanafusa; Maciejewski and Klein). The pseudoinverse away from singularities,
a bounded Jacobian-transpose-like step at them. Null-space objectives apply."""

from ...kernels.ik import records as R
from .base import Method

DLS = Method(
    name="dls", rule=lambda o: R.DLS(o.rcond, o.dls_mu_max, o.dls_sigma_eps), summary="damped least squares, damping from the smallest singular value",
    max_iterations=200, max_restarts=50, stall_window=20, max_step=1.0, supports_secondary=True,
)
