"""Logistic regression, binary and multinomial, with scikit-learn's objective."""

from __future__ import annotations

import numpy as _np
from scipy.special import expit, log_expit, log_softmax, softmax

from .. import numpy as wnp
from ..scipy.special import logsumexp
from .base import (Standardizer, check_fit_data, check_positive_number, check_predict_X,
                   fit_by_minimize)
from .sklearn_api import BaseEstimator, ClassifierMixin, check_classification_targets

__all__ = ["LogisticRegression"]


class LogisticRegression(ClassifierMixin, BaseEstimator):
    """L2-penalized logistic regression (binary, or multinomial softmax for 3+ classes).

    Minimizes scikit-learn's objective ``C * sum_i s_i * loss_i + 0.5 * ||W|| ** 2``,
    where ``loss_i`` is the cross-entropy of sample i and the intercept is not
    penalized, so the coefficients agree with scikit-learn's
    ``LogisticRegression(C=C)``. Two classes use one coefficient row (the
    second class of ``classes_`` is the positive one); three or more use the full
    softmax parametrization, one row per class, as scikit-learn does. Features
    are scaled internally for conditioning (`base.Standardizer`); the objective
    and the reported coefficients are those of the original units. ``X`` must
    be dense: sparse input is refused, as the estimator's tags declare.

    Parameters
    ----------
    C : float, default 1.0
        Inverse regularization strength, > 0 (larger means a weaker penalty).
    fit_intercept : bool, default True
        Fit an (unpenalized) intercept per decision function.
    method : str or optimizer, default "trust-ncg"
        As in `LinearRegression`: Newton steps on exact Hessian-vector products.
    tol : float, default 1e-10
        Gradient tolerance (``gtol``) on the objective divided by ``C`` times the
        total sample weight, in the scaled units the fit works in.
    max_iter : int, default 100
        Iteration budget of the optimizer (scikit-learn's default); a
        `ConvergenceWarning` when it runs out.

    Attributes
    ----------
    classes_ : ndarray, shape (n_classes,)
        The sorted class labels.
    coef_ : ndarray, shape (1, n_features) for two classes, else (n_classes, n_features)
    intercept_ : ndarray, shape (1,) or (n_classes,)
        For 3+ classes the intercepts are shifted to sum to zero (the softmax is
        unchanged by a common shift; scikit-learn's lbfgs solution sums to zero too).
    n_features_in_, n_iter_, history_
        As in `LinearRegression`.

    Examples
    --------
    >>> import numpy as np
    >>> from wengert.models import LogisticRegression
    >>> X = np.array([[-2.0], [-1.0], [-0.5], [0.5], [1.0], [2.0]])
    >>> model = LogisticRegression(C=10.0).fit(X, ["no", "no", "yes", "no", "yes", "yes"])
    >>> model.predict([[-3.0], [3.0]])
    array(['no', 'yes'], dtype='<U3')
    """

    def __init__(self, C=1.0, fit_intercept=True, method="trust-ncg", tol=1e-10, max_iter=100):
        self.C = C
        self.fit_intercept = fit_intercept
        self.method = method
        self.tol = tol
        self.max_iter = max_iter

    def fit(self, X, y, sample_weight=None):
        """Fit the coefficients to `X` (n_samples, n_features) and class labels `y`.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)
        y : array_like, shape (n_samples,)
            Class labels (numbers or strings); at least two distinct ones.
        sample_weight : array_like, shape (n_samples,), optional
            Non-negative weight of each sample's loss.

        Returns
        -------
        self
        """
        check_positive_number(self.C, "C")
        X, y, sw = check_fit_data(self, X, y, sample_weight, numeric_y=False)
        check_classification_targets(y)
        classes, labels = _np.unique(y, return_inverse=True)
        if classes.size < 2:
            # scikit-learn's wording, which its conformance checks look for.
            raise ValueError(f"LogisticRegression needs samples of at least 2 classes in the "
                             f"data, but the data contains only one class: {classes.tolist()[0]!r}.")
        # The loss's curvature is p (1 - p) <= 1/4 per unit variance, the penalty's 1 / (C sum(sw)).
        scaler = Standardizer(X, sw, center=self.fit_intercept, ridge=4.0 / (self.C * sw.sum()))
        Z = scaler.transform(X)
        binary = classes.size == 2
        n_rows = 1 if binary else classes.size
        # Dividing the objective by C * total weight keeps it of order one (as scikit-learn does).
        loss_weight = sw / sw.sum()
        # 0.5 * ||W||^2 in original units, where W = W_scaled / scale.
        penalty = 0.5 / (self.C * sw.sum() * scaler.scale ** 2)
        targets = labels.astype(float) if binary else _np.eye(classes.size)[labels]
        signs = 1.0 - 2.0 * targets  # binary loss log(1 + exp(-z)) for class 1, log(1 + exp(z)) for 0

        def objective(params):
            scores = self._scores(Z, params)
            # Each sample's cross-entropy written as log(1 + sum exp(margins)), where no
            # term cancels: its rounding error stays relative to the (often tiny) loss,
            # which lets the line search see the last digits of the decrease.
            if binary:
                loss = wnp.logaddexp(0.0, signs * scores)
            else:
                own = wnp.sum(targets * scores, axis=1, keepdims=True)
                loss = logsumexp(scores - own, axis=1)
            return wnp.sum(loss_weight * loss) + wnp.sum(penalty * params["coef"] ** 2)

        params0 = {"coef": _np.zeros((n_rows, X.shape[1]))}
        if self.fit_intercept:
            params0["intercept"] = _np.zeros(n_rows)
        params = fit_by_minimize(self, objective, params0, convex=True)
        self.classes_ = classes
        self.coef_ = _np.asarray(params["coef"]) / scaler.scale
        if self.fit_intercept:
            intercept = _np.asarray(params["intercept"]) - self.coef_ @ scaler.mean
            self.intercept_ = intercept if binary else intercept - intercept.mean()
        else:
            self.intercept_ = _np.zeros(n_rows)
        return self

    def _scores(self, Z, params):
        """Decision values ``Z @ W.T + b``: shape (n,) for two classes, (n, n_classes) otherwise."""
        scores = wnp.matmul(Z, wnp.transpose(params["coef"]))
        if self.fit_intercept:
            scores = scores + params["intercept"]
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def decision_function(self, X):
        """Return ``X @ coef_.T + intercept_``: shape (n_samples,) for two classes, else (n_samples, n_classes).

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)

        Returns
        -------
        ndarray
        """
        X = check_predict_X(self, X)
        return self._scores(X, {"coef": self.coef_, "intercept": self.intercept_})

    def predict_proba(self, X):
        """Return the probability of each class, columns in the order of ``classes_``.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)

        Returns
        -------
        ndarray, shape (n_samples, n_classes)
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            p = expit(scores)
            return _np.column_stack([1.0 - p, p])
        return softmax(scores, axis=1)

    def predict_log_proba(self, X):
        """Return the log-probability of each class, computed without rounding small ones to 0.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)

        Returns
        -------
        ndarray, shape (n_samples, n_classes)
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return _np.column_stack([log_expit(-scores), log_expit(scores)])
        return log_softmax(scores, axis=1)

    def predict(self, X):
        """Return the most probable class label of each sample.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)

        Returns
        -------
        ndarray, shape (n_samples,)
        """
        scores = self.decision_function(X)
        index = (scores > 0).astype(int) if scores.ndim == 1 else _np.argmax(scores, axis=1)
        return self.classes_[index]
