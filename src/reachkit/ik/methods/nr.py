"""Newton-Raphson on e(q) = 0: the full step dq = J^+ e (J^-1 e for a square Jacobian),
no damping, no line search. Fastest when it works, erratic near singularities: steps
are capped at `max_step` and a stalled search restarts."""

from ...kernels.ik import records as R
from .base import Method

NR = Method(
    name="nr", rule=lambda o: R.Pinv(o.rcond), summary="Newton-Raphson, full pseudoinverse step",
    max_iterations=100, max_restarts=50, stall_window=10, max_step=1.0,
)
