"""How NumPy functions become primitives, and the one-line rule helpers used by every table."""

from __future__ import annotations

import dis

import numpy as _np

from ..tracer import Tracer, primitive, raw
from ._broadcasting import broadcast_raw, unbroadcast

__all__ = ["wrap", "elementwise", "linear", "multilinear", "nondiff", "uncovered", "contains_tracer",
           "contains_traced", "raw_array", "is_complex"]


def wrap(fun, name=None, plain=None):
    """A NumPy function as a primitive named like NumPy's.

    `plain`, when given, serves calls without traced arguments (NumPy's exact
    semantics), while `fun` computes values inside a trace.
    """
    prim = primitive(fun, plain)
    if name:
        prim.__name__ = prim.__qualname__ = name
    return prim


def elementwise(fun, *partials, name=None, plain=None):
    """An elementwise primitive given its partial derivatives ``d(ans, *args)``.

    Reverse mode multiplies the output cotangent by each partial (the sweep then
    sums it back over broadcast axes); forward mode multiplies the tangent.
    """
    prim = wrap(fun, name, plain)
    prim.unbroadcast = unbroadcast
    prim.reads = {}
    for i, d in enumerate(partials):
        if d is not None:
            prim.vjps[i] = _times_partial(d)
            prim.jvps[i] = _times_partial(d)
            prim.reads[i] = reads(d)
    return prim


def reads(fun):
    """Positions of the parameters `fun` reads (0: ans, i + 1: argument i).

    Read off the bytecode, so that the tape keeps only values a rule will use;
    anything it cannot rule out counts as read.
    """
    code = fun.__code__
    names = code.co_varnames[:code.co_argcount]
    loaded = set(code.co_cellvars)
    for ins in dis.get_instructions(code):
        if ins.opname.startswith(("LOAD_FAST", "LOAD_DEREF", "LOAD_CLOSURE")):
            loaded.update(ins.argval if isinstance(ins.argval, tuple) else (ins.argval,))
    return frozenset(k for k, name in enumerate(names) if name in loaded)


_LARGE = 1024  # arrays above this size are worth a check that saves a pass over memory


def _times_partial(d):
    def rule(g, ans, *args, **kwargs):
        if type(g) is _np.ndarray and g.size > _LARGE and not any(g.strides):
            # g is one large broadcast number (sum's cotangent): scale the partial by it
            g0 = g.flat[0]
            partial = d(ans, *args)
            if type(partial) is not _np.ndarray or partial.ndim == 0:
                return broadcast_raw(g0 * partial, g.shape)  # still one number, O(1) memory
            return partial * g0
        return g * d(ans, *args)
    return rule


def linear(prim, vjp, argnum=0, *, broadcasts=False):
    """Mark `prim` linear in its one differentiable argument `argnum` (the others are
    constants such as an axis): its JVP is `prim` applied to the tangent.

    Rules of linear primitives use only shapes, so the tape keeps no values for them.
    """
    prim.linear = True
    prim.unbroadcast = unbroadcast if broadcasts else None
    prim.vjps[argnum] = vjp

    def jvp(t, ans, *args, **kwargs):
        args = list(args)
        args[argnum] = t
        return prim(*args, **kwargs)

    prim.jvps[argnum] = jvp
    return prim


def multilinear(fun, vjps, jvps, name=None, broadcasts=True, plain=None):
    """A primitive linear in each argument separately (add, where...), given all its rules."""
    prim = wrap(fun, name, plain)
    prim.linear = True
    prim.unbroadcast = unbroadcast if broadcasts else None
    for i, (v, j) in enumerate(zip(vjps, jvps)):
        if v is not None:
            prim.vjps[i] = v
            prim.jvps[i] = j
    return prim


