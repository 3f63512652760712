"""What the estimators take from scikit-learn, and the error that names the extra when it is missing.

The estimators are scikit-learn estimators: they derive from its
``BaseEstimator`` and mixins and validate their input with its
``validate_data``, so parameters, cloning, tags, feature names and error
messages are scikit-learn's own, whatever its version does. scikit-learn is
an optional dependency (``pip install 'wengert[models]'``); `curve_fit` needs
none of this. 1.6 is the oldest version supported: it brought the
``__sklearn_tags__`` protocol and the public ``validate_data`` that the
estimators rely on.
"""

from __future__ import annotations

MINIMUM_VERSION = "1.6"

try:
    import sklearn
    from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
    from sklearn.exceptions import ConvergenceWarning, NotFittedError
    from sklearn.utils.multiclass import check_classification_targets
    from sklearn.utils.validation import check_is_fitted, validate_data
except ImportError as error:
    try:
        found = f"scikit-learn {sklearn.__version__} is installed"
    except NameError:
        found = "scikit-learn is not installed"
    # name="sklearn" lets wengert.models tell this error from any other ImportError.
    raise ImportError(
        f"wengert.models' estimators are scikit-learn estimators and need scikit-learn >= "
        f"{MINIMUM_VERSION}, but {found}. Install the extra: pip install 'wengert[models]' "
        "(curve_fit works without it).", name="sklearn") from error

__all__ = ["BaseEstimator", "ClassifierMixin", "RegressorMixin", "ConvergenceWarning",
           "NotFittedError", "check_classification_targets", "check_is_fitted", "validate_data",
           "MINIMUM_VERSION"]
