"""scikit-learn's own conformance suite, run on every estimator of wengert.models."""

import pytest

pytest.importorskip("sklearn")

from sklearn.utils.estimator_checks import parametrize_with_checks  # noqa: E402

from wengert.models import (LinearRegression, LogisticRegression, MLPRegressor,  # noqa: E402
                            PolynomialRegression)

ESTIMATORS = [LinearRegression(), PolynomialRegression(), LogisticRegression(),
              MLPRegressor(random_state=0)]


# No check is expected to fail, so none is listed (parametrize_with_checks's
# expected_failed_checks) and none declared by a tag. The MLP stops at max_iter on
# some checks' data, as scikit-learn's own MLPRegressor does: a warning, not a failure.
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@parametrize_with_checks(ESTIMATORS)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)
