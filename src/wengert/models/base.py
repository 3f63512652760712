"""What every estimator shares: parameters, input checks, feature scaling, the fit loop.

Estimators follow scikit-learn's conventions: hyperparameters are stored in
``__init__`` untouched (so `get_params` / `set_params` and cloning work) and
checked in ``fit``; fitted attributes end in ``_``. Fitting means writing the
objective with ``wengert.numpy`` and handing it to `wengert.minimize`, which
gets exact gradients from the AD engine.
"""

from __future__ import annotations

import inspect
import numbers
import warnings

import numpy as _np

from ..minimize import DERIVATIVE_FREE, minimize

__all__ = ["BaseEstimator", "NotFittedError", "ConvergenceWarning", "r2_score", "accuracy_score"]


class NotFittedError(ValueError, AttributeError):
    """Raised when `predict` or `score` is called before `fit` (as in scikit-learn)."""


class ConvergenceWarning(UserWarning):
    """The optimizer stopped before meeting its tolerance; the fit may be inaccurate."""


class BaseEstimator:
    """Base class: `get_params` / `set_params` from the ``__init__`` signature, a readable repr.

    Subclasses store each ``__init__`` argument under its own name and do
    nothing else there; validation happens in ``fit``.
    """

    @classmethod
    def _param_names(cls):
        signature = inspect.signature(cls.__init__)
        return sorted(p.name for p in signature.parameters.values()
                      if p.name != "self" and p.kind != p.VAR_KEYWORD)

    def get_params(self, deep=True):
        """Return the hyperparameters as a dict ``{name: value}``.

        Parameters
        ----------
        deep : bool, optional
            Accepted for scikit-learn compatibility; there are no nested estimators.

        Returns
        -------
        dict
        """
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params):
        """Set hyperparameters by name and return the estimator.

        Raises
        ------
        ValueError
            For a name that is not a hyperparameter of this estimator.
        """
        valid = self._param_names()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(f"Invalid parameter {name!r} for {type(self).__name__}; "
                                 f"valid parameters are {valid}.")
            setattr(self, name, value)
        return self

    def __repr__(self):
        defaults = {p.name: p.default for p in inspect.signature(type(self).__init__).parameters.values()}
        changed = [f"{k}={v!r}" for k, v in self.get_params().items()
                   if not _same(v, defaults.get(k, inspect.Parameter.empty))]
        return f"{type(self).__name__}({', '.join(changed)})"

    # --- shared by the estimators -------------------------------------------------------

    def _check_fitted(self):
        if not hasattr(self, "n_features_in_"):
            raise NotFittedError(f"This {type(self).__name__} instance is not fitted yet; call "
                                 "fit(X, y) before predict or score.")

    def _check_predict_X(self, X):
        self._check_fitted()
        X = check_X(X)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, but {type(self).__name__} was "
                             f"fitted with {self.n_features_in_} features.")
        return X

    def _minimize(self, objective, params0):
        """Minimize `objective(params)` with `wengert.minimize`; record ``n_iter_`` and ``history_``.

        The objective should be scaled to order one (a mean, not a sum), so that
        the default gradient tolerance means the same thing for every data size.
        """
        _check_positive_number(self.tol, "tol")
        if not isinstance(self.max_iter, numbers.Integral) or self.max_iter < 1:
            raise ValueError(f"max_iter must be a positive integer; got {self.max_iter!r}.")
        name = self.method.lower() if isinstance(self.method, str) else None
        kwargs = {"maxiter": self.max_iter}
        if name not in DERIVATIVE_FREE:  # no gradient tolerance applies to those
            kwargs["gtol"] = self.tol
        if name == "l-bfgs-b":
            # The default relative-decrease test stops L-BFGS-B several digits short of
            # the gradient tolerance; let the gradient test decide.
            kwargs["options"] = {"ftol": 0.0, "maxcor": 20}
        res = minimize(objective, params0, method=self.method, **kwargs)
        if not res.success:
            warnings.warn(f"{type(self).__name__}: the optimizer ({self.method}) stopped before "
                          f"converging: {str(res.message).rstrip('.')}. Increase max_iter or "
                          "loosen tol.",
                          ConvergenceWarning, stacklevel=3)
        self.n_iter_ = int(res.nit)
        self.history_ = res.history
        return res.x


class RegressorMixin:
    """`score` for regressors: R^2, as scikit-learn's regressors report it."""

    def score(self, X, y, sample_weight=None):
        """Return the coefficient of determination R^2 of the prediction (1 is a perfect fit).

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)
        y : array_like, shape (n_samples,)
        sample_weight : array_like, shape (n_samples,), optional

        Returns
        -------
        float
        """
        X, y, sw = check_X_y(X, y, sample_weight)
        return r2_score(y, self.predict(X), sw)


