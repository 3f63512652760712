"""`minimize`: one entry point for wengert's optimizers and every `scipy.optimize.minimize` method.

The objective is written with `wengert.numpy`; its derivatives come from the
engine: one forward and one reverse pass per point gives both the value and the
gradient (SciPy asks for ``fun(x)`` and then ``jac(x)`` at the same point; the
second is answered from a cache), Hessian-vector products for Newton-CG,
trust-ncg, trust-krylov and trust-constr, and the Hessian for trust-exact and
dogleg. `x0` may be a pytree; SciPy sees it as one flat float64 vector.

Every run keeps a history and the best point seen, so that a NaN, a
KeyboardInterrupt, a spent budget or a callback's stop ends it with a result
rather than an exception.
"""

from __future__ import annotations

import collections
import math
import numbers
import time
import warnings

import numpy as np
import scipy.optimize

from . import optim
from .tracer import raw
from .transforms import hessian, hvp, value_and_grad
from .tree import flatten, unflatten

__all__ = ["minimize", "SCIPY_METHODS"]

#: The `scipy.optimize.minimize` methods, in SciPy's spelling (any case is accepted).
SCIPY_METHODS = ("Nelder-Mead", "Powell", "CG", "BFGS", "Newton-CG", "L-BFGS-B", "TNC",
                 "COBYLA", "COBYQA", "SLSQP", "trust-constr", "dogleg", "trust-ncg",
                 "trust-exact", "trust-krylov")
_CANONICAL = {m.lower(): m for m in SCIPY_METHODS}

# What each SciPy method uses and takes (from SciPy's documentation of minimize).
_DERIVATIVE_FREE = {"nelder-mead", "powell", "cobyla", "cobyqa"}
_USES_HESSP = {"newton-cg", "trust-ncg", "trust-krylov", "trust-constr"}
_USES_HESS = {"trust-exact", "dogleg"}
_TAKES_BOUNDS = {"nelder-mead", "powell", "l-bfgs-b", "tnc", "slsqp", "trust-constr", "cobyla",
                 "cobyqa"}
_TAKES_CONSTRAINTS = {"cobyla", "cobyqa", "slsqp", "trust-constr"}
_NATIVE_GTOL = {"cg", "bfgs", "l-bfgs-b", "tnc", "trust-constr", "dogleg", "trust-ncg",
                "trust-exact", "trust-krylov"}
_NO_NATIVE_MAXITER = {"tnc"}  # it counts function evaluations (maxfun) instead

#: Iterations over which `ftol` measures the relative decrease of the objective.
FTOL_WINDOW = 10
#: Iterates are kept in ``history["x"]`` when x has at most this many elements.
HISTORY_X_MAX = 1000
#: `maxiter` of wengert's optimizers when none is given.
DEFAULT_MAXITER = 1000
_CACHE_SIZE = 8

# Status codes of the endings minimize itself decides (SciPy's own are passed on).
CONVERGED, MAXITER, NONFINITE, TIME_BUDGET, INTERRUPTED, CALLBACK = 0, 1, 2, 3, 4, 99


class _Stop(BaseException):
    """Ends a run from inside the solver's calls to fun / jac / callback.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception``
    inside a solver swallows it on its way out to `minimize`.
    """

    def __init__(self, status, message, success=False):
        super().__init__(message)
        self.status, self.message, self.success = status, message, success


def _is_number_list(x):
    """A plain list or tuple of numbers: an array to SciPy users, not a pytree of scalars."""
    return (type(x) in (list, tuple) and len(x) > 0
            and all(isinstance(v, numbers.Real) and np.ndim(v) == 0 for v in x))


