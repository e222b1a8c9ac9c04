"""Levenberg-Marquardt: dq = (J^T W J + W_n)^-1 J^T W e with damping scaled by the error
E = 0.5 e^T W e: Chan (W_n = lambda E I, the default), Sugihara (W_n = (E + lambda) I) or
Wampler (W_n = lambda I). Damping vanishes as the error does, so the last iterations are
Gauss-Newton steps (quadratic convergence), while far from the goal or near singularities
the steps shrink toward the gradient."""

from ...kernels.ik import settings as S
from .base import Method

LM = Method(
    name="lm", kernel_id=S.LM,
    summary="Levenberg-Marquardt, error-scaled damping (Chan / Sugihara / Wampler)",
    max_iterations=30, max_restarts=100, stall_window=3, supports_secondary=True,
)
