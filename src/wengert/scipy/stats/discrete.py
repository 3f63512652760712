"""Counts: poisson, binom, nbinom. Differentiable in the rate and probability parameters.

The counts themselves (and SciPy's integer `loc`) have no derivative; a
traced count is refused by name, as is binom's number of trials n. The cdfs
are incomplete gamma and beta functions of the parameters, differentiable in
mu and p: poisson.cdf(k, mu) = Q(k + 1, mu), binom.cdf(k, n, p) =
I_{1-p}(n - k, k + 1) and nbinom.cdf(k, n, p) = I_p(n, k + 1), this last one
differentiable in n too.
"""

from __future__ import annotations

import numpy as _np

from ... import numpy as wnp
from ...extend import raw, raw_array
from ..special import betainc, betaincc, gammainc, gammaincc, gammaln, xlog1py, xlogy
from .distribution import Discrete

__all__ = ["poisson", "binom", "nbinom"]


class Poisson(Discrete):
    """``scipy.stats.poisson(mu)``: differentiable in mu."""

    name, shapes = "poisson", ("mu",)

    def _argcheck(self, mu):
        return raw_array(mu) >= 0

    def _support(self, mu):
        return 0.0, _np.inf

    def _logpmf(self, k, mu):
        return xlogy(k, mu) - gammaln(k + 1.0) - mu

    def _cdf(self, k, mu):
        return gammaincc(k + 1.0, mu)

    def _sf(self, k, mu):
        return gammainc(k + 1.0, mu)


class Binom(Discrete):
    """``scipy.stats.binom(n, p)``: differentiable in p; n counts trials."""

    name, shapes = "binom", ("n", "p")
    constant = {"n": ("the number of trials, an integer", ("logpmf", "cdf", "logcdf", "sf", "logsf"))}

    def _argcheck(self, n, p):
        n, p = raw_array(n), raw_array(p)
        return (n >= 0) & (_np.floor(n) == n) & (p >= 0) & (p <= 1)

    def _support(self, n, p):
        return 0.0, raw_array(n, float)

    def _logpmf(self, k, n, p):
        return (gammaln(n + 1.0) - gammaln(k + 1.0) - gammaln(n - k + 1.0)
                + xlogy(k, p) + xlog1py(n - k, -p))

    def _cdf(self, k, n, p):
        return betainc(n - k, k + 1.0, 1.0 - p)

    def _sf(self, k, n, p):
        return betainc(k + 1.0, n - k, p)


class NBinom(Discrete):
    """``scipy.stats.nbinom(n, p)``: failures before the n-th success; differentiable in p and
    in the (real) n."""

    name, shapes = "nbinom", ("n", "p")

    def _argcheck(self, n, p):
        n, p = raw_array(n), raw_array(p)
        return (n > 0) & (p > 0) & (p <= 1)

    def _support(self, n, p):
        return 0.0, _np.inf

    def _logpmf(self, k, n, p):
        return gammaln(n + k) - gammaln(k + 1.0) - gammaln(n) + n * wnp.log(p) + xlog1py(k, -p)

    def _cdf(self, k, n, p):
        return betainc(n, k + 1.0, p)

    def _sf(self, k, n, p):
        return betaincc(n, k + 1.0, p)

    def _logcdf(self, k, n, p):
        # SciPy's: log1p(-sf) where the cdf is above one half, accurate as it nears one
        # (each branch sees a safe value where it is discarded, so it adds no NaN to a derivative)
        cdf, sf = self._cdf(k, n, p), self._sf(k, n, p)
        upper = raw_array(cdf) > 0.5
        return wnp.where(upper, wnp.log1p(-wnp.where(upper, sf, 0.0)), wnp.log(wnp.where(upper, 1.0, cdf)))


poisson, binom, nbinom = Poisson(), Binom(), NBinom()