class _Flattened:
    """x0's pytree structure: converts between it and one flat float64 vector."""

    def __init__(self, x0):
        if _is_number_list(x0):
            x0 = np.asarray(x0, dtype=np.float64)  # SciPy's ``x0=[-1.2, 1.0]``
        leaves, self.structure = flatten(x0)
        if not leaves:
            raise ValueError("x0 has no elements to optimize")
        arrays = []
        for i, leaf in enumerate(leaves):
            arr = np.asarray(leaf)
            if arr.dtype.kind not in "fiub":
                raise TypeError(f"x0 leaf {i} has dtype {arr.dtype}; minimize needs real numbers")
            arrays.append(arr.astype(np.float64))
        self.shapes = [a.shape for a in arrays]
        self.sizes = [a.size for a in arrays]
        # Python and NumPy scalars come back as floats, arrays as arrays.
        self.scalar = [not isinstance(leaf, np.ndarray) and np.ndim(leaf) == 0 for leaf in leaves]
        self.single = self.structure.kind == "leaf"
        self.x0 = np.concatenate([a.reshape(-1) for a in arrays])
        if not np.all(np.isfinite(self.x0)):
            raise ValueError("x0 has non-finite entries (nan or inf); minimize needs a "
                             "finite start")

    def _split(self, x):
        out, start = [], 0
        for shape, size in zip(self.shapes, self.sizes):
            out.append(x[start:start + size].reshape(shape))
            start += size
        return out

    def tree(self, x):
        """The pytree to call `fun` with (views of `x`)."""
        if self.single:
            return x.reshape(self.shapes[0])
        return unflatten(self.structure, self._split(x))

    def output(self, x):
        """The pytree handed to the user: copies, floats for scalar leaves."""
        leaves = [float(a) if s else a.copy() for a, s in zip(self._split(x), self.scalar)]
        return leaves[0] if self.single else unflatten(self.structure, leaves)

    def flat(self, tree):
        """A gradient (or tangent) pytree shaped like x0, as one flat vector."""
        if self.single:
            return np.asarray(raw(tree), dtype=np.float64).reshape(-1)
        return np.concatenate([np.asarray(raw(g), dtype=np.float64).reshape(-1)
                               for g in flatten(tree)[0]])


def _as_scalar(out):
    """`fun`'s value as a float, refusing anything that is not a single number."""
    value = raw(out)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "fiub":
        return float(value.reshape(()))
    shape = f"an array of shape {np.shape(value)}" if isinstance(value, np.ndarray) \
        else f"a {type(value).__name__}"
    raise TypeError(f"minimize needs fun to return a scalar; it returned {shape}")


