"""The SciPy solvers behind ``odeint`` and ``solve_ivp``, as objects the adjoint reuses.

A solver solves dy/dt = f(y, t) from y0 and reports y at the given times,
shaped (times, n). The backward (adjoint) and sensitivity solves use the same
method and tolerances as the forward solve, without the options that describe
the user's own system only (a Jacobian, its band structure, vectorization).
The last forward solve's details (SciPy's infodict, or its result object) are
kept in `last`.
"""

from __future__ import annotations

import numpy as _np
import scipy.integrate as _si

__all__ = ["OdeintSolver", "IvpSolver"]

_SYSTEM_ONLY_ODEINT = ("Dfun", "col_deriv", "ml", "mu", "full_output", "tcrit")
_SYSTEM_ONLY_IVP = ("jac", "jac_sparsity", "lband", "uband", "vectorized")


class OdeintSolver:
    """``scipy.integrate.odeint`` (LSODA) with the caller's options."""

    def __init__(self, options):
        self.options, self.last = dict(options), None

    def solve(self, f, y0, ts):
        if self.options.get("full_output"):
            y, self.last = _si.odeint(f, y0, ts, **self.options)
            return y
        return _si.odeint(f, y0, ts, **self.options)

    def augmented(self):
        return OdeintSolver({k: v for k, v in self.options.items() if k not in _SYSTEM_ONLY_ODEINT})


class IvpSolver:
    """``scipy.integrate.solve_ivp`` with the caller's method and options, evaluated at `ts`.

    `t_end`, when given, is where the integration stops (the caller's t_span[1]), beyond
    the last time asked for: SciPy's last step, and so its values, depend on it.
    """

    def __init__(self, method, options, t_end=None):
        self.method, self.options, self.last, self.t_end = method, dict(options), None, t_end

    def solve(self, f, y0, ts):
        ts = _np.asarray(ts, dtype=float)
        new = _np.concatenate([[True], ts[1:] != ts[:-1]])   # SciPy wants t_eval strictly monotonic
        t_end = ts[-1] if self.t_end is None else self.t_end
        sol = _si.solve_ivp(lambda t, y: f(y, t), (ts[0], t_end), y0, method=self.method,
                            t_eval=ts[new], **self.options)
        self.last = sol
        if sol.status < 0:
            raise RuntimeError(f"solve_ivp failed ({sol.message}); its derivative needs the "
                               f"solution at every requested time. Loosen the tolerances, raise "
                               f"max_step, or try a stiff method (Radau, BDF, LSODA).")
        return sol.y.T[_np.cumsum(new) - 1]

    def augmented(self):
        return IvpSolver(self.method, {k: v for k, v in self.options.items() if k not in _SYSTEM_ONLY_IVP})
