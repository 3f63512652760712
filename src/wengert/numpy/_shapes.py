"""Indexing and shape primitives: all linear, so each reverse rule is the transposed move."""

from __future__ import annotations

import numpy as _np

from ..tracer import Tracer, raw
from ._broadcasting import broadcast_to, unbroadcast
from ._broadcasting import shape_of as _shape
from ._wrapping import RulesAfterFirst, contains_tracer, linear, raw_array, wrap


def _dtype(x):
    return x.dtype if hasattr(x, "dtype") else _np.result_type(x)


# -- reading by index ------------------------------------------------------------
def _has_array_index(idx):
    if type(idx) is int or type(idx) is slice:
        return False
    parts = idx if isinstance(idx, tuple) else (idx,)
    return any(isinstance(p, (list, _np.ndarray)) and _np.asarray(p).dtype.kind != "b"
               for p in parts)


def _untake_raw(g, idx, shape):
    """Zeros of `shape` with `g` added where ``x[idx]`` read: the transpose of getitem."""
    out = _np.zeros(shape, dtype=_np.result_type(g, _np.float64))
    if _has_array_index(idx):
        _np.add.at(out, idx, g)  # repeated integer indices must add up
    else:
        out[idx] = g
    return out


def _getitem_raw(x, idx):
    """``x[idx]``: reading by index, the one primitive behind all indexing."""
    return x[idx]


getitem = linear(wrap(_getitem_raw, "getitem"),
                 lambda g, ans, x, idx: untake(g, idx, _shape(x)))
untake = linear(wrap(_untake_raw, "untake"), lambda g, ans, _, idx, shape: getitem(g, idx))


def _scatter_getitem(buffer, g, x, idx):
    if _has_array_index(idx):
        _np.add.at(buffer, idx, g)
    else:
        buffer[idx] += g


getitem.scatter = _scatter_getitem  # first-order sweeps add x[idx]'s cotangent in place


def index_values(idx):
    """An index with any traced parts replaced by their values (indices are not differentiated)."""
    if isinstance(idx, tuple):
        return tuple(raw(i) for i in idx)
    return raw(idx)


def slice_along(x, axis, start, stop=None):
    """``x[..., start:stop, ...]`` with the slice on `axis`."""
    index = [slice(None)] * len(_shape(x))
    index[axis] = slice(start, stop)
    return getitem(x, tuple(index))


def take(a, indices, axis=None):
    """``numpy.take``."""
    indices = raw_array(indices)
    if axis is None:
        return getitem(reshape(a, (-1,)), indices)
    axis = axis % len(_shape(a))
    return getitem(a, (slice(None),) * axis + (indices,))


def _put_along_axis_raw(g, indices, axis, shape):
    out = _np.zeros(shape, dtype=_np.result_type(g, _np.float64))
    _np.put_along_axis(out, indices, g, axis)
    return out


take_along_axis = linear(
    wrap(lambda arr, indices, axis: _np.take_along_axis(arr, indices, axis), "take_along_axis"),
    lambda g, ans, arr, indices, axis: _put_along_axis(g, indices, axis, _shape(arr)))
_put_along_axis = linear(wrap(_put_along_axis_raw, "put_along_axis"),
                         lambda g, ans, _, indices, axis, shape: take_along_axis(g, indices, axis))


def sort(a, axis=-1):
    """``numpy.sort``: a permutation of `a`, so the gradient is permuted back."""
    if axis is None:
        return sort(reshape(a, (-1,)), 0)
    return take_along_axis(a, _np.argsort(raw(a), axis=axis, kind="stable"), axis)


_clip = wrap(lambda x, lo, hi: _np.clip(x, lo, hi), "clip")
_clip.unbroadcast = unbroadcast
_clip.vjps[0] = lambda g, ans, x, lo, hi: g * _inside(x, lo, hi)
_clip.jvps[0] = lambda t, ans, x, lo, hi: t * _inside(x, lo, hi)


def _inside(x, lo, hi):
    """Where clip passes the derivative through (no in-place `&=`: wg.jit records each mask)."""
    x = raw(x)
    inside = None
    if lo is not None:
        inside = x >= lo
    if hi is not None:
        inside = x <= hi if inside is None else inside & (x <= hi)
    return _np.ones(_np.shape(x), dtype=bool) if inside is None else inside


def clip(a, a_min=None, a_max=None):
    """``numpy.clip``; the bounds are constants, and the slope is 1 on them (as torch.clamp)."""
    return _clip(a, raw(a_min), raw(a_max))