def _same(a, b):
    try:
        return bool(a == b) if not isinstance(a, _np.ndarray) else False
    except (TypeError, ValueError):
        return False


def _check_positive_number(value, name, allow_zero=False):
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and _np.isfinite(value)
    if not ok or value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be a finite number {bound}; got {value!r}.")


def check_X(X):
    """`X` as a 2-D float array without NaN or inf, or a clear ``ValueError``."""
    X = _np.asarray(X)
    if X.dtype.kind not in "biuf":
        raise ValueError(f"X must be numeric; got dtype {X.dtype}.")
    X = X.astype(float)
    if X.ndim != 2:
        hint = " Reshape a single feature with X.reshape(-1, 1)." if X.ndim == 1 else ""
        raise ValueError(f"X must be a 2-D array (n_samples, n_features); got shape {X.shape}.{hint}")
    if X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"X must have at least one sample and one feature; got shape {X.shape}.")
    if not _np.all(_np.isfinite(X)):
        raise ValueError("X contains NaN or inf; remove or impute those values before fitting.")
    return X


def check_X_y(X, y, sample_weight, numeric_y=True):
    """Check `X`, `y` and `sample_weight` together; return them as arrays (weights default to 1)."""
    X = check_X(X)
    y = _np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.ravel()
    if y.ndim != 1:
        raise ValueError(f"y must be a 1-D array of targets; got shape {y.shape}.")
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X and y have different numbers of samples: {X.shape[0]} and {y.shape[0]}.")
    if numeric_y:
        if y.dtype.kind not in "biuf":
            raise ValueError(f"y must be numeric; got dtype {y.dtype}.")
        y = y.astype(float)
        if not _np.all(_np.isfinite(y)):
            raise ValueError("y contains NaN or inf; remove those samples before fitting.")
    elif y.dtype.kind == "f" and not _np.all(_np.isfinite(y)):
        raise ValueError("y contains NaN or inf; remove those samples before fitting.")
    return X, y, check_sample_weight(sample_weight, X.shape[0])


def check_sample_weight(sample_weight, n_samples):
    """Weights as a float vector of length `n_samples` (ones when None), non-negative, not all zero."""
    if sample_weight is None:
        return _np.ones(n_samples)
    sw = _np.asarray(sample_weight, dtype=float)
    if sw.ndim == 0:
        sw = _np.full(n_samples, float(sw))
    if sw.shape != (n_samples,):
        raise ValueError(f"sample_weight must have shape ({n_samples},); got {sw.shape}.")
    if not _np.all(_np.isfinite(sw)) or _np.any(sw < 0) or not _np.any(sw > 0):
        raise ValueError("sample_weight must be finite and non-negative, with at least one "
                         "positive weight.")
    return sw


class Standardizer:
    """Weighted centering and scaling of the columns of `X`, for conditioning.

    The estimators fit in standardized units, where the objective's curvature
    is similar in every direction, and convert the coefficients back, so the
    objective and the reported coefficients are those of the original units.

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_features)
    sample_weight : ndarray, shape (n_samples,)
    center : bool
        Subtract the weighted column means (only valid when the model has an
        intercept to absorb them).
    """

    def __init__(self, X, sample_weight, center):
        w = sample_weight / sample_weight.sum()
        mean = w @ X
        self.mean = mean if center else _np.zeros(X.shape[1])
        std = _np.sqrt(w @ (X - mean) ** 2)
        # Constant columns are left unscaled; root mean square when not centering.
        spread = std if center else _np.sqrt(w @ X ** 2)
        self.scale = _np.where(spread > 0, spread, 1.0)

    def transform(self, X):
        """Return ``(X - mean) / scale``."""
        return (X - self.mean) / self.scale


def r2_score(y, prediction, sample_weight=None):
    """Coefficient of determination ``1 - SS_res / SS_tot`` (weighted), as scikit-learn's."""
    sw = _np.ones_like(y) if sample_weight is None else _np.asarray(sample_weight, dtype=float)
    ss_res = _np.sum(sw * (y - prediction) ** 2)
    ss_tot = _np.sum(sw * (y - _np.average(y, weights=sw)) ** 2)
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return float(1.0 - ss_res / ss_tot)


def accuracy_score(y, prediction, sample_weight=None):
    """Fraction (weighted) of predictions equal to the labels."""
    return float(_np.average(_np.asarray(y) == _np.asarray(prediction), weights=sample_weight))
