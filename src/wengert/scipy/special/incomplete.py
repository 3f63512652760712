"""The regularized incomplete gamma and beta functions: gammainc, gammaincc, betainc, betaincc.

Their derivative in x is the integrand: for gammainc(a, x) the gamma density
x^(a-1) e^(-x) / Gamma(a), for betainc(a, b, x) the beta density, written in
logs (xlogy, xlog1py) so they neither overflow nor give 0 * inf at the ends of
the range. Their derivatives in the shapes a and b have no closed form; they
come from the expansions in `shape_derivatives`, so the distributions whose cdf
these are (gamma, chi2, beta, t, poisson, binom, nbinom) differentiate in their
shape parameters too.
"""

from __future__ import annotations

import scipy.special as _sp

from ...numpy import exp
from .entropy import xlog1py, xlogy
from .gammas import betaln, gammaln
from .shape_derivatives import betainc_dab, gammainc_da
from .ufunc import ufunc

__all__ = ["gammainc", "gammaincc", "betainc", "betaincc"]


def _gamma_density(a, x):
    return exp(xlogy(a - 1.0, x) - x - gammaln(a))


def _beta_density(a, b, x):
    return exp(xlogy(a - 1.0, x) + xlog1py(b - 1.0, -x) - betaln(a, b))


gammainc = ufunc(_sp.gammainc, lambda ans, a, x: gammainc_da(a, x),
                 lambda ans, a, x: _gamma_density(a, x),
                 doc="``scipy.special.gammainc(a, x)``: the regularized lower incomplete gamma "
                     "function P(a, x), differentiable in a and x.")
gammaincc = ufunc(_sp.gammaincc, lambda ans, a, x: -gammainc_da(a, x),
                  lambda ans, a, x: -_gamma_density(a, x),
                  doc="``scipy.special.gammaincc(a, x)``: Q(a, x) = 1 - P(a, x), accurate where "
                      "P is near one; differentiable in a and x.")
betainc = ufunc(_sp.betainc, lambda ans, a, b, x: betainc_dab(a, b, x)[0],
                lambda ans, a, b, x: betainc_dab(a, b, x)[1],
                lambda ans, a, b, x: _beta_density(a, b, x),
                doc="``scipy.special.betainc(a, b, x)``: the regularized incomplete beta function "
                    "I_x(a, b), differentiable in a, b and x.")
betaincc = ufunc(_sp.betaincc, lambda ans, a, b, x: -betainc_dab(a, b, x)[0],
                 lambda ans, a, b, x: -betainc_dab(a, b, x)[1],
                 lambda ans, a, b, x: -_beta_density(a, b, x),
                 doc="``scipy.special.betaincc(a, b, x)``: 1 - I_x(a, b), accurate where I_x is near "
                     "one; differentiable in a, b and x.")
