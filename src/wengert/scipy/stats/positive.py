"""Distributions of positive quantities: gamma, chi2, expon, lognorm, weibull_min, and beta
on the unit interval.

The densities are written with xlogy / xlog1py, so the support's end points
give SciPy's values (expon.logpdf(0) = 0, not NaN); the cdfs are the
regularized incomplete gamma and beta functions, differentiable in x and in
their shapes.
"""

from __future__ import annotations

import numpy as _np

from ... import numpy as wnp
from ..special import betainc, betaincc, betaln, gammainc, gammaincc, gammaln, log_ndtr, ndtr, xlog1py, xlogy
from .distribution import Continuous

__all__ = ["gamma", "chi2", "expon", "lognorm", "weibull_min", "beta"]

_HALF_LOG_2PI = 0.5 * _np.log(2.0 * _np.pi)


class Positive(Continuous):
    """Support [0, inf); the safe point of a discarded branch is 1."""

    safe = 1.0

    def _support(self, *shapes):
        return 0.0, _np.inf


class Gamma(Positive):
    """``scipy.stats.gamma(a)``: differentiable in x, loc, scale and a."""

    name, shapes = "gamma", ("a",)

    def _logpdf(self, z, a):
        return xlogy(a - 1.0, z) - z - gammaln(a)

    def _cdf(self, z, a):
        return gammainc(a, z)

    def _sf(self, z, a):
        return gammaincc(a, z)


class Chi2(Positive):
    """``scipy.stats.chi2(df)``: the gamma distribution with a = df / 2 and scale 2."""

    name, shapes = "chi2", ("df",)

    def _logpdf(self, z, df):
        return xlogy(0.5 * df - 1.0, z) - 0.5 * z - gammaln(0.5 * df) - 0.5 * _np.log(2.0) * df

    def _cdf(self, z, df):
        return gammainc(0.5 * df, 0.5 * z)

    def _sf(self, z, df):
        return gammaincc(0.5 * df, 0.5 * z)


class Expon(Positive):
    """``scipy.stats.expon``: density exp(-z) on z >= 0."""

    name = "expon"

    def _logpdf(self, z):
        return -z

    def _cdf(self, z):
        return -wnp.expm1(-z)

    def _sf(self, z):
        return wnp.exp(-z)

    def _logsf(self, z):
        return -z


class Lognorm(Positive):
    """``scipy.stats.lognorm(s)``: log(x / scale) is normal with standard deviation s."""

    name, shapes = "lognorm", ("s",)

    def _logpdf(self, z, s):
        log_z = wnp.log(z)
        return -log_z * log_z / (2.0 * s * s) - wnp.log(s * z) - _HALF_LOG_2PI

    def _cdf(self, z, s):
        return ndtr(wnp.log(z) / s)

    def _sf(self, z, s):
        return ndtr(-wnp.log(z) / s)

    def _logcdf(self, z, s):
        return log_ndtr(wnp.log(z) / s)

    def _logsf(self, z, s):
        return log_ndtr(-wnp.log(z) / s)

    def _method(self, method, x, args, kwds, piece, closed, below, above):
        # SciPy's log-normal excludes 0 from its support: logpdf(0) = -inf, not log 0 terms
        return super()._method(method, x, args, kwds, piece, False, below, above)


class WeibullMin(Positive):
    """``scipy.stats.weibull_min(c)``: survival function exp(-z^c)."""

    name, shapes = "weibull_min", ("c",)

    def _logpdf(self, z, c):
        return wnp.log(c) + xlogy(c - 1.0, z) - z ** c

    def _cdf(self, z, c):
        return -wnp.expm1(-z ** c)

    def _sf(self, z, c):
        return wnp.exp(-z ** c)

    def _logsf(self, z, c):
        return -z ** c


class Beta(Continuous):
    """``scipy.stats.beta(a, b)`` on [0, 1]: differentiable in x, loc, scale, a and b."""

    name, shapes, safe = "beta", ("a", "b"), 0.5

    def _support(self, a, b):
        return 0.0, 1.0

    def _logpdf(self, z, a, b):
        return xlog1py(b - 1.0, -z) + xlogy(a - 1.0, z) - betaln(a, b)

    def _cdf(self, z, a, b):
        return betainc(a, b, z)

    def _sf(self, z, a, b):
        return betaincc(a, b, z)


gamma, chi2, expon, lognorm, weibull_min, beta = Gamma(), Chi2(), Expon(), Lognorm(), WeibullMin(), Beta()
