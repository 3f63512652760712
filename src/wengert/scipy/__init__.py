"""Differentiable parts of SciPy: ``special``, ``stats``, ``signal``, ``linalg`` and ``integrate``."""
from . import integrate, linalg, signal, special, stats  # noqa: F401
