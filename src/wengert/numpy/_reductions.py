"""Reductions: a reverse rule spreads the output cotangent back over the reduced axes."""

from __future__ import annotations

import numpy as _np

from ..tracer import raw
from ._complex import conj, is_complex, real
from ._elementwise import _half_over, where
from ._shapes import _shape, broadcast_to, concatenate, flip, moveaxis, reshape, slice_along, stack
from ._shapes import asarray_any as _asarray_any
from ._wrapping import elementwise, linear, wrap


def _array_like(reduction):
    """Let `reduction` take a list of traced values, as NumPy's take a list of numbers."""
    def f(a, *args, **kwargs):
        if isinstance(a, (list, tuple)):
            a = _asarray_any(a)
        return reduction(a, *args, **kwargs)

    f.__name__ = f.__qualname__ = reduction.__name__
    f.__doc__ = reduction.__doc__
    f.__wrapped__ = reduction
    return f


def _axes(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    return tuple(sorted(a % ndim for a in ((axis,) if _np.ndim(axis) == 0 else axis)))


def spread(g, shape, axis, keepdims):
    """Broadcast a reduced cotangent back to the input's `shape`."""
    if not keepdims and axis is not None:
        kept = list(_shape(g))
        for ax in _axes(axis, len(shape)):
            kept.insert(ax, 1)
        g = reshape(g, tuple(kept))
    return broadcast_to(g, shape)  # (a full reduction's g is one number: it spreads as it is)


# The root of a sum of squares (a norm, a standard deviation) has 0 as a subgradient at 0,
# where sqrt's own slope is infinite and would give 0 * inf = NaN (torch does the same).
root_of_squares = elementwise(_np.sqrt, lambda ans, x: _half_over(ans), name="sqrt")


def _count(shape, axis):
    return int(_np.prod([shape[a] for a in _axes(axis, len(shape))]))


_sum = linear(wrap(lambda x, axis=None, keepdims=False: x.sum(axis=axis, keepdims=keepdims)
                   if type(x) is _np.ndarray else _np.sum(x, axis=axis, keepdims=keepdims), "sum"),
              lambda g, ans, x, axis=None, keepdims=False: spread(g, _shape(x), axis, keepdims))


def sum(a, axis=None, dtype=None, keepdims=False):
    """``numpy.sum``."""
    if isinstance(axis, list):
        axis = tuple(axis)
    return _sum(a, axis=axis, keepdims=keepdims)


def mean(a, axis=None, dtype=None, keepdims=False):
    return sum(a, axis=axis, keepdims=keepdims) / _count(_shape(a), axis)


def var(a, axis=None, dtype=None, ddof=0, keepdims=False):
    """``numpy.var``; of complex values, the mean of ``|x - mean|**2`` (real), as NumPy."""
    centred = a - mean(a, axis=axis, keepdims=True)
    square = real(centred * conj(centred)) if is_complex(a) else centred * centred
    return sum(square, axis=axis, keepdims=keepdims) / (_count(_shape(a), axis) - ddof)


def std(a, axis=None, dtype=None, ddof=0, keepdims=False):
    """``numpy.std``; with zero variance (all equal, or one element) its gradient is 0, not NaN."""
    return root_of_squares(var(a, axis=axis, ddof=ddof, keepdims=keepdims))


def average(a, axis=None, weights=None, returned=False, keepdims=False):
    if weights is None:
        avg = mean(a, axis=axis, keepdims=keepdims)
        scale = _count(_shape(a), axis) * _np.ones(_np.shape(raw(avg)))
    else:
        if _shape(weights) != _shape(a):
            weights = broadcast_to(reshape(weights, (-1,) + (1,) * (len(_shape(a)) - 1 - axis)),
                                   _shape(a)) if axis is not None else weights
        scale = sum(weights, axis=axis, keepdims=keepdims)
        avg = sum(a * weights, axis=axis, keepdims=keepdims) / scale
    return (avg, scale) if returned else avg


# -- extrema: the cotangent goes to the winners, shared equally on ties -----------
def _extremum(np_fun, name):
    def raw_fun(x, axis=None, keepdims=False):
        return np_fun(x, axis=axis, keepdims=keepdims)

    prim = wrap(raw_fun, name)

    def share(x, ans, axis, keepdims):
        winners = raw(x) == _spread_raw(raw(ans), _np.shape(raw(x)), axis, keepdims)
        return winners / _np.sum(winners, axis=axis, keepdims=True)

    prim.vjps[0] = lambda g, ans, x, axis=None, keepdims=False: (
        spread(g, _shape(x), axis, keepdims) * share(x, ans, axis, keepdims))
    prim.jvps[0] = lambda t, ans, x, axis=None, keepdims=False: sum(
        t * share(x, ans, axis, keepdims), axis=axis, keepdims=keepdims)
    return prim


def _spread_raw(v, shape, axis, keepdims):
    if not keepdims:
        v = _np.expand_dims(v, _axes(axis, len(shape)))
    return _np.broadcast_to(v, shape)


_max = _extremum(_np.max, "max")
_min = _extremum(_np.min, "min")


# -- products -----------------------------------------------------------------------
# With no zeros, d prod / d x_k = prod / x_k. With zeros that formula divides by zero,
# so the product of the other elements is formed directly: exact, O(n^2) along the
# axis, and made of differentiable operations, so higher derivatives stay right.
def _others_product(x, axis):
    """Product of all the other elements along `axis` (None: all of them), for each element."""
    shape = _shape(x)
    axes = _axes(axis, len(shape))
    last = tuple(range(-len(axes), 0))
    moved = moveaxis(x, axes, last)
    kept = _shape(moved)[:len(shape) - len(axes)]
    merged = reshape(moved, kept + (-1,))
    n = _shape(merged)[-1]
    others = [_prod(concatenate([merged[..., :k], merged[..., k + 1:]], axis=-1), axis=-1)
              for k in range(n)]
    return moveaxis(reshape(stack(others, axis=-1), _shape(moved)), last, axes)


def _prod_partial(ans, x, axis, keepdims):
    if _np.all(raw(x) != 0):
        return spread(ans, _shape(x), axis, keepdims) / x   # differentiable again
    return _others_product(x, axis)


_prod = wrap(lambda x, axis=None, keepdims=False: _np.prod(x, axis=axis, keepdims=keepdims), "prod")
_prod.vjps[0] = lambda g, ans, x, axis=None, keepdims=False: (
    spread(g, _shape(x), axis, keepdims) * _prod_partial(ans, x, axis, keepdims))
_prod.jvps[0] = lambda t, ans, x, axis=None, keepdims=False: sum(
    t * _prod_partial(ans, x, axis, keepdims), axis=axis, keepdims=keepdims)


# -- cumulative -------------------------------------------------------------------
_cumsum = linear(wrap(lambda x, axis: _np.cumsum(x, axis=axis), "cumsum"),
                 lambda g, ans, x, axis: flip(_cumsum(flip(g, axis), axis), axis))


def cumsum(a, axis=None, dtype=None):
    """``numpy.cumsum``; its reverse rule is a cumulative sum from the other end."""
    if axis is None:
        return _cumsum(reshape(a, (-1,)), 0)
    return _cumsum(a, axis % len(_shape(a)))


def _without(x, k, axis):
    """`x` with its k-th entry along `axis` replaced by 1 (differentiable in the rest)."""
    mask = _np.zeros(_shape(x)[axis], dtype=bool)
    mask[k] = True
    return where(mask.reshape((-1,) + (1,) * (len(_shape(x)) - 1 - axis)), 1.0, x)


def _cumprod_vjp(g, ans, x, axis):
    if _np.all(raw(x) != 0):
        return flip(_cumsum(flip(g * ans, axis), axis), axis) / x
    # at zeros: d out_i / d x_k = prod_{j <= i, j != k} x_j, summed over i >= k
    n = _shape(x)[axis]
    cts = [sum(slice_along(g * _cumprod(_without(x, k, axis), axis), axis, k), axis=axis, keepdims=True)
           for k in range(n)]
    return concatenate(cts, axis=axis)


def _cumprod_jvp(t, ans, x, axis):
    if _np.all(raw(x) != 0):
        return ans * _cumsum(t / x, axis)
    n = _shape(x)[axis]
    tangent = 0.0
    for k in range(n):
        t_k = slice_along(t, axis, k, k + 1)
        later = _np.arange(n) >= k  # out_i depends on x_k only for i >= k
        later = later.reshape((-1,) + (1,) * (len(_shape(x)) - 1 - axis))
        tangent = tangent + where(later, t_k * _cumprod(_without(x, k, axis), axis), 0.0)
    return tangent


_cumprod = wrap(lambda x, axis: _np.cumprod(x, axis=axis), "cumprod")
_cumprod.vjps[0] = _cumprod_vjp
_cumprod.jvps[0] = _cumprod_jvp


def cumprod(a, axis=None, dtype=None):
    if axis is None:
        return _cumprod(reshape(a, (-1,)), 0)
    return _cumprod(a, axis % len(_shape(a)))


def ptp(a, axis=None, keepdims=False):
    return max(a, axis=axis, keepdims=keepdims) - min(a, axis=axis, keepdims=keepdims)


max = amax = _array_like(_max)
min = amin = _array_like(_min)
prod = _array_like(_prod)
sum, mean, var, std, average, cumsum, cumprod, ptp = map(
    _array_like, (sum, mean, var, std, average, cumsum, cumprod, ptp))

__all__ = ["sum", "mean", "var", "std", "average", "max", "amax", "min", "amin", "prod",
           "cumsum", "cumprod", "ptp", "where"]
