"""wengert.models inside scikit-learn: Pipeline, GridSearchCV, cross_val_score, clone, pickle.

The fits are compared with scikit-learn's own estimators on the same objective
(``Ridge``; ``LogisticRegression`` with lbfgs) on the data sets that ship with
scikit-learn (diabetes, breast_cancer, iris), so nothing is downloaded.
"""

import os
import pickle
import subprocess
import sys
import warnings

import numpy as np
import pytest

pytest.importorskip("sklearn")

from scipy import sparse  # noqa: E402
from sklearn import linear_model  # noqa: E402
from sklearn.base import clone  # noqa: E402
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.model_selection import GridSearchCV, cross_val_score  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from test_models import gradient_norm, sklearn_logistic_objective  # noqa: E402
from wengert.models import (LinearRegression, LogisticRegression, MLPRegressor,  # noqa: E402
                            PolynomialRegression)

DIABETES = load_diabetes(return_X_y=True)
BREAST_CANCER = load_breast_cancer(return_X_y=True)
IRIS = load_iris(return_X_y=True)


def sklearn_logistic_gradient_norm(model, X, y, C):
    """|gradient| of scikit-learn's objective (mean cross-entropy + ||W||^2 / (2 C n)) at the fit."""
    return gradient_norm(sklearn_logistic_objective(X, y, C, model.classes_.size), model)


# --- the same fits as scikit-learn's own estimators ----------------------------------------

@pytest.mark.parametrize("alpha", [0.01, 1.0, 100.0])
def test_linear_regression_equals_ridge_on_diabetes(alpha):
    X, y = DIABETES
    ours = LinearRegression(alpha=alpha).fit(X, y)
    theirs = linear_model.Ridge(alpha=alpha).fit(X, y)  # a direct (Cholesky) solve
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-9)
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-12)


def test_weighted_linear_regression_equals_weighted_ridge_on_diabetes():
    X, y = DIABETES
    w = np.random.default_rng(0).uniform(0.1, 2.0, size=len(y))
    ours = LinearRegression(alpha=0.5).fit(X, y, sample_weight=w)
    theirs = linear_model.Ridge(alpha=0.5).fit(X, y, sample_weight=w)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-9)


def assert_logistic_fits_agree_to_the_solvers_tolerance(ours, theirs, X, y, C):
    """Both fits are within their gradients of the one minimizer, and ours is at least as close.

    The objective is strongly convex with modulus 1 / (C n) (the penalty), so a point
    with gradient g lies within |g| C n of the minimizer: that bounds the distance
    between two fits. scikit-learn's lbfgs stops on its relative-decrease test
    (64 eps) with a gradient about 1e-8, whatever its ``tol``.
    """
    g_ours = sklearn_logistic_gradient_norm(ours, X, y, C)
    g_theirs = sklearn_logistic_gradient_norm(theirs, X, y, C)
    assert g_ours <= max(g_theirs, 1e-10)
    distance = np.sqrt(np.sum((ours.coef_ - theirs.coef_) ** 2)
                       + np.sum((ours.intercept_ - theirs.intercept_) ** 2))
    assert distance <= (g_ours + g_theirs) * C * len(y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=1e-5)


def test_logistic_regression_equals_lbfgs_on_scaled_breast_cancer():
    X, y = BREAST_CANCER
    X = StandardScaler().fit_transform(X)
    ours = LogisticRegression(C=0.5).fit(X, y)
    theirs = linear_model.LogisticRegression(C=0.5, tol=1e-10, max_iter=10_000).fit(X, y)
    assert_logistic_fits_agree_to_the_solvers_tolerance(ours, theirs, X, y, C=0.5)


def test_multinomial_logistic_regression_equals_lbfgs_on_iris():
    X, y = IRIS
    ours = LogisticRegression(C=2.0).fit(X, y)
    theirs = linear_model.LogisticRegression(C=2.0, tol=1e-10, max_iter=10_000).fit(X, y)
    assert_logistic_fits_agree_to_the_solvers_tolerance(ours, theirs, X, y, C=2.0)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=1e-6)


def test_raw_breast_cancer_converges_within_the_default_max_iter_without_a_warning():
    # Features from 1e-3 to 4e3: scikit-learn's lbfgs needs about 2300 iterations here
    # (a ConvergenceWarning at its default max_iter=100); Newton steps need about 13.
    X, y = BREAST_CANCER
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        model = LogisticRegression().fit(X, y)
    assert model.n_iter_ <= 30 < model.max_iter
    assert sklearn_logistic_gradient_norm(model, X, y, C=1.0) < 1e-8


@pytest.mark.parametrize("C", [1e-3, 1e3])
def test_raw_breast_cancer_converges_for_strong_and_weak_penalties(C):
    X, y = BREAST_CANCER
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        model = LogisticRegression(C=C).fit(X, y)
    assert sklearn_logistic_gradient_norm(model, X, y, C=C) < 1e-8


