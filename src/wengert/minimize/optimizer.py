"""The loop that runs one of wengert's own optimizers (`wengert.optim`) under `minimize`.

The optimizers take a step from a gradient and know nothing of stopping: the
loop evaluates each new point once, projects it onto the bounds, and leaves
every stopping rule (maxiter at the latest) to the `Run`.
"""

from __future__ import annotations

import dataclasses

import numpy as _np
import scipy.optimize

from .endings import MAXITER, Stop
from .run import Run, to_the_end

__all__ = ["minimize_with_optimizer", "DEFAULT_MAXITER"]

#: `maxiter` of wengert's optimizers when none is given.
DEFAULT_MAXITER = 1000


def _bounds_arrays(bounds, n):
    """Lower and upper bound vectors from a `scipy.optimize.Bounds` or a sequence of pairs."""
    if isinstance(bounds, scipy.optimize.Bounds):
        lb, ub = bounds.lb, bounds.ub
    else:
        pairs = _np.array([(-_np.inf if lo is None else lo, _np.inf if hi is None else hi)
                           for lo, hi in bounds], dtype=_np.float64)
        lb, ub = pairs[:, 0], pairs[:, 1]
    lb, ub = _np.broadcast_to(lb, (n,)).astype(float), _np.broadcast_to(ub, (n,)).astype(float)
    if _np.any(lb > ub):
        raise ValueError("bounds: some lower bounds exceed their upper bounds")
    return lb, ub


def minimize_with_optimizer(fun, args, flat, opt, label, settings):
    """Minimize `fun` from ``flat.x0`` with the `wengert.optim` optimizer `opt`.

    `label` names the run on the progress bar; `settings` is a `Settings`.
    """
    if settings.constraints:
        raise ValueError("constraints need a SciPy method that takes them "
                         "(COBYLA, COBYQA, SLSQP, trust-constr)")
    lb = ub = None
    if settings.bounds is not None:
        lb, ub = _bounds_arrays(settings.bounds, flat.x0.size)
    if settings.maxiter is None:
        settings = dataclasses.replace(settings, maxiter=DEFAULT_MAXITER)
    maxiter = settings.maxiter
    run = Run(fun, args, flat, settings, needs_grad=True, label=label, check_maxiter=True,
              check_gtol=settings.gtol is not None)
    evaluate = run.evaluations.evaluate

    def iterate():
        x = flat.x0 if lb is None else _np.clip(flat.x0, lb, ub)
        f, g = evaluate(x)
        run.begin(x)
        run.converged(run.history.last[3])
        if maxiter <= 0:
            raise Stop(MAXITER, f"the maximum number of iterations ({maxiter}) is reached")
        state = opt.init(x)
        while True:  # ends by a Stop: maxiter at the latest
            x, state = opt.step(x, g, state)
            if lb is not None:
                x = _np.clip(x, lb, ub)
            f, g = evaluate(x)
            run.iteration(x)

    return to_the_end(run, iterate)
