"""``solve_ivp`` for every SciPy method, differentiable in y0, the times and `args`.

The solution is reported at `t_eval` (or, without it, at the solver's own
steps, whose interior times are then constants) and differentiated as
``odeint``'s is: adjoint in reverse mode, sensitivities in forward mode, each
solved by the same method with the same tolerances.
"""

from __future__ import annotations

import numpy as _np
import scipy.integrate as _si

from ... import numpy as wnp
from ...extend import contains_tracer, raw, shape_of
from .adjoint import Layout, trajectory
from .odeint import split_args
from .solvers import IvpSolver

__all__ = ["solve_ivp"]


def solve_ivp(fun, t_span, y0, method="RK45", t_eval=None, dense_output=False, events=None,
              vectorized=False, args=None, **options):
    """``scipy.integrate.solve_ivp``: dy/dt = fun(t, y, *args) from y0 at t_span[0].

    On plain values this is SciPy's. When y0, t_span, t_eval or an argument in
    `args` is traced, ``result.y`` (shape (n, len(t))) is differentiable in
    each; ``result.t`` holds the times. A dense output and events are not
    differentiable and are refused on traced values.
    """
    args = () if args is None else (args if isinstance(args, tuple) else (args,))
    if not contains_tracer((t_span, y0, t_eval, args)):
        return _si.solve_ivp(fun, t_span, y0, method=method, t_eval=t_eval, dense_output=dense_output,
                             events=events, vectorized=vectorized, args=args or None, **options)
    if dense_output or events is not None:
        raise TypeError("solve_ivp with traced values: dense_output and events are not "
                        "differentiable in wengert; ask for the solution at t_eval instead.")
    t0, t1 = t_span
    traced, merge = split_args(args)
    plain = merge([raw(p) for p in traced])
    if "jac" in options and callable(options["jac"]):
        jac = options["jac"]
        options["jac"] = lambda s, y: jac(s, y, *plain)
    if t_eval is None:   # the solver's own steps: interior times are constants, the ends are t_span
        steps = _si.solve_ivp(fun, (raw(t0), raw(t1)), raw(y0), method=method, args=tuple(plain) or None,
                              **options).t
        times = wnp.concatenate([wnp.reshape(t0, (1,)), steps[1:-1], wnp.reshape(t1, (1,))])
    else:
        times = wnp.asarray(t_eval)
        if len(shape_of(times)) != 1:
            raise ValueError(f"solve_ivp: t_eval must be 1-d; got shape {shape_of(times)}")
    grid = wnp.concatenate([wnp.reshape(t0, (1,)), wnp.reshape(times, (-1,))])

    def rhs(y, s, *params):
        return fun(s, y, *merge(params))

    n = int(_np.prod(shape_of(y0)))
    layout = Layout(n, shape_of(grid)[0], [shape_of(p) for p in traced])
    solver = IvpSolver(method, options, t_end=float(raw(t1)))
    ys = trajectory(layout.pack(y0, grid, traced), rhs=rhs, solver=solver, layout=layout)[1:]
    last = solver.last
    return _si._ivp.ivp.OdeResult(t=times, y=wnp.swapaxes(ys, 0, 1), sol=None, t_events=None,
                                  y_events=None, nfev=last.nfev, njev=last.njev, nlu=last.nlu,
                                  status=last.status, message=last.message, success=last.success)