class RulesAfterFirst(dict):
    """The rules of a primitive taking any number of arrays after one constant
    (concatenate's axis, einsum's subscripts): ``make(k)`` builds argument k's rule
    on first use."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def get(self, k, default=None):
        """The rule of argument `k` (argument 0, the constant, has none)."""
        if k == 0:
            return default
        if k not in self:
            self[k] = self.make(k)
        return self[k]


def contains_tracer(x):
    """True when `x`, or anything in the lists, tuples and dicts it holds, is traced."""
    if isinstance(x, Tracer):
        return True
    if isinstance(x, (list, tuple)):
        return any(contains_tracer(v) for v in x)
    if isinstance(x, dict):
        return any(contains_tracer(v) for v in x.values())
    return False


def contains_traced(x):
    """True when `x`, or anything it holds, is traced by a differentiation.

    Unlike `contains_tracer`, a value `wg.jit` stages does not count: it has no
    derivative to lose, so a check that refuses traced values lets it through.
    """
    if isinstance(x, Tracer):
        return x._trace.level > 0
    if isinstance(x, (list, tuple)):
        return any(contains_traced(v) for v in x)
    if isinstance(x, dict):
        return any(contains_traced(v) for v in x.values())
    return False


def raw_array(x, dtype=None):
    """``numpy.asarray(raw(x), dtype)``, for the masks and constants a rule computes.

    A value `wg.jit` stages stays one: NumPy's ``like=`` hands the conversion to
    it, so it is recorded as a step instead of ending the recording.
    """
    x = raw(x)
    if isinstance(x, Tracer):
        return _np.asarray(x, dtype, like=x)
    return _np.asarray(x, dtype)


def is_complex(x):
    """True when the value of `x` (traced or not) has a complex dtype: the test a rule makes
    before taking a conjugate or a real part, which real values do not need."""
    return _np.iscomplexobj(raw(x))


def _strip(x):
    if isinstance(x, (list, tuple)) and contains_tracer(x):
        return type(x)(_strip(v) for v in x)
    return raw(x)


def nondiff(fun, name=None):
    """A function whose result carries no derivative (argmax, shape, comparisons...).

    Traced arguments are replaced by their values, so the result is a plain array.
    """
    def f(*args, **kwargs):
        return fun(*map(_strip, args), **{k: _strip(v) for k, v in kwargs.items()})

    f.__name__ = f.__qualname__ = name or getattr(fun, "__name__", "f")
    f.__doc__ = getattr(fun, "__doc__", None)
    f.__wrapped__ = fun
    return f


# Uncovered functions with a covered close relative: what to write instead
RELATIVES = {
    "numpy.linalg.tensorsolve": "np.linalg.solve on the arrays reshaped to a matrix and a vector",
    "numpy.linalg.tensorinv": "np.linalg.inv of the array reshaped to a square matrix",
    "numpy.nanmedian": "np.median of x[~np.isnan(x)] (or np.nanquantile's covered relative, np.quantile)",
    "numpy.nanquantile": "np.quantile of x[~np.isnan(x)]",
    "numpy.nanpercentile": "np.percentile of x[~np.isnan(x)]",
    "numpy.float_power": "np.power on float64 values",
    "numpy.fmod": "x - np.trunc(x / y) * y (np.remainder is covered too, with Python's sign rule)",
    "numpy.cov": "the covariance written out: d = x - x.mean(axis=1, keepdims=True); d @ d.T / (n - 1)",
    "numpy.corrcoef": "the covariance written out, divided by np.sqrt of its diagonal's outer product",
    "numpy.block": "np.concatenate of np.concatenate's, one per block row",
    "numpy.delete": "indexing with the indices kept, x[np.setdiff1d(np.arange(len(x)), drop)]",
    "numpy.insert": "np.concatenate of the pieces before and after the insertion",
    "numpy.compress": "boolean indexing, x[condition]",
    "numpy.extract": "boolean indexing, x[condition]",
    "numpy.choose": "np.select, or np.take_along_axis",
    "numpy.piecewise": "np.select with one choice per piece",
    "numpy.apply_along_axis": "the function written on the whole array, or np.stack of a loop",
    "numpy.resize": "np.tile and slicing",
    "numpy.copysign": "np.abs(x) * np.sign(y)",
}


def uncovered(fun, qualname, hint=None):
    """`fun` as it is on plain values, refused with a clear error on traced ones.

    `hint` is what the error says to do instead; by default, the covered close
    relative of a NumPy function (`RELATIVES`), or how to write it.
    """
    if hint is None:
        relative = RELATIVES.get(qualname)
        hint = (f"Its close relative is covered: write {relative}." if relative else
                "Write it with the functions wengert.numpy covers (see wengert.numpy.__all__),"
                " or make it a primitive with wengert.primitive and give its rule with"
                " wengert.defvjp / defjvp.")

    def f(*args, **kwargs):
        if contains_traced(args) or contains_traced(kwargs):  # wg.jit's staged values record it
            raise TypeError(f"{qualname} is not differentiable in wengert (it was called on a "
                            f"traced value). {hint}")
        return fun(*args, **kwargs)

    f.__name__ = f.__qualname__ = getattr(fun, "__name__", qualname)
    f.__doc__ = getattr(fun, "__doc__", None)
    f.__wrapped__ = fun
    return f


def balanced_eq(x, z, y):
    """1 where x is the winner z, 1/2 where x and y tie: the subgradient of max/min."""
    x, z, y = raw(x), raw(z), raw(y)
    return _np.where(x == z, _np.where(y == z, 0.5, 1.0), 0.0)
