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

This module checks the arguments and dispatches; the work is done by:

- `methods`: SciPy's method table (what each method uses and takes) and its checks;
- `settings`: `Settings`, the keywords every method shares, as one object;
- `flatten`: x0's pytree <-> one flat float64 vector;
- `evaluation`: the counted, cached evaluations of f, gradient, hvp and Hessian;
- `history`: one row per iterate, ``res.history``;
- `endings`: the status codes and `Stop`, the ways minimize itself ends a run;
- `run`: stopping rules, callback, progress bar, and the one place where every
  ending becomes a result;
- `optimizer`: the loop for wengert's own optimizers;
- `scipy_solver`: the call to `scipy.optimize.minimize`.
"""

from __future__ import annotations

import numpy as _np

from .. import optim
from .endings import CALLBACK, CONVERGED, INTERRUPTED, MAXITER, NONFINITE, TIME_BUDGET
from .flatten import Flattened
from .history import HISTORY_X_MAX
from .methods import CANONICAL, DERIVATIVE_FREE, SCIPY_METHODS, valid_methods
from .optimizer import DEFAULT_MAXITER, minimize_with_optimizer
from .run import FTOL_WINDOW
from .scipy_solver import minimize_with_scipy
from .settings import Settings

__all__ = ["minimize", "Settings", "SCIPY_METHODS", "DERIVATIVE_FREE", "DEFAULT_MAXITER",
           "FTOL_WINDOW", "HISTORY_X_MAX", "CONVERGED", "MAXITER", "NONFINITE", "TIME_BUDGET",
           "INTERRUPTED", "CALLBACK"]


# Defined in the package itself, not a submodule, so that the package's doctests
# (``doctest.testmod(wengert.minimize)``) include its example.
def minimize(fun, x0, method="L-BFGS-B", args=(), *, maxiter=None, gtol=None, ftol=None,
             max_time=None, callback=None, bounds=None, constraints=(), options=None,
             progress=False, jit=True, **hyperparameters):
    """Minimize a scalar function, with exact derivatives from the AD engine.

    Parameters
    ----------
    fun : callable
        ``fun(x, *args) -> float``, written with `wengert.numpy`.
    x0 : array_like or pytree
        Start point: an array, a float, or a nested dict / list / tuple of them.
        `res.x` comes back with the same structure. A flat list or tuple of
        numbers is taken as a 1-D array, as SciPy does.
    method : str or Optimizer, default "L-BFGS-B"
        A `scipy.optimize.minimize` method (``"L-BFGS-B"``, ``"BFGS"``,
        ``"Newton-CG"``, ``"trust-exact"``, ...; any case), an optimizer name
        of `wengert.optim` (``"sgd"``, ``"momentum"``, ``"nesterov"``,
        ``"adam"``, ``"adamw"``, ``"rmsprop"``, ``"adagrad"``), or an optimizer
        instance. The default is the quasi-Newton method a SciPy user expects
        for a deterministic objective: on an ordinary smooth problem it
        converges in tens of iterations where a first-order method needs a
        tuned learning rate and thousands.
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
        ``nit``, ``jac``, ``grad_norm`` and the counts so far, ``nfev``, ``njev``
        and ``nhev`` (as in the result). Raising `StopIteration` or returning
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
    jit : bool, default True
        Compile the value and gradient (and the Hessian-vector products or the
        Hessian, for the methods that use them) with `wengert.jit`, once per
        run; later evaluations run the compiled NumPy program. An objective
        it cannot compile runs eagerly, with one `wengert.jit.EagerFallback`
        warning. ``jit=False`` runs the engine eagerly. Results are the same
        either way.
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
        Before any work, when `jit` is not a bool; when `fun` returns something
        other than a scalar (at its first call).

    Examples
    --------
    >>> import wengert as wg
    >>> import wengert.numpy as wnp
    >>> def rosen(x):
    ...     return wnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)
    >>> res = wg.minimize(rosen, [-1.2, 1.0])             # L-BFGS-B
    >>> res.success, res.x.round(4).tolist()
    (True, [1.0, 1.0])
    """
    # Check, then dispatch; the drivers, too, check their arguments before any work.
    if not isinstance(jit, (bool, _np.bool_)):
        raise TypeError(f"jit must be True or False; got {jit!r}")
    options = dict(options or {})
    flat = Flattened(x0)
    settings = Settings(maxiter=maxiter, gtol=gtol, ftol=ftol, max_time=max_time,
                        callback=callback, bounds=bounds, constraints=constraints,
                        progress=progress, jit=bool(jit))

    if isinstance(method, optim.Optimizer):
        if options or hyperparameters:
            raise ValueError("an optimizer instance already has its hyperparameters; pass "
                             "them to its constructor, not to minimize")
        return minimize_with_optimizer(fun, args, flat, method, type(method).__name__,
                                       settings)
    if not isinstance(method, str):
        raise TypeError(f"method must be a name or a wengert.optim optimizer, got "
                        f"{type(method).__name__}")
    key = method.lower()
    if key in optim.names():
        opt = optim.get(key, **options, **hyperparameters)
        return minimize_with_optimizer(fun, args, flat, opt, key, settings)
    if key not in CANONICAL:
        raise ValueError(f"unknown method {method!r}; valid methods are: {valid_methods()}")
    clash = sorted(set(options) & set(hyperparameters))
    if clash:
        raise ValueError(f"{', '.join(clash)} given both in options and as keywords")
    options.update(hyperparameters)
    return minimize_with_scipy(fun, args, flat, key, options, settings)