# -- reshaping -------------------------------------------------------------------
def _reshape_raw(x, shape, order="C"):
    """``numpy.reshape`` (the array method where it can: a third of the cost)."""
    return x.reshape(shape, order=order) if type(x) is _np.ndarray else _np.reshape(x, shape, order=order)


reshape_ = linear(wrap(_reshape_raw, "reshape"),
                  lambda g, ans, x, shape, order="C": reshape_(g, _shape(x), order=order))


def reshape(a, shape, order="C"):
    """``numpy.reshape``."""
    if order not in ("C", "F"):
        raise ValueError("reshape supports order='C' and order='F'")
    return reshape_(a, shape, order=order)


def ravel(a, order="C"):
    return reshape(a, (-1,), order=order)


def _transpose_raw(x, axes=None):
    return _np.transpose(x, axes)


_transpose = linear(wrap(_transpose_raw, "transpose"),
                    lambda g, ans, x, axes=None: _transpose(g, None if axes is None else tuple(_np.argsort(axes))))


def transpose(a, axes=None):
    """``numpy.transpose``."""
    if axes is not None:
        ndim = len(_shape(a))
        axes = tuple(int(ax) % ndim for ax in axes)
    return _transpose(a, axes)


def swapaxes(a, axis1, axis2):
    axes = list(range(len(_shape(a))))
    axes[axis1], axes[axis2] = axes[axis2], axes[axis1]
    return transpose(a, axes)


