"""Differentiable parts of SciPy: ``special``, ``stats``, ``signal`` and ``linalg``."""
from . import linalg, signal, special, stats  # noqa: F401
