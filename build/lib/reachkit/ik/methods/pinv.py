"""Pseudoinverse (resolved-rate) steps: dq = gain (J^+ e + (I - J^+ J) z), with J^+ the
Moore-Penrose pseudoinverse (J^T (J J^T)^-1 for redundant arms, singular values below
rcond * s_max dropped) and z the descent direction of the secondary objectives, which
moves the arm without disturbing the primary task."""

from ...kernels.ik import settings as S
from .base import Method

PINV = Method(
    name="pinv", kernel_id=S.PINV, summary="pseudoinverse with null-space secondary objectives",
    max_iterations=200, max_restarts=50, stall_window=20, gain=0.8, max_step=0.5,
    supports_secondary=True,
)
