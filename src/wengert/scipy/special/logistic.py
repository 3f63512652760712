"""The logistic function and log-sum-exp: logit, expit, log_expit, logsumexp, softmax,
log_softmax.

logsumexp carries SciPy's weights `b` and `return_sign`: with weights it is
log|sum(b exp(a))|, whose derivative in a is the softmax weighted by b, and in
b the softmax itself, each divided by the sign of the sum. The sign is
piecewise constant and carries no derivative.
"""

from __future__ import annotations

import numpy as _np
import scipy.special as _sp

from ... import numpy as wnp
from ...extend import broadcast_to, raw, shape_of, spread, wrap
from ...numpy import exp
from .ufunc import ufunc

__all__ = ["logit", "expit", "log_expit", "logsumexp", "softmax", "log_softmax"]

expit = ufunc(_sp.expit, lambda ans, x: ans * (1.0 - ans),
              doc="``scipy.special.expit``: the logistic sigmoid 1 / (1 + exp(-x)).")
log_expit = ufunc(_sp.log_expit, lambda ans, x: expit(-x),
                  doc="``scipy.special.log_expit``: log(expit(x)), accurate for large |x|.")
logit = ufunc(_sp.logit, lambda ans, x: 1.0 / (x * (1.0 - x)),
              doc="``scipy.special.logit``: log(p / (1 - p)), the inverse of expit.")


def _logsumexp_raw(a, axis=None, keepdims=False):
    """log(sum(exp(a))) shifted by the maximum, as SciPy's (which costs 4x more on small arrays)."""
    a = _np.asarray(a)
    m = _np.max(a, axis=axis, keepdims=True)
    if not _np.all(_np.isfinite(m)):
        m = _np.where(_np.isfinite(m), m, 0.0)  # rows of -inf give -inf, rows with +inf give +inf
    with _np.errstate(divide="ignore"):
        out = _np.log(_np.sum(_np.exp(a - m), axis=axis, keepdims=True)) + m
    if keepdims:
        return out
    return out.reshape(())[()] if axis is None else _np.squeeze(out, axis=axis)


def _softmax_of(a, ans, axis, keepdims):
    """exp(a - logsumexp(a)): the derivative of logsumexp, written to differentiate again."""
    return exp(a - spread(ans, shape_of(a), axis, keepdims))


_logsumexp = wrap(_logsumexp_raw, "logsumexp")
_logsumexp.vjps[0] = lambda g, ans, a, axis=None, keepdims=False: (
    spread(g, shape_of(a), axis, keepdims) * _softmax_of(a, ans, axis, keepdims))
_logsumexp.jvps[0] = lambda t, ans, a, axis=None, keepdims=False: wnp.sum(
    t * _softmax_of(a, ans, axis, keepdims), axis=axis, keepdims=keepdims)


def _weighted_raw(a, b, axis=None, keepdims=False):
    return _sp.logsumexp(a, axis=axis, b=b, keepdims=keepdims, return_sign=True)[0]


def _sign(a, b, axis, keepdims):
    """The sign of sum(b exp(a)): a constant, read off the values."""
    return _sp.logsumexp(raw(a), axis=axis, b=raw(b), keepdims=keepdims, return_sign=True)[1]


def _weighted_vjp_a(g, ans, a, b, axis=None, keepdims=False):
    gs = spread(g / _sign(a, b, axis, keepdims), shape_of(a), axis, keepdims)
    return gs * b * _softmax_of(a, ans, axis, keepdims)


def _weighted_vjp_b(g, ans, a, b, axis=None, keepdims=False):
    gs = spread(g / _sign(a, b, axis, keepdims), shape_of(a), axis, keepdims)
    return gs * _softmax_of(a, ans, axis, keepdims)


_weighted = wrap(_weighted_raw, "logsumexp")
_weighted.vjps.update({0: _weighted_vjp_a, 1: _weighted_vjp_b})
_weighted.jvps.update({
    0: lambda t, ans, a, b, axis=None, keepdims=False: wnp.sum(
        t * b * _softmax_of(a, ans, axis, keepdims), axis=axis, keepdims=keepdims) / _sign(a, b, axis, keepdims),
    1: lambda t, ans, a, b, axis=None, keepdims=False: wnp.sum(
        t * _softmax_of(a, ans, axis, keepdims), axis=axis, keepdims=keepdims) / _sign(a, b, axis, keepdims)})


def logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False):
    """``scipy.special.logsumexp``: log(sum(b * exp(a))) along `axis`, computed stably.

    Differentiable in `a` and in the weights `b`. With `return_sign`, returns
    ``(log|s|, sign(s))`` for s = sum(b * exp(a)); without it, a negative sum
    gives NaN, as SciPy does. The sign carries no derivative.
    """
    if isinstance(axis, list):
        axis = tuple(axis)
    if b is None and not return_sign:
        return _logsumexp(a, axis=axis, keepdims=keepdims)
    if b is None:
        b = _np.ones(())
    shape = _np.broadcast_shapes(shape_of(a), shape_of(b))
    a, b = broadcast_to(a, shape), broadcast_to(b, shape)
    out = _weighted(a, b, axis=axis, keepdims=keepdims)
    sign = _sign(a, b, axis, keepdims)
    if return_sign:
        return out, sign
    return out + _np.where(sign < 0, _np.nan, 0.0)


def softmax(x, axis=None):
    """``scipy.special.softmax``: exp(x) normalized to sum to one along `axis`."""
    return exp(x - logsumexp(x, axis=axis, keepdims=True))


def log_softmax(x, axis=None):
    """``scipy.special.log_softmax``: x minus its logsumexp along `axis`, computed stably."""
    return x - logsumexp(x, axis=axis, keepdims=True)