class _Run:
    """The bookkeeping of one minimization: evaluations, history, stopping tests, callback."""

    def __init__(self, fun, args, flat, *, needs_grad, maxiter, gtol, ftol, max_time, callback,
                 progress, label, check_maxiter, check_gtol, constrained):
        self.fun, self.args, self.flat = fun, args, flat
        self.needs_grad = needs_grad
        self.maxiter, self.gtol, self.ftol, self.max_time = maxiter, gtol, ftol, max_time
        self.callback = callback
        self.check_maxiter, self.check_gtol = check_maxiter, check_gtol
        self.constrained = constrained
        self.nfev = self.njev = self.nhev = self.nit = 0
        self.best = None          # the entry with the lowest finite f
        self.last = None          # an entry (f, g, x, |g|, nfev): the latest iterate
        self._start_entry = None  # the entry of x0
        self._x0_key = flat.x0.tobytes()
        self._cache = collections.OrderedDict()  # x.tobytes() -> (f, g, x, |g|, nfev)
        self._latest_key = self._latest = None
        names = ["fun", "grad_norm", "time", "step_size", "nfev"]
        self.keep_x = flat.x0.size <= HISTORY_X_MAX
        self.history = {k: [] for k in names + (["x"] if self.keep_x else [])}
        self._value_and_grad = value_and_grad(self._scalar_fun)
        self._hvp = None
        self.start = time.perf_counter()
        self.bar = None
        if progress:
            from tqdm.auto import tqdm
            self.bar = tqdm(total=maxiter, desc=label, unit="it")

    # -- evaluations --------------------------------------------------------------------

    def _scalar_fun(self, x_tree):
        out = self.fun(x_tree, *self.args)
        _as_scalar(out)  # a clear error for a non-scalar objective, before differentiating
        return out

    def evaluate(self, x):
        """``(f, g)`` at `x` (g is None for derivative-free methods), once per distinct point."""
        entry = self._entry(x)
        return entry[0], entry[1]

    def _entry(self, x):
        """The cache entry ``(f, g, x, |g|, nfev)`` of `x`, evaluating `x` if it is new."""
        key = x.tobytes()
        # SciPy mostly asks again about the point it asked last (jac after fun):
        # comparing bytes skips hashing them.
        entry = self._latest if key == self._latest_key else self._cache.get(key)
        if entry is not None:
            return entry
        self._check_time()
        # SciPy may reuse its x array in place: keep our own copy.
        x = np.array(x, dtype=np.float64)
        if self.needs_grad:
            value, g_tree = self._value_and_grad(self.flat.tree(x))
            g = self.flat.flat(g_tree)
            self.njev += 1
        else:
            value, g = self._scalar_fun(self.flat.tree(x)), None
        self.nfev += 1
        f = _as_scalar(value)
        # |g|^2 by one dot product: the history's grad_norm, and a NaN/inf test for free.
        g_norm = math.sqrt(float(np.dot(g, g))) if g is not None else math.nan
        entry = (f, g, x, g_norm, self.nfev)
        self._cache[key] = self._latest = entry
        self._latest_key = key
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        if key == self._x0_key and self._start_entry is None:
            self._start_entry = entry
        if not math.isfinite(f):
            raise _Stop(NONFINITE, f"the objective is {f} at evaluation {self.nfev}")
        if g is not None and not math.isfinite(g_norm) and not np.all(np.isfinite(g)):
            bad = "nan" if np.any(np.isnan(g)) else "inf"
            raise _Stop(NONFINITE, f"the gradient has {bad} entries at evaluation {self.nfev}")
        if self.best is None or f < self.best[0]:
            self.best = entry
        return entry

    def value(self, x):
        return self.evaluate(x)[0]

    def jac(self, x):
        return self.evaluate(x)[1].copy()

    def hessp(self, x, v):
        if self._hvp is None:
            self._hvp = hvp(self._scalar_fun)
        self._check_time()
        self.nhev += 1
        x = np.array(x, dtype=np.float64)
        v = np.asarray(v, dtype=np.float64)
        return self.flat.flat(self._hvp(self.flat.tree(x), self.flat.tree(v)))

    def hess(self, x):
        self._check_time()
        x = np.array(x, dtype=np.float64)
        n = x.size
        if self.flat.single:
            self.nhev += 1
            return np.asarray(raw(hessian(self._scalar_fun)(self.flat.tree(x)))).reshape(n, n)
        # A pytree: one Hessian-vector product per column.
        return np.column_stack([self.hessp(x, e) for e in np.eye(n)])

    def _check_time(self):
        if self.max_time is not None and time.perf_counter() - self.start > self.max_time:
            raise _Stop(TIME_BUDGET, f"the time budget of {self.max_time:g} s is spent")

    # -- iterations ---------------------------------------------------------------------

    def _record(self, entry):
        f, g, x, g_norm, nfev = entry
        h = self.history
        h["fun"].append(f)
        h["grad_norm"].append(g_norm)
        h["time"].append(time.perf_counter() - self.start)
        h["nfev"].append(nfev)
        x = x.copy()
        if self.keep_x:
            h["x"].append(x)  # step sizes are computed from these at the end
        else:
            h["step_size"].append(float(np.linalg.norm(x - self.last[2])) if self.last else 0.0)
        self.last = (f, g, x, g_norm, nfev)

    def begin(self, x=None):
        """Record the start point, `x` or else x0, as entry 0 of the history."""
        if self.history["fun"]:
            return
        if x is None and self._start_entry is not None:
            self._record(self._start_entry)  # x0 may have left the cache by now
            return
        self._record(self._entry(self.flat.x0 if x is None else x))

    def iteration(self, x, f=None):
        """One accepted iterate: record it, tell the callback, test the stopping rules."""
        self.begin()
        x = np.asarray(x, dtype=np.float64)
        if self.needs_grad or f is None or x.tobytes() in self._cache:
            entry = self._entry(x)
        else:  # a derivative-free method already knows f here; no need to evaluate again
            entry = (float(f), None, x, math.nan, self.nfev)
        f, g = entry[0], entry[1]
        self.nit += 1
        self._record(entry)
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(f=f, refresh=False)
        if self.callback is not None:
            info = scipy.optimize.OptimizeResult(
                x=self.flat.output(x), fun=f, nit=self.nit,
                jac=self.flat.output(g) if g is not None else None,
                grad_norm=entry[3])
            try:
                stop = self.callback(info)
            except StopIteration:
                raise _Stop(CALLBACK, "the callback raised StopIteration") from None
            if stop is True:
                raise _Stop(CALLBACK, "the callback returned True")
        self.converged(entry[3])
        if self.check_maxiter and self.nit >= self.maxiter:
            raise _Stop(MAXITER, f"the maximum number of iterations ({self.maxiter}) is reached")
        self._check_time()

    def converged(self, g_norm):
        """Raise a successful `_Stop` if the gradient or ftol test is met."""
        if self.check_gtol and g_norm <= self.gtol:
            raise _Stop(CONVERGED, f"converged: |gradient| <= gtol ({self.gtol:g})", True)
        f_hist = self.history["fun"]
        if self.ftol is not None and len(f_hist) > FTOL_WINDOW:
            old, new = f_hist[-1 - FTOL_WINDOW], f_hist[-1]
            if old - new <= self.ftol * max(abs(old), abs(new), 1.0):
                raise _Stop(CONVERGED, f"converged: relative decrease of f over the last "
                                       f"{FTOL_WINDOW} iterations <= ftol ({self.ftol:g})", True)

    # -- the result ---------------------------------------------------------------------

    def result(self, *, success, status, message, solver_result=None):
        """The OptimizeResult; a run that did not succeed returns the best point seen."""
        if solver_result is not None:
            x = np.asarray(solver_result.x, dtype=np.float64).reshape(-1)
            chosen = self._cache.get(x.tobytes())
            if chosen is None:  # SciPy's last x was not one we evaluated: take its numbers
                g = solver_result.get("jac") if self.needs_grad else None
                g = None if g is None else np.asarray(g, dtype=np.float64).reshape(-1)
                chosen = (float(solver_result.fun), g, x, math.nan, self.nfev)
        else:
            chosen = self.last
        if not success:
            # With constraints the lowest f seen may be infeasible: keep the last iterate.
            fallback = self.last if self.constrained else self.best
            if chosen is None or (fallback is not None and fallback[0] < chosen[0]):
                chosen = fallback
                if chosen is not None and chosen is self.best:
                    message += f"; returning the best point seen (f = {chosen[0]:.6g})"
        if chosen is None:  # not even x0 gave a finite value
            f0 = self._start_entry[0] if self._start_entry else math.nan
            chosen = (f0, None, self.flat.x0, math.nan, 0)
        f, g, x = chosen[:3]
        res = scipy.optimize.OptimizeResult()
        if solver_result is not None:
            res.update(solver_result)
        res.update(x=self.flat.output(x), fun=f,
                   jac=self.flat.output(g) if g is not None else None,
                   nit=solver_result.get("nit", self.nit) if solver_result is not None
                   else self.nit,
                   nfev=self.nfev, njev=self.njev, nhev=self.nhev,
                   success=bool(success), status=status, message=message,
                   history=self._history_arrays())
        return res

    def _history_arrays(self):
        history = {k: np.asarray(v, dtype=np.float64) for k, v in self.history.items()}
        history["nfev"] = history["nfev"].astype(np.int64)
        if self.keep_x:
            xs = history["x"].reshape(len(self.history["x"]), self.flat.x0.size)
            history["x"] = xs
            history["step_size"] = np.concatenate(
                [[0.0], np.linalg.norm(np.diff(xs, axis=0), axis=1)]) if len(xs) else xs[:, 0]
        return history

    def close(self):
        if self.bar is not None:
            self.bar.close()


