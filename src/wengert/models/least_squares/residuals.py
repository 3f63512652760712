"""`Residuals`: the user's ``fun(x, *args, **kwargs)`` as the solvers call it.

Every solver asks the same three things of the residuals: their values, their
Jacobian, and (for geodesic acceleration) their second directional derivative
along a step. All three come from the one function the user wrote with
``wengert.numpy``: the Jacobian by forward mode (one sweep per parameter) when
there are no more parameters than residuals, by reverse mode (one sweep per
residual, on one recorded tape) otherwise; for problems too large to hold it,
a `scipy.sparse.linalg.LinearOperator` whose products are one forward or one
reverse sweep each, so the Jacobian is never formed. Each call is counted, and
the lowest cost seen is kept, so that a run that is interrupted still has its
best point to return.
"""

from __future__ import annotations

import numpy as _np
from scipy.sparse.linalg import LinearOperator

from ...tracer import raw
from ...transforms import jacobian, jvp, vjp

__all__ = ["Residuals", "describe_nonfinite", "FVV_STEP"]

#: The step of the finite-difference second derivative along v (GSL's ``h_fvv``).
FVV_STEP = 0.02


def describe_nonfinite(values, what):
    """``(k, sentence)`` naming the first entry of `values` that is NaN or infinite, or None."""
    bad = _np.flatnonzero(~_np.isfinite(values))
    if bad.size == 0:
        return None
    k = int(bad[0])
    more = f" (the first of {bad.size})" if bad.size > 1 else ""
    return k, f"{what}[{k}] is {values[k]}{more}"


