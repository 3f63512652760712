"""Give tracers NumPy's operators, attributes and methods, routed to ``wengert.numpy``.

Also the guards: NumPy functions called on a tracer dispatch here when
``wengert.numpy`` covers them and fail with a message naming them when it
does not; mutation and conversion to plain arrays or floats are refused,
because they would silently drop the derivative.
"""

from __future__ import annotations

import numpy as _np

from ..tracer import Tracer, raw


def attach(wnp):
    """Install the methods on `Tracer`; `wnp` is the ``wengert.numpy`` module."""
    getitem, _index = wnp._shapes.getitem, wnp._shapes._index
    add, subtract, multiply, divide, power = wnp.add, wnp.subtract, wnp.multiply, wnp.divide, wnp.power
    matmul, negative = wnp.matmul, wnp.negative
    T = Tracer

    T.__add__ = lambda s, o: add(s, o)
    T.__radd__ = lambda s, o: add(o, s)
    T.__sub__ = lambda s, o: subtract(s, o)
    T.__rsub__ = lambda s, o: subtract(o, s)
    T.__mul__ = lambda s, o: multiply(s, o)
    T.__rmul__ = lambda s, o: multiply(o, s)
    T.__truediv__ = lambda s, o: divide(s, o)
    T.__rtruediv__ = lambda s, o: divide(o, s)
    T.__floordiv__ = lambda s, o: wnp.floor_divide(s, o)
    T.__rfloordiv__ = lambda s, o: wnp.floor_divide(o, s)
    T.__mod__ = lambda s, o: wnp.remainder(s, o)
    T.__rmod__ = lambda s, o: wnp.remainder(o, s)
    T.__pow__ = lambda s, o: power(s, o)
    T.__rpow__ = lambda s, o: power(o, s)
    T.__matmul__ = lambda s, o: matmul(s, o)
    T.__rmatmul__ = lambda s, o: matmul(o, s)
    T.__neg__ = lambda s: negative(s)
    T.__pos__ = lambda s: s
    T.__abs__ = lambda s: wnp.absolute(s)
    T.__eq__ = lambda s, o: raw(s) == raw(o)
    T.__ne__ = lambda s, o: raw(s) != raw(o)
    T.__lt__ = lambda s, o: raw(s) < raw(o)
    T.__le__ = lambda s, o: raw(s) <= raw(o)
    T.__gt__ = lambda s, o: raw(s) > raw(o)
    T.__ge__ = lambda s, o: raw(s) >= raw(o)
    T.__hash__ = None

    def __getitem__(self, idx):
        return getitem(self, idx if type(idx) is int else _index(idx))

    T.__getitem__ = __getitem__
    T.__len__ = lambda s: len(raw(s))
    T.__iter__ = lambda s: (s[i] for i in range(len(raw(s))))
    T.__bool__ = lambda s: bool(raw(s))
    T.__int__ = lambda s: int(raw(s))
    T.__repr__ = lambda s: f"Traced({raw(s)!r})"
    T.__str__ = lambda s: str(raw(s))
    T.__format__ = lambda s, spec: format(raw(s), spec)

    T.shape = property(lambda s: _np.shape(raw(s)))
    T.ndim = property(lambda s: _np.ndim(raw(s)))
    T.size = property(lambda s: _np.size(raw(s)))
    T.dtype = property(lambda s: _np.result_type(raw(s)))
    T.T = property(lambda s: wnp.transpose(s))
    T.real = property(lambda s: s)
    T.flat = property(lambda s: wnp.ravel(s))

    def reshape(self, *shape, order="C"):
        """``x.reshape(shape)`` or ``x.reshape(*shape)``, as for arrays."""
        return wnp.reshape(self, shape[0] if len(shape) == 1 else shape, order=order)

    def transpose(self, *axes):
        """``x.transpose(axes)`` or ``x.transpose(*axes)``, as for arrays."""
        return wnp.transpose(self, (axes[0] if len(axes) == 1 else axes) or None)

    def astype(self, dtype, **kwargs):
        """A float dtype keeps the derivative; integers and booleans give plain values."""
        if _np.dtype(dtype).kind == "f":
            return self
        return raw(self).astype(dtype, **kwargs)  # integers and booleans carry no derivative

    T.reshape = reshape
    T.transpose = transpose
    T.astype = astype
    for name in ("sum", "mean", "prod", "max", "min", "var", "std", "cumsum", "cumprod", "ravel",
                 "squeeze", "dot", "clip", "take", "repeat", "swapaxes", "trace", "diagonal",
                 "argmax", "argmin", "argsort", "nonzero", "all", "any", "ptp"):
        setattr(T, name, _method(getattr(wnp, name)))
    T.flatten = _method(wnp.ravel)
    T.copy = _same("copy: traced values are never mutated, so the value itself serves")
    T.conj = T.conjugate = _same("the complex conjugate of a real value: the value itself")
    T.item = _refuse_item
    T.tolist = _refuse_item
    T.__float__ = _refuse_float
    T.__complex__ = _refuse_float
    T.__array__ = _refuse_array
    T.__setitem__ = _refuse_setitem
    for op in ("iadd", "isub", "imul", "itruediv", "ifloordiv", "imod", "ipow", "imatmul"):
        setattr(T, f"__{op}__", _refuse_inplace(op))
    T.__array_ufunc__ = _array_ufunc(wnp)
    T.__array_function__ = _array_function(wnp)