def _bounds_arrays(bounds, n):
    """Lower and upper bound vectors from a `scipy.optimize.Bounds` or a sequence of pairs."""
    if isinstance(bounds, scipy.optimize.Bounds):
        lb, ub = bounds.lb, bounds.ub
    else:
        pairs = np.array([(-np.inf if lo is None else lo, np.inf if hi is None else hi)
                          for lo, hi in bounds], dtype=np.float64)
        lb, ub = pairs[:, 0], pairs[:, 1]
    lb, ub = np.broadcast_to(lb, (n,)).astype(float), np.broadcast_to(ub, (n,)).astype(float)
    if np.any(lb > ub):
        raise ValueError("bounds: some lower bounds exceed their upper bounds")
    return lb, ub


def _valid_methods():
    return ", ".join([repr(n) for n in optim.names()] + [repr(m) for m in SCIPY_METHODS])


def minimize(fun, x0, method="adam", args=(), *, maxiter=None, gtol=None, ftol=None,
             max_time=None, callback=None, bounds=None, constraints=(), options=None,
             progress=False, **hyperparameters):
    """Minimize a scalar function, with exact derivatives from the AD engine.

    Parameters
    ----------
    fun : callable
        ``fun(x, *args) -> float``, written with `wengert.numpy`.
    x0 : array_like or pytree
        Start point: an array, a float, or a nested dict / list / tuple of them.
        `res.x` comes back with the same structure. A flat list or tuple of
        numbers is taken as a 1-D array, as SciPy does.
    method : str or Optimizer, default "adam"
        An optimizer name of `wengert.optim` (``"sgd"``, ``"momentum"``,
        ``"nesterov"``, ``"adam"``, ``"adamw"``, ``"rmsprop"``, ``"adagrad"``), an
        optimizer instance, or a `scipy.optimize.minimize` method (``"L-BFGS-B"``,
        ``"BFGS"``, ``"Newton-CG"``, ``"trust-exact"``, ...; any case).
    args : tuple
        Extra positional arguments of `fun`.
    maxiter : int, optional
        Maximum number of iterations. Default: SciPy's for its methods, 1000
        for wengert's optimizers.
    gtol : float, optional
        Stop successfully when the gradient is this small: SciPy's own `gtol`
        test for the methods that have one (BFGS, CG, L-BFGS-B, TNC, trust-*),
        else ``|g| <= gtol`` (Euclidean norm) after an iteration. Not for
        derivative-free methods.
    ftol : float, optional
        Stop successfully when f has decreased by at most
        ``ftol * max(|f_old|, |f_new|, 1)`` over the last `FTOL_WINDOW` (10) iterations.
    max_time : float, optional
        Time budget in seconds; the run stops (unsuccessfully) once it is spent.
    callback : callable, optional
        ``callback(intermediate_result)`` after every iteration, for every method,
        with an `OptimizeResult` holding ``x`` (structured like `x0`), ``fun``,
        ``nit``, ``jac`` and ``grad_norm``. Raising `StopIteration` or returning
        True ends the run.
    bounds : sequence of (min, max) or scipy.optimize.Bounds, optional
        One pair per element of the flattened x0. Passed to the SciPy methods
        that take bounds; wengert's optimizers project each iterate onto them.
    constraints : dict or sequence of dict or Constraint, optional
        Passed to SciPy's COBYLA, COBYQA, SLSQP and trust-constr.
    options : dict, optional
        Method options: SciPy's solver options, or an optimizer's hyperparameters.
    progress : bool, default False
        Show a tqdm progress bar with the current objective.
    **hyperparameters
        An optimizer's hyperparameters (``lr=0.01``), or more SciPy solver options.

    Returns
    -------
    res : scipy.optimize.OptimizeResult
        ``x`` (structured like `x0`), ``fun``, ``jac`` (structured like `x0`),
        ``nit``, ``nfev`` (forward passes: one per distinct point), ``njev``,
        ``nhev``, ``success``, ``status``, ``message``, SciPy's extra fields for
        its methods, and ``history``: a dict of arrays with one entry per
        iterate (entry 0 is x0) -- ``fun``, ``grad_norm`` (Euclidean),
        ``time`` (seconds since the start), ``step_size`` (``|x_k - x_{k-1}|``),
        ``nfev`` (evaluations up to this point's) and, when x has at most 1000 elements,
        ``x`` (flattened iterates).

        A NaN or inf objective or gradient, a KeyboardInterrupt, a spent
        iteration or time budget, or a stop by the callback end the run with
        ``success=False``, a message saying which, and the best point seen so
        far (lowest f; the last iterate when there are constraints).

    Raises
    ------
    ValueError
        Before any work: an unknown method (the message lists the valid ones),
        options or hyperparameters the method does not take, a non-finite `x0`,
        bounds or constraints for a method that cannot use them.
    TypeError
        When `fun` returns something other than a scalar (at its first call).

    Examples
    --------
    >>> import wengert as wg
    >>> import wengert.numpy as wnp
    >>> def rosen(x):
    ...     return wnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)
    >>> res = wg.minimize(rosen, [-1.2, 1.0], method="L-BFGS-B")
    >>> res.success, res.x.round(4).tolist()
    (True, [1.0, 1.0])
    """
    options = dict(options or {})
    flat = _Flattened(x0)

    if isinstance(method, optim.Optimizer):
        if options or hyperparameters:
            raise ValueError("an optimizer instance already has its hyperparameters; pass "
                             "them to its constructor, not to minimize")
        return _minimize_optimizer(fun, flat, method, args, type(method).__name__, maxiter,
                                   gtol, ftol, max_time, callback, bounds, constraints, progress)
    if not isinstance(method, str):
        raise TypeError(f"method must be a name or a wengert.optim optimizer, got "
                        f"{type(method).__name__}")
    key = method.lower()
    if key in optim.names():
        opt = optim.get(key, **options, **hyperparameters)
        return _minimize_optimizer(fun, flat, opt, args, key, maxiter, gtol, ftol, max_time,
                                   callback, bounds, constraints, progress)
    if key not in _CANONICAL:
        raise ValueError(f"unknown method {method!r}; valid methods are: {_valid_methods()}")
    clash = sorted(set(options) & set(hyperparameters))
    if clash:
        raise ValueError(f"{', '.join(clash)} given both in options and as keywords")
    options.update(hyperparameters)
    return _minimize_scipy(fun, flat, key, args, maxiter, gtol, ftol, max_time, callback, bounds,
                           constraints, options, progress)


