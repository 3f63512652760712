"""Derivatives of the regularized incomplete gamma and beta functions in their shape parameters.

These have no closed form. Each is computed from a convergent expansion written
with ``wengert.numpy`` (so its own derivatives, to any order, come by automatic
differentiation of the expansion), with the number of terms chosen from the
values so that the terms left out are below 1e-17 of the sum:

- P(a, x) for x < a + 1: the series P = sum_n x^(a+n) e^-x / Gamma(a+n+1)
  (DLMF 8.7.1), whose a-derivative is term by term;
- Q(a, x) = 1 - P for x >= a + 1: Legendre's continued fraction (DLMF 8.9.2),
  differentiated along its backward recurrence;
- I_x(a, b) for x <= (a+1)/(a+b+2): x^a (1-x)^b / (a B(a, b)) times
  2F1(a+b, 1; a+1; x) (DLMF 8.17.8), and 1 - I_{1-x}(b, a) beyond.

The values themselves stay SciPy's; only the derivatives use these forms.
"""

from __future__ import annotations

import numpy as _np
import scipy.special as _sp

from ... import numpy as wnp
from ...extend import raw, raw_array, shape_of
from .gammas import digamma, gammaln

__all__ = ["gammainc_da", "betainc_dab"]

_MAX_TERMS = 100_000


def _broadcast(*args):
    shape = _np.broadcast_shapes(*map(shape_of, args))
    return [wnp.broadcast_to(v, shape) if shape_of(v) != shape else v for v in args], shape


def _count(log_terms):
    """Terms needed: up to the last one within e^-40 of the largest, over every element."""
    n = 64
    while True:
        logs = log_terms(_np.arange(n))           # (..., n) plain
        top = _np.max(logs, axis=-1, keepdims=True)
        tail = logs[..., -1:] - top
        if _np.all(tail < -40.0) and _np.all(_np.diff(logs[..., -2:], axis=-1) < 0) or n >= _MAX_TERMS:
            return n
        n *= 2


def _gamma_series_da(a, x):
    """dP/da = sum_n T_n (log x - digamma(a + n + 1)), T_n = x^(a+n) e^-x / Gamma(a+n+1)."""
    ar, xr = raw_array(a)[..., None], raw_array(x)[..., None]
    n = _np.arange(_count(lambda k: (ar + k) * _np.log(xr) - xr - _sp.gammaln(ar + k + 1.0)))
    shifted, xe = wnp.expand_dims(a, -1) + n, wnp.expand_dims(x, -1)
    log_x = wnp.log(xe)
    terms = wnp.exp(shifted * log_x - xe - gammaln(shifted + 1.0))
    return wnp.sum(terms * (log_x - digamma(shifted + 1.0)), axis=-1)


def _gamma_fraction_dq(a, x):
    """dQ/da by the continued fraction Q = x^a e^-x / Gamma(a) / (b0 + a1 / (b1 + a2 / ...)),
    b_i = x + 2i + 1 - a and a_i = i (a - i), evaluated backwards with its a-derivative."""
    ar, xr = raw_array(a, float), raw_array(x, float)
    depth = 16
    while depth < _MAX_TERMS:   # deep enough when doubling the depth moves neither t nor dt/da
        (t1, dt1), (t2, dt2) = _fraction(ar, xr, depth), _fraction(ar, xr, 2 * depth)
        if _np.all(_np.abs(t1 / t2 - 1.0) < 1e-15) and _np.all(_np.abs(dt1 - dt2) <= 1e-15 * _np.abs(dt2)):
            break
        depth *= 2
    t, dt = _fraction(a, x, depth)
    prefactor = wnp.exp(a * wnp.log(x) - x - gammaln(a))
    return prefactor * ((wnp.log(x) - digamma(a)) / t - dt / (t * t))


def _fraction(a, x, depth):
    """The fraction's denominator t at this depth and its derivative in a (backward recurrence)."""
    t, dt = x + 2.0 * depth + 1.0 - a, -1.0
    for i in range(depth, 0, -1):
        a_i = i * (a - i)
        t, dt = x + 2.0 * i - 1.0 - a + a_i / t, -1.0 + (i * t - a_i * dt) / (t * t)
    return t, dt


def gammainc_da(a, x):
    """d gammainc(a, x) / da (and minus that of gammaincc), for a > 0 and x >= 0."""
    (a, x), shape = _broadcast(a, x)
    ar, xr = _np.broadcast_to(raw(a), shape), _np.broadcast_to(raw(x), shape)
    series, fraction = (xr > 0) & (xr < ar + 1.0), (xr >= ar + 1.0) & (ar > 0)
    out = _np.zeros(shape)
    if _np.any(series):
        out = wnp.where(series, _gamma_series_da(wnp.where(series, a, 1.0), wnp.where(series, x, 0.5)), out)
    if _np.any(fraction):
        out = wnp.where(fraction, -_gamma_fraction_dq(wnp.where(fraction, a, 1.0),
                                                       wnp.where(fraction, x, 3.0)), out)
    return out


def _beta_series_dpq(p, q, y):
    """The derivatives in p and in q of S = I_y(p, q) = sum_n T_n, where
    T_n = y^(p+n) (1-y)^q Gamma(p+q+n) / (Gamma(q) Gamma(p+1+n))."""
    pr, qr, yr = (raw_array(v)[..., None] for v in (p, q, y))
    n = _np.arange(_count(lambda k: (pr + k) * _np.log(yr) + _sp.gammaln(pr + qr + k)
                          - _sp.gammaln(pr + 1.0 + k)))
    pe, qe, ye = (wnp.expand_dims(v, -1) for v in (p, q, y))
    log_y, log_1my = wnp.log(ye), wnp.log1p(-ye)
    psi_sum = digamma(pe + qe + n)
    terms = wnp.exp((pe + n) * log_y + qe * log_1my - gammaln(qe) + gammaln(pe + qe + n) - gammaln(pe + 1.0 + n))
    return (wnp.sum(terms * (log_y + psi_sum - digamma(pe + 1.0 + n)), axis=-1),
            wnp.sum(terms * (log_1my - digamma(qe) + psi_sum), axis=-1))


def betainc_dab(a, b, x):
    """(d betainc / da, d betainc / db) for a, b > 0 and 0 <= x <= 1 (zero at the ends)."""
    (a, b, x), shape = _broadcast(a, b, x)
    ar, br, xr = (_np.broadcast_to(raw(v), shape) for v in (a, b, x))
    inside = (xr > 0) & (xr < 1) & (ar > 0) & (br > 0)
    direct = inside & (xr <= (ar + 1.0) / (ar + br + 2.0))
    swapped = inside & ~direct
    da, db = _np.zeros(shape), _np.zeros(shape)
    if _np.any(direct):
        dp, dq = _beta_series_dpq(wnp.where(direct, a, 1.0), wnp.where(direct, b, 1.0),
                                  wnp.where(direct, x, 0.25))
        da, db = wnp.where(direct, dp, da), wnp.where(direct, dq, db)
    if _np.any(swapped):   # I_x(a, b) = 1 - I_{1-x}(b, a)
        dp, dq = _beta_series_dpq(wnp.where(swapped, b, 1.0), wnp.where(swapped, a, 1.0),
                                  wnp.where(swapped, 1.0 - x, 0.25))
        da, db = wnp.where(swapped, -dq, da), wnp.where(swapped, -dp, db)
    return da, db
