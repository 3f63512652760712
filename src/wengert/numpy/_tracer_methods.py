"""The array interface of traced values: NumPy's operators, attributes and methods.

`ArrayMethods` is what a tracer looks like to user code: ``x + y``, ``x[1:]``,
``x.sum(axis=0)``, ``x.shape`` and ``numpy.sin(x)`` all route to
``wengert.numpy``. The engine's `Tracer` knows nothing of NumPy;
``wengert.numpy`` installs this interface on it when it is imported
(`install`).

Also the guards: mutation and conversion to plain arrays or numbers are
refused, because they would silently drop the derivative, and a NumPy
function that ``wengert.numpy`` does not cover fails with a message naming it.
"""

from __future__ import annotations

import importlib

import numpy as _np

from ..tracer import raw
from . import _complex, _passthrough, _products, _reductions, _shapes
from ._elementwise import absolute, add, divide, floor_divide, multiply, negative, power, remainder, subtract

__all__ = ["ArrayMethods", "install"]

_INPLACE = {"iadd": "+", "isub": "-", "imul": "*", "itruediv": "/", "ifloordiv": "//",
            "imod": "%", "ipow": "**", "imatmul": "@"}


def _refuse_inplace(op):
    sym = _INPLACE[op]

    def refuse(self, other):
        raise TypeError(f"in-place `x {sym}= y` on a traced array would mutate it; "
                        f"write `x = x {sym} y` instead (a new array, so the trace stays right).")
    refuse.__name__ = f"__{op}__"
    return refuse


def _method(fun, name=None):
    """``x.name(...)`` as ``wengert.numpy.name(x, ...)``."""
    def method(self, *args, **kwargs):
        return fun(self, *args, **kwargs)
    method.__name__ = name or fun.__name__
    method.__doc__ = f"``x.{method.__name__}(...)`` is ``wengert.numpy.{fun.__name__}(x, ...)``."
    return method


