"""``wengert.numpy``: NumPy with derivatives. Same names, same semantics.

Write objectives with ``import wengert.numpy as np``. On plain arrays every
function is NumPy's own and returns plain arrays; on traced values the
differentiable ones are recorded. Functions not listed in ``__all__`` still
work on plain values and raise a clear ``TypeError`` on traced ones.
"""

from __future__ import annotations

import numpy as _np

from ..tracer import Tracer as _Tracer
from . import _arrays, _statistics, _broadcasting, _complex, _elementwise, _passthrough, _wrapping, _products, _reductions, _shapes, _tracer_methods, fft, linalg
from ._complex import *  # noqa: F401,F403
from ._elementwise import *  # noqa: F401,F403
from ._elementwise import where  # noqa: F401
from ._passthrough import *  # noqa: F401,F403
from ._products import *  # noqa: F401,F403
from ._reductions import *  # noqa: F401,F403
from ._shapes import (array_split, atleast_1d, atleast_2d, atleast_3d, broadcast_to, clip,  # noqa: F401
                      column_stack, concatenate, expand_dims, flip, fliplr, flipud, hstack,
                      moveaxis, pad, ravel, repeat, reshape, roll, sort, split, squeeze, stack,
                      swapaxes, take, take_along_axis, tile, transpose, vstack)
from ._statistics import *  # noqa: F401,F403
from ._arrays import *  # noqa: F401,F403  (last: its einsum takes both forms)
from ._wrapping import uncovered as _uncovered

newaxis, pi, e, inf, nan, euler_gamma = None, _np.pi, _np.e, _np.inf, _np.nan, _np.euler_gamma
float64, float32, int64, int32, bool_, ndarray, dtype = (_np.float64, _np.float32, _np.int64,
                                                          _np.int32, _np.bool_, _np.ndarray, _np.dtype)
random = _np.random

_HELPERS = {_wrapping.__name__, _broadcasting.__name__}  # rule-writing tools, not NumPy functions
_DIFFERENTIABLE = sorted({
    name for module in (_arrays, _statistics, _complex, _elementwise, _products, _reductions)
    for name in getattr(module, "__all__", dir(module))
    if not name.startswith("_") and callable(getattr(module, name))
    and getattr(getattr(module, name), "__module__", "") not in _HELPERS and name != "raw"
} | {"array_split", "atleast_1d", "atleast_2d", "atleast_3d", "broadcast_to", "clip", "column_stack",
     "concatenate", "expand_dims", "flip", "fliplr", "flipud", "hstack", "moveaxis", "pad", "ravel",
     "repeat", "reshape", "roll", "sort", "split", "squeeze", "stack", "swapaxes", "take",
     "take_along_axis", "tile", "transpose", "vstack", "where", "meshgrid", "array", "asarray"})
__all__ = sorted(set(_DIFFERENTIABLE) | set(_passthrough.__all__) | {"linalg", "fft", "r_", "c_"})


def _document_from_numpy():
    """Give each function without a docstring one that points to NumPy's."""
    for name in _DIFFERENTIABLE:
        fun = globals().get(name)
        if fun is None or (getattr(fun, "__doc__", None) or "").strip() or not hasattr(_np, name):
            continue
        try:
            fun.__doc__ = (f"Differentiable ``numpy.{name}``: the same arguments and results "
                           f"(see ``help(numpy.{name})``); array arguments carry derivatives.")
        except (AttributeError, TypeError):  # a built-in that takes no new docstring
            pass


_document_from_numpy()


def __getattr__(name):
    """Anything else NumPy has: values as they are, functions guarded against traced values."""
    value = getattr(_np, name)
    if callable(value) and not isinstance(value, type):
        return _uncovered(value, f"numpy.{name}")
    return value


_tracer_methods.install(_Tracer)