class Residuals:
    """The residual vector ``fun(x, *args, **kwargs)`` of a least-squares problem.

    Parameters
    ----------
    fun : callable
        Written with ``wengert.numpy``; returns an array_like of at most one
        dimension (a scalar counts as one residual).
    x0 : ndarray, shape (n,)
        The start, at which `fun` is evaluated once to learn the number of
        residuals and to check that they are finite.
    args, kwargs : tuple, dict
        Extra arguments of `fun` (and of a callable `jac`).
    jac : callable or None
        A hand-written Jacobian ``jac(x, *args, **kwargs)``; None for the engine's.

    Attributes
    ----------
    m, n : int
        Number of residuals and of parameters.
    r0 : ndarray, shape (m,)
        The residuals at `x0`.
    nfev, njev, nfvv : int
        Evaluations of the residuals, of the Jacobian and of the second
        directional derivative.
    best : tuple
        ``(cost, x, r)`` of the lowest finite cost seen, cost being half the
        sum of squares.
    """

    def __init__(self, fun, x0, args=(), kwargs=None, jac=None):
        self.fun, self.args, self.kwargs = fun, tuple(args), dict(kwargs or {})
        self.user_jac = jac
        self.n = x0.size
        self.nfev = self.njev = self.nfvv = 0
        self.by_difference = False
        self.best = (_np.inf, x0, None)
        self.r0 = None
        self.r0 = self(x0)
        self._x0_key = x0.tobytes()
        self.m = self.r0.size
        problem = describe_nonfinite(self.r0, "fun(x0)")
        if problem:
            raise ValueError(f"The residuals are not finite at the start: {problem[1]}. The "
                             "solvers need finite residuals at x0; start from a point where the "
                             "model is defined (check for a division by zero, a log or a power "
                             "of a negative number, or an overflowing exp).")
        if not _np.isfinite(self.best[0]):
            k = int(_np.argmax(_np.abs(self.r0)))
            raise ValueError(f"The sum of squares overflows at the start: fun(x0)[{k}] is "
                             f"{self.r0[k]:.3g}, whose square is beyond float64. Start nearer "
                             "the data, or rescale the residuals.")
        self.mode = "fwd" if self.n <= self.m else "rev"

    def _call(self, x):
        return self.fun(x, *self.args, **self.kwargs)

    def values(self, out, where):
        """`fun`'s output as a float vector, with a clear error for the wrong kind or shape."""
        r = _np.asarray(raw(out))
        if r.dtype.kind not in "fiub":
            raise TypeError(f"fun must return real numbers; {where} returned dtype {r.dtype}.")
        if r.ndim > 1:
            raise ValueError(f"fun must return a 1-D array of residuals (or a scalar); {where} "
                             f"returned shape {r.shape}. Flatten it, e.g. with .ravel().")
        return _np.atleast_1d(r.astype(float, copy=False))

    def __call__(self, x):
        """The residuals at `x`, counted; a new lowest cost becomes `best`."""
        if self.r0 is not None and x.tobytes() == self._x0_key:
            return self.r0.copy()  # SciPy's solvers start by evaluating x0, done (and counted) here
        r = self.values(self._call(x), "fun(x)")
        self.nfev += 1
        if self.nfev > 1 and r.shape != (self.m,):
            raise ValueError(f"fun returned {r.size} residuals at one point and {self.m} at "
                             "another; the number of residuals must not depend on x.")
        with _np.errstate(over="ignore", invalid="ignore"):  # an overflow is an inf cost
            cost = 0.5 * float(r @ r)
        if cost < self.best[0]:  # False for NaN
            self.best = (cost, x.copy(), r)
        return r

    def jacobian(self, x):
        """The (m, n) Jacobian at `x`: the user's `jac`, or exact from the engine."""
        self.njev += 1
        if self.user_jac is not None:
            J = _np.atleast_2d(_np.asarray(self.user_jac(x, *self.args, **self.kwargs), float))
            where = "jac(x)"
        else:
            J = _np.asarray(raw(jacobian(self._call, mode=self.mode)(x)), float)
            J = J.reshape(self.m, self.n) if J.size == self.m * self.n else J
            where = "the Jacobian of fun"
        if J.shape != (self.m, self.n):
            raise ValueError(f"{where} has shape {J.shape}; expected (m, n) = ({self.m}, "
                             f"{self.n}): one row per residual, one column per parameter.")
        return J

    def operator(self, x):
        """The Jacobian at `x` as a `LinearOperator`, never formed.

        ``J @ v`` is one forward sweep; ``J.T @ u`` is one reverse sweep of a tape
        recorded here once.
        """
        self.njev += 1
        x = x.copy()
        _, pullback = vjp(self._call, x)

        def matvec(v):
            return _np.ravel(raw(jvp(self._call, (x,), (_np.ravel(v).astype(float),))[1]))

        def rmatvec(u):
            return _np.ravel(raw(pullback(_np.reshape(u, self.r0.shape).astype(float))[0]))

        return LinearOperator((self.m, self.n), matvec=matvec, rmatvec=rmatvec, dtype=float)

    def second_derivative(self, x, v, r, J):
        """``d²/dt² fun(x + t v)`` at t = 0 (`r` and `J` are the residuals and Jacobian at `x`).

        Exact from the engine, forward mode over forward mode. This is the
        geodesic acceleration's one new ingredient; GSL approximates it by a
        finite difference along v. So does this method when the user brought
        their own `jac` for a `fun` the engine cannot trace (one that calls a
        function ``wengert.numpy`` does not cover): ``2/h ((fun(x + h v) - r) / h
        - J v)`` with GSL's h = 0.02. On the perturbed NIST starts the difference
        solves 163 of 216 instead of 169, losing Lanczos1 (residuals of 1e-13).
        """
        self.nfvv += 1
        if not self.by_difference:
            try:
                along_v = jvp(lambda y: jvp(self._call, (y,), (v,))[1], (x,), (v,))[1]
                return self.values(along_v, "fun's second derivative")
            except TypeError:
                if self.user_jac is None:
                    raise
                self.by_difference = True  # for the rest of the run
        h = FVV_STEP
        return 2.0 / h * ((self.values(self._call(x + h * v), "fun(x)") - r) / h - J @ v)
