"""Least squares with an optional ridge penalty, on the features or on their powers."""

from __future__ import annotations

import itertools
import numbers

import numpy as _np

from .. import numpy as wnp
from .base import (Standardizer, check_fit_data, check_positive_number, check_predict_X,
                   fit_by_minimize)
from .sklearn_api import BaseEstimator, RegressorMixin

__all__ = ["LinearRegression", "PolynomialRegression"]


class LinearRegression(RegressorMixin, BaseEstimator):
    """Linear least squares with an optional ridge penalty, fitted by `wengert.minimize`.

    Minimizes ``sum_i s_i (y_i - x_i @ w - b) ** 2 + alpha * ||w|| ** 2`` (the
    objective of scikit-learn's ``Ridge``; ``alpha=0`` is ordinary least squares);
    the intercept ``b`` is not penalized. Features (and the target) are
    scaled internally for conditioning (`base.Standardizer`); the objective and
    the reported coefficients are those of the original units. ``X`` must be
    dense: sparse input is refused, as the estimator's tags declare.

    Parameters
    ----------
    alpha : float, default 0.0
        Ridge penalty, >= 0.
    fit_intercept : bool, default True
        Fit an (unpenalized) intercept; if False the model goes through the origin.
    method : str or optimizer, default "trust-ncg"
        Anything `wengert.minimize` accepts as ``method``. The default takes
        Newton steps on exact Hessian-vector products inside a trust region: a
        few tens of steps however the features are scaled. A SciPy method that
        stops a few digits short of `tol` because the objective's decrease has
        fallen below its rounding is finished by Newton steps judged on the
        gradient (`wengert.models.newton`).
    tol : float, default 1e-10
        Gradient tolerance (``gtol``) on the objective divided by the total
        sample weight, in the scaled units the fit works in.
    max_iter : int, default 100
        Iteration budget of the optimizer (scikit-learn's default); a
        `ConvergenceWarning` when it runs out.

    Attributes
    ----------
    coef_ : ndarray, shape (n_features,)
    intercept_ : float
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Set when ``X`` is a DataFrame with string column names (as in scikit-learn).
    n_iter_ : int
        Iterations the optimizer took.
    history_ : dict
        The optimizer's per-iteration record (``fun``, ``grad_norm``, ``time``);
        Newton steps that finish the fit add rows to ``fun`` and ``grad_norm``.

    Examples
    --------
    >>> import numpy as np
    >>> from wengert.models import LinearRegression
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> model = LinearRegression().fit(X, 1.0 + 2.0 * X[:, 0])
    >>> round(float(model.coef_[0]), 6), round(float(model.intercept_), 6)
    (2.0, 1.0)
    """

    def __init__(self, alpha=0.0, fit_intercept=True, method="trust-ncg", tol=1e-10, max_iter=100):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.method = method
        self.tol = tol
        self.max_iter = max_iter

    def _design(self, X):
        """The regressors built from `X` (the features themselves here)."""
        return X

    def _fit_design(self, X):
        """The regressors for fitting; a subclass fixes here what `_design` needs."""
        return self._design(X)

    def fit(self, X, y, sample_weight=None):
        """Fit the coefficients to `X` (n_samples, n_features) and targets `y` (n_samples,).

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)
        y : array_like, shape (n_samples,)
        sample_weight : array_like, shape (n_samples,), optional
            Non-negative weight of each sample's squared residual.

        Returns
        -------
        self
        """
        check_positive_number(self.alpha, "alpha", allow_zero=True)
        X, y, sw = check_fit_data(self, X, y, sample_weight)
        D = self._fit_design(X)
        # The loss's curvature is 2 per unit variance, the penalty's 2 alpha / sum(sw).
        scaler = Standardizer(D, sw, center=self.fit_intercept, ridge=self.alpha / sw.sum())
        Z = scaler.transform(D)
        # Standardize y too, so that the objective is of order one whatever y's units.
        y_mean = _np.average(y, weights=sw) if self.fit_intercept else 0.0
        y_scale = _np.sqrt(_np.average((y - y_mean) ** 2, weights=sw)) or 1.0
        t = (y - y_mean) / y_scale
        # alpha * ||w||^2 in original units, where w = y_scale * w_scaled / scale; the y_scale^2
        # is divided out of the whole objective.
        penalty = self.alpha / scaler.scale ** 2
        total = sw.sum()

        def objective(params):
            r = t - wnp.matmul(Z, params["coef"])
            if self.fit_intercept:
                r = r - params["intercept"]
            return (wnp.sum(sw * r * r) + wnp.sum(penalty * params["coef"] ** 2)) / total

        params0 = {"coef": _np.zeros(Z.shape[1])}
        if self.fit_intercept:
            params0["intercept"] = _np.zeros(())
        params = fit_by_minimize(self, objective, params0, convex=True)
        self.coef_ = y_scale * _np.asarray(params["coef"]) / scaler.scale
        self.intercept_ = (float(y_mean + y_scale * params["intercept"] - scaler.mean @ self.coef_)
                           if self.fit_intercept else 0.0)
        return self

    def predict(self, X):
        """Return ``X @ coef_ + intercept_`` (on the regressors built from `X`).

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)

        Returns
        -------
        ndarray, shape (n_samples,)
        """
        X = check_predict_X(self, X)
        return self._design(X) @ self.coef_ + self.intercept_


