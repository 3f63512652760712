"""`Evaluations`: f, gradient, Hessian-vector products and Hessian at the points a solver asks for.

One forward and one reverse pass per distinct point gives both f and the
gradient; SciPy asks for ``fun(x)`` and then ``jac(x)`` at the same point, and
the second is answered from a small cache. This is the hot path of a run (a
long L-BFGS-B run makes thousands of calls): keep it free of extra work.
With ``jit=True`` each derivative the run uses is compiled by `wg.jit` once, on
its first call, and later calls run the compiled program; the objective's extra
`args` are arguments of the program, not constants baked into it, so the
program reads arrays among them afresh at every call, as the engine does.
Evaluating also keeps the best point seen and ends the run (`Stop`) at a
non-finite f or gradient and when the time budget is spent.
"""

from __future__ import annotations

import collections
import math
import numbers
import time
import warnings

import numpy as _np

from ..jit import EagerFallback
from ..jit import jit as _jit
from ..tracer import Tracer, raw
from ..transforms import hessian, hvp, value_and_grad
from .endings import NONFINITE, TIME_BUDGET, Stop

__all__ = ["Evaluations", "CACHE_SIZE"]

#: Distinct points whose f and gradient are kept.
CACHE_SIZE = 8


def _as_scalar(out):
    """`fun`'s value as a float, refusing anything that is not a single number."""
    value = raw(out)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, _np.ndarray) and value.size == 1 and value.dtype.kind in "fiub":
        return float(value.reshape(()))
    shape = f"an array of shape {_np.shape(value)}" if isinstance(value, _np.ndarray) \
        else f"a {type(value).__name__}"
    raise TypeError(f"minimize needs fun to return a scalar; it returned {shape}")


def _scalar(fun):
    """`fun`, refusing a non-scalar value at its first call, before it is differentiated."""
    def scalar_fun(x, *args):
        out = fun(x, *args)
        value = out
        while isinstance(value, Tracer):  # every level, wg.jit's staged values included
            value = value.value
        _as_scalar(value)
        return out

    # The name wg.jit's programs and warnings show.
    scalar_fun.__name__ = getattr(fun, "__name__", type(fun).__name__)
    return scalar_fun


