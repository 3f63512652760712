"""Levenberg-Marquardt with geodesic acceleration (Transtrum and Sethna, 2012).

A Levenberg-Marquardt step ``v`` solves ``(J^T J + lam D^2) v = -J^T r``: a
Gauss-Newton step near the minimum, a short gradient step when ``lam`` is large.
Geodesic acceleration adds the second-order correction ``a`` that keeps the step
on the curved path the Gauss-Newton flow would take, from
``(J^T J + lam D^2) a = -J^T r_vv`` with ``r_vv`` the second derivative of the
residuals along ``v``; the step is ``v + a / 2``, taken only while the
correction is small (``2 |a| <= 0.75 |v|``, the paper's alpha). In the long
curved valleys of the hard NIST problems (MGH09, MGH10, MGH17, Bennett5 from
their first start) this takes far longer steps than plain Levenberg-Marquardt,
which crawls along them until its budget runs out.

The ingredients, each measured on the 27 NIST StRD problems from both starts
(``experiments/benchmarks/least_squares.py``):

- ``r_vv`` is exact, forward mode over forward mode (`Residuals.second_derivative`).
- Scaling ``D``: the largest column norms of J seen so far (Moré's), which keeps
  a parameter whose column collapses (one "evaporating" to infinity) from
  taking huge steps.
- ``lam`` follows Nielsen's update (as GSL does): down by up to 3 after a good
  step, up by 2, 4, 8, ... after successive rejections.
- Only steps that lower the cost are taken. The paper's "bold" uphill steps
  cut the evaluations on NIST by a fifth but solved no more of the perturbed
  starts, and they need a guard against wandering off; they were left out.
- The linear algebra is one SVD of ``J D^-1`` per Jacobian; each trial ``lam``
  then costs two products with its factors, and no normal equations are formed
  (they square the condition number, which for Lanczos1 is 10^4 already).

Stopping rules and status codes are `scipy.optimize.least_squares`' ones.
"""

from __future__ import annotations

import inspect

import numpy as _np
from scipy.optimize import OptimizeResult

__all__ = ["geodesic_lm", "MESSAGES", "INTERRUPTED", "CALLBACK_STOP", "ACCELERATION_RATIO",
           "LAMBDA_START"]

#: The largest accepted ``2 |a| / |v|`` (Transtrum and Sethna's alpha; GSL's avmax).
ACCELERATION_RATIO = 0.75
#: The damping at the start, relative to the scaled Jacobian's unit column norms.
LAMBDA_START = 1e-3

CALLBACK_STOP, INTERRUPTED = -2, -3
MESSAGES = {
    INTERRUPTED: "Interrupted by the user (KeyboardInterrupt); the best point so far is returned.",
    CALLBACK_STOP: "Stopped because `callback` function raised `StopIteration` or returned `True`",
    0: "The maximum number of function evaluations is exceeded.",
    1: "`gtol` termination condition is satisfied.",
    2: "`ftol` termination condition is satisfied.",
    3: "`xtol` termination condition is satisfied.",
    4: "Both `ftol` and `xtol` termination conditions are satisfied.",
}


class _Stop(Exception):
    def __init__(self, status):
        super().__init__(status)
        self.status = status


def _column_norms(J):
    norms = _np.linalg.norm(J, axis=0)
    return _np.where(norms > 0, norms, 1.0)


def geodesic_lm(residuals, x0, *, ftol, xtol, gtol, max_nfev, x_scale=None, callback=None,
                verbose=0):
    """Minimize ``0.5 |r(x)|^2`` from `x0`; returns an `OptimizeResult` like SciPy's.

    `residuals` is a `Residuals` (values, Jacobian and second directional
    derivative, with their counts); its residuals at `x0` are ``residuals.r0``.
    `x_scale` None or 'jac' scales by the Jacobian's column norms, an array
    fixes ``D = 1 / x_scale``. `callback(intermediate_result)` (or
    ``callback(x)``) runs after each accepted step.
    """
    run = _Run(residuals, x0, x_scale)
    # A trial step may leave the model's domain (an overflowing exp, a log of a negative
    # number): its residuals are not finite and the step is rejected, which is all the
    # NumPy warnings would say.
    with _np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        try:
            while True:
                run.check_gradient(gtol)
                run.factor()
                while not run.step(ftol, xtol, max_nfev):
                    pass
                if verbose >= 2:
                    print(f"{run.nit:6d} {residuals.nfev:6d} cost {run.cost:.10e} "
                          f"lambda {run.lam:.2e}")
                _call_back(callback, run.x, run.cost, run.r, run.nit, residuals.nfev)
        except _Stop as stop:
            status = stop.status
        except KeyboardInterrupt:
            status = INTERRUPTED
    return _result(residuals, status, run, verbose)


