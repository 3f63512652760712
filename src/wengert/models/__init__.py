"""``wengert.models``: small regression models and ``curve_fit``, fitted with exact gradients.

Estimators follow scikit-learn's conventions (``fit`` / ``predict`` / ``score``,
hyperparameters in ``__init__``, fitted attributes ending in ``_``) and are
fitted with `wengert.minimize`; `curve_fit` follows `scipy.optimize.curve_fit`.

>>> import numpy as np
>>> from wengert.models import LinearRegression
>>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 3.0]])
>>> LinearRegression().fit(X, X @ [2.0, -1.0] + 0.5).coef_.round(6)
array([ 2., -1.])
"""

from __future__ import annotations

from . import datasets
from .base import ConvergenceWarning, NotFittedError
from .curve_fit import curve_fit
from .least_squares import least_squares
from .linear import LinearRegression, PolynomialRegression
from .logistic import LogisticRegression
from .mlp import MLPRegressor

__all__ = ["LinearRegression", "LogisticRegression", "PolynomialRegression", "MLPRegressor",
           "curve_fit", "least_squares", "NotFittedError", "ConvergenceWarning", "datasets"]