def test_predict_log_proba_is_the_log_of_predict_proba():
    X, y = IRIS
    model = LogisticRegression().fit(X, y)
    np.testing.assert_allclose(model.predict_log_proba(X), np.log(model.predict_proba(X)),
                               rtol=1e-10, atol=1e-12)


# --- model selection -----------------------------------------------------------------------

def test_cross_val_score_equals_ridge_fold_by_fold():
    X, y = DIABETES
    ours = cross_val_score(LinearRegression(alpha=1.0), X, y, cv=5)
    theirs = cross_val_score(linear_model.Ridge(alpha=1.0), X, y, cv=5)
    np.testing.assert_allclose(ours, theirs, rtol=1e-10)


def test_a_pipeline_with_a_scaler_cross_validates_like_sklearn():
    X, y = BREAST_CANCER
    ours = cross_val_score(make_pipeline(StandardScaler(), LogisticRegression()), X, y, cv=5)
    theirs = cross_val_score(make_pipeline(StandardScaler(), linear_model.LogisticRegression(
        tol=1e-10, max_iter=10_000)), X, y, cv=5)
    np.testing.assert_array_equal(ours, theirs)
    assert np.all(ours > 0.93)


def test_grid_search_over_a_pipeline_picks_what_sklearn_picks():
    X, y = BREAST_CANCER
    grid = {"logisticregression__C": [0.01, 0.1, 1.0, 10.0]}
    ours = GridSearchCV(make_pipeline(StandardScaler(), LogisticRegression()), grid, cv=3,
                        scoring="neg_log_loss").fit(X, y)
    theirs = GridSearchCV(make_pipeline(StandardScaler(), linear_model.LogisticRegression(
        tol=1e-10, max_iter=10_000)), grid, cv=3, scoring="neg_log_loss").fit(X, y)
    scores = ours.cv_results_["mean_test_score"]
    assert np.all(np.isfinite(scores)) and np.ptp(scores) > 0.01
    # Equal up to lbfgs's own stopping error (coefficients to about 1e-6).
    np.testing.assert_allclose(scores, theirs.cv_results_["mean_test_score"], rtol=1e-5)
    assert ours.best_params_ == theirs.best_params_ == {"logisticregression__C": 1.0}


def test_grid_search_raises_the_estimators_error_instead_of_scoring_nan():
    X, y = IRIS
    search = GridSearchCV(LogisticRegression(), {"C": [1.0, -1.0]}, cv=3, error_score="raise")
    with pytest.raises(ValueError, match="C must be a finite number > 0; got -1.0"):
        search.fit(X, y)


# --- clone, pickle, input ------------------------------------------------------------------

ESTIMATORS = [LinearRegression(alpha=0.5), PolynomialRegression(degree=2),
              LogisticRegression(C=0.5), MLPRegressor(hidden=(4,), random_state=0, max_iter=50)]


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_clone_is_unfitted_with_the_same_parameters(estimator):
    X, y = IRIS
    fitted = clone(estimator).fit(X, y)
    copy = clone(fitted)
    assert copy.get_params() == estimator.get_params()
    assert not hasattr(copy, "coef_") and not hasattr(copy, "n_features_in_")


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_a_pickled_estimator_predicts_the_same(estimator):
    X, y = IRIS
    fitted = clone(estimator).fit(X, y)
    restored = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(restored.predict(X), fitted.predict(X))


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_sparse_X_is_refused_with_a_hint_to_densify(estimator):
    X, y = IRIS
    with pytest.raises(TypeError, match=r"Sparse data was passed .* Use '\.toarray\(\)'"):
        clone(estimator).fit(sparse.csr_matrix(X), y)


def test_a_single_feature_given_as_1d_says_reshape_your_data():
    X, y = DIABETES
    with pytest.raises(ValueError, match="Reshape your data"):
        LinearRegression().fit(X[:, 0], y)


def test_the_warnings_and_errors_are_scikit_learns_own():
    import sklearn.exceptions
    import wengert.models
    assert wengert.models.ConvergenceWarning is sklearn.exceptions.ConvergenceWarning
    assert wengert.models.NotFittedError is sklearn.exceptions.NotFittedError


def test_without_scikit_learn_the_estimators_name_the_extra_and_curve_fit_works():
    code = """
import sys
sys.modules["sklearn"] = None  # as if it were not installed
from wengert.models import curve_fit, datasets
try:
    from wengert.models import LogisticRegression
except ImportError as error:
    print(error)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'wengert[models]'" in out.stdout
    assert "scikit-learn is not installed" in out.stdout


def test_a_scikit_learn_older_than_1_6_is_named_in_the_error(tmp_path):
    fake = tmp_path / "sklearn"
    fake.mkdir()
    (fake / "__init__.py").write_text('__version__ = "1.5.2"\n')  # no validate_data, no tags
    code = """
try:
    from wengert.models import LinearRegression
except ImportError as error:
    print(error)
"""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), *sys.path]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env)
    assert "need scikit-learn >= 1.6, but scikit-learn 1.5.2 is installed" in out.stdout
