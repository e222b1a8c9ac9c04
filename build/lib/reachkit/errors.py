"""The reachkit exception tree: every error a user can cause is one of these."""


class ReachkitError(Exception):
    """Base class of every error reachkit raises on purpose."""


class ModelError(ReachkitError, ValueError):
    """A robot description makes no sense: bad DH table, bad URDF, unknown model name."""


class TargetError(ReachkitError, ValueError):
    """A target, a pose or a joint vector is malformed: NaN, wrong shape, not a rotation."""


class NotSupportedError(ReachkitError):
    """The request is valid but reachkit has no method for it (for example no closed form)."""


class OptionsError(ReachkitError, ValueError):
    """A solver option or method name is unknown or out of range."""
