"""``wengert.scipy.stats.norm``: the normal distribution's logpdf, pdf, cdf and logcdf."""

from __future__ import annotations

import numpy as _np

from ...numpy import exp, log
from ..special import log_ndtr as _log_ndtr, ndtr

_HALF_LOG_2PI = 0.5 * _np.log(2.0 * _np.pi)


def logpdf(x, loc=0.0, scale=1.0):
    """Log of the normal density, ``scipy.stats.norm.logpdf`` (differentiable in x, loc, scale)."""
    z = (x - loc) / scale
    return -0.5 * z * z - log(scale) - _HALF_LOG_2PI


def pdf(x, loc=0.0, scale=1.0):
    """The normal density, ``scipy.stats.norm.pdf``."""
    return exp(logpdf(x, loc, scale))


def cdf(x, loc=0.0, scale=1.0):
    """The normal distribution function, ``scipy.stats.norm.cdf``."""
    return ndtr((x - loc) / scale)


def logcdf(x, loc=0.0, scale=1.0):
    """Log of the normal distribution function, ``scipy.stats.norm.logcdf``, stable in the tail."""
    return _log_ndtr((x - loc) / scale)
