"""``wengert.scipy.stats``: differentiable distribution functions."""
from . import norm  # noqa: F401
