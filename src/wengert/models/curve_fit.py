"""``curve_fit``: SciPy's curve fitting on `wengert.models.least_squares`.

The model ``f(x, *params)`` is written with ``wengert.numpy``; the weighted
residuals ``W (f(xdata, *p) - ydata)`` go to `least_squares`, which gets their
Jacobian (and the second derivatives of its default method) exact from the
engine, so no evaluation is spent on finite differences. The arguments, the
covariance ``pcov``, the warnings and errors follow ``scipy.optimize.curve_fit``;
the default method is `least_squares`' own, which solves the NIST StRD problems
that SciPy's defaults leave unsolved.
"""

from __future__ import annotations

import inspect
import warnings

import numpy as _np
from scipy.linalg import cholesky, solve_triangular
from scipy.optimize import Bounds, OptimizeWarning

from .. import numpy as wnp
from ..minimize import minimize
from ..tracer import raw
from ..transforms import jacobian, jvp
from .least_squares import check_bounds, kept_singular_values, least_squares, solve
from .least_squares.residuals import describe_nonfinite

__all__ = ["curve_fit"]

_LEAST_SQUARES_METHODS = (None, "geodesic", "lm", "trf", "dogbox")


def curve_fit(f, xdata, ydata, p0=None, sigma=None, absolute_sigma=False, check_finite=None,
              bounds=(-_np.inf, _np.inf), method=None, jac=None, *, full_output=False,
              nan_policy=None, **kwargs):
    """Fit ``ydata ≈ f(xdata, *params)`` by nonlinear least squares with an exact Jacobian.

    A drop-in for `scipy.optimize.curve_fit`: same arguments, same meaning, same
    return values. The differences: `f` is written with ``wengert.numpy``, the
    Jacobian of the residuals comes from the AD engine instead of finite
    differences, and the default method is `wengert.models.least_squares`' own,
    which fits all 27 NIST StRD problems from both of NIST's starts to the
    certified digits (`scipy.optimize.curve_fit`'s defaults: 45 of the 54).

    Parameters
    ----------
    f : callable
        The model ``f(x, p1, p2, ...)``, written with ``wengert.numpy``; it
        returns an array shaped like `ydata`.
    xdata : array_like or object
        The independent variable, passed to `f` unchanged (lists, tuples and
        arrays are converted to float arrays first, as SciPy does).
    ydata : array_like
        The data, length M.
    p0 : array_like, optional
        Initial guess (length N). If None, the number of parameters is read from
        the signature of `f` and the guess is 1 (or the middle of the bounds).
    sigma : None, scalar, (M,) or (M, M) array_like, optional
        Standard deviations of the errors in `ydata` (scalar or 1-D), or their
        covariance matrix (2-D). The fit minimizes ``sum((r / sigma) ** 2)`` or
        ``r @ inv(sigma) @ r`` with ``r = f(xdata, *p) - ydata``.
    absolute_sigma : bool, optional
        If True, `pcov` is computed from `sigma` as given; if False (default),
        `sigma` is rescaled so that the reduced chi-square at the optimum is 1.
    check_finite : bool, optional
        Raise ``ValueError`` if `xdata` or `ydata` hold NaN or inf. Default True
        unless `nan_policy` is given.
    bounds : 2-tuple of array_like or `scipy.optimize.Bounds`, optional
        Lower and upper bounds on the parameters (scalars apply to all).
    method : {None, 'geodesic', 'lm', 'trf', 'dogbox'} or str, optional
        None (default): `least_squares`' default, Levenberg-Marquardt with
        geodesic acceleration, restarted with 'trf' if it runs out of
        evaluations or loses a parameter ('trf' alone with bounds), with
        tolerances at rounding level. ``'lm'``, ``'trf'`` and ``'dogbox'`` run
        SciPy's solvers with SciPy's defaults and the exact Jacobian. Any other
        name (``'L-BFGS-B'``, ``'BFGS'``, ``'Newton-CG'``, ``'adam'``, ...) runs
        `wengert.minimize` on half the sum of squared (weighted) residuals.
    jac : callable or str, optional
        A hand-written Jacobian ``jac(x, *params)`` of the model (as in SciPy),
        or a finite-difference scheme name (SciPy's 'trf' differencing, kept
        for comparisons). Default None: the exact Jacobian from the AD engine.
    full_output : bool, optional
        If True, also return `infodict`, `mesg` and `ier` as SciPy does.
    nan_policy : {None, 'raise', 'omit'}, optional
        What to do with NaN in the data, as in SciPy (``'omit'`` drops those
        points).
    **kwargs
        Passed to `least_squares` (``ftol``, ``xtol``, ``gtol``, ``max_nfev``,
        ``x_scale``, ``loss``, ``verbose``, ...; SciPy's ``maxfev`` is accepted as
        ``max_nfev``) or, for the other methods, to `wengert.minimize`
        (``maxiter``, ``gtol``, ``options``, hyperparameters such as ``lr``).

    Returns
    -------
    popt : ndarray, shape (N,)
        The parameters minimizing the sum of squared (weighted) residuals.
    pcov : ndarray, shape (N, N)
        Estimated covariance of `popt`, computed as SciPy computes it: the
        Moore-Penrose pseudo-inverse of ``J.T @ J`` from the SVD of the weighted
        Jacobian ``J`` at `popt` (singular values below ``eps * max(J.shape) *
        s[0]`` discarded), times ``chisq / (M - N)`` unless `absolute_sigma`.
        Filled with inf, with an `OptimizeWarning` that says why, when it
        cannot be estimated: ``M <= N`` without `absolute_sigma`, or a
        rank-deficient Jacobian (some combination of the parameters does not
        change the fit) with the default method or ``'lm'`` (with 'trf' and
        'dogbox' SciPy keeps the pseudo-inverse, and so does this function).
    infodict : dict
        Only if `full_output`. SciPy's ``nfev`` (residual evaluations; the exact
        Jacobian costs none of them) and ``fvec`` (weighted residuals at `popt`),
        plus ``njev`` (Jacobian evaluations), ``result`` (the full
        `scipy.optimize.OptimizeResult` of the solver), ``perr`` (standard errors
        ``sqrt(diag(pcov))``) and ``r_squared`` (the unweighted coefficient of
        determination ``1 - SS_res / SS_tot`` of the fit).
    mesg : str
        Only if `full_output`: the solver's message.
    ier : int
        Only if `full_output`: the solver's status code.

    Raises
    ------
    RuntimeError
        If `least_squares` does not report success (as SciPy's "Optimal
        parameters not found"); the error's ``result`` attribute holds the
        solver's result, whose ``x`` is the best point reached. A
        `wengert.minimize` method that ends without success gives an
        `OptimizeWarning` and its best point instead.
    ValueError
        On bad input, before any fitting: non-finite data, a model that is not
        finite at `p0` (naming the first bad data point) or whose output is not
        shaped like `ydata`, `p0` of the wrong length or outside `bounds`,
        `sigma` of the wrong shape or not positive definite, bounds with
        ``method='lm'``.

    Examples
    --------
    >>> import numpy as np
    >>> import wengert.numpy as wnp
    >>> from wengert.models import curve_fit
    >>> def decay(x, a, k, c):
    ...     return a * wnp.exp(-k * x) + c
    >>> x = np.linspace(0.0, 4.0, 50)
    >>> popt, pcov = curve_fit(decay, x, decay(x, 2.5, 1.3, 0.5), p0=[1.0, 1.0, 0.0])
    >>> np.round(popt, 6)
    array([2.5, 1.3, 0.5])
    """
    p0, lb, ub = _initial_guess_and_bounds(f, p0, bounds)
    n = p0.size
    bounded = bool(_np.any((lb > -_np.inf) | (ub < _np.inf)))
    if method == "lm" and bounded:
        raise ValueError("Method 'lm' only works for unconstrained problems. "
                         "Use 'trf' or 'dogbox' instead.")
    if "args" in kwargs:
        raise ValueError("'args' is not a supported keyword argument: the parameters are "
                         "f's arguments after x, as in scipy.optimize.curve_fit.")
    check_bounds((lb, ub), p0, name="p0")
    xdata, ydata, sigma = _check_data(xdata, ydata, sigma, check_finite, nan_policy)
    _check_model_at_p0(f, xdata, ydata, p0)
    whiten, whiten_rows = _whitening(sigma, ydata.size)
    m = ydata.size

    def residuals(p):
        return whiten(wnp.ravel(f(xdata, *p) - ydata))

    def residual_jacobian(p):
        if callable(jac):
            return whiten_rows(_np.atleast_2d(_np.asarray(jac(xdata, *p), dtype=float)))
        if n <= m:
            return whiten_rows(_parameter_jacobian(f, xdata, p, ydata.shape))
        return _np.reshape(jacobian(residuals, mode="rev")(p), (m, n))

    if method in _LEAST_SQUARES_METHODS:
        # A finite-difference name goes to SciPy; a problem too large for a dense Jacobian
        # gets least_squares' operator of sweeps (jac=None).
        large = jac is None and m * n > solve.OPERATOR_ABOVE
        jac_arg = jac if isinstance(jac, str) or large else residual_jacobian
        res = _least_squares(residuals, jac_arg, p0, lb, ub, method, n, m, kwargs)
        popt, fvec = res.x, res.fun
        # A large problem's Jacobian is an operator that is never formed; pcov needs it whole.
        jac_at_popt = res.jac if isinstance(res.jac, _np.ndarray) else residual_jacobian(popt)
    else:
        res = _minimize_sum_of_squares(residuals, p0, lb, ub, bounded, method, kwargs)
        popt = _np.asarray(res.x, dtype=float)
        fvec = _np.asarray(residuals(popt), dtype=float)
        jac_at_popt = residual_jacobian(popt)
    pcov = _covariance(jac_at_popt, fvec, n, absolute_sigma,
                       singular_is_inf=method in (None, "geodesic", "lm"))
    if not full_output:
        return popt, pcov
    fit = _np.asarray(f(xdata, *popt), dtype=float)
    infodict = {
        "nfev": res.nfev,
        "njev": getattr(res, "njev", None),
        "fvec": fvec,
        "result": res,
        "perr": _np.sqrt(_np.diag(pcov)),
        "r_squared": _r_squared(ydata, fit),
    }
    return popt, pcov, infodict, res.message, res.status


