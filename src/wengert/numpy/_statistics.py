"""Statistics and signals on traced values: NaN-aware reductions, quantiles, convolution.

Each is a composition of differentiable primitives: ``nansum`` a sum over a
``where`` that drops the NaNs (which carry no derivative), a quantile the
weighted mean of the two nearest sorted values, a convolution a matrix of
shifted copies times a vector. Called on plain values, each is NumPy's own.
"""

from __future__ import annotations

import numpy as _np

from ..tracer import raw
from ._broadcasting import shape_of
from ._complex import conj, is_complex, real
from ._elementwise import where
from ._products import einsum as _einsum_str
from ._reductions import cumprod, cumsum, max, min, prod, root_of_squares, sum
from ._shapes import asarray_any, flip, getitem, moveaxis, ravel, reshape, slice_along, take_along_axis
from ._wrapping import contains_traced, contains_tracer, raw_array

__all__ = ["nansum", "nanmean", "nanmax", "nanmin", "nanvar", "nanstd", "nanprod", "nancumsum",
           "nancumprod", "trapezoid", "median", "quantile", "percentile", "convolve", "correlate",
           "polyval"]


def _plain(*args):
    """No differentiation traces the arguments, so NumPy's own function serves (and a value
    wg.jit stages records it as one step), unless one sits in a list NumPy would convert."""
    return not contains_traced(args) and not any(
        isinstance(a, (list, tuple)) and contains_tracer(a) for a in args)


def _nan_filled(a, fill):
    return where(_np.isnan(raw(a)), fill, a)


def nansum(a, axis=None, dtype=None, keepdims=False):
    """``numpy.nansum``: NaNs count as 0 (and carry no derivative)."""
    return sum(_nan_filled(a, 0.0), axis=axis, keepdims=keepdims)


def nanmean(a, axis=None, dtype=None, keepdims=False):
    """``numpy.nanmean``: the mean of the values that are not NaN."""
    count = _np.sum(~_np.isnan(raw(a)), axis=axis, keepdims=keepdims)
    return nansum(a, axis=axis, keepdims=keepdims) / count


def nanmax(a, axis=None, keepdims=False):
    """``numpy.nanmax``: the largest value that is not NaN."""
    return max(_nan_filled(a, -_np.inf), axis=axis, keepdims=keepdims)


def nanmin(a, axis=None, keepdims=False):
    """``numpy.nanmin``: the smallest value that is not NaN."""
    return min(_nan_filled(a, _np.inf), axis=axis, keepdims=keepdims)


def trapezoid(y, x=None, dx=1.0, axis=-1):
    """``numpy.trapezoid``: the trapezoidal rule along `axis` (sample points `x` are constants)."""
    axis = axis % len(shape_of(y))
    widths = _np.diff(raw(x), axis=axis if _np.ndim(raw(x)) > 1 else -1) if x is not None else dx
    if x is not None and _np.ndim(widths) == 1:
        widths = widths.reshape((-1,) + (1,) * (len(shape_of(y)) - 1 - axis))
    return sum(widths * (slice_along(y, axis, 1) + slice_along(y, axis, None, -1)) / 2.0, axis=axis)


def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    """``numpy.median``: the middle of the sorted values (the mean of the two middle ones)."""
    return quantile(a, 0.5, axis=axis, keepdims=keepdims)


def quantile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False):
    """``numpy.quantile`` with the default ``method="linear"``: between the two nearest sorted
    values, weighted by distance; differentiable in `a` (the levels `q` are constants)."""
    if _plain(a):
        return _np.quantile(a, q, axis=axis, method=method, keepdims=keepdims)
    if method != "linear":
        raise TypeError(f"wengert.numpy.quantile covers method='linear'; got {method!r}")
    from_sorted = sort_along(a, axis)
    n = shape_of(from_sorted)[-1]
    levels = raw_array(q, float) * (n - 1)
    lo = _np.floor(levels).astype(int)
    hi = _np.minimum(lo + 1, n - 1)
    w = levels - lo
    out = getitem(from_sorted, (Ellipsis, lo)) * (1.0 - w) + getitem(from_sorted, (Ellipsis, hi)) * w
    if _np.ndim(levels):  # the levels' axis first, as NumPy puts it
        out = moveaxis(out, -1, 0)
    if keepdims:
        shape = list(shape_of(a))
        for ax in (range(len(shape)) if axis is None else [ax % len(shape) for ax in _np.atleast_1d(axis)]):
            shape[ax] = 1
        out = reshape(out, _np.shape(levels) + tuple(shape))
    return out