def _method(fun):
    def method(self, *args, **kwargs):
        return fun(self, *args, **kwargs)
    method.__name__ = fun.__name__
    method.__doc__ = f"``x.{fun.__name__}(...)`` is ``wengert.numpy.{fun.__name__}(x, ...)``."
    return method


def _same(doc):
    def same(self):
        return self
    same.__doc__ = doc
    return same


def _refuse_item(self, *args):
    """Refused: converting to a Python number would drop the derivative."""
    raise TypeError("item() / tolist() on a traced value would drop its derivative. "
                    "Keep it as an array (x[()] or x[i] stay differentiable), or take "
                    "wengert.raw(x) if you mean to stop the derivative here.")


def _refuse_float(self):
    raise TypeError("float() of a traced value would drop its derivative. Keep computing with "
                    "wengert.numpy, or use wengert.raw(x) if you mean to stop the derivative here.")


def _refuse_array(self, dtype=None, copy=None):
    raise TypeError("a traced value cannot become a plain NumPy array (numpy.asarray / "
                    "numpy.array would drop its derivative). Use wengert.numpy "
                    "(`import wengert.numpy as np`) for the computation, or wengert.raw(x) "
                    "to stop the derivative deliberately.")


def _refuse_setitem(self, key, value):
    raise TypeError("item assignment (x[i] = v) on a traced array is not supported: traced "
                    "arrays are immutable. Build the new array instead, e.g. "
                    "x = np.where(mask, v, x), or collect the pieces in a list and use "
                    "np.stack / np.concatenate.")


def _refuse_inplace(op):
    sym = {"iadd": "+", "isub": "-", "imul": "*", "itruediv": "/", "ifloordiv": "//",
           "imod": "%", "ipow": "**", "imatmul": "@"}[op]

    def refuse(self, other):
        raise TypeError(f"in-place `x {sym}= y` on a traced array would mutate it; "
                        f"write `x = x {sym} y` instead (a new array, so the trace stays right).")
    return refuse


def _array_ufunc(wnp):
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        fun = getattr(wnp, ufunc.__name__, None)
        if method != "__call__" or fun is None or not callable(fun) or kwargs.get("out") is not None:
            what = f"numpy.{ufunc.__name__}" + ("" if method == "__call__" else f".{method}")
            raise TypeError(f"{what} is not differentiable in wengert (it was called on a traced "
                            "value); write it with wengert.numpy functions.")
        return fun(*inputs, **kwargs)
    return __array_ufunc__


def _array_function(wnp):
    def __array_function__(self, func, types, args, kwargs):
        module = func.__module__ or "numpy"
        target = wnp
        for part in module.split(".")[1:]:
            target = getattr(target, part, None)
        fun = getattr(target, func.__name__, None) if target is not None else None
        if fun is None or fun is func:
            raise TypeError(f"{module}.{func.__name__} is not differentiable in wengert (it was "
                            "called on a traced value); use wengert.numpy, which covers the "
                            "functions in wengert.numpy.__all__.")
        return fun(*args, **kwargs)
    return __array_function__
