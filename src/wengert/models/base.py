"""What every estimator shares: input checks, feature scaling, the fit by `wengert.minimize`.

The estimators are scikit-learn estimators (`sklearn_api`): parameters,
cloning, tags, feature names and the checks of ``X`` and ``y`` are
scikit-learn's own. What is wengert's is the fit: the objective is written with
``wengert.numpy`` and handed to `wengert.minimize`, which gets exact
derivatives from the AD engine.
"""

from __future__ import annotations

import numbers
import warnings

import numpy as _np

from ..minimize import DERIVATIVE_FREE, SCIPY_METHODS, minimize
from .newton import newton_finish
from .sklearn_api import ConvergenceWarning, check_is_fitted, validate_data

__all__ = ["check_fit_data", "check_predict_X", "fit_by_minimize", "check_positive_number",
           "check_sample_weight", "Standardizer"]


def check_fit_data(estimator, X, y, sample_weight, numeric_y=True):
    """Validate the training data with scikit-learn's checks; return ``X``, ``y`` and the weights.

    ``X`` comes back as a 2-D float64 array without NaN or inf (scikit-learn's
    errors otherwise, "Reshape your data" and all), ``y`` as a 1-D array of the
    same length (float for regressors, labels as given for classifiers), the
    weights as a float vector (ones when None). Sets ``n_features_in_`` (and
    ``feature_names_in_`` for a DataFrame).
    """
    X, y = validate_data(estimator, X, y, dtype=_np.float64, y_numeric=numeric_y)
    return X, y, check_sample_weight(sample_weight, X.shape[0])


def check_predict_X(estimator, X):
    """``X`` for predicting: the estimator must be fitted and ``X`` have its features."""
    check_is_fitted(estimator)
    return validate_data(estimator, X, dtype=_np.float64, reset=False)


def check_sample_weight(sample_weight, n_samples):
    """Weights as a float vector of length `n_samples` (ones when None), non-negative, not all zero."""
    if sample_weight is None:
        return _np.ones(n_samples)
    sw = _np.asarray(sample_weight)
    if sw.dtype.kind not in "biuf":
        raise ValueError(f"sample_weight must be numeric; got dtype {sw.dtype}.")
    sw = sw.astype(_np.float64)
    if sw.ndim == 0:
        sw = _np.full(n_samples, float(sw))
    if sw.shape != (n_samples,):
        raise ValueError(f"sample_weight must have shape ({n_samples},), one weight per sample; "
                         f"got shape {sw.shape}.")
    if not _np.all(_np.isfinite(sw)) or _np.any(sw < 0):
        raise ValueError("sample_weight must be finite and non-negative.")
    if not _np.any(sw > 0):
        raise ValueError("sample_weight must contain at least one non-zero weight; all are zero.")
    return sw


def check_positive_number(value, name, allow_zero=False):
    """Refuse a hyperparameter that is not a finite number > 0 (or >= 0), naming it."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and _np.isfinite(value)
    if not ok or value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be a finite number {bound}; got {value!r}.")


def fit_by_minimize(estimator, objective, params0, convex=False):
    """Minimize `objective(params)` with `wengert.minimize`; set ``n_iter_`` and ``history_``.

    Uses the estimator's ``method``, ``tol`` (the gradient tolerance) and
    ``max_iter``, and warns with scikit-learn's `ConvergenceWarning` when the
    optimizer stops short. The objective should be scaled to order one (a
    mean, not a sum), so that the tolerance means the same thing for every
    data size. For a `convex` objective, a SciPy method that stops short of
    the tolerance within its budget (the objective's rounding ends its
    line search or trust region) is finished by `newton_finish`.
    """
    check_positive_number(estimator.tol, "tol")
    max_iter = estimator.max_iter
    if not isinstance(max_iter, numbers.Integral) or isinstance(max_iter, bool) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer; got {max_iter!r}.")
    method = estimator.method
    name = method.lower() if isinstance(method, str) else None
    kwargs = {"maxiter": max_iter}
    if name not in DERIVATIVE_FREE:  # no gradient tolerance applies to those
        kwargs["gtol"] = estimator.tol
    if name == "l-bfgs-b":
        # The default relative-decrease test stops L-BFGS-B several digits short of
        # the gradient tolerance; let the gradient test decide.
        kwargs["options"] = {"ftol": 0.0, "maxcor": 20}
    res = minimize(objective, params0, method=method, **kwargs)
    x, n_iter, history, success = res.x, int(res.nit), res.history, res.success
    if convex and not success and n_iter < max_iter and name in _SCIPY_GRADIENT_METHODS:
        x, rows, success = newton_finish(objective, x, estimator.tol,
                                         max_steps=min(10, max_iter - n_iter))
        n_iter += len(rows)
        history = _with_rows(history, rows)
    if not success:
        warnings.warn(f"{type(estimator).__name__}: the optimizer ({method}) stopped before "
                      f"converging: {str(res.message).rstrip('.')}. Increase max_iter or "
                      "loosen tol.", ConvergenceWarning, stacklevel=3)
    estimator.n_iter_ = n_iter
    estimator.history_ = history
    return x


_SCIPY_GRADIENT_METHODS = frozenset(m.lower() for m in SCIPY_METHODS) - DERIVATIVE_FREE


def _with_rows(history, rows):
    """`history` with the ``fun`` and ``grad_norm`` of `rows` appended (the other columns stop)."""
    if not rows:
        return history
    history = dict(history)
    for k, column in (("fun", 0), ("grad_norm", 1)):
        history[k] = _np.concatenate([history[k], [row[column] for row in rows]])
    return history


class Standardizer:
    """Weighted centering and scaling of the columns of `X`, for conditioning.

    The estimators fit in scaled units, where the objective's curvature is
    similar in every direction, and convert the coefficients back, so the
    objective and the reported coefficients are those of the original units.
    A column's curvature is its variance (times the loss's) plus the penalty's,
    so the scale is ``sqrt(variance + ridge)``: dividing by the standard
    deviation alone would leave the penalty's curvature ``ridge / variance``,
    which on raw features (breast_cancer's range from 1e-3 to 4e3) spans
    eight orders of magnitude and stalls the conjugate-gradient steps.

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_features)
    sample_weight : ndarray, shape (n_samples,)
    center : bool
        Subtract the weighted column means (only valid when the model has an
        intercept to absorb them); else scale by the root mean square.
    ridge : float, default 0
        The penalty's curvature in units of the loss's curvature per unit
        variance of a column.
    """

    def __init__(self, X, sample_weight, center, ridge=0.0):
        w = sample_weight / sample_weight.sum()
        mean = w @ X
        self.mean = mean if center else _np.zeros(X.shape[1])
        mean_square = w @ X ** 2
        variance = w @ (X - mean) ** 2 if center else mean_square
        # A constant column's variance is zero up to the rounding of its mean, which must
        # not become a scale; with nothing to scale by, the column is left as it is.
        variance = _np.where(variance > (10 * _np.finfo(float).eps) ** 2 * mean_square,
                             variance, 0.0) + ridge
        self.scale = _np.where(variance > 0, _np.sqrt(variance), 1.0)

    def transform(self, X):
        """Return ``(X - mean) / scale``."""
        return (X - self.mean) / self.scale
