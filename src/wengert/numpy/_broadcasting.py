"""Broadcasting and its adjoint: the NumPy semantics the reverse sweep relies on.

A primitive that broadcasts its arguments (``x + y`` with shapes (2, 3) and
(3,)) hands each argument a cotangent shaped like the output; `unbroadcast`
sums it back to the argument's shape. The sweep calls it through the
primitive's ``unbroadcast`` hook, so broadcasting is undone in one place and
the engine itself knows nothing of shapes. `broadcast_to` and `sum_to` are
each other's adjoints, so both are primitives here, written on the tracer
layer alone: every other module of ``wengert.numpy`` may build on them.
"""

from __future__ import annotations

import numpy as _np

from ..tracer import primitive

__all__ = ["shape_of", "broadcast_raw", "broadcast_to", "sum_to", "unbroadcast"]


def shape_of(x):
    """The shape of an array, a tracer or a Python number (``()``)."""
    return x.shape if hasattr(x, "shape") else _np.shape(x)


def broadcast_raw(x, shape):
    """``numpy.broadcast_to``; one number is spread with a zero-stride array made directly
    (a sixth of NumPy's cost: sum's cotangent is spread this way on every sweep)."""
    if type(x) is _np.ndarray and x.ndim or not isinstance(x, (float, _np.floating, _np.ndarray)):
        return _np.broadcast_to(x, shape)
    shape = (shape,) if type(shape) is int else tuple(shape)
    one = _np.asarray(x)
    out = _np.ndarray(shape, one.dtype, one, 0, (0,) * len(shape))
    out.flags.writeable = False
    return out


def _sum_to_raw(x, shape):
    x_shape = _np.shape(x)
    extra = len(x_shape) - len(shape)
    if extra < 0 or any(n != 1 and n != m for n, m in zip(shape, x_shape[extra:])):
        return x + _np.zeros(shape)  # smaller than `shape` (a rule's scalar cotangent): spread it
    if extra:
        x = _np.sum(x, axis=tuple(range(extra)))
    axes = tuple(i for i, n in enumerate(shape) if n == 1 and x_shape[extra + i] != 1)
    if axes:
        x = _np.sum(x, axis=axes, keepdims=True)
    return x


def _linear(fun, name):
    """A primitive linear in its first argument; the second (a shape) is a constant."""
    prim = primitive(fun)
    prim.__name__ = prim.__qualname__ = name
    prim.linear = True
    prim.jvps[0] = lambda t, ans, x, shape: prim(t, shape)
    return prim


broadcast_to = _linear(broadcast_raw, "broadcast_to")
sum_to = _linear(_sum_to_raw, "sum_to")
broadcast_to.vjps[0] = lambda g, ans, x, shape: sum_to(g, shape_of(x))
sum_to.vjps[0] = lambda g, ans, x, shape: sum_to(g, shape_of(x))  # broadcasting back, or summing


def unbroadcast(ct, like):
    """`ct` summed over the axes broadcasting added or stretched, back to `like`'s shape."""
    shape = like.shape if hasattr(like, "shape") else ()  # inline: once per edge of the sweep
    if (ct.shape if hasattr(ct, "shape") else ()) == shape:
        return ct
    return sum_to(ct, tuple(shape))