def moveaxis(a, source, destination):
    ndim = len(_shape(a))
    src = [s % ndim for s in _np.atleast_1d(source)]
    dst = [d % ndim for d in _np.atleast_1d(destination)]
    order = [n for n in range(ndim) if n not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return transpose(a, order)


def expand_dims(a, axis):
    shape = _shape(a)
    axes = [axis] if _np.ndim(axis) == 0 else list(axis)
    ndim = len(shape) + len(axes)
    axes = sorted(ax % ndim for ax in axes)
    new = list(shape)
    for ax in axes:
        new.insert(ax, 1)
    return reshape(a, tuple(new))


def squeeze(a, axis=None):
    shape = _shape(a)
    if axis is None:
        return reshape(a, tuple(n for n in shape if n != 1))
    axes = {ax % len(shape) for ax in ((axis,) if _np.ndim(axis) == 0 else axis)}
    if any(shape[ax] != 1 for ax in axes):
        raise ValueError("cannot select an axis to squeeze out which has size not equal to one")
    return reshape(a, tuple(n for i, n in enumerate(shape) if i not in axes))


def atleast_1d(*arys):
    out = [a if _np.ndim(raw(a)) >= 1 else reshape(a, (1,)) for a in arys]
    return out[0] if len(out) == 1 else out


def atleast_2d(*arys):
    out = []
    for a in arys:
        shape = _shape(a)
        out.append(a if len(shape) >= 2 else reshape(a, (1,) * (2 - len(shape)) + shape))
    return out[0] if len(out) == 1 else out


def atleast_3d(*arys):
    out = []
    for a in arys:
        shape = _shape(a)
        if len(shape) == 0:
            a = reshape(a, (1, 1, 1))
        elif len(shape) == 1:
            a = reshape(a, (1, shape[0], 1))
        elif len(shape) == 2:
            a = reshape(a, shape + (1,))
        out.append(a)
    return out[0] if len(out) == 1 else out


# -- joining and splitting ---------------------------------------------------------
def _concatenate_raw(axis, *arrays):
    return _np.concatenate(arrays, axis=axis)


def _concatenate_vjp(k):
    def vjp(g, ans, axis, *arrays):
        start = sum(_shape(a)[axis] for a in arrays[:k - 1])
        stop = start + _shape(arrays[k - 1])[axis]
        index = [slice(None)] * len(_shape(g))
        index[axis] = slice(start, stop)
        return getitem(g, tuple(index))
    return vjp


def _concatenate_jvp(k):
    def jvp(t, ans, axis, *arrays):
        parts = [t if i == k - 1 else _np.zeros(_shape(a)) for i, a in enumerate(arrays)]
        return _concatenate(axis, *parts)
    return jvp


_concatenate = wrap(_concatenate_raw, "concatenate")
_concatenate.linear = True
_concatenate.vjps = RulesAfterFirst(_concatenate_vjp)
_concatenate.jvps = RulesAfterFirst(_concatenate_jvp)


def concatenate(arrays, axis=0):
    """``numpy.concatenate`` of arrays that may be traced."""
    arrays = list(arrays)
    if axis is None:
        arrays = [ravel(a) for a in arrays]
        axis = 0
    axis = axis % max(len(_shape(arrays[0])), 1)
    return _concatenate(axis, *arrays)


def stack(arrays, axis=0):
    arrays = [asarray_any(a) for a in arrays]
    return concatenate([expand_dims(a, axis) for a in arrays], axis=axis)


def hstack(tup):
    arrs = [atleast_1d(a) for a in tup]
    return concatenate(arrs, axis=0 if len(_shape(arrs[0])) == 1 else 1)


def vstack(tup):
    return concatenate([atleast_2d(a) for a in tup], axis=0)


def column_stack(tup):
    arrs = [reshape(a, (-1, 1)) if len(_shape(a)) < 2 else a for a in tup]
    return concatenate(arrs, axis=1)


def split(ary, indices_or_sections, axis=0):
    n = _shape(ary)[axis]
    if _np.ndim(indices_or_sections) == 0:
        sections = int(indices_or_sections)
        if n % sections:
            raise ValueError("array split does not result in an equal division")
        bounds = list(range(0, n + 1, n // sections))
    else:
        bounds = [0] + [int(i) for i in indices_or_sections] + [n]
    index = [slice(None)] * len(_shape(ary))
    out = []
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        index[axis] = slice(lo, hi)
        out.append(getitem(ary, tuple(index)))
    return out


def array_split(ary, indices_or_sections, axis=0):
    n = _shape(ary)[axis]
    if _np.ndim(indices_or_sections) == 0:
        k = int(indices_or_sections)
        sizes = [n // k + 1] * (n % k) + [n // k] * (k - n % k)
        indices_or_sections = _np.cumsum(sizes)[:-1]
    return split(ary, indices_or_sections, axis)


# -- repeating and rearranging -----------------------------------------------------
def tile(A, reps):
    reps = (reps,) if _np.ndim(reps) == 0 else tuple(reps)
    shape = _shape(A)
    d = max(len(shape), len(reps))
    shape = (1,) * (d - len(shape)) + tuple(shape)
    reps = (1,) * (d - len(reps)) + reps
    A = reshape(A, tuple(v for n in shape for v in (1, n)))
    A = broadcast_to(A, tuple(v for r, n in zip(reps, shape) for v in (r, n)))
    return reshape(A, tuple(r * n for r, n in zip(reps, shape)))


def repeat(a, repeats, axis=None):
    if axis is None:
        a, axis = ravel(a), 0
    n = _shape(a)[axis]
    return take(a, _np.repeat(_np.arange(n), raw(repeats)), axis=axis)


def flip(m, axis=None):
    ndim = len(_shape(m))
    axes = range(ndim) if axis is None else [ax % ndim for ax in _np.atleast_1d(axis)]
    index = [slice(None)] * ndim
    for ax in axes:
        index[ax] = slice(None, None, -1)
    return getitem(m, tuple(index))


def fliplr(m):
    return flip(m, 1)


def flipud(m):
    return flip(m, 0)


def roll(a, shift, axis=None):
    if axis is None:
        return reshape(roll(ravel(a), shift, 0), _shape(a))
    shifts, axes = _np.broadcast_arrays(shift, axis)
    for s, ax in zip(shifts.ravel(), axes.ravel()):
        n = _shape(a)[ax]
        a = take(a, _np.roll(_np.arange(n), int(s)), axis=int(ax))
    return a


def _pad_constant_raw(x, pad_width, constant_values):
    return _np.pad(x, pad_width, mode="constant", constant_values=constant_values)


_pad_constant = linear(
    wrap(_pad_constant_raw, "pad"),
    lambda g, ans, x, pad_width, constant_values:
        getitem(g, tuple(slice(lo, n + lo) for (lo, _), n in zip(pad_width, _shape(x)))))
_pad_constant.jvps[0] = lambda t, ans, x, pad_width, constant_values: _pad_constant(t, pad_width, 0.0)


def pad(array, pad_width, mode="constant", **kwargs):
    """``numpy.pad``; modes other than "constant" gather elements of `array` by index."""
    ndim = len(_shape(array))
    widths = [tuple(int(v) for v in w) for w in _np.broadcast_to(pad_width, (ndim, 2))]
    if mode == "constant":
        return _pad_constant(array, widths, kwargs.get("constant_values", 0.0))
    for ax, w in enumerate(widths):
        idx = _np.pad(_np.arange(_shape(array)[ax]), w, mode=mode, **kwargs)
        array = take(array, idx, axis=ax)
    return array


def asarray_any(a):
    """`a` as an array, building a traced one from any traced elements it holds."""
    if isinstance(a, Tracer):
        return a
    if isinstance(a, (list, tuple)):
        if contains_tracer(a):
            return stack([asarray_any(v) for v in a])
    return _np.asarray(a)
