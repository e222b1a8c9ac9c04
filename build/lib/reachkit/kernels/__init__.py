"""Numba kernels. They read only the flat arrays of a compiled `Chain` and never allocate
inside their inner loops. Everything here is private: the public API wraps it."""
