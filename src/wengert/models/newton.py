"""Newton steps judged by the gradient: the finish of a convex fit below the objective's rounding.

A trust-region or line-search method accepts a step when the objective
decreases. Near the optimum of a least-squares or logistic objective of order
one, the decrease of a step that still shrinks the gradient from 1e-8 to 1e-10
is about 1e-17, below the rounding of the objective itself (1e-16 relative):
SciPy's trust-ncg then stops with "A bad approximation caused failure to
predict improvement", Newton-CG and BFGS with "precision loss", a few digits
short of the gradient tolerance. The gradient has no such floor (its rounding
is relative to its terms, not to the objective), so these steps are accepted
when they shrink the gradient: exact Newton steps, solved by conjugate
gradients on exact Hessian-vector products. On a convex objective close to
its minimum each one gains digits quadratically.
"""

from __future__ import annotations

import numpy as _np

from ..minimize.flatten import Flattened
from ..transforms import hvp, value_and_grad

__all__ = ["newton_finish"]


def newton_finish(objective, params, gtol, max_steps=10):
    """Take Newton steps from `params` while they shrink the gradient, until ``|g| <= gtol``.

    Parameters
    ----------
    objective : callable
        A convex function of the pytree `params`, written with ``wengert.numpy``.
    params : pytree
        The point the optimizer stopped at.
    gtol : float
        The tolerance on the Euclidean norm of the gradient.
    max_steps : int
        At most this many Newton steps.

    Returns
    -------
    params : pytree
        The last point whose gradient was smaller than the one before.
    rows : list of (f, |g|)
        One per accepted step.
    converged : bool
        Whether ``|g| <= gtol`` there.
    """
    flat = Flattened(params)

    def f(x):
        return objective(flat.tree(x))

    f_and_g, f_hvp = value_and_grad(f), hvp(f)
    x = flat.x0
    _, g = f_and_g(x)
    g_norm = float(_np.linalg.norm(g))
    rows = []
    for _ in range(max_steps):
        if g_norm <= gtol:
            break
        # Inexact Newton: solve to a relative residual that shrinks with |g| (superlinear steps).
        step = _conjugate_gradients(lambda v: f_hvp(x, v), -g, rtol=min(0.5, _np.sqrt(g_norm)))
        trial = x + step
        f_trial, g_trial = f_and_g(trial)
        trial_norm = float(_np.linalg.norm(g_trial))
        if not trial_norm < g_norm:  # also refuses NaN
            break
        x, g, g_norm = trial, g_trial, trial_norm
        rows.append((float(f_trial), g_norm))
    return flat.output(x), rows, g_norm <= gtol


def _conjugate_gradients(matvec, b, rtol):
    """Solve ``H s = b`` for symmetric positive definite ``H`` given as `matvec`, to ``|r| <= rtol |b|``.

    Stops early, with the solution so far, on a direction of non-positive
    curvature (where ``H`` is not positive definite, no Newton step exists).
    """
    s = _np.zeros_like(b)
    r, p = b.copy(), b.copy()
    rr, target = r @ r, (rtol * _np.linalg.norm(b)) ** 2
    for _ in range(2 * b.size):
        if rr <= target:
            break
        Hp = _np.asarray(matvec(p), dtype=_np.float64)
        curvature = p @ Hp
        if not curvature > 0:
            break
        alpha = rr / curvature
        s += alpha * p
        r -= alpha * Hp
        rr, rr_old = r @ r, rr
        p = r + (rr / rr_old) * p
    return s
