"""More of NumPy's array functions, each a composition of differentiable primitives.

None of them needs a rule of its own: a difference is two slices, a rotation
a flip and a transpose, ``nansum`` a sum over a ``where``, ``interp`` the
segment's line through its two ends. Called on plain values, each is NumPy's
own function (exact NumPy results); on traced values the composition runs.
"""

from __future__ import annotations

import string

import numpy as _np

from ..tracer import raw
from ._broadcasting import broadcast_to, shape_of
from ._complex import conj, is_complex
from ._elementwise import arccos, arccosh, arcsin, arcsinh, arctan, arctan2, arctanh, power, where
from ._passthrough import asarray as _asarray
from ._products import diag
from ._products import matmul as _matmul
from ._products import einsum as _einsum_str
from ._reductions import cumprod, cumsum, sum
from ._shapes import (asarray_any, atleast_1d, atleast_2d, atleast_3d, concatenate, expand_dims, flip,
                      getitem, moveaxis, ravel, reshape, slice_along, split, swapaxes, take_along_axis,
                      transpose)
from ._wrapping import contains_traced, contains_tracer, raw_array

__all__ = ["diff", "gradient", "cross", "append", "rot90", "rollaxis", "vsplit", "hsplit", "dsplit",
           "row_stack", "dstack", "select", "partition", "nan_to_num", "interp", "linspace", "r_", "c_",
           "einsum", "vecdot", "ediff1d", "acos", "acosh", "asin", "asinh", "atan", "atanh", "atan2", "pow",
           "concat", "permute_dims", "matrix_transpose", "cumulative_sum", "cumulative_prod", "copy",
           "broadcast_arrays", "unstack", "diagflat", "vander", "matvec", "vecmat", "asanyarray",
           "ascontiguousarray", "asfortranarray"]



def _plain(*args):
    """No differentiation traces the arguments, so NumPy's own function serves (and a value
    wg.jit stages records it as one step), unless one sits in a list NumPy would convert."""
    return not contains_traced(args) and not any(
        isinstance(a, (list, tuple)) and contains_tracer(a) for a in args)


def diff(a, n=1, axis=-1, prepend=_np._NoValue, append=_np._NoValue):
    """``numpy.diff``: the n-th difference along `axis`."""
    if _plain(a, prepend, append):
        return _np.diff(a, n, axis, prepend, append)
    axis = axis % len(shape_of(a))
    parts = []
    for extra in (prepend, a, append):
        if extra is a:
            parts.append(a)
        elif extra is not _np._NoValue:
            shape = list(shape_of(a))
            shape[axis] = 1
            extra = asarray_any(extra)
            parts.append(broadcast_to(extra, tuple(shape)) if len(shape_of(extra)) == 0 else extra)
    a = concatenate(parts, axis=axis) if len(parts) > 1 else a
    for _ in range(n):
        a = slice_along(a, axis, 1) - slice_along(a, axis, None, -1)
    return a


def gradient(f, *varargs, axis=None, edge_order=1):
    """``numpy.gradient`` with scalar spacings: central differences inside, one-sided at the ends."""
    if _plain(f, varargs):
        return _np.gradient(f, *varargs, axis=axis, edge_order=edge_order)
    ndim = len(shape_of(f))
    axes = list(range(ndim)) if axis is None else [ax % ndim for ax in _np.atleast_1d(axis)]
    spacing = list(varargs) if len(varargs) > 1 else list(varargs) * len(axes) or [1.0] * len(axes)
    if any(_np.ndim(raw(h)) for h in spacing):
        raise TypeError("wengert.numpy.gradient takes scalar spacings; for coordinate arrays, "
                        "differentiate with np.diff(f) / np.diff(x).")
    out = []
    for ax, h in zip(axes, spacing):
        inside = (slice_along(f, ax, 2) - slice_along(f, ax, None, -2)) / (2.0 * h)
        if edge_order == 1:
            first = (slice_along(f, ax, 1, 2) - slice_along(f, ax, 0, 1)) / h
            last = (slice_along(f, ax, -1) - slice_along(f, ax, -2, -1)) / h
        else:
            first = (-1.5 * slice_along(f, ax, 0, 1) + 2.0 * slice_along(f, ax, 1, 2) - 0.5 * slice_along(f, ax, 2, 3)) / h
            last = (0.5 * slice_along(f, ax, -3, -2) - 2.0 * slice_along(f, ax, -2, -1) + 1.5 * slice_along(f, ax, -1)) / h
        out.append(concatenate([first, inside, last], axis=ax))
    return out[0] if len(out) == 1 else tuple(out)


def cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """``numpy.cross`` of 3-vectors (or 2-vectors, whose cross product is a number)."""
    if _plain(a, b):
        return _np.cross(a, b, axisa, axisb, axisc, axis)
    if axis is not None:
        axisa = axisb = axisc = axis
    a, b = moveaxis(asarray_any(a), axisa, -1), moveaxis(asarray_any(b), axisb, -1)
    if shape_of(a)[-1] not in (2, 3) or shape_of(b)[-1] not in (2, 3):
        raise ValueError("incompatible dimensions for cross product (dimension must be 2 or 3)")
    ax, ay = a[..., 0], a[..., 1]
    bx, by = b[..., 0], b[..., 1]
    az = a[..., 2] if shape_of(a)[-1] == 3 else 0.0
    bz = b[..., 2] if shape_of(b)[-1] == 3 else 0.0
    z = ax * by - ay * bx
    if shape_of(a)[-1] == 2 and shape_of(b)[-1] == 2:
        return z
    parts = [ay * bz - az * by, az * bx - ax * bz, z]
    shape = _np.broadcast_shapes(*[shape_of(p) for p in parts])
    c = concatenate([reshape(broadcast_to(p, shape), shape + (1,)) for p in parts], axis=-1)
    return moveaxis(c, -1, axisc)


def append(arr, values, axis=None):
    """``numpy.append``."""
    if _plain(arr, values):
        return _np.append(arr, values, axis)
    if axis is None:
        return concatenate([ravel(asarray_any(arr)), ravel(asarray_any(values))])
    return concatenate([asarray_any(arr), asarray_any(values)], axis=axis)


def rot90(m, k=1, axes=(0, 1)):
    """``numpy.rot90``: flips and a transpose, as NumPy does it."""
    if _plain(m):
        return _np.rot90(m, k, axes)
    k %= 4
    if k == 0:
        return m
    if k == 2:
        return flip(flip(m, axes[0]), axes[1])
    order = list(range(len(shape_of(m))))
    order[axes[0]], order[axes[1]] = order[axes[1]], order[axes[0]]
    return transpose(flip(m, axes[1]), order) if k == 1 else flip(transpose(m, order), axes[1])


def rollaxis(a, axis, start=0):
    """``numpy.rollaxis``: `axis` moved to before `start`."""
    ndim = len(shape_of(a))
    axis, start = axis % ndim, start % (ndim + 1) if start < 0 else start
    return moveaxis(a, axis, start - 1 if axis < start else start)


def vsplit(ary, indices_or_sections):
    """``numpy.vsplit``: `split` along the first axis."""
    return split(ary, indices_or_sections, 0)


def hsplit(ary, indices_or_sections):
    """``numpy.hsplit``: along the second axis (the first for 1-d arrays)."""
    return split(ary, indices_or_sections, 1 if len(shape_of(ary)) > 1 else 0)


def dsplit(ary, indices_or_sections):
    """``numpy.dsplit``: along the third axis."""
    return split(ary, indices_or_sections, 2)


def row_stack(tup):
    """``numpy.row_stack``, NumPy's old name for `vstack`."""
    return concatenate([atleast_2d(a) for a in tup], axis=0)


def dstack(tup):
    """``numpy.dstack``: along the third axis, 1-d and 2-d arrays made 3-d first."""
    return concatenate([atleast_3d(a) for a in tup], axis=2)


def select(condlist, choicelist, default=0):
    """``numpy.select``: the first choice whose condition holds (the conditions are constants)."""
    if _plain(choicelist, default):
        return _np.select([raw(c) for c in condlist], choicelist, default)
    out = default
    for cond, choice in reversed(list(zip(condlist, choicelist))):
        out = where(raw(cond), choice, out)
    return out


def partition(a, kth, axis=-1, kind="introselect", order=None):
    """``numpy.partition``: a permutation of `a`, so the gradient is permuted back."""
    if axis is None:
        return partition(ravel(a), kth, 0)
    return take_along_axis(a, _np.argpartition(raw(a), kth, axis=axis), axis)


def nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None):
    """``numpy.nan_to_num``: slope 1 where `x` is finite, 0 at the replaced values."""
    value = raw(x)
    if _plain(x):
        return _np.nan_to_num(x, copy=copy, nan=nan, posinf=posinf, neginf=neginf)
    return where(_np.isfinite(value), x, _np.nan_to_num(value, nan=nan, posinf=posinf, neginf=neginf))


def interp(x, xp, fp, left=None, right=None, period=None):
    """``numpy.interp``: piecewise linear, differentiable in the query points `x` (and the values
    `fp`); the knots `xp` are constants. At a knot the slope is the next segment's."""
    if _plain(x, fp):
        return _np.interp(x, raw(xp), fp, left, right, period)
    if period is not None:
        raise TypeError("wengert.numpy.interp does not take `period` on traced values; reduce "
                        "x modulo the period first (np.remainder is differentiable).")
    xp = raw_array(xp, float)
    fp = asarray_any(fp)
    i = _np.clip(_np.searchsorted(xp, raw(x), side="right") - 1, 0, len(xp) - 2)
    lo, hi = getitem(fp, i), getitem(fp, i + 1)
    x_lo = getitem(xp, i)  # not xp[i]: a plain array indexed by a staged i would convert it
    w = (x - x_lo) / (getitem(xp, i + 1) - x_lo)
    out = lo + w * (hi - lo)
    out = where(raw(x) < xp[0], fp[0] if left is None else left, out)
    return where(raw(x) > xp[-1], fp[-1] if right is None else right, out)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """``numpy.linspace``, differentiable in `start` and `stop`."""
    if _plain(start, stop):
        return _np.linspace(start, stop, num, endpoint, retstep, dtype, axis)
    div = (num - 1) if endpoint else num
    steps = _np.arange(num, dtype=float) / (div if div > 0 else 1)
    shape = _np.broadcast_shapes(shape_of(start), shape_of(stop))
    steps = steps.reshape((-1,) + (1,) * len(shape))
    out = start + steps * (stop - start)
    if endpoint and num > 1:  # the last sample is `stop` exactly, as in NumPy
        out = concatenate([getitem(out, slice(0, -1)), reshape(broadcast_to(stop, shape), (1,) + shape)])
    out = moveaxis(out, 0, axis) if axis != 0 else out
    return (out, (stop - start) / div) if retstep else out


class _Concatenator:
    """``np.r_`` / ``np.c_`` taking traced values (slices and numbers as NumPy reads them)."""

    def __init__(self, numpy_one, columns):
        self.numpy_one, self.columns = numpy_one, columns

    def __getitem__(self, key):
        items = key if isinstance(key, tuple) else (key,)
        if not contains_tracer(items):
            return self.numpy_one[key]
        if isinstance(items[0], str):
            raise TypeError("wengert.numpy.r_ / c_ take no string directive with traced values; "
                            "use np.concatenate or np.stack with an axis instead.")
        parts = [_np.r_[item] if isinstance(item, slice) else asarray_any(item) for item in items]
        if self.columns:
            parts = [reshape(p, (-1, 1)) if len(shape_of(p)) < 2 else p for p in parts]
            return concatenate(parts, axis=-1)
        return concatenate([atleast_1d(p) for p in parts], axis=0)

    def __len__(self):
        return 0


r_ = _Concatenator(_np.r_, columns=False)
c_ = _Concatenator(_np.c_, columns=True)


def einsum(*operands, optimize=True):
    """``numpy.einsum``: the string form ``einsum("ij,jk->ik", a, b)`` or the sublist form
    ``einsum(a, [0, 1], b, [1, 2], [0, 2])``."""
    if isinstance(operands[0], str):
        return _einsum_str(operands[0], *operands[1:])
    out = list(operands[-1]) if len(operands) % 2 else None
    pairs = operands[:-1] if len(operands) % 2 else operands
    arrays, subscripts = list(pairs[0::2]), [list(s) for s in pairs[1::2]]
    if not all(isinstance(s, (list, tuple)) for s in pairs[1::2]):
        raise ValueError("einsum's sublist form alternates operands and index lists: "
                         "einsum(a, [0, 1], b, [1, 2], [0, 2])")

    def letters(sub):
        return "".join("..." if s is Ellipsis else string.ascii_letters[int(s)] for s in sub)

    spec = ",".join(letters(s) for s in subscripts) + ("" if out is None else "->" + letters(out))
    return _einsum_str(spec, *arrays)


