"""Numba kernels of the numerical IK solvers: one search loop (solver.py) that calls a
small step rule per method (least_squares.py, gradient.py, ccd.py)."""
