"""An ODE solution as one primitive: its VJP by the adjoint method, its JVP by forward
sensitivities, each a further ODE solve by the same primitive (so both differentiate again).

Everything the solution depends on travels packed in one vector: the initial
state y0 (n numbers), the T output times, and the traced arguments of the
dynamics. One backward solve then gives every cotangent at once.

Reverse mode (the adjoint method, as in Chen et al. 2018 and JAX's odeint):
from the last output time back to the first, solve the augmented system

    dy/dt = f(y, t, p),   da/dt = -(df/dy)^T a,   da_p/dt = -(df/dp)^T a

one interval at a time, starting each interval from the forward solution and
adding that time's output cotangent to a. Then y0's cotangent is a(t0), the
parameters' is a_p(t0), an output time t_i's is g_i . f(y_i, t_i), and the
first time's is -a(t0) . f(y0, t0). The solver's steps are never
differentiated: the backward solve has the forward solve's tolerances.

Forward mode (sensitivities): s = dy along the input tangent obeys
ds/dt = (df/dy) s + (df/dp) dp from s(t0) = dy0 - f(y0, t0) dt0; the output
tangent at t_i is s(t_i) + f(y_i, t_i) dt_i.

The vector-Jacobian and Jacobian-vector products of f inside the augmented
dynamics come from ``wengert.transforms`` applied to the user's function.
"""

from __future__ import annotations

import numpy as _np

from ... import numpy as wnp
from ...extend import raw, wrap
from ...transforms import jvp, vjp

__all__ = ["Layout", "trajectory"]


class Layout:
    """Where y0, the times and each traced parameter sit in the packed vector."""

    def __init__(self, n, n_times, shapes):
        self.n, self.n_times, self.shapes = n, n_times, [tuple(s) for s in shapes]
        self.sizes = [int(_np.prod(s)) for s in self.shapes]

    def pack(self, y0, ts, params):
        """One vector holding y0, the times and the parameters (differentiable)."""
        parts = [wnp.reshape(y0, (-1,)), wnp.reshape(ts, (-1,))] + [wnp.reshape(p, (-1,)) for p in params]
        return wnp.concatenate(parts)

    def unpack(self, packed):
        """``(y0, ts, params)``, each parameter in its own shape."""
        n, t = self.n, self.n_times
        params, start = [], n + t
        for shape, size in zip(self.shapes, self.sizes):
            params.append(wnp.reshape(packed[start:start + size], shape))
            start += size
        return packed[:n], packed[n:n + t], params


def _vec(x):
    """The dynamics' value as a flat float vector (it may be a list of traced numbers)."""
    return wnp.reshape(wnp.asarray(x), (-1,))


def _plain_rhs(rhs, params):
    def f(y, t):
        return _np.asarray(rhs(y, t, *params), dtype=float).reshape(-1)
    return f


def _trajectory_raw(packed, rhs, solver, layout):
    y0, ts, params = layout.unpack(_np.asarray(packed, dtype=float))
    return solver.solve(_plain_rhs(rhs, params), y0, ts)


def _adjoint_dynamics(rhs, n):
    def augmented(state, t, *params):
        y, a = state[:n], state[n:2 * n]
        fy, vjp_fn = vjp(lambda y, *p: _vec(rhs(y, t, *p)), y, *params)
        cotangents = vjp_fn(a)
        return wnp.concatenate([fy, -cotangents[0]] + [-wnp.reshape(c, (-1,)) for c in cotangents[1:]])
    return augmented


def _sensitivity_dynamics(rhs, n, n_params):
    def augmented(state, t, *params_and_tangents):
        params, tangents = params_and_tangents[:n_params], params_and_tangents[n_params:]
        y, s = state[:n], state[n:]
        fy, ds = jvp(lambda y, *p: _vec(rhs(y, t, *p)), (y, *params), (s, *tangents))
        return wnp.concatenate([fy, ds])
    return augmented


def _vjp(g, ans, packed, rhs, solver, layout):
    y0, ts, params = layout.unpack(packed)
    n, n_times = layout.n, layout.n_times
    augmented = Layout(2 * n + sum(layout.sizes), 2, layout.shapes)
    dynamics, backward = _adjoint_dynamics(rhs, n), solver.augmented()
    a, a_params = g[n_times - 1], _np.zeros(sum(layout.sizes))
    t_bars, a_t0 = [None] * n_times, _np.zeros(n)
    for i in range(n_times - 1, 0, -1):
        t_bars[i] = wnp.sum(g[i] * _vec(rhs(ans[i], ts[i], *params)))
        if raw(ts[i]) != raw(ts[i - 1]):   # (a repeated time is an interval of length zero)
            state = wnp.concatenate([ans[i], a, a_params])
            out = trajectory(augmented.pack(state, wnp.stack([ts[i], ts[i - 1]]), params),
                             rhs=dynamics, solver=backward, layout=augmented)[1]
            a, a_params = out[n:2 * n], out[2 * n:]
        if i == 1:
            a_t0 = a
        a = a + g[i - 1]
    t_bars[0] = -wnp.sum(a_t0 * _vec(rhs(y0, ts[0], *params)))
    return wnp.concatenate([a, wnp.stack(t_bars), wnp.reshape(a_params, (-1,))])


def _jvp(tangent, ans, packed, rhs, solver, layout):
    y0, ts, params = layout.unpack(packed)
    ty0, tts, tparams = layout.unpack(tangent)
    n = layout.n
    s0 = ty0 - _vec(rhs(y0, ts[0], *params)) * tts[0]
    augmented = Layout(2 * n, layout.n_times, layout.shapes + layout.shapes)
    out = trajectory(augmented.pack(wnp.concatenate([y0, s0]), ts, list(params) + list(tparams)),
                     rhs=_sensitivity_dynamics(rhs, n, len(params)), solver=solver.augmented(),
                     layout=augmented)
    moved = wnp.stack([_vec(rhs(ans[i], ts[i], *params)) for i in range(layout.n_times)])
    return out[:, n:] + moved * wnp.reshape(tts, (-1, 1))


trajectory = wrap(_trajectory_raw, "odeint")
trajectory.__doc__ = ("The solution of dy/dt = rhs(y, t, *params) at the packed times, shaped "
                      "(times, n); differentiable in the packed vector.")
trajectory.vjps[0] = _vjp
trajectory.jvps[0] = _jvp