class Evaluations:
    """The calls of one run to `fun` and its derivatives, counted and cached.

    An entry is a tuple ``(f, g, x, |g|, nfev)``: g is None for derivative-free
    methods, nfev the evaluation count when x was evaluated.
    """

    def __init__(self, fun, args, flat, *, needs_grad, max_time, jit=True):
        self.fun, self.args, self.flat = fun, tuple(args), flat
        self.needs_grad = needs_grad
        self.max_time = max_time
        self.jit = jit
        self.nfev = self.njev = self.nhev = 0
        self.best = None          # the entry with the lowest finite f
        self.start_entry = None   # the entry of x0
        self._x0_key = flat.x0.tobytes()
        self.cache = collections.OrderedDict()  # x.tobytes() -> entry
        self._latest_key = self._latest = None
        self._compiled = []       # this run's wg.jit functions
        self._warned = False      # one EagerFallback warning a run, whichever function gives it
        self._scalar_fun = _scalar(fun)
        # ``(x_tree, *args) -> (f, g_tree)``, or f alone for derivative-free methods.
        self._evaluate = self._derivative(value_and_grad(self._scalar_fun) if needs_grad
                                          else self._scalar_fun)
        self._hvp = self._hessian = None
        self.start = time.perf_counter()

    def _derivative(self, fun):
        """`fun` compiled by wg.jit (``jit=True``), else `fun` itself.

        A compiled program that raises where `fun` does not (a wg.jit bug) is
        not trusted again: the run goes on with `fun`, so that jit=True gives
        jit=False's results, under the run's one EagerFallback warning.
        """
        if not self.jit:
            return fun
        compiled = use = _jit(fun)
        compiled.warned = self._warned
        self._compiled.append(compiled)

        def guarded(*args):
            nonlocal use
            try:
                out = use(*args)
            except Exception as error:
                if use is fun:
                    raise
                out = fun(*args)  # the engine's answer, or its own error
                use = fun
                if not self._warned:
                    warnings.warn(f"wg.jit({compiled.__name__}): the compiled program raised "
                                  f"{type(error).__name__}: {error}, where the engine does not; "
                                  "this run goes on eagerly (same results, without the "
                                  "speed-up). This is a wg.jit bug: please report it.",
                                  EagerFallback, stacklevel=2)
                self._silence()
                return out
            if compiled.warned and not self._warned:  # it has just warned that it runs eagerly
                self._silence()
            return out

        return guarded

    def _silence(self):
        """The run has given its EagerFallback warning: none of its functions gives another."""
        self._warned = True
        for c in self._compiled:
            c.warned = True

    def evaluate(self, x):
        """``(f, g)`` at `x` (g is None for derivative-free methods), once per distinct point."""
        entry = self.entry(x)
        return entry[0], entry[1]

    def entry(self, x):
        """The cache entry ``(f, g, x, |g|, nfev)`` of `x`, evaluating `x` if it is new."""
        key = x.tobytes()
        # SciPy mostly asks again about the point it asked last (jac after fun):
        # comparing bytes skips hashing them.
        entry = self._latest if key == self._latest_key else self.cache.get(key)
        if entry is not None:
            return entry
        self.check_time()
        # SciPy may reuse its x array in place: keep our own copy.
        x = _np.array(x, dtype=_np.float64)
        if self.needs_grad:
            value, g_tree = self._evaluate(self.flat.tree(x), *self.args)
            g = self.flat.flat(g_tree)
            self.njev += 1
        else:
            value, g = self._evaluate(self.flat.tree(x), *self.args), None
        self.nfev += 1
        f = _as_scalar(value)
        # |g|^2 by one dot product: the history's grad_norm, and a NaN/inf test for free.
        g_norm = math.sqrt(float(_np.dot(g, g))) if g is not None else math.nan
        entry = (f, g, x, g_norm, self.nfev)
        self.cache[key] = self._latest = entry
        self._latest_key = key
        if len(self.cache) > CACHE_SIZE:
            self.cache.popitem(last=False)
        if key == self._x0_key and self.start_entry is None:
            self.start_entry = entry
        if not math.isfinite(f):
            raise Stop(NONFINITE, f"the objective is {f} at evaluation {self.nfev}")
        if g is not None and not math.isfinite(g_norm) and not _np.all(_np.isfinite(g)):
            bad = "nan" if _np.any(_np.isnan(g)) else "inf"
            raise Stop(NONFINITE, f"the gradient has {bad} entries at evaluation {self.nfev}")
        if self.best is None or f < self.best[0]:
            self.best = entry
        return entry

    def value(self, x):
        """f at `x`: SciPy's ``fun``."""
        return self.entry(x)[0]

    def jac(self, x):
        """The gradient at `x` (a copy: SciPy may change it in place): SciPy's ``jac``."""
        return self.entry(x)[1].copy()

    def hessp(self, x, v):
        """The Hessian at `x` times `v`: SciPy's ``hessp``."""
        if self._hvp is None:
            self._hvp = self._derivative(hvp(self._scalar_fun))
        self.check_time()
        self.nhev += 1
        x = _np.array(x, dtype=_np.float64)
        v = _np.asarray(v, dtype=_np.float64)
        return self.flat.flat(self._hvp(self.flat.tree(x), self.flat.tree(v), *self.args))

    def hess(self, x):
        """The Hessian at `x` as an n x n array: SciPy's ``hess``."""
        self.check_time()
        x = _np.array(x, dtype=_np.float64)
        n = x.size
        if self.flat.single:
            if self._hessian is None:
                self._hessian = self._derivative(hessian(self._scalar_fun))
            self.nhev += 1
            return _np.asarray(raw(self._hessian(self.flat.tree(x), *self.args))).reshape(n, n)
        # A pytree: one Hessian-vector product per column.
        return _np.column_stack([self.hessp(x, e) for e in _np.eye(n)])

    def check_time(self):
        """End the run (`Stop`) once the time budget is spent."""
        if self.max_time is not None and time.perf_counter() - self.start > self.max_time:
            raise Stop(TIME_BUDGET, f"the time budget of {self.max_time:g} s is spent")
