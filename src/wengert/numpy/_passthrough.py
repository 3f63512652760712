"""Constructors and helpers whose results carry no derivative: they see only values."""

from __future__ import annotations

import numpy as _np

from ..tracer import Tracer, raw
from ._shapes import asarray_any, broadcast_to, reshape
from ._wrapping import contains_tracer, nondiff

_NAMES = """
zeros_like ones_like empty_like full_like shape ndim size argmax argmin argsort argwhere nonzero
flatnonzero isnan isfinite isinf isposinf isneginf isclose allclose array_equal all any
count_nonzero searchsorted unique digitize sign floor ceil rint round around trunc fix
equal not_equal less less_equal greater greater_equal logical_and logical_or logical_not
logical_xor heaviside bincount histogram iscomplexobj isrealobj iscomplex isreal isscalar result_type
tril_indices triu_indices diag_indices indices unravel_index ravel_multi_index
""".split()

globals().update({name: nondiff(getattr(_np, name)) for name in _NAMES})

# plain constructors: they take no array arguments to trace
zeros, ones, empty, full, eye, identity = _np.zeros, _np.ones, _np.empty, _np.full, _np.eye, _np.identity
arange, logspace, geomspace, tri = _np.arange, _np.logspace, _np.geomspace, _np.tri


def array(object, dtype=None, copy=True, ndmin=0):
    """``numpy.array``; a (nested) list holding traced scalars becomes a traced array."""
    if isinstance(object, Tracer) or contains_tracer(object):
        out = asarray_any(object)
        if dtype is not None and _np.dtype(dtype).kind not in "fc":
            value = raw(out)  # a value wg.jit stages takes the copy as a step (like=)
            return _np.array(value, dtype=dtype, like=value if isinstance(value, Tracer) else None)
        return out
    return _np.array(object, dtype=dtype, copy=copy, ndmin=ndmin)


def asarray(a, dtype=None):
    if isinstance(a, Tracer) or contains_tracer(a):
        return array(a, dtype=dtype)
    return _np.asarray(a, dtype=dtype)


def meshgrid(*xi, indexing="xy"):
    """``numpy.meshgrid`` (differentiable in the coordinate vectors)."""
    n = len(xi)
    shapes = [[1] * n for _ in xi]
    sizes = [len(raw(x)) for x in xi]
    if indexing == "xy" and n >= 2:
        axes = [1, 0] + list(range(2, n))
    else:
        axes = list(range(n))
    full_shape = [0] * n
    for k, ax in enumerate(axes):
        shapes[k][ax] = sizes[k]
        full_shape[ax] = sizes[k]
    return [broadcast_to(reshape(x, tuple(s)), tuple(full_shape)) for x, s in zip(xi, shapes)]


__all__ = _NAMES + ["zeros", "ones", "empty", "full", "eye", "identity", "arange",
                    "logspace", "geomspace", "tri", "array", "asarray", "meshgrid"]
