"""``wengert.scipy.special``: the special functions likelihoods and models are written with.

Same names, arguments and values as ``scipy.special``; on traced values each
function below is a primitive whose VJP and JVP rules are written with
``wengert.numpy`` and this package, so they differentiate again (``hessian``,
``hvp``). Arguments without a derivative (an integer order `n`, the real order
`v` of a Bessel function) are refused when traced, with a message naming them. Any other ``scipy.special`` function works on plain
values and, on a traced value, raises an error naming it.

>>> import wengert as wg
>>> from wengert.scipy.special import gammaln
>>> float(wg.grad(gammaln)(1.0))   # digamma(1) = -Euler's gamma
-0.5772156649015329
"""

from __future__ import annotations

import scipy.special as _sp

from ..coverage import SPECIAL
from ..guards import scipy_attribute
from .bessel import (i0, i0e, i1, i1e, iv, ive, j0, j1, jn, jv, jve, k0, k0e, k1, k1e, kn, kv, kve, y0, y1,
                     yn, yv, yve)
from .elementary import (binom, cbrt, cosdg, cosm1, cotdg, exp2, exp10, expm1, huber, kl_div, log1p, poch,
                         powm1, pseudo_huber, radian, sindg, softplus, tandg)
from .entropy import entr, rel_entr, xlog1py, xlogy
from .errorfns import dawsn, erf, erfc, erfcinv, erfcx, erfi, erfinv, exp1, expi, expn, log_ndtr, ndtr, ndtri
from .gammas import beta, betaln, digamma, gamma, gammaln, gammasgn, multigammaln, polygamma, psi, rgamma
from .incomplete import betainc, betaincc, gammainc, gammaincc
from .logistic import expit, log_expit, log_softmax, logit, logsumexp, softmax

__all__ = ["gamma", "gammaln", "rgamma", "gammasgn", "digamma", "psi", "polygamma", "multigammaln",
           "beta", "betaln", "betainc", "betaincc", "gammainc", "gammaincc",
           "erf", "erfc", "erfinv", "erfcinv", "ndtr", "ndtri", "log_ndtr",
           "logit", "expit", "log_expit", "logsumexp", "softmax", "log_softmax",
           "xlogy", "xlog1py", "entr", "rel_entr",
           "j0", "j1", "jn", "y0", "y1", "yn", "i0", "i1", "iv", "ive", "kv",
           "jv", "jve", "yv", "yve", "i0e", "i1e", "k0", "k1", "k0e", "k1e", "kn", "kve",
           "erfcx", "erfi", "dawsn", "expi", "exp1", "expn",
           "expm1", "log1p", "cbrt", "exp2", "exp10", "cosm1", "powm1", "softplus", "sindg", "cosdg",
           "tandg", "cotdg", "radian", "kl_div", "huber", "pseudo_huber", "poch", "binom"]


def __getattr__(name):
    """Anything else ``scipy.special`` has: plain values pass, traced ones are refused by name."""
    return scipy_attribute(_sp, name, SPECIAL, "wengert.scipy.special")
