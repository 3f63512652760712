"""A small multilayer perceptron for regression, fitted on the same machinery."""

from __future__ import annotations

import numbers

import numpy as _np

from .. import numpy as wnp
from ..scipy.special import expit
from .base import (Standardizer, check_fit_data, check_positive_number, check_predict_X,
                   fit_by_minimize)
from .sklearn_api import BaseEstimator, RegressorMixin, check_is_fitted

__all__ = ["MLPRegressor"]

_ACTIVATIONS = {
    "tanh": wnp.tanh,
    "relu": lambda z: wnp.maximum(z, 0.0),
    "logistic": expit,
    "identity": lambda z: z,
}


class MLPRegressor(RegressorMixin, BaseEstimator):
    """A fully connected network ``x -> act(x W1 + b1) -> ... -> h Wk + bk`` for one target.

    Minimizes scikit-learn's ``MLPRegressor`` objective, half the (weighted)
    mean squared error plus ``alpha / 2`` times the sum of squared weights
    (not biases) divided by the total sample weight, with all the weights
    fitted at once by `wengert.minimize` (L-BFGS-B by default, like
    scikit-learn's ``solver="lbfgs"``). Inputs and target are standardized
    internally; the objective and the reported weights are those of the
    original units. The objective is not convex: the fit depends on
    `random_state` (the Glorot-uniform initialization).

    Parameters
    ----------
    hidden : tuple of int, default (32,)
        Width of each hidden layer.
    activation : {"tanh", "relu", "logistic", "identity"}, default "tanh"
    alpha : float, default 1e-4
        L2 penalty on the weights, >= 0.
    random_state : int, numpy Generator or None, default None
        Seed of the initialization.
    method : str or optimizer, default "L-BFGS-B"
        Anything `wengert.minimize` accepts as ``method``.
    tol : float, default 1e-4
        Gradient tolerance (``gtol``) in standardized units (scikit-learn's
        default and meaning for its lbfgs solver).
    max_iter : int, default 200
        Iteration budget of the optimizer (a `ConvergenceWarning` when it runs
        out, as in scikit-learn).

    Attributes
    ----------
    coef_ : list of ndarray
        Weight matrices, layer by layer; ``coef_[0]`` has shape (n_features, hidden[0])
        and the last (hidden[-1], 1). ``coefs_`` is the same list (scikit-learn's name).
    intercept_ : list of ndarray
        Bias vectors, layer by layer. ``intercepts_`` is the same list.
    n_features_in_, n_iter_, history_
        As in `LinearRegression`.

    Examples
    --------
    >>> import numpy as np
    >>> from wengert.models import MLPRegressor
    >>> x = np.linspace(-3.0, 3.0, 60).reshape(-1, 1)
    >>> model = MLPRegressor(hidden=(16,), random_state=0).fit(x, np.sin(x[:, 0]))
    >>> model.score(x, np.sin(x[:, 0])) > 0.999
    True
    """

    def __init__(self, hidden=(32,), activation="tanh", alpha=1e-4, random_state=None,
                 method="L-BFGS-B", tol=1e-4, max_iter=200):
        self.hidden = hidden
        self.activation = activation
        self.alpha = alpha
        self.random_state = random_state
        self.method = method
        self.tol = tol
        self.max_iter = max_iter

    @property
    def coefs_(self):
        """The weight matrices (scikit-learn's name for ``coef_``)."""
        check_is_fitted(self)
        return self.coef_

    @property
    def intercepts_(self):
        """The bias vectors (scikit-learn's name for ``intercept_``)."""
        check_is_fitted(self)
        return self.intercept_

    def _layer_sizes(self, n_features):
        hidden = (self.hidden,) if isinstance(self.hidden, numbers.Integral) else tuple(self.hidden)
        if not all(isinstance(h, numbers.Integral) and h >= 1 for h in hidden):
            raise ValueError(f"hidden must be a tuple of positive layer widths; got {self.hidden!r}.")
        return (n_features, *hidden, 1)

    def fit(self, X, y, sample_weight=None):
        """Fit the weights to `X` (n_samples, n_features) and targets `y` (n_samples,).

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)
        y : array_like, shape (n_samples,)
        sample_weight : array_like, shape (n_samples,), optional
            Non-negative weight of each sample's squared error.

        Returns
        -------
        self
        """
        if self.activation not in _ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}; "
                             f"got {self.activation!r}.")
        check_positive_number(self.alpha, "alpha", allow_zero=True)
        X, y, sw = check_fit_data(self, X, y, sample_weight)
        sizes = self._layer_sizes(X.shape[1])
        scaler = Standardizer(X, sw, center=True)
        Z = scaler.transform(X)
        y_mean = _np.average(y, weights=sw)
        y_scale = _np.sqrt(_np.average((y - y_mean) ** 2, weights=sw)) or 1.0
        t = (y - y_mean) / y_scale
        n_layers = len(sizes) - 1
        # The penalty is on the original-unit weights: the first layer's are W / scale, the
        # last layer's y_scale * W; the whole objective is divided by y_scale^2.
        penalty = [_np.full((sizes[k], sizes[k + 1]), 0.5 * self.alpha / (sw.sum() * y_scale ** 2))
                   for k in range(n_layers)]
        penalty[0] = penalty[0] / scaler.scale[:, _np.newaxis] ** 2
        penalty[-1] = penalty[-1] * y_scale ** 2
        loss_weight = 0.5 * sw / sw.sum()
        activation = _ACTIVATIONS[self.activation]

        def objective(params):
            r = t - _forward(Z, params["W"], params["b"], activation)
            return (wnp.sum(loss_weight * r * r)
                    + sum(wnp.sum(p * W ** 2) for p, W in zip(penalty, params["W"])))

        params = fit_by_minimize(self, objective, self._initial_params(sizes))
        W = [_np.asarray(w) for w in params["W"]]
        b = [_np.asarray(v) for v in params["b"]]
        # Undo the scaling: first layer x -> (x - mean) / scale, last layer out -> y_scale * out + y_mean.
        W[0] = W[0] / scaler.scale[:, _np.newaxis]
        b[0] = b[0] - scaler.mean @ W[0]
        W[-1] = y_scale * W[-1]
        b[-1] = y_scale * b[-1] + y_mean
        self.coef_, self.intercept_ = W, b
        return self

    def _initial_params(self, sizes):
        """Glorot-uniform weights and biases, as scikit-learn initializes them."""
        rng = _np.random.default_rng(self.random_state)
        factor = 2.0 if self.activation == "logistic" else 6.0
        W, b = [], []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            bound = _np.sqrt(factor / (fan_in + fan_out))
            W.append(rng.uniform(-bound, bound, (fan_in, fan_out)))
            b.append(rng.uniform(-bound, bound, fan_out))
        return {"W": W, "b": b}

    def predict(self, X):
        """Return the network's output for each sample.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)

        Returns
        -------
        ndarray, shape (n_samples,)
        """
        X = check_predict_X(self, X)
        return _forward(X, self.coef_, self.intercept_, _ACTIVATIONS[self.activation])


def _forward(X, W, b, activation):
    """The network's output, shape (n_samples,): hidden layers activated, the last one linear."""
    h = X
    for k in range(len(W)):
        h = wnp.matmul(h, W[k]) + b[k]
        if k < len(W) - 1:
            h = activation(h)
    return h[:, 0]
