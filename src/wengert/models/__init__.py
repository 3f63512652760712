"""``wengert.models``: scikit-learn estimators and ``curve_fit``, fitted with exact gradients.

The estimators are scikit-learn estimators (``BaseEstimator`` and its mixins;
they pass ``check_estimator`` and work in ``Pipeline``, ``GridSearchCV``,
``cross_val_score`` and ``clone``), fitted with `wengert.minimize` on
objectives written with ``wengert.numpy``. They need the ``models`` extra
(``pip install 'wengert[models]'``, which installs scikit-learn);
`curve_fit` and `least_squares`, which follow SciPy's, and `datasets` do not.

>>> import numpy as np
>>> from wengert.models import LinearRegression
>>> X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 3.0]])
>>> LinearRegression().fit(X, X @ [2.0, -1.0] + 0.5).coef_.round(6)
array([ 2., -1.])
"""

from __future__ import annotations

from . import datasets
from .curve_fit import curve_fit
from .least_squares import least_squares

_ESTIMATORS = ["LinearRegression", "LogisticRegression", "PolynomialRegression", "MLPRegressor",
               "NotFittedError", "ConvergenceWarning"]

try:
    from .linear import LinearRegression, PolynomialRegression
    from .logistic import LogisticRegression
    from .mlp import MLPRegressor
    from .sklearn_api import ConvergenceWarning, NotFittedError
except ImportError as error:
    if error.name != "sklearn":
        raise
    _missing_sklearn = error  # raised, naming the extra, when an estimator is asked for
else:
    _missing_sklearn = None


def __getattr__(name):
    """Without scikit-learn, asking for an estimator raises the ImportError that names the extra."""
    if name in _ESTIMATORS and _missing_sklearn is not None:
        raise ImportError(str(_missing_sklearn), name="sklearn") from _missing_sklearn
    raise AttributeError(f"module 'wengert.models' has no attribute {name!r}")


__all__ = ["curve_fit", "least_squares", "datasets"] + (_ESTIMATORS if _missing_sklearn is None else [])