def _initial_guess_and_bounds(f, p0, bounds):
    """``p0`` as a float vector (SciPy's default when None) and the bounds as two vectors."""
    if p0 is None:
        try:
            names = [p.name for p in inspect.signature(f).parameters.values()
                     if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        except (TypeError, ValueError):
            names = []
        if len(names) < 2:
            raise ValueError("Unable to determine number of fit parameters; pass p0.")
        n = len(names) - 1
    else:
        p0 = _np.atleast_1d(_np.asarray(p0, dtype=float))
        if p0.ndim != 1:
            raise ValueError(f"p0 must be a 1-D sequence of parameters; got shape {p0.shape}.")
        n = p0.size
    lb, ub = (bounds.lb, bounds.ub) if isinstance(bounds, Bounds) else bounds
    lb = _np.broadcast_to(_np.asarray(lb, dtype=float), (n,)).copy()
    ub = _np.broadcast_to(_np.asarray(ub, dtype=float), (n,)).copy()
    if p0 is None:
        # SciPy's choice: 1 where unbounded, the middle of two-sided bounds, 1 inside one-sided ones.
        p0 = _np.ones(n)
        both, low, high = _np.isfinite(lb) & _np.isfinite(ub), _np.isfinite(lb), _np.isfinite(ub)
        p0[both] = 0.5 * (lb[both] + ub[both])
        p0[low & ~high] = lb[low & ~high] + 1
        p0[high & ~low] = ub[high & ~low] - 1
    return p0, lb, ub


def _check_data(xdata, ydata, sigma, check_finite, nan_policy):
    """The data as float arrays, checked for NaN/inf or with NaN points dropped (SciPy's rules)."""
    if nan_policy not in (None, "raise", "omit"):
        if nan_policy == "propagate":
            raise ValueError("`nan_policy='propagate'` is not supported by this function.")
        raise ValueError("nan_policy must be one of {None, 'raise', 'omit'}")
    if check_finite is None:
        check_finite = nan_policy is None
    as_float = _np.asarray_chkfinite if check_finite else _np.asarray
    try:
        ydata = as_float(ydata, dtype=float)
        if isinstance(xdata, (list, tuple, _np.ndarray)):
            xdata = as_float(xdata, dtype=float)
    except ValueError as err:
        raise ValueError("xdata and ydata must not contain NaN or inf (pass nan_policy='omit' "
                         "to drop NaN points).") from err
    if ydata.size == 0:
        raise ValueError("`ydata` must not be empty!")
    if not check_finite and nan_policy is not None:
        x_nan = _np.isnan(xdata) if isinstance(xdata, _np.ndarray) else _np.zeros(ydata.shape, bool)
        if x_nan.ndim > 1:  # (k, M) data: a point is bad when any of its k coordinates is
            x_nan = x_nan.any(axis=tuple(range(x_nan.ndim - 1)))
        bad = x_nan | _np.isnan(ydata)
        if bad.any() and nan_policy == "raise":
            raise ValueError("The input contains nan values")
        if bad.any():
            if isinstance(xdata, _np.ndarray):
                xdata = xdata[..., ~bad]
            ydata = ydata[~bad]
            if sigma is not None and _np.ndim(sigma) == 1:
                sigma = _np.asarray(sigma)[~bad]
            elif sigma is not None and _np.ndim(sigma) == 2:
                sigma = _np.asarray(sigma)[~bad][:, ~bad]
    return xdata, ydata, sigma


def _check_model_at_p0(f, xdata, ydata, p0):
    """Refuse, before fitting, a `p0` of the wrong length and a model that is not finite or not
    shaped like `ydata` there: each would otherwise fail deep inside the solver, or not at all."""
    _check_parameter_count(f, p0.size)
    fit = _np.asarray(raw(f(xdata, *p0)))
    try:
        shape = _np.broadcast_shapes(fit.shape, ydata.shape)
    except ValueError:
        shape = None
    if shape != ydata.shape:
        raise ValueError(f"f(xdata, *p0) has shape {fit.shape}, but ydata has shape {ydata.shape}: "
                         "the model must give one value per data point. Check that xdata and "
                         "ydata hold the same points (for k predictors, xdata is (k, M)).")
    problem = describe_nonfinite(_np.broadcast_to(fit, ydata.shape).ravel(), "f(xdata, *p0)")
    if problem:
        k, sentence = problem
        where = ""
        if isinstance(xdata, _np.ndarray) and xdata.shape[-1:] == (ydata.size,):
            where = f", at the data point xdata[..., {k}] = {xdata[..., k]}"
        raise ValueError(f"The model is not finite at p0: {sentence}{where}. The fit needs finite "
                         "values at the start; choose a p0 where the model is defined there (look "
                         "for a division by zero, a log or a power of a negative number, or an "
                         "overflowing exp).")


def _check_parameter_count(f, n):
    try:
        params = list(inspect.signature(f).parameters.values())
    except (TypeError, ValueError):
        return
    if any(p.kind == p.VAR_POSITIONAL for p in params):
        return
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = [p for p in positional if p.default is p.empty]
    if positional and not len(required) - 1 <= n <= len(positional) - 1:
        names = ", ".join(p.name for p in positional[1:])
        raise ValueError(f"p0 has {n} values, but f takes {len(positional) - 1} parameters after "
                         f"x ({names}): give one starting value per parameter.")


def _parameter_jacobian(f, xdata, p, shape):
    """The model's (M, N) Jacobian, by one forward sweep per parameter with only it traced.

    Tracing the parameter vector instead would trace every operation of the
    model in every sweep; with one scalar traced, the work on the other
    parameters stays plain NumPy: 2.2-3.2 times faster on four NIST models.
    """
    columns = []
    for k in range(p.size):
        def along(pk, k=k):
            return f(xdata, *p[:k], pk, *p[k + 1:])

        column = _np.asarray(raw(jvp(along, (p[k],), (1.0,))[1]), dtype=float)
        columns.append(_np.broadcast_to(column, shape).ravel())
    return _np.stack(columns, axis=1)


def _whitening(sigma, m):
    """Two maps, for the residuals and for the Jacobian's rows: divide by the standard deviations
    `sigma`, or multiply by ``L^-1`` for a covariance ``sigma = L L^T`` (so that the residuals
    stay written with ``wengert.numpy``, differentiable by the engine)."""
    if sigma is None:
        return (lambda r: r), (lambda J: J)
    sigma = _np.asarray(sigma, dtype=float)
    if sigma.size == 1 or sigma.shape == (m,):
        weights = 1.0 / sigma
        rows = weights[:, _np.newaxis] if weights.ndim == 1 else weights
        return (lambda r: weights * r), (lambda J: rows * J)
    if sigma.shape == (m, m):
        try:
            L = cholesky(sigma, lower=True)
        except _np.linalg.LinAlgError as err:
            raise ValueError("`sigma` must be positive definite.") from err
        inverse = solve_triangular(L, _np.eye(m), lower=True)
        return (lambda r: wnp.matmul(inverse, r)), (lambda J: inverse @ J)
    raise ValueError(f"`sigma` has incorrect shape {sigma.shape}: expected a scalar, ({m},) "
                     f"standard deviations or a ({m}, {m}) covariance matrix.")


def _least_squares(residuals, jac, p0, lb, ub, method, n, m, kwargs):
    kwargs = dict(kwargs)
    if "maxfev" in kwargs:  # leastsq's name, which curve_fit accepts for every method
        kwargs["max_nfev"] = kwargs.pop("maxfev")
    if method == "lm" and m != 1 and n > m:
        raise TypeError(f"The number of func parameters={n} must not exceed the number of "
                        f"data points={m}")
    res = least_squares(residuals, p0, jac=jac, bounds=(lb, ub), method=method, **kwargs)
    if not res.success:
        error = RuntimeError("Optimal parameters not found: " + res.message)
        error.result = res  # x is the best point reached
        raise error
    return res


def _minimize_sum_of_squares(residuals, p0, lb, ub, bounded, method, kwargs):
    """Minimize half the sum of squared weighted residuals with `wengert.minimize`."""
    def cost(p):
        r = residuals(p)
        return 0.5 * wnp.sum(r * r)

    if bounded:
        kwargs = {**kwargs, "bounds": list(zip(lb, ub))}
    res = minimize(cost, p0, method=method, **kwargs)
    if not res.success:
        # Unlike least_squares' failures, these endings (a spent iteration budget for
        # first-order methods, a line search stalled at rounding level) usually leave
        # a usable point, which minimize returns as the best seen: warn, don't raise.
        warnings.warn(f"{method} did not report convergence: {res.message}; the fit may be "
                      "inaccurate.", OptimizeWarning, stacklevel=3)
    return res


def _covariance(J, fvec, n, absolute_sigma, singular_is_inf):
    """``pcov`` as SciPy computes it from the weighted Jacobian and residuals at the optimum."""
    J = _np.atleast_2d(J)
    _, s, VT = _np.linalg.svd(J, full_matrices=False)
    kept = kept_singular_values(s, J.shape)
    m = fvec.size
    why = None
    if singular_is_inf and kept.sum() < n:
        null = _np.linalg.svd(J)[2][-1]  # full_matrices: a null direction even when M < N
        leading = _np.flatnonzero(_np.abs(null) >= 0.5 * _np.abs(null).max())[0]
        direction = null * _np.sign(null[leading])  # its first sizeable component positive
        why = (f"the Jacobian at the solution has rank {int(kept.sum())} for {n} parameters: "
               f"moving popt along {_np.round(direction, 2).tolist()} does not change the fit")
    else:
        pcov = (VT[kept].T / s[kept] ** 2) @ VT[kept]
        if _np.isnan(pcov).any():
            why = "the Jacobian at the solution is not finite"
        elif not absolute_sigma:
            if m > n:
                pcov = pcov * (_np.sum(fvec ** 2) / (m - n))
            else:
                why = (f"there are {m} data points for {n} parameters, which leaves no degree of "
                       "freedom to estimate the residual variance (pass absolute_sigma=True with "
                       "a known sigma)")
    if why is not None:
        warnings.warn(f"Covariance of the parameters could not be estimated: {why}; pcov is inf.",
                      category=OptimizeWarning, stacklevel=3)
        pcov = _np.full((n, n), _np.inf)
    return pcov


def _r_squared(y, fit):
    ss_tot = _np.sum((y - _np.mean(y)) ** 2)
    return 1.0 - _np.sum((y - fit) ** 2) / ss_tot if ss_tot > 0 else _np.nan

