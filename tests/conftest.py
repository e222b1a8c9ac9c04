"""Shared numeric helpers, handed to tests as fixtures."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from reachkit import spatial as sp


def finite_difference_jacobian(robot, q: np.ndarray, frame: str = "world", h: float = 1e-6) -> np.ndarray:
    """Central differences of FK, (6, dof), rows [v; w], independent of the kernels'
    Jacobian code. Linear part: (p(q + h) - p(q - h)) / 2h. Angular part (world frame):
    the rotation vector of R(q + h) R(q - h)^T, divided by 2h. Tool frame: both parts
    re-expressed with R(q)^T."""
    q = np.asarray(q, dtype=float)
    J = np.empty((6, robot.dof))
    for i in range(robot.dof):
        step = np.zeros(robot.dof)
        step[i] = h
        T_plus, T_minus = robot.fk(q + step), robot.fk(q - step)
        J[:3, i] = (T_plus[:3, 3] - T_minus[:3, 3]) / (2 * h)
        J[3:, i] = sp.matrix_to_rotvec(T_plus[:3, :3] @ T_minus[:3, :3].T) / (2 * h)
    if frame == "tool":
        R = robot.fk(q)[:3, :3]
        J[:3] = R.T @ J[:3]
        J[3:] = R.T @ J[3:]
    return J


@pytest.fixture
def fd_jacobian() -> Callable[..., np.ndarray]:
    return finite_difference_jacobian


def assert_close(actual, desired, atol: float, err_msg: str = "") -> None:
    """Absolute tolerance only (numpy's default rtol=1e-7 would hide real errors)."""
    np.testing.assert_allclose(actual, desired, rtol=0.0, atol=atol, err_msg=err_msg)


@pytest.fixture
def close() -> Callable[..., None]:
    return assert_close


# Test files that compile the same kernels run in one pytest-xdist process (`--dist
# loadgroup`, pyproject). A kernel called from Python is compiled once and cached for every
# process; the kernels it calls are compiled inside it (`numba_internals.KernelDispatcher`)
# and cached too, but two processes compiling callers of theirs at the same time both
# compile them. Grouped so, a cold run compiled for 247 s of CPU instead of 298 s and took
# 3:39-3:43 instead of 4:25-4:26 (2 cores, empty cache, before those callees were cached).
# Every other file is its own group, as with `--dist loadfile`.
_SHARED_KERNELS = {
    "test_ik.py": "numerical solvers", "test_bad_inputs.py": "numerical solvers",
    "test_robustness.py": "numerical solvers",
    "test_analytic.py": "closed forms", "test_analytic_general6r.py": "closed forms",
    "test_analytic_completeness.py": "closed forms",
    "test_ik_mimic.py": "collisions", "test_reach.py": "collisions",
    "test_collision_robot.py": "collisions",
}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put each test in its file's group (before pytest-xdist reads the groups)."""
    for item in items:
        item.add_marker(pytest.mark.xdist_group(_SHARED_KERNELS.get(item.path.name, item.path.name)))