class PolynomialRegression(LinearRegression):
    """Least squares on all monomials of the features up to total degree `degree`.

    ``y ≈ intercept_ + sum_k coef_[k] * prod_j x_j ** powers_[k, j]``, with the
    monomials in scikit-learn's ``PolynomialFeatures`` order (without the
    constant column, which is the intercept). The ridge penalty applies to all
    monomial coefficients. For one feature, ``coef_[k]`` multiplies ``x ** (k + 1)``.

    Parameters
    ----------
    degree : int, default 2
        Highest total degree, >= 1.
    alpha, fit_intercept, method, tol, max_iter
        As in `LinearRegression`.

    Attributes
    ----------
    coef_ : ndarray, shape (n_monomials,)
    intercept_ : float
    powers_ : ndarray of int, shape (n_monomials, n_features)
        Exponent of each feature in each monomial.
    n_features_in_, n_iter_, history_
        As in `LinearRegression`.

    Notes
    -----
    Each monomial column is standardized before fitting, which handles scale
    but not the near-collinearity of high powers of an uncentered feature; for
    high degrees, center the feature first.

    Examples
    --------
    >>> import numpy as np
    >>> from wengert.models import PolynomialRegression
    >>> x = np.linspace(-1.0, 1.0, 9).reshape(-1, 1)
    >>> model = PolynomialRegression(degree=2).fit(x, 1.0 - 2.0 * x[:, 0] + 3.0 * x[:, 0] ** 2)
    >>> np.round(model.coef_, 6), round(model.intercept_, 6)
    (array([-2.,  3.]), 1.0)
    """

    def __init__(self, degree=2, alpha=0.0, fit_intercept=True, method="trust-ncg", tol=1e-10,
                 max_iter=100):
        self.degree = degree
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.method = method
        self.tol = tol
        self.max_iter = max_iter

    def _fit_design(self, X):
        if (not isinstance(self.degree, numbers.Integral) or isinstance(self.degree, bool)
                or self.degree < 1):
            raise ValueError(f"degree must be an integer >= 1; got {self.degree!r}.")
        self.powers_ = _monomial_powers(X.shape[1], self.degree)
        return self._design(X)

    def _design(self, X):
        return _np.prod(X[:, _np.newaxis, :] ** self.powers_[_np.newaxis, :, :], axis=2)


def _monomial_powers(n_features, degree):
    """Exponents of every monomial of total degree 1..`degree`, in PolynomialFeatures order."""
    rows = []
    for d in range(1, degree + 1):
        for combo in itertools.combinations_with_replacement(range(n_features), d):
            rows.append(_np.bincount(combo, minlength=n_features))
    return _np.array(rows, dtype=int)
