"""The error function and the normal distribution function, with their inverses:
erf, erfc, erfinv, erfcinv, ndtr, ndtri, log_ndtr.

The derivative of each is a Gaussian; an inverse's is one over the Gaussian at
the result (`ans`), so the rules read no input at all.
"""

from __future__ import annotations

import numpy as _np
import scipy.special as _sp

from ...numpy import exp
from .ufunc import ufunc

__all__ = ["erf", "erfc", "erfinv", "erfcinv", "ndtr", "ndtri", "log_ndtr"]

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