class ArrayMethods:
    """NumPy's array interface for tracers, each entry routed to ``wengert.numpy``."""

    __array_priority__ = 1000.0
    __hash__ = None

    # -- arithmetic: each operator is the differentiable function of the same name
    def __add__(self, other): return add(self, other)
    def __radd__(self, other): return add(other, self)
    def __sub__(self, other): return subtract(self, other)
    def __rsub__(self, other): return subtract(other, self)
    def __mul__(self, other): return multiply(self, other)
    def __rmul__(self, other): return multiply(other, self)
    def __truediv__(self, other): return divide(self, other)
    def __rtruediv__(self, other): return divide(other, self)
    def __floordiv__(self, other): return floor_divide(self, other)
    def __rfloordiv__(self, other): return floor_divide(other, self)
    def __mod__(self, other): return remainder(self, other)
    def __rmod__(self, other): return remainder(other, self)
    def __pow__(self, other): return power(self, other)
    def __rpow__(self, other): return power(other, self)
    def __matmul__(self, other): return _products.matmul(self, other)
    def __rmatmul__(self, other): return _products.matmul(other, self)
    def __neg__(self): return negative(self)
    def __pos__(self): return self
    def __abs__(self): return absolute(self)

    # -- comparisons carry no derivative: they compare values
    def __eq__(self, other): return raw(self) == raw(other)
    def __ne__(self, other): return raw(self) != raw(other)
    def __lt__(self, other): return raw(self) < raw(other)
    def __le__(self, other): return raw(self) <= raw(other)
    def __gt__(self, other): return raw(self) > raw(other)
    def __ge__(self, other): return raw(self) >= raw(other)

    # -- indexing and the container protocol
    def __getitem__(self, idx):
        return _shapes.getitem(self, idx if type(idx) is int else _shapes.index_values(idx))

    def __len__(self): return len(raw(self))
    def __iter__(self): return (self[i] for i in range(len(raw(self))))

    # -- Python conversions that keep no derivative are either harmless or refused
    def __bool__(self): return bool(raw(self))
    def __int__(self): return int(raw(self))
    def __repr__(self): return f"Traced({raw(self)!r})"
    def __str__(self): return str(raw(self))
    def __format__(self, spec): return format(raw(self), spec)

    def __float__(self):
        raise TypeError("float() of a traced value would drop its derivative. Keep computing with "
                        "wengert.numpy, or use wengert.raw(x) if you mean to stop the derivative here.")

    __complex__ = __float__

    def __array__(self, dtype=None, copy=None):
        raise TypeError("a traced value cannot become a plain NumPy array (numpy.asarray / "
                        "numpy.array would drop its derivative). Use wengert.numpy "
                        "(`import wengert.numpy as np`) for the computation, or wengert.raw(x) "
                        "to stop the derivative deliberately.")

    def item(self, *args):
        """Refused: converting to a Python number would drop the derivative."""
        raise TypeError("item() / tolist() on a traced value would drop its derivative. "
                        "Keep it as an array (x[()] or x[i] stay differentiable), or take "
                        "wengert.raw(x) if you mean to stop the derivative here.")

    tolist = item

    # -- traced arrays are immutable
    def __setitem__(self, key, value):
        raise TypeError("item assignment (x[i] = v) on a traced array is not supported: traced "
                        "arrays are immutable. Build the new array instead, e.g. "
                        "x = np.where(mask, v, x), or collect the pieces in a list and use "
                        "np.stack / np.concatenate.")

    __iadd__, __isub__, __imul__, __itruediv__ = (_refuse_inplace(op) for op in
                                                  ("iadd", "isub", "imul", "itruediv"))
    __ifloordiv__, __imod__, __ipow__, __imatmul__ = (_refuse_inplace(op) for op in
                                                      ("ifloordiv", "imod", "ipow", "imatmul"))

    # -- attributes
    shape = property(lambda self: _np.shape(raw(self)))
    ndim = property(lambda self: _np.ndim(raw(self)))
    size = property(lambda self: _np.size(raw(self)))
    dtype = property(lambda self: _np.result_type(raw(self)))
    T = property(lambda self: _shapes.transpose(self))
    real = property(lambda self: _complex.real(self))
    imag = property(lambda self: _complex.imag(self))
    flat = property(lambda self: _shapes.ravel(self))

    # -- methods
    def reshape(self, *shape, order="C"):
        """``x.reshape(shape)`` or ``x.reshape(*shape)``, as for arrays."""
        return _shapes.reshape(self, shape[0] if len(shape) == 1 else shape, order=order)

    def transpose(self, *axes):
        """``x.transpose(axes)`` or ``x.transpose(*axes)``, as for arrays."""
        return _shapes.transpose(self, (axes[0] if len(axes) == 1 else axes) or None)

    def astype(self, dtype, **kwargs):
        """Float and complex casts keep the derivative; integers and booleans give plain values."""
        return _complex.astype(self, dtype)

    def copy(self):
        """Traced values are never mutated, so the value itself serves as its copy."""
        return self

    conj = conjugate = _method(_complex.conj, "conj")

    sum, mean, prod = _method(_reductions.sum), _method(_reductions.mean), _method(_reductions.prod)
    max, min, ptp = _method(_reductions.max), _method(_reductions.min), _method(_reductions.ptp)
    var, std = _method(_reductions.var), _method(_reductions.std)
    cumsum, cumprod = _method(_reductions.cumsum), _method(_reductions.cumprod)
    ravel, flatten = _method(_shapes.ravel), _method(_shapes.ravel, "flatten")
    squeeze, swapaxes = _method(_shapes.squeeze), _method(_shapes.swapaxes)
    clip, take, repeat = _method(_shapes.clip), _method(_shapes.take), _method(_shapes.repeat)
    dot, trace = _method(_products.dot), _method(_products.trace)
    diagonal = _method(_products.diagonal)
    argmax, argmin = _method(_passthrough.argmax), _method(_passthrough.argmin)
    argsort, nonzero = _method(_passthrough.argsort), _method(_passthrough.nonzero)
    all, any = _method(_passthrough.all), _method(_passthrough.any)

    # -- NumPy's own functions called on a tracer come here
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        fun = getattr(_wengert_module("numpy"), ufunc.__name__, None)
        if method != "__call__" or fun is None or not callable(fun) or kwargs.get("out") is not None:
            what = f"numpy.{ufunc.__name__}" + ("" if method == "__call__" else f".{method}")
            raise TypeError(f"{what} is not differentiable in wengert (it was called on a traced "
                            "value); write it with wengert.numpy functions.")
        return fun(*inputs, **kwargs)

    def __array_function__(self, func, types, args, kwargs):
        module = func.__module__ or "numpy"
        target = _wengert_module(module)
        fun = getattr(target, func.__name__, None) if target is not None else None
        if fun is None or fun is func:
            raise TypeError(f"{module}.{func.__name__} is not differentiable in wengert (it was "
                            "called on a traced value); use wengert.numpy, which covers the "
                            "functions in wengert.numpy.__all__.")
        return fun(*args, **kwargs)


def _wengert_module(numpy_module):
    """``wengert.numpy`` (or its submodule) standing in for a NumPy module, or None."""
    try:
        return importlib.import_module(f"wengert.{numpy_module}")  # already imported: a lookup
    except ImportError:
        return None


def install(tracer_class):
    """Give the engine's `tracer_class` the array interface, once, as ``wengert.numpy`` loads."""
    for name, value in vars(ArrayMethods).items():
        if name not in ("__module__", "__dict__", "__weakref__", "__doc__", "__qualname__"):
            setattr(tracer_class, name, value)
