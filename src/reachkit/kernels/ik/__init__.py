"""Numba kernels of the numerical IK solvers, one job per file: records.py (the named
records), workspace.py (a solve's scratch), starts.py (where each search begins),
iterate.py (one search), search.py (the whole solve), methods.py (the one method
switch) with steps.py, least_squares.py, limits.py, gradient.py, ccd.py and
null_space.py (the steps), and front.py (the kernels Python calls)."""
