"""Location-scale distributions on the whole real line: t, cauchy, laplace, logistic.

Each piece is written so that it neither overflows nor cancels in the tails
(Laplace's exponentials take -|z|, the logistic's tails are log_expit), which
keeps the derivatives right where the values are small.
"""

from __future__ import annotations

import numpy as _np
import scipy.special as _sp

from ... import numpy as wnp
from ...extend import elementwise, raw, raw_array
from ..special import betaln, expit, gammaln, log_expit, xlog1py, xlogy
from ..special.shape_derivatives import betainc_dab
from .distribution import Continuous

__all__ = ["t", "cauchy", "laplace", "logistic"]

_LOG_2 = _np.log(2.0)


def _t_logpdf(z, df):
    return (gammaln(0.5 * (df + 1.0)) - gammaln(0.5 * df) - 0.5 * wnp.log(df * _np.pi)
            - 0.5 * (df + 1.0) * wnp.log1p(z * z / df))


def _stdtr_ddf(df, z):
    """d stdtr / d df. The cdf is 0.5 I_x(df/2, 1/2) with x = df / (df + z^2) for z < 0, one
    minus that for z > 0, and 1/2 for every df at z = 0 (where the terms below are 0 * inf)."""
    at_zero = raw_array(z) == 0
    z = wnp.where(at_zero, 1.0, z) if _np.any(at_zero) else z
    r = df + z * z
    x, a = df / r, 0.5 * df
    density = wnp.exp(xlogy(a - 1.0, x) + xlog1py(-0.5, -x) - betaln(a, 0.5))
    tail = 0.5 * (0.5 * betainc_dab(a, 0.5, x)[0] + density * z * z / (r * r))
    out = -_np.sign(raw(z)) * tail
    return wnp.where(at_zero, 0.0, out) if _np.any(at_zero) else out


# Student's cdf as one primitive: its derivative in z is the density, exact at z = 0 where the
# incomplete-beta form would give 0 * inf
_stdtr = elementwise(lambda df, z: _sp.stdtr(df, z), lambda ans, df, z: _stdtr_ddf(df, z),
                     lambda ans, df, z: wnp.exp(_t_logpdf(z, df)), name="stdtr")


class StudentT(Continuous):
    """``scipy.stats.t(df)``: differentiable in x, loc, scale and df."""

    name, shapes = "t", ("df",)

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
    return raw_array(z) > 0


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
