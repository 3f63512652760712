"""Location-scale distributions on the whole real line: t, cauchy, laplace, logistic.

Each piece is written so that it neither overflows nor cancels in the tails
(Laplace's exponentials take -|z|, the logistic's tails are log_expit), which
keeps the derivatives right where the values are small.
"""

from __future__ import annotations

import numpy as _np
import scipy.special as _sp

from ... import numpy as wnp
from ...extend import elementwise, raw
from ..special import gammaln, log_expit, expit
from .distribution import INCOMPLETE_SHAPE, Continuous

__all__ = ["t", "cauchy", "laplace", "logistic"]

_LOG_2 = _np.log(2.0)


def _t_logpdf(z, df):
    return (gammaln(0.5 * (df + 1.0)) - gammaln(0.5 * df) - 0.5 * wnp.log(df * _np.pi)
            - 0.5 * (df + 1.0) * wnp.log1p(z * z / df))


# Student's cdf as one primitive: its derivative in z is the density, exact at z = 0 where the
# incomplete-beta form (x = df / (df + z^2) at 1) would give 0 * inf.
_stdtr = elementwise(lambda df, z: _sp.stdtr(df, z), None,
                     lambda ans, df, z: wnp.exp(_t_logpdf(z, df)), name="stdtr")


class StudentT(Continuous):
    """``scipy.stats.t(df)``: differentiable in x, loc, scale, and in df for logpdf and pdf."""

    name, shapes = "t", ("df",)
    constant = dict.fromkeys(("df",), INCOMPLETE_SHAPE)

    def _logpdf(self, z, df):
        return _t_logpdf(z, df)

    def _cdf(self, z, df):
        return _stdtr(df, z)

    def _sf(self, z, df):
        return _stdtr(df, -z)


class Cauchy(Continuous):
    """``scipy.stats.cauchy``: the t distribution with one degree of freedom."""

    name = "cauchy"

    def _logpdf(self, z):
        return -wnp.log(_np.pi * (1.0 + z * z))

    def _cdf(self, z):
        return wnp.arctan2(1.0, -z) / _np.pi

    def _sf(self, z):
        return wnp.arctan2(1.0, z) / _np.pi


class Laplace(Continuous):
    """``scipy.stats.laplace``: density exp(-|z|) / 2 (the derivative at z = 0 is taken as 0)."""

    name = "laplace"

    def _logpdf(self, z):
        return -_LOG_2 - wnp.abs(z)

    def _cdf(self, z):
        half_tail = 0.5 * wnp.exp(-wnp.abs(z))
        return wnp.where(_positive(z), 1.0 - half_tail, half_tail)

    def _sf(self, z):
        return self._cdf(-z)

    def _logcdf(self, z):
        return wnp.where(_positive(z), wnp.log1p(-0.5 * wnp.exp(-wnp.abs(z))), -wnp.abs(z) - _LOG_2)

    def _logsf(self, z):
        return self._logcdf(-z)


def _positive(z):
    """z > 0, read off the value (a branch, with no derivative of its own)."""
    return _np.asarray(raw(z)) > 0


class Logistic(Continuous):
    """``scipy.stats.logistic``: cdf expit(z), with log_expit for the log tails."""

    name = "logistic"

    def _logpdf(self, z):
        a = wnp.abs(z)
        return -a - 2.0 * wnp.log1p(wnp.exp(-a))

    def _cdf(self, z):
        return expit(z)

    def _sf(self, z):
        return expit(-z)

    def _logcdf(self, z):
        return log_expit(z)

    def _logsf(self, z):
        return log_expit(-z)


t, cauchy, laplace, logistic = StudentT(), Cauchy(), Laplace(), Logistic()
