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