def percentile(a, q, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False):
    """``numpy.percentile``: `quantile` with levels in percent."""
    return quantile(a, raw_array(q) / 100.0, axis=axis, method=method, keepdims=keepdims)


def sort_along(a, axis):
    """`a` sorted with the reduced axes (None: all) merged and moved last."""
    from_shapes = a if axis is not None else ravel(a)
    axes = [0] if axis is None else [ax % len(shape_of(a)) for ax in _np.atleast_1d(axis)]
    moved = moveaxis(from_shapes, axes, list(range(-len(axes), 0)))
    merged = reshape(moved, shape_of(moved)[:len(shape_of(moved)) - len(axes)] + (-1,))
    return take_along_axis(merged, _np.argsort(raw(merged), axis=-1, kind="stable"), -1)


def convolve(a, v, mode="full"):
    """``numpy.convolve`` of two 1-d arrays: a matrix of shifted copies of `v` times `a`."""
    if _plain(a, v):
        return _np.convolve(a, v, mode)
    na, nv = shape_of(a)[0], shape_of(v)[0]
    if nv > na:
        a, v, na, nv = v, a, nv, na
    lags = _np.arange(na + nv - 1)[:, None] - _np.arange(na)[None, :]
    valid = (lags >= 0) & (lags < nv)
    shifted = where(valid, getitem(v, _np.clip(lags, 0, nv - 1)), 0.0)
    full = _einsum_str("nk,k->n", shifted, a)
    if mode == "full":
        return full
    if mode == "same":
        start = (nv - 1) // 2
        return getitem(full, slice(start, start + na))
    if mode == "valid":
        return getitem(full, slice(nv - 1, na))
    raise ValueError(f"mode must be 'full', 'same' or 'valid'; got {mode!r}")


def correlate(a, v, mode="valid"):
    """``numpy.correlate``: `convolve` with `v` reversed (and conjugated, as NumPy does)."""
    if _plain(a, v):
        return _np.correlate(a, v, mode)
    v = flip(v, 0)
    return convolve(a, conj(v) if is_complex(v) else v, mode)


def polyval(p, x):
    """``numpy.polyval``: Horner's rule, differentiable in the coefficients and in `x`."""
    if _plain(p, x):
        return _np.polyval(p, x)
    p = asarray_any(p)
    out = 0.0
    for k in range(shape_of(p)[0]):
        out = out * x + p[k]
    return out


def _nan_like(reduction, fill):
    def f(a, *args, **kwargs):
        return reduction(_nan_filled(a, fill), *args, **kwargs)
    f.__name__ = f.__qualname__ = "nan" + reduction.__name__
    f.__doc__ = f"``numpy.nan{reduction.__name__}``: NaNs count as {fill} (and carry no derivative)."
    return f


def nanvar(a, axis=None, dtype=None, ddof=0, keepdims=False):
    """``numpy.nanvar``: the variance of the values that are not NaN."""
    keep = ~_np.isnan(raw(a))
    count = _np.sum(keep, axis=axis, keepdims=True)
    centred = where(keep, a - nansum(a, axis=axis, keepdims=True) / count, 0.0)
    square = real(centred * conj(centred)) if is_complex(a) else centred * centred
    return sum(square, axis=axis, keepdims=keepdims) / (_np.sum(keep, axis=axis, keepdims=keepdims) - ddof)


def nanstd(a, axis=None, dtype=None, ddof=0, keepdims=False):
    """``numpy.nanstd``: the square root of `nanvar` (gradient 0 at zero variance)."""
    return root_of_squares(nanvar(a, axis=axis, ddof=ddof, keepdims=keepdims))


nanprod = _nan_like(prod, 1.0)
nancumsum = _nan_like(cumsum, 0.0)
nancumprod = _nan_like(cumprod, 1.0)
