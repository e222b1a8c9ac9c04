"""Layout of the flat `settings` vector the solver kernels read, and the method ids.
The Python side (`reachkit.ik.options`) fills it from frozen dataclasses."""

# method ids
LM = 0
NR = 1
GN = 2
DLS = 3
PINV = 4
JT = 5
FD = 6
CCD = 7

# Levenberg-Marquardt damping variants
LM_CHAN = 0  # lambda * E * I
LM_SUGIHARA = 1  # (E + lambda) * I
LM_WAMPLER = 2  # lambda * I

# indices into the settings vector
TOL_POSITION = 0  # metres
TOL_ROTATION = 1  # radians
LM_LAMBDA = 2
LM_VARIANT = 3
DLS_MU_MAX = 4  # largest damping factor mu
DLS_SIGMA_EPS = 5  # damping starts when the smallest singular value drops below this
GAIN = 6  # step gain for pinv / nr / gn / dls
FD_STEP = 7  # finite-difference nudge (rad or m)
MAX_ITERATIONS = 8  # per search
MAX_SEARCHES = 9  # 1 + restarts
STALL_WINDOW = 10  # iterations without progress before a restart
STALL_RATIO = 11  # "progress" means the cost fell below this fraction of the best so far
USE_LIMITS = 12  # 1.0 keeps every iterate inside the joint limits
RCOND = 13  # pseudoinverse: singular values below RCOND * largest are dropped
MAX_STEP = 14  # largest joint change per iteration (rad or m); inf for none
SECONDARY_ITERATIONS = 15  # null-space iterations after the target is met (0: stop at once)
SECONDARY_TOLERANCE = 16  # stop when a null-space step lowers H by less than this x (1 + |H|)
POLISH = 17  # 1.0: a final line-search pass from the best configuration when no search
# converged; with MAX_SEARCHES 0 that pass alone runs, from q0
FIRST_SEARCH = 18  # index of the first search in the whole solve: a solve split into one
# kernel call per search (time_limit) picks each start as the unsplit solve would
METHOD = 19  # the method id (LM, NR, ... above)
SIZE = 20
