"""Secondary objectives for the null space of redundant arms: each kind is a cost h(q)
whose gradient the solvers descend inside the null space of the primary task.

Encoded as flat arrays so kernels can read them: kinds (K,) int64, weights (K,),
params (K, P) with P = max(dof, 6) (each kind documents its row of params).

Every kernel here reads the tool pose T_world_tool (4, 4) and the world-frame geometric
Jacobian J_world (6, n) at q, which the solver has already computed, and writes only into
caller-provided buffers: `work` is a (6, 2 n + 6) scratch array (`work_shape(n)`).

Manipulability gradient (the choice): analytic, from the derivative of the geometric
Jacobian, which for a serial chain is a function of J itself (no second chain walk, no
finite differences). With z_i the axis of joint i and Jv_j, Jw_j the linear and angular
columns of J, for a revolute joint i:
    dJw_j/dq_i = z_i x z_j (j > i revolute), else 0
    dJv_j/dq_i = z_i x Jv_j (j > i), z_j x Jv_i (j <= i, j revolute), 0 (j <= i prismatic)
and for a prismatic joint i: dJv_j/dq_i = z_j x z_i for revolute j < i, everything else 0.
Then with A = Jm Jm^T (Jm the selected rows), w = sqrt(det A) and
    dw/dq_i = w tr(A^-1 dJm/dq_i Jm^T) = w sum_(a, j) (A^-1 Jm)[a, j] dJm/dq_i[a, j],
O(m n^2) per gradient. At an exact singularity (A not positive definite) w = 0 and the
gradient is taken of the slightly regularised A + 1e-12 tr(A) I so the arm can leave it.
"""

import math

import numpy as np

from .jit import kernel
from .linalg import cholesky_factor_inplace, cholesky_substitute_inplace
from .transform import REVOLUTE

POSTURE = 0  # params[:dof] = q_rest; h = 0.5 |q - q_rest|^2
JOINT_LIMITS = 1  # h = 0.5 sum(((q - mid) / range)^2) over finitely limited joints
ORIENTATION = 2  # params[0] = phi_target; h = 0.5 wrap(phi_target - phi)^2, phi = atan2(R10, R00)
MANIPULABILITY = 3  # params[:6] = row mask over (vx vy vz wx wy wz); h = -sqrt(det(Jm Jm^T))


@kernel()
def work_shape(n: int) -> tuple:
    """Shape of the scratch buffer the objective kernels need for an n-joint chain."""
    return (6, 2 * n + 6)


@kernel()
def _wrap(angle: float) -> float:
    return math.atan2(math.sin(angle), math.cos(angle))


@kernel()
def _selected_rows(params: np.ndarray, J_world: np.ndarray, work: np.ndarray) -> int:
    """Copy the rows of J_world chosen by params[:6] into work[:, 6:6+n]; returns their count m."""
    n = J_world.shape[1]
    m = 0
    for row in range(6):
        if params[row] > 0.0:
            for j in range(n):
                work[m, 6 + j] = J_world[row, j]
            m += 1
    return m


@kernel()
def _gram_cholesky(work: np.ndarray, m: int, n: int, ridge: float) -> bool:
    """A = Jm Jm^T + ridge I into work[:m, :m], then its Cholesky factor in place
    (`cholesky_factor_inplace`: 1 / L_aa on the diagonal)."""
    for a in range(m):
        for c in range(a + 1):
            s = 0.0
            for j in range(n):
                s += work[a, 6 + j] * work[c, 6 + j]
            work[a, c] = s + (ridge if a == c else 0.0)
    return cholesky_factor_inplace(work, m)


@kernel()
def manipulability_into(params: np.ndarray, J_world: np.ndarray, work: np.ndarray) -> float:
    """Yoshikawa's measure w = sqrt(det(Jm Jm^T)) of the rows params[:6] selects (0 when singular)."""
    n = J_world.shape[1]
    m = _selected_rows(params, J_world, work)
    if m == 0 or not _gram_cholesky(work, m, n, 0.0):
        return 0.0
    w = 1.0
    for a in range(m):
        w /= work[a, a]  # det A = prod(L_aa)^2, so sqrt(det A) = prod(L_aa)
    return w


