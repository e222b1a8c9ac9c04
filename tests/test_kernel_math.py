"""The small numeric kernels under the chain walks and the solver steps: `sincos` and
`atan_over_x` against the C library, `ldl_solve_inplace` and the closed forms'
`least_squares` against NumPy."""

import math

import numpy as np
import pytest
from numba import njit

from reachkit.analytic.dense import least_squares
from reachkit.kernels.linalg import ldl_solve_inplace
from reachkit.kernels.trig import ATAN_SMALL_LIMIT, REDUCTION_LIMIT, atan_over_x, sincos


@njit
def _sincos_all(angles: np.ndarray, out: np.ndarray) -> None:
    for i in range(angles.shape[0]):
        out[0, i], out[1, i] = sincos(angles[i])


@njit(fastmath={"contract"})
def _sincos_all_contracted(angles: np.ndarray, out: np.ndarray) -> None:
    """As the FK walks compile it: with fused multiply-adds allowed."""
    for i in range(angles.shape[0]):
        out[0, i], out[1, i] = sincos(angles[i])


def _ulps(value: np.ndarray, reference: np.ndarray) -> np.ndarray:
    return np.abs(value - reference) / np.spacing(np.abs(reference))


def _special_angles() -> np.ndarray:
    """Multiples of pi/4 and their neighbours (the quadrant edges), zeros and tiny angles."""
    k = np.arange(-320, 321)
    multiples = k * (math.pi / 4)
    return np.concatenate([multiples, np.nextafter(multiples, np.inf), np.nextafter(multiples, -np.inf),
                           [0.0, -0.0, 5e-324, -5e-324, 1e-300, 1e-8, -1e-8]])


@pytest.mark.parametrize("kernel", [_sincos_all, _sincos_all_contracted])
@pytest.mark.parametrize("span", [4.0, 40.0, REDUCTION_LIMIT, 1e6])
def test_sincos_is_within_one_ulp_of_the_c_library(kernel, span):
    angles = np.concatenate([np.random.default_rng(7).uniform(-span, span, 200_000), _special_angles()])
    out = np.empty((2, angles.size))
    kernel(angles, out)
    sin, cos = np.sin(angles), np.cos(angles)
    assert _ulps(out[0], sin).max() <= 1.0
    assert _ulps(out[1], cos).max() <= 1.0
    assert (out[0] == sin).mean() > 0.8  # mostly the same bits


def test_sincos_of_non_finite_angles_is_nan():
    angles = np.array([np.inf, -np.inf, np.nan])
    out = np.empty((2, 3))
    _sincos_all(angles, out)
    assert np.isnan(out).all()


@njit(fastmath={"contract"})
def _atan_all(x: np.ndarray, out: np.ndarray) -> None:
    for i in range(x.shape[0]):
        out[i] = x[i] * atan_over_x(x[i] * x[i])


def test_atan_over_x_is_within_one_ulp_of_the_c_library():
    x = np.concatenate([np.random.default_rng(8).uniform(-ATAN_SMALL_LIMIT, ATAN_SMALL_LIMIT, 200_000),
                        np.geomspace(1e-300, ATAN_SMALL_LIMIT, 2000), [0.0, ATAN_SMALL_LIMIT]])
    out = np.empty_like(x)
    _atan_all(x, out)
    nonzero = x != 0.0
    assert _ulps(out[nonzero], np.arctan(x[nonzero])).max() <= 1.0
    assert (out[nonzero] == np.arctan(x[nonzero])).mean() > 0.8
    assert out[~nonzero].tolist() == [0.0]


@njit
def _ldl_solve(A: np.ndarray, b: np.ndarray, literal_six: bool) -> tuple:
    A = A.copy()
    b = b.copy()
    ok = ldl_solve_inplace(A, b, 6) if literal_six else ldl_solve_inplace(A, b, A.shape[0])
    return ok, b


@pytest.mark.parametrize("size", [1, 2, 3, 6, 9])
@pytest.mark.parametrize("ridge", [0.0, 1e-8, 10.0])
def test_ldl_solve_matches_numpy(size, ridge):
    rng = np.random.default_rng(size)
    for _ in range(20):
        M = rng.standard_normal((size + 2, size))
        A = M.T @ M + ridge * np.eye(size)
        b = rng.standard_normal(size)
        ok, x = _ldl_solve(A, b, size == 6)
        assert ok
        expected = np.linalg.solve(A, b)
        assert np.abs(x - expected).max() <= 1e-12 * np.linalg.cond(A) * max(1.0, np.abs(expected).max())


@pytest.mark.parametrize("A", [
    np.diag([1.0, -1.0, 1.0]),  # indefinite
    np.zeros((3, 3)),  # singular
    np.array([[1.0, 2.0], [2.0, 1.0]]),  # symmetric, not positive definite
    np.array([[np.nan, 0.0], [0.0, 1.0]]),
])
def test_ldl_solve_refuses_matrices_that_are_not_positive_definite(A):
    ok, _ = _ldl_solve(A, np.ones(A.shape[0]), False)
    assert not ok


@pytest.mark.parametrize("rows, columns", [(9, 2), (8, 3), (4, 4)])
def test_least_squares_matches_numpy(rows: int, columns: int) -> None:
    rng = np.random.default_rng(rows * columns)
    A, B = rng.normal(size=(rows, columns)), rng.normal(size=(rows, 2))
    expected = np.linalg.lstsq(A, B, rcond=None)[0]
    assert np.allclose(least_squares(A, B), expected, rtol=0, atol=1e-12)


def test_least_squares_with_dependent_columns_still_fits_what_it_can() -> None:
    rng = np.random.default_rng(7)
    A = rng.normal(size=(9, 3))
    A[:, 2] = 2.0 * A[:, 0]
    B = rng.normal(size=(9, 2))
    X = least_squares(A, B)
    best = np.linalg.lstsq(A, B, rcond=None)[0]
    assert np.all(np.isfinite(X))
    assert np.allclose(np.linalg.norm(A @ X - B, axis=0), np.linalg.norm(A @ best - B, axis=0),
                       rtol=0, atol=1e-12)
