"""The error function and the normal distribution function, with their inverses (erf, erfc,
erfinv, erfcinv, ndtr, ndtri, log_ndtr), their relatives (erfcx, erfi, dawsn) and the
exponential integrals (expi, exp1, expn).

The derivative of each error function is a Gaussian; an inverse's is one over
the Gaussian at the result (`ans`), so those rules read no input at all.
"""

from __future__ import annotations

import numpy as _np
import scipy.special as _sp

from ...numpy import exp
from .ufunc import ufunc

__all__ = ["erf", "erfc", "erfinv", "erfcinv", "ndtr", "ndtri", "log_ndtr", "erfcx", "erfi", "dawsn",
           "expi", "exp1", "expn"]

_TWO_OVER_SQRT_PI = 2.0 / _np.sqrt(_np.pi)
_SQRT_2PI = _np.sqrt(2.0 * _np.pi)

erf = ufunc(_sp.erf, lambda ans, x: _TWO_OVER_SQRT_PI * exp(-x * x),
            doc="``scipy.special.erf``: 2 / sqrt(pi) times the integral of exp(-t^2) from 0 to x.")
erfc = ufunc(_sp.erfc, lambda ans, x: -_TWO_OVER_SQRT_PI * exp(-x * x),
             doc="``scipy.special.erfc``: 1 - erf(x), accurate where erf is near one.")
erfinv = ufunc(_sp.erfinv, lambda ans, x: exp(ans * ans) / _TWO_OVER_SQRT_PI,
               doc="``scipy.special.erfinv``: the inverse of erf on (-1, 1).")
erfcinv = ufunc(_sp.erfcinv, lambda ans, x: -exp(ans * ans) / _TWO_OVER_SQRT_PI,
                doc="``scipy.special.erfcinv``: the inverse of erfc on (0, 2).")
ndtr = ufunc(_sp.ndtr, lambda ans, x: exp(-0.5 * x * x) / _SQRT_2PI,
             doc="``scipy.special.ndtr``: the standard normal distribution function.")
ndtri = ufunc(_sp.ndtri, lambda ans, x: _SQRT_2PI * exp(0.5 * ans * ans),
              doc="``scipy.special.ndtri``: the standard normal quantile, the inverse of ndtr.")
log_ndtr = ufunc(_sp.log_ndtr, lambda ans, x: exp(-0.5 * x * x - ans) / _SQRT_2PI,
                 doc="``scipy.special.log_ndtr``: log(ndtr(x)), accurate far into the lower tail.")
erfcx = ufunc(_sp.erfcx, lambda ans, x: 2.0 * x * ans - _TWO_OVER_SQRT_PI,
              doc="``scipy.special.erfcx``: exp(x^2) erfc(x), which does not underflow.")
erfi = ufunc(_sp.erfi, lambda ans, x: _TWO_OVER_SQRT_PI * exp(x * x),
             doc="``scipy.special.erfi``: the imaginary error function -i erf(i x).")
dawsn = ufunc(_sp.dawsn, lambda ans, x: 1.0 - 2.0 * x * ans, doc="``scipy.special.dawsn``: Dawson's integral.")
expi = ufunc(_sp.expi, lambda ans, x: exp(x) / x, doc="``scipy.special.expi``: the exponential integral Ei(x).")
exp1 = ufunc(_sp.exp1, lambda ans, x: -exp(-x) / x, doc="``scipy.special.exp1``: the exponential integral E1(x).")
expn = ufunc(_sp.expn, None, lambda ans, n, x: -expn(n - 1, x), name="expn",
             constants={0: ("n", "an integer order")},
             doc="``scipy.special.expn(n, x)``: the generalized exponential integral E_n(x), "
                 "differentiable in x.")