def _minimize_optimizer(fun, flat, opt, args, label, maxiter, gtol, ftol, max_time, callback,
                        bounds, constraints, progress):
    if constraints:
        raise ValueError("constraints need a SciPy method that takes them "
                         "(COBYLA, COBYQA, SLSQP, trust-constr)")
    lb = ub = None
    if bounds is not None:
        lb, ub = _bounds_arrays(bounds, flat.x0.size)
    maxiter = DEFAULT_MAXITER if maxiter is None else maxiter
    run = _Run(fun, args, flat, needs_grad=True, maxiter=maxiter, gtol=gtol, ftol=ftol,
               max_time=max_time, callback=callback, progress=progress, label=label,
               check_maxiter=True, check_gtol=gtol is not None, constrained=False)
    def iterate():
        x = flat.x0 if lb is None else np.clip(flat.x0, lb, ub)
        f, g = run.evaluate(x)
        run.begin(x)
        run.converged(run.last[3])
        if maxiter <= 0:
            raise _Stop(MAXITER, f"the maximum number of iterations ({maxiter}) is reached")
        state = opt.init(x)
        while True:  # ends by a _Stop: maxiter at the latest
            x, state = opt.step(x, g, state)
            if lb is not None:
                x = np.clip(x, lb, ub)
            f, g = run.evaluate(x)
            run.iteration(x)

    return _to_the_end(run, iterate)