class _Run:
    """The iterate (x, r, cost, J), the scaling D and the damping lam of one run."""

    def __init__(self, residuals, x0, x_scale):
        self.residuals = residuals
        self.x, self.r = _np.array(x0, float), residuals.r0
        self.cost = 0.5 * float(self.r @ self.r)
        self.J = residuals.jacobian(self.x)
        self.adaptive = x_scale is None or isinstance(x_scale, str)
        self.D = _column_norms(self.J) if self.adaptive else 1.0 / _np.asarray(x_scale, float)
        self.lam, self.nu = LAMBDA_START, 2.0
        self.nit = 0

    def check_gradient(self, gtol):
        """SciPy lm's gtol: stop when every column of J is nearly orthogonal to r."""
        cosines = _np.abs(self.J.T @ self.r) / _column_norms(self.J)
        if self.cost == 0.0 or _np.max(cosines) <= gtol * _np.sqrt(2.0 * self.cost):
            raise _Stop(1)

    def factor(self):
        """The SVD of ``J D^-1``, which serves every trial damping at this Jacobian."""
        self.U, self.s, self.VT = _np.linalg.svd(self.J / self.D, full_matrices=False)
        self.Ur = self.U.T @ self.r

    def _solve(self, rhs_in_U):
        """``-(J^T J + lam D^2)^-1 J^T b`` from ``U^T b``."""
        return -(self.VT.T @ (self.s / (self.s * self.s + self.lam) * rhs_in_U)) / self.D

    def _reject(self):
        self.lam, self.nu = self.lam * self.nu, self.nu * 2.0

    def step(self, ftol, xtol, max_nfev):
        """Try one step at the current damping: True if it was taken, False if rejected.

        Raises `_Stop` when the run ends: budget spent, or converged.
        """
        res, D, x = self.residuals, self.D, self.x
        if res.nfev >= max_nfev:
            raise _Stop(0)
        v = self._solve(self.Ur)
        if not _np.all(_np.isfinite(D * v)):
            raise _Stop(3)  # the damping or the scales overflowed: no step is left to take
        smallest = xtol * (_np.linalg.norm(D * x) + xtol)
        rvv = res.second_derivative(x, v, self.r, self.J)
        a = self._solve(self.U.T @ rvv) if _np.all(_np.isfinite(rvv)) else 0.0 * v
        if 2.0 * _np.linalg.norm(D * a) > ACCELERATION_RATIO * _np.linalg.norm(D * v):
            self._reject()  # the path curves too much for this step length: shorten it
            if _np.linalg.norm(D * v) <= smallest:
                raise _Stop(3)
            return False
        step = v + 0.5 * a
        r_new = res(x + step)
        cost_new = 0.5 * float(r_new @ r_new) if _np.all(_np.isfinite(r_new)) else _np.inf
        Jv = self.J @ v  # the velocity's predicted reduction: positive for any lam > 0
        predicted = -float(self.r @ Jv) - 0.5 * float(Jv @ Jv)
        actual = self.cost - cost_new
        small = _np.linalg.norm(D * step) <= smallest
        if not actual > 0:
            self._reject()
            if small:
                raise _Stop(3)  # no step of a size that matters lowers the cost
            return False
        rho = actual / predicted if predicted > 0 else 1.0
        self.lam, self.nu = self.lam * max(1.0 / 3.0, 1.0 - (2.0 * rho - 1.0) ** 3), 2.0
        cost_old = self.cost
        J = res.jacobian(x + step)  # first: an interrupt here leaves the state whole
        self.x, self.r, self.cost, self.J = x + step, r_new, cost_new, J
        self.nit += 1
        if self.adaptive:
            self.D = _np.maximum(D, _column_norms(J))
        f_done = actual <= ftol * cost_old and predicted <= ftol * cost_old
        if f_done or small:
            raise _Stop(4 if f_done and small else 2 if f_done else 3)
        return True


def _call_back(callback, x, cost, r, nit, nfev):
    if callback is None:
        return
    info = OptimizeResult(x=x.copy(), cost=cost, fun=r, nit=nit, nfev=nfev)
    try:
        stop = callback(info) if _wants_result(callback) else callback(x.copy())
    except StopIteration:
        stop = True
    if stop:
        raise _Stop(CALLBACK_STOP)


def _wants_result(callback):
    """SciPy's rule: a callback whose one parameter is named ``intermediate_result`` gets the
    `OptimizeResult`, any other gets ``x``."""
    try:
        return set(inspect.signature(callback).parameters) == {"intermediate_result"}
    except (TypeError, ValueError):
        return False


def _result(residuals, status, run, verbose):
    """The result at the last point taken, the best one seen (only downhill steps are taken)."""
    x, r, cost, J = run.x, run.r, run.cost, run.J
    g = J.T @ r
    if verbose >= 1:
        print(f"{MESSAGES[status]} Residual evaluations {residuals.nfev}, cost {cost:.10e}.")
    return OptimizeResult(x=x, cost=cost, fun=r, jac=J, grad=g,
                          optimality=float(_np.max(_np.abs(g))) if g.size else 0.0,
                          active_mask=_np.zeros(x.size, dtype=int), nfev=residuals.nfev,
                          njev=residuals.njev, nfvv=residuals.nfvv, nit=run.nit, status=status,
                          message=MESSAGES[status], success=status > 0)
