"""Differentiable parts of SciPy: ``wengert.scipy.special`` and ``wengert.scipy.stats``."""
from . import special, stats  # noqa: F401