def _to_the_end(run, body):
    """Run `body()`; every way a run can end (a stopping rule, a NaN, Ctrl-C) gives a result."""
    try:
        return body()
    except _Stop as stop:
        return run.result(success=stop.success, status=stop.status, message=stop.message)
    except KeyboardInterrupt:
        return run.result(success=False, status=INTERRUPTED, message="interrupted by the user "
                                                                      "(KeyboardInterrupt)")
    finally:
        run.close()


def _minimize_scipy(fun, flat, key, args, maxiter, gtol, ftol, max_time, callback, bounds,
                    constraints, options, progress):
    name = _CANONICAL[key]
    if bounds is not None and key not in _TAKES_BOUNDS:
        raise ValueError(f"{name} does not take bounds; methods that do: "
                         f"{', '.join(_CANONICAL[m] for m in sorted(_TAKES_BOUNDS))}")
    if constraints and key not in _TAKES_CONSTRAINTS:
        raise ValueError(f"{name} does not take constraints; methods that do: "
                         f"{', '.join(_CANONICAL[m] for m in sorted(_TAKES_CONSTRAINTS))}")
    if gtol is not None and key in _DERIVATIVE_FREE:
        raise ValueError(f"{name} does not use gradients, so gtol does not apply")
    for option, value in (("maxiter", maxiter), ("gtol", gtol)):
        if value is not None and option in options:
            raise ValueError(f"{option} given both as a keyword and in options")
    if maxiter is not None and key not in _NO_NATIVE_MAXITER:
        options["maxiter"] = maxiter
    if gtol is not None and key in _NATIVE_GTOL:
        options["gtol"] = gtol

    needs_grad = key not in _DERIVATIVE_FREE
    run = _Run(fun, args, flat, needs_grad=needs_grad,
               maxiter=maxiter if maxiter is not None else options.get("maxiter"),
               gtol=gtol, ftol=ftol, max_time=max_time, callback=callback, progress=progress,
               label=name, check_maxiter=maxiter is not None and key in _NO_NATIVE_MAXITER,
               check_gtol=gtol is not None and key not in _NATIVE_GTOL,
               constrained=bool(constraints))

    def on_iteration(intermediate_result):
        # TNC hands over x alone, the others an OptimizeResult with x and fun.
        if isinstance(intermediate_result, scipy.optimize.OptimizeResult):
            run.iteration(intermediate_result.x, intermediate_result.get("fun"))
        else:
            run.iteration(intermediate_result)

    kwargs = dict(method=name, callback=on_iteration, options=options)
    if needs_grad:
        kwargs["jac"] = run.jac
    if key in _USES_HESSP:
        kwargs["hessp"] = run.hessp
    if key in _USES_HESS:
        kwargs["hess"] = run.hess
    if bounds is not None:
        kwargs["bounds"] = bounds
    if constraints:
        kwargs["constraints"] = constraints
    def solve():
        with warnings.catch_warnings():
            # SciPy only warns about options a method does not take; make it an error,
            # raised at the start of the solver before fun is ever called.
            warnings.filterwarnings("error", message="Unknown solver options",
                                    category=scipy.optimize.OptimizeWarning)
            try:
                solved = scipy.optimize.minimize(run.value, flat.x0.copy(), **kwargs)
            except scipy.optimize.OptimizeWarning as w:
                raise ValueError(f"{name} does not take {str(w).split(': ', 1)[-1]} "
                                 f"(see scipy.optimize.show_options('minimize', {name!r}))"
                                 ) from None
        run.begin()
        return run.result(success=solved.success, status=solved.status,
                          message=str(solved.message), solver_result=solved)

    return _to_the_end(run, solve)
