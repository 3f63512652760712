"""Staging: run a function once on stand-in values that write down every step they take.

A `Staged` value is a tracer at level 0, below every differentiation, that
carries the concrete value of one line of the program being recorded. Two
kinds of step reach the recording (`Staging.steps`):

- a wengert primitive, as one step calling its NumPy function (``prim.fun``);
  a differentiation nested inside (``value_and_grad`` under ``jit``) hands its
  primitives down here, so the forward and the reverse sweep are recorded
  alike, as straight-line NumPy;
- a NumPy function or ufunc called directly on a staged value (a mask in a
  rule, ``np.all(...)`` in user code), through NumPy's ``__array_ufunc__`` and
  ``__array_function__`` protocols.

Python decisions on a staged value become *guards*: ``bool()`` (an ``if`` or
a ``while``) and ``int()`` / ``__index__`` record the value they saw, and the
compiled program checks it on every call. A conversion that would let a value
leave the recording unseen (``float()``, ``numpy.asarray``, writing into an
array in place) raises `Escape`, and `wg.jit` runs the function eagerly.
"""

from __future__ import annotations

import operator as _operator
import os
import sys

import numpy as _np

from ..tracer import Differentiation, Tracer

__all__ = ["Escape", "Staging", "Staged", "Step", "concrete"]


class Escape(BaseException):
    """A staged value had to become a plain one (float(), numpy.asarray, an in-place write).

    A BaseException, so that a user's ``except Exception`` cannot swallow it and
    let a wrong program be compiled; `Staging.escaped` records it as well.
    """


class Step:
    """One line of the program: ``out = fun(*args, **kwargs)``, or a guard.

    `args` and `kwargs` keep the staged values (and the constants) as the call
    received them, nested in lists, tuples, dicts and slices. A guard has
    ``fun = None``, `kind` ``"bool"``, ``"int"`` or ``"shape"``, and the value it
    saw in `expected`.
    """

    __slots__ = ("fun", "name", "args", "kwargs", "out", "kind", "expected")

    def __init__(self, fun, name, args, kwargs, out, kind="call", expected=None):
        self.fun, self.name, self.args, self.kwargs = fun, name, args, kwargs
        self.out, self.kind, self.expected = out, kind, expected


class Staging(Differentiation):
    """A program being recorded. Level 0: every differentiation nests inside it."""

    __slots__ = ("steps", "values", "dynamic", "escaped")

    def __init__(self):
        self.level = 0
        self.steps = []
        self.values = []       # var -> the concrete value it had while tracing
        self.dynamic = set()   # vars whose shape depends on values (x[mask], nonzero...)
        self.escaped = None    # why the recording cannot be compiled, if it cannot

    def new_input(self, value):
        """A staged input of the program."""
        return self._new(value)

    def _new(self, value):
        var = len(self.values)
        self.values.append(value)
        return Staged(value, var, self)

    def process(self, prim, args, kwargs):
        """A primitive called on staged values: one step calling what an eager call would
        (NumPy's own function where the primitive has one: np.negative(2.0) is a float64)."""
        return self.call(prim.__wrapped__, args, kwargs, prim.__name__)

    def process_inner(self, prim, args, kwargs):
        """A step of a differentiation nested inside: the function it computes values with."""
        return self.call(prim.fun, args, kwargs, prim.__name__)

    def call(self, fun, args, kwargs, name=None):
        """Run `fun` on the concrete values and record it as one step."""
        value = fun(*concrete(args), **concrete(kwargs))
        out = self._new(value)
        step = Step(fun, name or getattr(fun, "__name__", "f"), args, kwargs, out.var)
        self.steps.append(step)
        if _makes_dynamic_shape(fun, args) or _reads_dynamic(self, args, kwargs):
            self.dynamic.add(out.var)
        return out

    def guard(self, staged, kind, expected):
        """Record a decision taken on `staged`'s value; the program checks it each call."""
        self.steps.append(Step(None, kind, (staged,), {}, None, kind, expected))
        return expected

    def escape(self, what):
        """The error that stops the recording: `what` would let a value out unseen."""
        self.escaped = f"{what}{_where()}"
        return Escape(self.escaped)


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _where():
    """`` at file:line``: where the escape happened, in the innermost code outside
    wengert (the user's), else in wengert itself."""
    frame = sys._getframe(2)
    inner = None
    while frame is not None:
        path = os.path.abspath(frame.f_code.co_filename)
        here = f" at {os.path.basename(path)}:{frame.f_lineno} ({frame.f_code.co_name})"
        if path == os.path.abspath(__file__):
            frame = frame.f_back
            continue
        if not path.startswith(_PACKAGE) and os.path.basename(path) != "__init__.py" \
                and "numpy" not in path.split(os.sep)[-3:-1]:
            return here + ("" if inner is None else f" (in wengert{inner})")
        inner = inner or here
        frame = frame.f_back
    return inner or ""


