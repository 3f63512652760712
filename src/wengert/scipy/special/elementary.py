"""Elementary functions SciPy computes more accurately than their formulas, and small
compositions: expm1, log1p, cbrt, exp2, exp10, cosm1, powm1, softplus, the trigonometric
functions of degrees, radian, kl_div, huber, pseudo_huber, poch, binom.

Each derivative is written with ``wengert.numpy`` and this package, most from
the result itself (d exp2 = ans log 2), so the rules differentiate again.
"""

from __future__ import annotations

import numpy as _np
import scipy.special as _sp

from ... import numpy as wnp
from ...extend import raw
from .gammas import digamma
from .logistic import expit
from .ufunc import ufunc

__all__ = ["expm1", "log1p", "cbrt", "exp2", "exp10", "cosm1", "powm1", "softplus", "sindg",
           "cosdg", "tandg", "cotdg", "radian", "kl_div", "huber", "pseudo_huber", "poch", "binom"]

_DEGREE = _np.pi / 180.0

expm1 = ufunc(_sp.expm1, lambda ans, x: ans + 1.0, doc="``scipy.special.expm1``: exp(x) - 1, exact near 0.")
log1p = ufunc(_sp.log1p, lambda ans, x: 1.0 / (1.0 + x), doc="``scipy.special.log1p``: log(1 + x), exact near 0.")
cbrt = ufunc(_sp.cbrt, lambda ans, x: 1.0 / (3.0 * ans * ans), doc="``scipy.special.cbrt``: the real cube root.")
exp2 = ufunc(_sp.exp2, lambda ans, x: ans * _np.log(2.0), doc="``scipy.special.exp2``: 2 ** x.")
exp10 = ufunc(_sp.exp10, lambda ans, x: ans * _np.log(10.0), doc="``scipy.special.exp10``: 10 ** x.")
cosm1 = ufunc(_sp.cosm1, lambda ans, x: -wnp.sin(x), doc="``scipy.special.cosm1``: cos(x) - 1, exact near 0.")
powm1 = ufunc(_sp.powm1, lambda ans, x, y: y * (ans + 1.0) / x, lambda ans, x, y: (ans + 1.0) * wnp.log(x),
              doc="``scipy.special.powm1``: x ** y - 1, exact when y is near 0 or x near 1.")
softplus = ufunc(_sp.softplus, lambda ans, x: expit(x),
                 doc="``scipy.special.softplus``: log(1 + exp(x)), without overflow.")
sindg = ufunc(_sp.sindg, lambda ans, x: _DEGREE * cosdg(x), doc="``scipy.special.sindg``: the sine of x degrees.")
cosdg = ufunc(_sp.cosdg, lambda ans, x: -_DEGREE * sindg(x), doc="``scipy.special.cosdg``: the cosine of x degrees.")
tandg = ufunc(_sp.tandg, lambda ans, x: _DEGREE * (1.0 + ans * ans),
              doc="``scipy.special.tandg``: the tangent of x degrees.")
cotdg = ufunc(_sp.cotdg, lambda ans, x: -_DEGREE * (1.0 + ans * ans),
              doc="``scipy.special.cotdg``: the cotangent of x degrees.")
radian = ufunc(_sp.radian, lambda ans, d, m, s: _DEGREE + 0.0 * d, lambda ans, d, m, s: _DEGREE / 60.0 + 0.0 * m,
               lambda ans, d, m, s: _DEGREE / 3600.0 + 0.0 * s,
               doc="``scipy.special.radian``: degrees, minutes and seconds in radians.")
kl_div = ufunc(_sp.kl_div, lambda ans, x, y: wnp.log(x / y), lambda ans, x, y: 1.0 - x / y,
               doc="``scipy.special.kl_div``: x log(x / y) - x + y for x, y > 0.")


def _inside(delta, r):
    return _np.abs(raw(r)) <= raw(delta)


huber = ufunc(_sp.huber, lambda ans, delta, r: wnp.where(_inside(delta, r), 0.0, wnp.abs(r) - delta),
              lambda ans, delta, r: wnp.where(_inside(delta, r), r, delta * _np.sign(raw(r))),
              doc="``scipy.special.huber(delta, r)``: r^2 / 2 within delta, linear beyond.")
pseudo_huber = ufunc(
    _sp.pseudo_huber,
    lambda ans, delta, r: 2.0 * ans / delta - r * r / (delta * wnp.sqrt(1.0 + (r / delta) ** 2)),
    lambda ans, delta, r: r / wnp.sqrt(1.0 + (r / delta) ** 2),
    doc="``scipy.special.pseudo_huber(delta, r)``: delta^2 (sqrt(1 + (r / delta)^2) - 1).")
poch = ufunc(_sp.poch, lambda ans, z, m: ans * (digamma(z + m) - digamma(z)),
             lambda ans, z, m: ans * digamma(z + m),
             doc="``scipy.special.poch(z, m)``: the rising factorial Gamma(z + m) / Gamma(z).")
binom = ufunc(_sp.binom, lambda ans, n, k: ans * (digamma(n + 1.0) - digamma(n - k + 1.0)),
              lambda ans, n, k: ans * (digamma(n - k + 1.0) - digamma(k + 1.0)),
              doc="``scipy.special.binom(n, k)``: the binomial coefficient of real n and k.")
