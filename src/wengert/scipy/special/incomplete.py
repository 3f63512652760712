"""The regularized incomplete gamma and beta functions, differentiable in x.

Their derivative in x is the integrand: for gammainc(a, x) the gamma density
x^(a-1) e^(-x) / Gamma(a), for betainc(a, b, x) the beta density. Both are
written in logs (xlogy, xlog1py) so they neither overflow nor give 0 * inf at
the ends of the range. The shape parameters a and b enter under an integral
with no closed form, so they are constants here.
"""

from __future__ import annotations

import scipy.special as _sp

from ...numpy import exp
from .entropy import xlog1py, xlogy
from .gammas import betaln, gammaln
from .ufunc import ufunc

__all__ = ["gammainc", "gammaincc", "betainc", "betaincc"]

_SHAPE = "a shape parameter; only x is differentiable"


def _gamma_density(a, x):
    return exp(xlogy(a - 1.0, x) - x - gammaln(a))


gammainc = ufunc(_sp.gammainc, None, lambda ans, a, x: _gamma_density(a, x),
                 constants={0: ("a", _SHAPE)},
                 doc="``scipy.special.gammainc(a, x)``: the regularized lower incomplete gamma "
                     "function P(a, x), differentiable in x.")
gammaincc = ufunc(_sp.gammaincc, None, lambda ans, a, x: -_gamma_density(a, x),
                  constants={0: ("a", _SHAPE)},
                  doc="``scipy.special.gammaincc(a, x)``: Q(a, x) = 1 - P(a, x), accurate where "
                      "P is near one; differentiable in x.")


def _beta_density(a, b, x):
    return exp(xlogy(a - 1.0, x) + xlog1py(b - 1.0, -x) - betaln(a, b))


_BETA_SHAPES = {0: ("a", _SHAPE), 1: ("b", _SHAPE)}
betainc = ufunc(_sp.betainc, None, None, lambda ans, a, b, x: _beta_density(a, b, x),
                constants=_BETA_SHAPES,
                doc="``scipy.special.betainc(a, b, x)``: the regularized incomplete beta function "
                    "I_x(a, b), differentiable in x.")
betaincc = ufunc(_sp.betaincc, None, None, lambda ans, a, b, x: -_beta_density(a, b, x),
                 constants=_BETA_SHAPES,
                 doc="``scipy.special.betaincc(a, b, x)``: 1 - I_x(a, b), accurate where I_x is near "
                     "one; differentiable in x.")