def concrete(x):
    """`x` with every staged value replaced by its concrete value (in nested containers too)."""
    if isinstance(x, Staged):
        return x.value
    kind = type(x)
    if kind is tuple or kind is list:
        return kind(concrete(v) for v in x) if any(_holds_staged(v) for v in x) else x
    if kind is dict:
        return {k: concrete(v) for k, v in x.items()} if _holds_staged(x) else x
    if kind is slice and _holds_staged(x):
        return slice(concrete(x.start), concrete(x.stop), concrete(x.step))
    return x


def _holds_staged(x):
    return next(_staged_in(x), None) is not None


def _staged_in(x):
    """The staged values held in `x`, in order."""
    if isinstance(x, Staged):
        yield x
    elif type(x) in (tuple, list):
        for v in x:
            yield from _staged_in(v)
    elif type(x) is dict:
        for v in x.values():
            yield from _staged_in(v)
    elif type(x) is slice:
        for v in (x.start, x.stop, x.step):
            yield from _staged_in(v)


def _reads_dynamic(staging, args, kwargs):
    return bool(staging.dynamic) and any(
        s.var in staging.dynamic for s in _staged_in((args, kwargs)))


# Functions whose output shape depends on the values of their input
# (every other function's output shape is taken to follow from its arguments' shapes)
_DYNAMIC_SHAPE = {_np.nonzero, _np.flatnonzero, _np.argwhere, _np.unique, _np.extract, _np.compress,
                  _np.trim_zeros, _np.union1d, _np.intersect1d, _np.setdiff1d, _np.setxor1d,
                  _np.bincount, _np.repeat, _np.delete, _np.insert, _np.roots, _np.histogram,
                  _np.histogram_bin_edges, _np.histogram2d, _np.histogramdd,
                  _np.linalg.lstsq}  # its residuals are empty when the rank is short
_DYNAMIC_SHAPE |= {getattr(_np, name) for name in ("unique_values", "unique_counts",
                                                   "unique_inverse", "unique_all")
                   if hasattr(_np, name)}


def _makes_dynamic_shape(fun, args):
    if fun in _DYNAMIC_SHAPE:
        return True
    if fun is _np.where:
        return len(args) == 1
    # indexing with a staged boolean mask (x[x > 0]): as many elements as the mask holds
    if len(args) == 2 and getattr(fun, "__name__", "") == "_getitem_raw":
        return any(_np.result_type(s.value) == _np.bool_ and _np.ndim(s.value) > 0
                   for s in _staged_in(args[1]))
    return False


# NumPy functions that read only a staged value's type, shape and dtype: answered at once
_STATIC = {_np.shape, _np.ndim, _np.size, _np.result_type, _np.iscomplexobj, _np.isrealobj}
_SHAPED = {_np.shape, _np.size}  # these read a dynamic shape (x[mask]'s): a guard, as .shape


def _inplace(op):
    def method(self, other):
        value = self.value
        if type(value) is _np.ndarray:  # would write into an array another name may hold
            raise self._trace.escape(f"an in-place `{op}=` on an array")
        return _BINARY[op](self, other)  # a number: the new value is the result, as NumPy's
    method.__name__ = f"__i{_OPS[op]}__"
    return method


_OPS = {"+": "add", "-": "sub", "*": "mul", "/": "truediv", "//": "floordiv", "%": "mod",
        "**": "pow", "@": "matmul"}
_BINARY = {op: getattr(_operator, name) for op, name in _OPS.items()}