@kernel()
def _jacobian_derivative(kinds: np.ndarray, J: np.ndarray, i: int, j: int) -> tuple:
    """d(column j of the geometric Jacobian)/dq_i as six floats, from J alone (module doc)."""
    if kinds[i] == REVOLUTE:
        zx, zy, zz = J[3, i], J[4, i], J[5, i]
        if j > i:
            vx, vy, vz = J[0, j], J[1, j], J[2, j]
            ax, ay, az = 0.0, 0.0, 0.0
            if kinds[j] == REVOLUTE:
                ax, ay, az = J[3, j], J[4, j], J[5, j]
            return (zy * vz - zz * vy, zz * vx - zx * vz, zx * vy - zy * vx,
                    zy * az - zz * ay, zz * ax - zx * az, zx * ay - zy * ax)
        if kinds[j] == REVOLUTE:
            ax, ay, az = J[3, j], J[4, j], J[5, j]
            vx, vy, vz = J[0, i], J[1, i], J[2, i]
            return (ay * vz - az * vy, az * vx - ax * vz, ax * vy - ay * vx, 0.0, 0.0, 0.0)
        return (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    if j < i and kinds[j] == REVOLUTE:
        ax, ay, az = J[3, j], J[4, j], J[5, j]
        zx, zy, zz = J[0, i], J[1, i], J[2, i]
        return (ay * zz - az * zy, az * zx - ax * zz, ax * zy - ay * zx, 0.0, 0.0, 0.0)
    return (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)


@kernel()
def _add_manipulability_gradient(weight: float, params: np.ndarray, kinds: np.ndarray,
                                 J_world: np.ndarray, work: np.ndarray, grad: np.ndarray) -> None:
    """grad -= weight * dw/dq (h = -w)."""
    n = J_world.shape[1]
    m = _selected_rows(params, J_world, work)
    if m == 0:
        return
    singular = not _gram_cholesky(work, m, n, 0.0)
    if singular:
        trace = 0.0
        for a in range(m):
            for j in range(n):
                trace += work[a, 6 + j] * work[a, 6 + j]
        if not _gram_cholesky(work, m, n, 1e-12 * trace + 1e-300):
            return
    w = 1.0
    for a in range(m):
        w /= work[a, a]  # the diagonal holds 1 / L_aa
    # B = A^-1 Jm into work[:m, 6+n : 6+2n], one column at a time
    B0 = 6 + n
    for j in range(n):
        for a in range(m):
            work[a, B0 + j] = work[a, 6 + j]
        cholesky_substitute_inplace(work, work[:, B0 + j], m)
    for i in range(n):
        s = 0.0
        for j in range(n):
            dcol = _jacobian_derivative(kinds, J_world, i, j)
            a = 0
            for row in range(6):
                if params[row] > 0.0:
                    s += work[a, B0 + j] * dcol[row]
                    a += 1
        grad[i] -= weight * w * s


@kernel()
def objective_value(kind: int, params: np.ndarray, q: np.ndarray, lower: np.ndarray,
                    upper: np.ndarray, T_world_tool: np.ndarray, J_world: np.ndarray,
                    work: np.ndarray) -> float:
    """h(q) of one objective (unweighted)."""
    h = 0.0
    if kind == POSTURE:
        for i in range(q.shape[0]):
            d = q[i] - params[i]
            h += 0.5 * d * d
    elif kind == JOINT_LIMITS:
        for i in range(q.shape[0]):
            if math.isfinite(lower[i]) and math.isfinite(upper[i]) and upper[i] > lower[i]:
                d = (q[i] - 0.5 * (lower[i] + upper[i])) / (upper[i] - lower[i])
                h += 0.5 * d * d
    elif kind == ORIENTATION:
        d = _wrap(params[0] - math.atan2(T_world_tool[1, 0], T_world_tool[0, 0]))
        h = 0.5 * d * d
    elif kind == MANIPULABILITY:
        h = -manipulability_into(params, J_world, work)
    return h


@kernel()
def add_objective_gradient(kind: int, weight: float, params: np.ndarray, q: np.ndarray,
                           lower: np.ndarray, upper: np.ndarray, kinds: np.ndarray,
                           T_world_tool: np.ndarray, J_world: np.ndarray, work: np.ndarray,
                           grad: np.ndarray) -> None:
    """grad += weight * dh/dq (n,) for one objective; J_world (6, n) at q."""
    n = q.shape[0]
    if kind == POSTURE:
        for i in range(n):
            grad[i] += weight * (q[i] - params[i])
    elif kind == JOINT_LIMITS:
        for i in range(n):
            if math.isfinite(lower[i]) and math.isfinite(upper[i]) and upper[i] > lower[i]:
                span = upper[i] - lower[i]
                grad[i] += weight * (q[i] - 0.5 * (lower[i] + upper[i])) / (span * span)
    elif kind == ORIENTATION:
        # phi = atan2(R10, R00); dR/dq_i = [w_i]x R with w_i the angular column of J.
        r00 = T_world_tool[0, 0]
        r10 = T_world_tool[1, 0]
        r20 = T_world_tool[2, 0]
        norm2 = r00 * r00 + r10 * r10
        if norm2 < 1e-300:
            return  # tool x axis along world z: phi undefined
        d = _wrap(params[0] - math.atan2(r10, r00))
        for i in range(n):
            wx, wy, wz = J_world[3, i], J_world[4, i], J_world[5, i]
            d_r00 = wy * r20 - wz * r10
            d_r10 = wz * r00 - wx * r20
            dphi = (r00 * d_r10 - r10 * d_r00) / norm2
            grad[i] -= weight * d * dphi
    elif kind == MANIPULABILITY:
        _add_manipulability_gradient(weight, params, kinds, J_world, work, grad)


@kernel()
def secondary_cost(obj_kinds: np.ndarray, weights: np.ndarray, params: np.ndarray,
                   q: np.ndarray, lower: np.ndarray, upper: np.ndarray,
                   T_world_tool: np.ndarray, J_world: np.ndarray, work: np.ndarray) -> float:
    """H(q) = sum_k weight_k h_k(q)."""
    total = 0.0
    for k in range(obj_kinds.shape[0]):
        total += weights[k] * objective_value(obj_kinds[k], params[k], q, lower, upper,
                                              T_world_tool, J_world, work)
    return total


@kernel()
def secondary_step(obj_kinds: np.ndarray, weights: np.ndarray, params: np.ndarray,
                   q: np.ndarray, lower: np.ndarray, upper: np.ndarray, kinds: np.ndarray,
                   T_world_tool: np.ndarray, J_world: np.ndarray, work: np.ndarray,
                   z: np.ndarray) -> None:
    """z = -sum_k weight_k grad h_k(q): the joint motion the secondary objectives want."""
    for i in range(z.shape[0]):
        z[i] = 0.0
    for k in range(obj_kinds.shape[0]):
        add_objective_gradient(obj_kinds[k], weights[k], params[k], q, lower, upper, kinds,
                               T_world_tool, J_world, work, z)
    for i in range(z.shape[0]):
        z[i] = -z[i]
