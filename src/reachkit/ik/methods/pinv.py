"""Pseudoinverse (resolved-rate) steps: dq = gain J^+ e, with J^+ the Moore-Penrose
pseudoinverse (J^T (J J^T)^-1 for redundant arms, singular values below rcond * s_max
dropped). Once the task is met, secondary objectives move the arm along
(I - J^+ J) z, z their descent direction, without disturbing the task
(`reachkit.kernels.ik.null_space`)."""

from ...kernels.ik import records as R
from .base import Method

PINV = Method(
    name="pinv", rule=lambda o: R.Pinv(o.rcond), summary="pseudoinverse with null-space secondary objectives",
    max_iterations=200, max_restarts=50, stall_window=20, gain=0.8, max_step=0.5,
    supports_secondary=True,
)