class Staged(Tracer):
    """A value of the program being recorded, standing in for a concrete array or number.

    Arithmetic, methods and ``wengert.numpy`` functions on it run through the
    primitives (the array interface every tracer has); plain NumPy functions
    on it are recorded through NumPy's dispatch protocols.
    """

    __slots__ = ("var",)

    def __init__(self, value, var, staging):
        self.value = value
        self.var = var
        self._trace = staging

    # -- what is known without running the program: type, shape, dtype
    @property
    def shape(self):
        shape = _np.shape(self.value)
        if self.var in self._trace.dynamic:
            self._trace.guard(self, "shape", shape)
        return shape

    @property
    def ndim(self):
        return _np.ndim(self.value)

    @property
    def size(self):
        return _np.prod(self.shape, dtype=int) if self.shape else 1

    @property
    def dtype(self):
        return _np.result_type(self.value)

    def __len__(self):
        shape = self.shape
        if not shape:  # eager code gets a TypeError here, or NumPy (y[0] = x[0]) a number:
            raise self._trace.escape("a number read as a sequence")  # let eager decide
        return shape[0]

    # -- decisions on values are guards
    def __bool__(self):
        return self._trace.guard(self, "bool", bool(self.value))

    def __int__(self):
        return self._trace.guard(self, "int", int(self.value))

    def __index__(self):
        return self._trace.guard(self, "int", _np.asarray(self.value).__index__())

    # -- conversions that would let a value out unseen stop the recording
    def __float__(self):
        raise self._trace.escape("float() of a traced value")

    def __complex__(self):
        raise self._trace.escape("complex() of a traced value")

    def __array__(self, dtype=None, copy=None):
        raise self._trace.escape("a conversion to a plain array (numpy.asarray / numpy.array)")

    def item(self, *args):
        """Escapes: a Python number would leave the program unseen."""
        raise self._trace.escape("item() / tolist() of a traced value")

    tolist = item

    def __setitem__(self, key, value):
        raise self._trace.escape("an item assignment x[i] = v on a traced array")

    __iadd__, __isub__, __imul__, __itruediv__ = (_inplace(op) for op in "+-*/")
    __ifloordiv__, __imod__, __ipow__, __imatmul__ = (_inplace(op) for op in ("//", "%", "**", "@"))

    # -- comparisons are recorded (they carry no derivative, but their values vary)
    def __eq__(self, other): return _np.equal(self, other)
    def __ne__(self, other): return _np.not_equal(self, other)
    def __lt__(self, other): return _np.less(self, other)
    def __le__(self, other): return _np.less_equal(self, other)
    def __gt__(self, other): return _np.greater(self, other)
    def __ge__(self, other): return _np.greater_equal(self, other)
    __hash__ = None

    # -- logic on masks (comparisons' results), recorded as NumPy's ufuncs
    def __invert__(self): return _np.invert(self)
    def __and__(self, other): return _np.bitwise_and(self, other)
    def __rand__(self, other): return _np.bitwise_and(other, self)
    def __or__(self, other): return _np.bitwise_or(self, other)
    def __ror__(self, other): return _np.bitwise_or(other, self)
    def __xor__(self, other): return _np.bitwise_xor(self, other)
    def __rxor__(self, other): return _np.bitwise_xor(other, self)

    def __repr__(self):
        return f"Staged({self.value!r})"

    def __str__(self):
        return str(self.value)

    def __format__(self, spec):
        return format(self.value, spec)

    # -- plain NumPy called on a staged value
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if kwargs.get("out") is not None or method == "at":
            raise self._trace.escape(f"numpy.{ufunc.__name__} writing into an array in place")
        fun = ufunc if method == "__call__" else getattr(ufunc, method)
        name = ufunc.__name__ if method == "__call__" else f"{ufunc.__name__}.{method}"
        return _split(self._trace, self._trace.call(fun, inputs, kwargs, name))

    def __array_function__(self, func, types, args, kwargs):
        if func in _STATIC:
            if func in _SHAPED:  # a shape that depends on values is a guard
                for s in _staged_in((args, kwargs)):
                    _ = s.shape
            return func(*concrete(args), **concrete(kwargs))
        return _split(self._trace, self._trace.call(func, args, kwargs, func.__name__))


def _split(staging, out):
    """NumPy's several results (``lstsq``, ``divmod``, ``nonzero``...) as NumPy returns them,
    a tuple (or list, or named tuple) of staged values, one indexing step each.

    One staged tuple would have no shape when its parts differ (``lstsq``'s), so
    unpacking it, or ``len()``, could not work.
    """
    value = out.value
    kind = type(value)
    if kind is not tuple and kind is not list and not (isinstance(value, tuple)
                                                       and hasattr(kind, "_fields")):
        return out
    items = [_split(staging, staging.call(_operator.getitem, (out, k), {}, "getitem"))
             for k in range(len(value))]
    return kind(*items) if hasattr(kind, "_fields") else kind(items)


