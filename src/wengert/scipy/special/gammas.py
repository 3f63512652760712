"""The gamma function and its relatives: gamma, gammaln, rgamma, gammasgn, digamma,
polygamma, multigammaln, beta, betaln.

Every derivative is a polygamma function: d log Gamma(x) / dx = digamma(x), and
the n-th derivative of digamma is polygamma(n, x), which SciPy evaluates for
any n. So each rule is one line and differentiates again to any order.
"""

from __future__ import annotations

import numpy as _np
import scipy.special as _sp

from ... import numpy as wnp
from ...extend import nondiff, raw, raw_array
from ..guards import refuse_traced
from .ufunc import ufunc

__all__ = ["gamma", "gammaln", "rgamma", "gammasgn", "digamma", "psi", "polygamma",
           "multigammaln", "beta", "betaln"]

_ORDER = ("n", "an integer order")


def _polygamma_raw(n, x):
    return _sp.polygamma(n, x)


polygamma = ufunc(_polygamma_raw, None, lambda ans, n, x: polygamma(n + 1, x), name="polygamma",
                  constants={0: _ORDER},
                  doc="``scipy.special.polygamma(n, x)``: the n-th derivative of digamma "
                      "(differentiable in x; n is an integer).")
digamma = psi = ufunc(_sp.digamma, lambda ans, x: polygamma(1, x), name="digamma",
                      doc="``scipy.special.digamma`` (``psi``): the derivative of gammaln.")
gammaln = ufunc(_sp.gammaln, lambda ans, x: digamma(x),
                doc="``scipy.special.gammaln``: log|Gamma(x)|, stable where Gamma overflows.")
gamma = ufunc(_sp.gamma, lambda ans, x: ans * digamma(x),
              doc="``scipy.special.gamma``: Gamma(x); its derivative is Gamma(x) digamma(x).")
rgamma = ufunc(_sp.rgamma, lambda ans, x: -ans * digamma(x),
               doc="``scipy.special.rgamma``: 1 / Gamma(x), zero at the poles of Gamma.")
gammasgn = nondiff(_sp.gammasgn, "gammasgn")
gammasgn.__doc__ = ("``scipy.special.gammasgn``: the sign of Gamma(x). Piecewise constant, so it "
                    "carries no derivative (its result is a plain array).")
beta = ufunc(_sp.beta, lambda ans, a, b: ans * (digamma(a) - digamma(a + b)),
             lambda ans, a, b: ans * (digamma(b) - digamma(a + b)),
             doc="``scipy.special.beta``: Gamma(a) Gamma(b) / Gamma(a + b).")
betaln = ufunc(_sp.betaln, lambda ans, a, b: digamma(a) - digamma(a + b),
               lambda ans, a, b: digamma(b) - digamma(a + b),
               doc="``scipy.special.betaln``: log|beta(a, b)|.")


def multigammaln(a, d):
    """``scipy.special.multigammaln(a, d)``: the log of the multivariate gamma function of
    dimension `d` (an integer), a sum of d gammaln terms, differentiable in `a`."""
    refuse_traced(d, "scipy.special.multigammaln", "d", "an integer dimension")
    if not _np.isscalar(d) or (_np.floor(d) != d):
        raise ValueError(f"multigammaln: d must be an integer; got {d!r}")
    if not _np.all(raw_array(a) > 0.5 * (d - 1)):
        raise ValueError(f"multigammaln: every a must be greater than (d - 1) / 2 = {0.5 * (d - 1)}"
                         f" (condition a > (d-1)/2 not met by {raw(a)!r})")
    halves = 0.5 * _np.arange(int(d))  # (j - 1) / 2 for j = 1..d
    terms = gammaln(wnp.expand_dims(a, -1) - halves)
    return d * (d - 1) * 0.25 * _np.log(_np.pi) + wnp.sum(terms, axis=-1)
