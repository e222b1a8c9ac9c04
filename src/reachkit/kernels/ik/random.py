"""A tiny deterministic random generator (SplitMix64) for restarts: seeding it is free,
unlike NumPy's Mersenne Twister, and every solve owns its stream, whatever the thread."""

import numpy as np

from ..jit import kernel

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2^-53


@kernel()
def next_uniform(state: np.uint64) -> tuple:
    """(a uniform float in [0, 1), the advanced state): one SplitMix64 step."""
    state = state + _GOLDEN
    z = state
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    z = z ^ (z >> np.uint64(31))
    return float(z >> np.uint64(11)) * _TO_UNIT, state


@kernel()
def mix(state: np.uint64, value: np.uint64) -> np.uint64:
    """A new state from state and a 64-bit value (one SplitMix64 finalisation)."""
    z = (state ^ value) + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    return z ^ (z >> np.uint64(31))


@kernel()
def target_seed(seed: int, T_target: np.ndarray, task: np.ndarray) -> np.uint64:
    """The random stream of one solve: the user's seed mixed with the target's bits (the
    pose's rotation and position entries and the task's mask and weights), so a target
    draws the same restarts wherever it sits in a batch, or alone. T_target (4, 4) and
    task (3, 6) are C-contiguous."""
    state = mix(np.uint64(seed), np.uint64(0x5EED))
    pose_bits = T_target.reshape(16).view(np.uint64)
    for i in range(12):
        state = mix(state, pose_bits[i])
    task_bits = task.reshape(18).view(np.uint64)
    for i in range(12):
        state = mix(state, task_bits[i])
    return state
