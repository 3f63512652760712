"""`Run` and `to_the_end`: one run from its iterates to its result, whichever way it ends.

After every accepted iterate a `Run` records it, shows it on the progress bar,
tells the callback and tests the stopping rules (each ends the run with a
`Stop`). `to_the_end` is the one place where every ending -- a stopping rule,
a NaN or inf, a spent budget, the callback's stop, Ctrl-C, or the solver's own
return -- becomes an `OptimizeResult` (`Run.result`); a run that did not succeed
returns the best point seen.
"""

from __future__ import annotations

import math

import numpy as _np
import scipy.optimize
from tqdm.auto import tqdm

from .endings import CALLBACK, CONVERGED, INTERRUPTED, MAXITER, Stop
from .evaluation import Evaluations
from .history import History

__all__ = ["Run", "to_the_end", "FTOL_WINDOW"]

#: Iterations over which `ftol` measures the relative decrease of the objective.
FTOL_WINDOW = 10


class Run:
    """The bookkeeping of one minimization: evaluations, history, stopping tests, callback.

    `settings` is a `Settings` whose `maxiter` is the budget to show and (with
    `check_maxiter`) to enforce; `check_gtol` says whether minimize tests
    ``|g| <= gtol`` itself (when the solver has no such test of its own).
    """

    def __init__(self, fun, args, flat, settings, *, needs_grad, label, check_maxiter,
                 check_gtol):
        self.flat = flat
        self.needs_grad = needs_grad
        self.evaluations = Evaluations(fun, args, flat, needs_grad=needs_grad,
                                       max_time=settings.max_time, jit=settings.jit)
        self.history = History(flat.x0.size, self.evaluations.start)
        # Read once here: the tests after every iteration use plain attributes.
        self.maxiter, self.gtol, self.ftol = settings.maxiter, settings.gtol, settings.ftol
        self.callback = settings.callback
        self.check_maxiter, self.check_gtol = check_maxiter, check_gtol
        # With constraints the lowest f seen may be infeasible (see `result`).
        self.constrained = bool(settings.constraints)
        self.nit = 0
        self.bar = None
        if settings.progress:
            self.bar = tqdm(total=settings.maxiter, desc=label, unit="it")

    # -- iterations ---------------------------------------------------------------------

    def begin(self, x=None):
        """Record the start point, `x` or else x0, as entry 0 of the history."""
        if self.history.fun:
            return
        start_entry = self.evaluations.start_entry
        if x is None and start_entry is not None:
            self.history.record(start_entry)  # x0 may have left the cache by now
            return
        self.history.record(self.evaluations.entry(self.flat.x0 if x is None else x))

    def iteration(self, x, f=None):
        """One accepted iterate: record it, tell the callback, test the stopping rules."""
        self.begin()
        evaluations = self.evaluations
        x = _np.asarray(x, dtype=_np.float64)
        if self.needs_grad or f is None or x.tobytes() in evaluations.cache:
            entry = evaluations.entry(x)
        else:  # a derivative-free method already knows f here; no need to evaluate again
            entry = (float(f), None, x, math.nan, evaluations.nfev)
        f, g = entry[0], entry[1]
        self.nit += 1
        self.history.record(entry)
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(f=f, refresh=False)
        if self.callback is not None:
            info = scipy.optimize.OptimizeResult(
                x=self.flat.output(x), fun=f, nit=self.nit,
                jac=self.flat.output(g) if g is not None else None,
                grad_norm=entry[3], nfev=evaluations.nfev, njev=evaluations.njev,
                nhev=evaluations.nhev)
            try:
                stop = self.callback(info)
            except StopIteration:
                raise Stop(CALLBACK, "the callback raised StopIteration") from None
            if stop is True:
                raise Stop(CALLBACK, "the callback returned True")
        self.converged(entry[3])
        if self.check_maxiter and self.nit >= self.maxiter:
            raise Stop(MAXITER, f"the maximum number of iterations ({self.maxiter}) is reached")
        evaluations.check_time()

    def converged(self, g_norm):
        """Raise a successful `Stop` if the gradient or ftol test is met."""
        if self.check_gtol and g_norm <= self.gtol:
            raise Stop(CONVERGED, f"converged: |gradient| <= gtol ({self.gtol:g})", True)
        f_hist = self.history.fun
        if self.ftol is not None and len(f_hist) > FTOL_WINDOW:
            old, new = f_hist[-1 - FTOL_WINDOW], f_hist[-1]
            if old - new <= self.ftol * max(abs(old), abs(new), 1.0):
                raise Stop(CONVERGED, f"converged: relative decrease of f over the last "
                                      f"{FTOL_WINDOW} iterations <= ftol ({self.ftol:g})", True)

    # -- the result ---------------------------------------------------------------------

    def result(self, *, success, status, message, solver_result=None):
        """The OptimizeResult; a run that did not succeed returns the best point seen."""
        evaluations, last = self.evaluations, self.history.last
        if solver_result is not None:
            x = _np.asarray(solver_result.x, dtype=_np.float64).reshape(-1)
            chosen = evaluations.cache.get(x.tobytes())
            if chosen is None:  # SciPy's last x was not one we evaluated: take its numbers
                g = solver_result.get("jac") if self.needs_grad else None
                g = None if g is None else _np.asarray(g, dtype=_np.float64).reshape(-1)
                chosen = (float(solver_result.fun), g, x, math.nan, evaluations.nfev)
        else:
            chosen = last
        if not success:
            # With constraints the lowest f seen may be infeasible: keep the last iterate.
            fallback = last if self.constrained else evaluations.best
            if chosen is None or (fallback is not None and fallback[0] < chosen[0]):
                chosen = fallback
                if chosen is not None and chosen is evaluations.best:
                    message += f"; returning the best point seen (f = {chosen[0]:.6g})"
        if chosen is None:  # not even x0 gave a finite value
            start_entry = evaluations.start_entry
            f0 = start_entry[0] if start_entry else math.nan
            chosen = (f0, None, self.flat.x0, math.nan, 0)
        f, g, x = chosen[:3]
        res = scipy.optimize.OptimizeResult()
        if solver_result is not None:
            res.update(solver_result)
        res.update(x=self.flat.output(x), fun=f,
                   jac=self.flat.output(g) if g is not None else None,
                   nit=solver_result.get("nit", self.nit) if solver_result is not None
                   else self.nit,
                   nfev=evaluations.nfev, njev=evaluations.njev, nhev=evaluations.nhev,
                   success=bool(success), status=status, message=message,
                   history=self.history.arrays())
        return res

    def close(self):
        if self.bar is not None:
            self.bar.close()


def to_the_end(run, body):
    """Run `body()`; every way a run can end (a stopping rule, a NaN, Ctrl-C) gives a result.

    `body` returns the result of a run that ends by itself (the SciPy solver's
    return); every other ending arrives here as a `Stop` or a KeyboardInterrupt.
    """
    try:
        return body()
    except Stop as stop:
        return run.result(success=stop.success, status=stop.status, message=stop.message)
    except KeyboardInterrupt:
        return run.result(success=False, status=INTERRUPTED, message="interrupted by the user "
                                                                     "(KeyboardInterrupt)")
    finally:
        run.close()
