"""The named records the solver kernels pass around (Numba types a NamedTuple by its class,
so a record costs nothing at run time and names every field).

Why named tuples: they are immutable values Numba passes in registers or on the stack (no
allocation, no reference count of their own), their field types may differ (integer
budgets stay integers), and a record class is part of the compiled signature, so each
method's rule record (`LM`, `DLS`, ...) compiles the search for that method alone
(`methods.py` maps a rule to its step). Structrefs and jitclasses would allocate a
reference-counted object per record and cost a dispatch per field access from Python.
"""

from typing import NamedTuple

import numpy as np


class Arm(NamedTuple):
    """The robot, as views of its packed vector (`robot.pack_robot`): n chain joints
    driven by dof joint values (n = dof unless joints are coupled).

    Chain (n joints): fixed (n + 1, 4, 4), transforms before each joint and the tool;
    chain_kinds (n,) int64; offsets (n,), joint zero offsets. Joint values (dof): kinds
    (dof,) int64, REVOLUTE only where a value may be wrapped by 2 pi (see
    `reachkit.ik.packing`); lower, upper (dof,): limits (rad or m); sample_lower,
    sample_upper (dof,): where random starts are drawn. Coupling (`reachkit.coupling`):
    coupled: False when chain joint i is value i (then the fields below are unused);
    else chain joint i = multiplier[i] * q[leader[i]] + shift[i], and chain_q (n,),
    chain_J (6, n), chain_G (ROW_CAPACITY, n) are the solve's scratch for the chain's
    values, Jacobian and collision rows."""

    fixed: np.ndarray
    chain_kinds: np.ndarray
    offsets: np.ndarray
    kinds: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    sample_lower: np.ndarray
    sample_upper: np.ndarray
    coupled: bool
    leader: np.ndarray
    multiplier: np.ndarray
    shift: np.ndarray
    chain_q: np.ndarray
    chain_J: np.ndarray
    chain_G: np.ndarray


class SeedTable(NamedTuple):
    """Configurations whose tool poses are known (`reachkit.ik.seeds.SeedTable`):
    q (K, n), pose columns (7, K) = [position / scale; unit quaternion], position scale
    (m), grid (9,) and cell starts (C + 1,) of the spatial grid over the positions."""

    q: np.ndarray
    poses: np.ndarray
    scale: float
    grid: np.ndarray
    cell_start: np.ndarray


class Goal(NamedTuple):
    """What a solve aims at: T_target (4, 4), tool pose in the world frame; task (3, 6) =
    [mask; weights; per-axis tolerances] over (x y z rx ry rz)."""

    T_target: np.ndarray
    task: np.ndarray


class Start(NamedTuple):
    """Where the first search begins: q0 (n,) when has_q0, else the seed table; seed: the
    solve's random stream (already mixed with the target, `random.target_seed`)."""

    q0: np.ndarray
    has_q0: bool
    seed: np.uint64


class Budget(NamedTuple):
    """Tolerances, budgets and step limits of a solve, whatever the method.

    tol_position (m) and tol_rotation (rad): on the masked error norms. max_iterations:
    per search; max_searches: 1 + restarts (0: only the polishing pass, from q0).
    stall_window, stall_ratio: a search stops when its cost has not fallen below
    stall_ratio x its best for stall_window iterations. use_limits: keep iterates inside
    the joint limits. gain: step gain of the Jacobian methods; max_step: largest joint
    move per iteration (rad or m). polish: one final line-search pass from the best
    configuration when no search converged. first_search: the index of the first search
    (a solve split into calls starts where the last stopped). secondary_iterations and
    secondary_tolerance: the null-space refinement. deadline: `monotonic_seconds` after
    which no search goes on (inf: none)."""

    tol_position: float
    tol_rotation: float
    max_iterations: int
    max_searches: int
    stall_window: int
    stall_ratio: float
    use_limits: bool
    gain: float
    max_step: float
    polish: bool
    first_search: int
    secondary_iterations: int
    secondary_tolerance: float
    deadline: float


# ---- one rule record per step method; `methods.py` maps each to its step ----

class LM(NamedTuple):
    """Levenberg-Marquardt: dq = (J^T J + damping I)^-1 J^T r; damping = lam E (variant
    CHAN), E + lam (SUGIHARA) or lam (WAMPLER)."""

    variant: int
    lam: float


LM_CHAN = 0
LM_SUGIHARA = 1
LM_WAMPLER = 2


class Pinv(NamedTuple):
    """Moore-Penrose pseudoinverse step (Newton-Raphson and `pinv`): singular values
    below rcond x the largest are dropped."""

    rcond: float


class GN(NamedTuple):
    """Gauss-Newton: the pseudoinverse step with a backtracking line search."""

    rcond: float


class DLS(NamedTuple):
    """Damped least squares: 1/(s^2 + mu^2), mu^2 = mu_max^2 (1 - (s_min/sigma_eps)^2)
    once the smallest singular value s_min drops below sigma_eps."""

    rcond: float
    mu_max: float
    sigma_eps: float


class JT(NamedTuple):
    """Jacobian transpose with Buss's step length and a line search."""


class FD(NamedTuple):
    """Gradient following with finite differences (nudge fd_step, rad or m) and
    Barzilai-Borwein step lengths, with a line search."""

    fd_step: float


class CCD(NamedTuple):
    """Cyclic coordinate descent: each joint set to its best value in turn."""


class Outcome(NamedTuple):
    """What a solve's searches did: status (CONVERGED or NOT_CONVERGED), iterations
    taken, searches run, trace rows written, whether the time limit stopped it, and
    error_known: the workspace's e6 holds the pose error of q_best (computed by FK at
    exactly q_best), so the caller's check needs no FK of its own."""

    status: int
    iterations: int
    searches: int
    trace_length: int
    timed_out: bool
    error_known: bool


CONVERGED = 0
NOT_CONVERGED = 1