# -- NumPy 2's new names, and functions that are another's special case -------------------
acos, acosh, asin, asinh, atan, atanh, atan2 = arccos, arccosh, arcsin, arcsinh, arctan, arctanh, arctan2
pow, concat, permute_dims = power, concatenate, transpose


def vecdot(x1, x2, axis=-1):
    """``numpy.vecdot``: the first argument is conjugated, as NumPy does."""
    return sum((conj(x1) if is_complex(x1) else x1) * x2, axis=axis)


def ediff1d(ary, to_end=None, to_begin=None):
    """``numpy.ediff1d``: the differences of the flattened array."""
    parts = [ravel(asarray_any(to_begin))] if to_begin is not None else []
    flat = ravel(ary)
    parts.append(getitem(flat, slice(1, None)) - getitem(flat, slice(None, -1)))
    if to_end is not None:
        parts.append(ravel(asarray_any(to_end)))
    return concatenate(parts) if len(parts) > 1 else parts[0]


def matrix_transpose(x):
    """``numpy.matrix_transpose``: the last two axes swapped."""
    return swapaxes(x, -1, -2)


def _cumulative(running, initial):
    def cumulative(x, axis=None, dtype=None, include_initial=False):
        out = running(x, axis=axis if axis is not None or len(shape_of(x)) != 1 else 0)
        if include_initial:
            ax = 0 if axis is None else axis
            start = _np.full_like(raw(slice_along(out, ax, 0, 1)), initial)
            out = concatenate([start, out], axis=ax)
        return out
    cumulative.__name__ = cumulative.__qualname__ = f"cumulative_{running.__name__[3:]}"
    cumulative.__doc__ = f"``numpy.cumulative_{running.__name__[3:]}``."
    return cumulative


cumulative_sum, cumulative_prod = _cumulative(cumsum, 0.0), _cumulative(cumprod, 1.0)


def copy(a, order="K", subok=False):
    """``numpy.copy``: traced values are never mutated, so they are their own copies."""
    return _np.copy(a, order=order, subok=subok) if _plain(a) else a


def broadcast_arrays(*args, subok=False):
    """``numpy.broadcast_arrays``."""
    shape = _np.broadcast_shapes(*[shape_of(a) for a in args])
    return tuple(broadcast_to(a, shape) for a in args)


def unstack(x, axis=0):
    """``numpy.unstack``: the slices along `axis`, as a tuple."""
    return tuple(getitem(moveaxis(x, axis, 0), k) for k in range(shape_of(x)[axis]))


def diagflat(v, k=0):
    """``numpy.diagflat``: the flattened input on the k-th diagonal."""
    return diag(ravel(v), k)


def vander(x, N=None, increasing=False):
    """``numpy.vander``: the powers of `x`, decreasing unless `increasing`."""
    n = shape_of(x)[0] if N is None else N
    powers = _np.arange(n) if increasing else _np.arange(n)[::-1]
    return reshape(x, (-1, 1)) ** powers.astype(float)


def matvec(x1, x2, axis=-1):
    """``numpy.matvec``: matrices times vectors, over stacks."""
    return reshape(_matmul(x1, expand_dims(x2, -1)), _np.broadcast_shapes(shape_of(x1)[:-2], shape_of(x2)[:-1])
                   + (shape_of(x1)[-2],))


def vecmat(x1, x2, axis=-1):
    """``numpy.vecmat``: (conjugated) vectors times matrices, over stacks."""
    x1 = conj(x1) if is_complex(x1) else x1
    return reshape(_matmul(expand_dims(x1, -2), x2), _np.broadcast_shapes(shape_of(x1)[:-1], shape_of(x2)[:-2])
                   + (shape_of(x2)[-1],))


def asanyarray(a, dtype=None):
    """``numpy.asanyarray`` (and ``ascontiguousarray``, ``asfortranarray``): `asarray`; memory
    layout means nothing to a traced value."""
    return _asarray(a, dtype=dtype)


ascontiguousarray = asfortranarray = asanyarray
