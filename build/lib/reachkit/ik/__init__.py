"""Numerical inverse kinematics: targets, options, results and the `ik` / `ik_batch` front door."""
