"""``odeint`` with SciPy's signature, differentiable in the initial state, the times and the
arguments passed through `args` (see ``adjoint`` for how)."""

from __future__ import annotations

import numpy as _np
import scipy.integrate as _si

from ... import numpy as wnp
from ...extend import contains_tracer, raw, shape_of
from .adjoint import Layout, trajectory
from .solvers import OdeintSolver

__all__ = ["odeint", "split_args"]


def split_args(args):
    """The traced arguments (differentiated, packed) and a function merging them back with
    the plain ones (constants of the dynamics, passed as they are)."""
    args = tuple(args)
    traced = [k for k, a in enumerate(args) if contains_tracer(a)]
    for k in traced:
        if isinstance(args[k], (list, tuple, dict)):
            raise TypeError(f"args[{k}] is a {type(args[k]).__name__} holding traced values; pass "
                            f"each differentiated parameter as an array of its own in args.")

    def merge(values):
        merged = list(args)
        for k, v in zip(traced, values):
            merged[k] = v
        return merged

    return [args[k] for k in traced], merge


def odeint(func, y0, t, args=(), Dfun=None, col_deriv=0, full_output=0, ml=None, mu=None,
           rtol=None, atol=None, tcrit=None, h0=0.0, hmax=0.0, hmin=0.0, ixpr=0, mxstep=0,
           mxhnil=0, mxordn=12, mxords=5, printmessg=0, tfirst=False):
    """``scipy.integrate.odeint``: y at the times `t` for dy/dt = func(y, t, *args).

    Write `func` with ``wengert.numpy``. On plain values this is SciPy's odeint
    itself. When `y0`, `t` or an argument in `args` is traced, the solution is
    differentiable in each of them: reverse mode by the adjoint method (a
    backward solve of the adjoint system, not differentiation through the
    solver's steps), forward mode by sensitivities, both solved by LSODA with
    the same tolerances as the solution, so their error is of the order of
    `rtol` and `atol`.

    >>> import numpy, wengert as wg, wengert.numpy as wnp
    >>> decay = lambda y, t, k: -k * y
    >>> g = wg.grad(lambda k: odeint(decay, numpy.array([1.0]), numpy.array([0.0, 2.0]), args=(k,),
    ...                              rtol=1e-10, atol=1e-10)[-1, 0])(0.5)
    >>> round(float(g), 6)    # d/dk exp(-2k) = -2 exp(-1)
    -0.735759
    """
    options = dict(Dfun=Dfun, col_deriv=col_deriv, full_output=full_output, ml=ml, mu=mu, rtol=rtol,
                   atol=atol, tcrit=tcrit, h0=h0, hmax=hmax, hmin=hmin, ixpr=ixpr, mxstep=mxstep,
                   mxhnil=mxhnil, mxordn=mxordn, mxords=mxords, printmessg=printmessg)
    if not isinstance(args, tuple):
        args = (args,)
    if not contains_tracer((y0, t, args)):
        return _si.odeint(func, y0, t, args=args, tfirst=tfirst, **options)
    traced, merge = split_args(args)
    if Dfun is not None:
        plain = merge([raw(p) for p in traced])
        options["Dfun"] = (lambda y, s: Dfun(s, y, *plain)) if tfirst else (lambda y, s: Dfun(y, s, *plain))

    def rhs(y, s, *params):
        return func(s, y, *merge(params)) if tfirst else func(y, s, *merge(params))

    n = int(_np.prod(shape_of(y0)))
    if len(shape_of(t)) != 1:
        raise ValueError(f"odeint: t must be a 1-d sequence of times; got shape {shape_of(t)}")
    layout = Layout(n, shape_of(t)[0], [shape_of(p) for p in traced])
    solver = OdeintSolver(options)
    y = trajectory(layout.pack(y0, wnp.asarray(t), traced), rhs=rhs, solver=solver, layout=layout)
    return (y, solver.last) if full_output else y
