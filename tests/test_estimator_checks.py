"""scikit-learn's own conformance suite, run on every estimator of wengert.models."""

import pytest

pytest.importorskip("sklearn")

from sklearn.utils.estimator_checks import parametrize_with_checks  # noqa: E402

from wengert.models import (LinearRegression, LogisticRegression, MLPRegressor,  # noqa: E402
                            PolynomialRegression)

ESTIMATORS = [LinearRegression(), PolynomialRegression(), LogisticRegression(),
              MLPRegressor(random_state=0)]


@parametrize_with_checks(ESTIMATORS)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
