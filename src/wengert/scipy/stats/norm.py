"""``wengert.scipy.stats.norm``: the normal distribution, which the log-normal and the
multivariate normal build on.

The tails use ``log_ndtr``, so logcdf and logsf stay finite (and their
derivatives right) far beyond where the cdf underflows.
"""

from __future__ import annotations

import numpy as _np

from ..special import log_ndtr, ndtr
from .distribution import Continuous

__all__ = ["norm"]

_HALF_LOG_2PI = 0.5 * _np.log(2.0 * _np.pi)


class Normal(Continuous):
    """``scipy.stats.norm``: logpdf, pdf, cdf, logcdf, sf, logsf; differentiable in x, loc, scale."""

    name = "norm"

    def _logpdf(self, z):
        return -0.5 * z * z - _HALF_LOG_2PI

    def _cdf(self, z):
        return ndtr(z)

    def _sf(self, z):
        return ndtr(-z)

    def _logcdf(self, z):
        return log_ndtr(z)

    def _logsf(self, z):
        return log_ndtr(-z)


norm = Normal()
