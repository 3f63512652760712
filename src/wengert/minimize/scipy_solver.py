"""The SciPy path of `minimize`: one `scipy.optimize.minimize` call fed by the engine's derivatives.

The solver gets ``fun``, ``jac``, ``hessp`` or ``hess`` from `Evaluations`
(whichever the method uses, per the table in `methods`) and a callback that
hands each iterate to the `Run`, which may end the solve from inside.
"""

from __future__ import annotations

import dataclasses
import warnings

import scipy.optimize

from .methods import CANONICAL, DERIVATIVE_FREE, NATIVE_GTOL, NO_NATIVE_MAXITER, USES_HESS, \
    USES_HESSP, scipy_options
from .run import Run, to_the_end

__all__ = ["minimize_with_scipy"]


def minimize_with_scipy(fun, args, flat, key, options, settings):
    """Minimize `fun` from ``flat.x0`` with the SciPy method `key` (lower case).

    `options` are SciPy's solver options; `settings` is a `Settings`. Checks
    everything it can before the solver calls `fun` (ValueError).
    """
    name = CANONICAL[key]
    options = scipy_options(key, settings, options)
    maxiter, gtol = settings.maxiter, settings.gtol
    needs_grad = key not in DERIVATIVE_FREE
    if maxiter is None:  # the progress bar's total: SciPy's own maxiter option, if given
        settings = dataclasses.replace(settings, maxiter=options.get("maxiter"))
    run = Run(fun, args, flat, settings, needs_grad=needs_grad, label=name,
              check_maxiter=maxiter is not None and key in NO_NATIVE_MAXITER,
              check_gtol=gtol is not None and key not in NATIVE_GTOL)
    evaluations = run.evaluations

    def on_iteration(intermediate_result):
        # TNC hands over x alone, the others an OptimizeResult with x and fun.
        if isinstance(intermediate_result, scipy.optimize.OptimizeResult):
            run.iteration(intermediate_result.x, intermediate_result.get("fun"))
        else:
            run.iteration(intermediate_result)

    kwargs = dict(method=name, callback=on_iteration, options=options)
    if needs_grad:
        kwargs["jac"] = evaluations.jac
    if key in USES_HESSP:
        kwargs["hessp"] = evaluations.hessp
    if key in USES_HESS:
        kwargs["hess"] = evaluations.hess
    if settings.bounds is not None:
        kwargs["bounds"] = settings.bounds
    if settings.constraints:
        kwargs["constraints"] = settings.constraints

    def solve():
        with warnings.catch_warnings():
            # SciPy only warns about options a method does not take; make it an error,
            # raised at the start of the solver before fun is ever called.
            warnings.filterwarnings("error", message="Unknown solver options",
                                    category=scipy.optimize.OptimizeWarning)
            try:
                solved = scipy.optimize.minimize(evaluations.value, flat.x0.copy(), **kwargs)
            except scipy.optimize.OptimizeWarning as w:
                raise ValueError(f"{name} does not take {str(w).split(': ', 1)[-1]} "
                                 f"(see scipy.optimize.show_options('minimize', {name!r}))"
                                 ) from None
        run.begin()
        return run.result(success=solved.success, status=solved.status,
                          message=str(solved.message), solver_result=solved)

    return to_the_end(run, solve)
