"""wengert.models estimators: closed forms, hand-checked optima, scikit-learn agreement, errors."""

import numpy as np
import pytest
from scipy.optimize import brentq

import wengert as wg
import wengert.numpy as wnp
from wengert.models import (LinearRegression, LogisticRegression, MLPRegressor, NotFittedError,
                            PolynomialRegression)
from wengert.scipy.special import logsumexp

ESTIMATORS = [LinearRegression, PolynomialRegression, LogisticRegression, MLPRegressor]


def regression_data(n=60, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3)) * [1.0, 2.0, 0.5] + [0.5, -1.0, 2.0]
    y = X @ [1.5, -0.7, 2.0] + 0.3 + 0.5 * rng.standard_normal(n)
    return X, y


def classification_data(n_classes, n=80, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3)) * [1.0, 2.0, 0.5] + [0.5, -1.0, 2.0]
    W = rng.normal(size=(n_classes, 3))
    y = np.argmax(X @ W.T + rng.gumbel(size=(n, n_classes)), axis=1)
    return X, y


def with_ones(X):
    return np.column_stack([np.ones(len(X)), X])


def sklearn_logistic_objective(X, y, C, n_classes):
    """scikit-learn's objective, written out by hand, in the form scikit-learn minimizes it.

    That is ``C * summed cross-entropy + 0.5 * ||W||^2`` divided by ``C * n_samples``
    (the mean loss plus ``||W||^2 / (2 C n)``): same minimizer, a gradient that
    does not grow with the number of samples.
    """
    def objective(params):
        z = wnp.matmul(X, wnp.transpose(params["coef"])) + params["intercept"]
        if n_classes == 2:
            z = z[:, 0]
            loss = wnp.logaddexp(0.0, z) - y * z
        else:
            loss = logsumexp(z, axis=1) - wnp.sum(np.eye(n_classes)[y] * z, axis=1)
        return (C * wnp.sum(loss) + 0.5 * wnp.sum(params["coef"] ** 2)) / (C * len(y))
    return objective


def gradient_norm(objective, model):
    g = wg.grad(objective)({"coef": model.coef_, "intercept": model.intercept_})
    return np.sqrt(np.sum(g["coef"] ** 2) + np.sum(g["intercept"] ** 2))


# --- LinearRegression -------------------------------------------------------------------

def test_least_squares_agrees_with_lstsq():
    X, y = regression_data()
    model = LinearRegression().fit(X, y)
    beta = np.linalg.lstsq(with_ones(X), y, rcond=None)[0]
    np.testing.assert_allclose(model.intercept_, beta[0], rtol=1e-8)
    np.testing.assert_allclose(model.coef_, beta[1:], rtol=1e-8)


def test_least_squares_through_the_origin_agrees_with_lstsq():
    X, y = regression_data()
    model = LinearRegression(fit_intercept=False).fit(X, y)
    np.testing.assert_allclose(model.coef_, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-8)
    assert model.intercept_ == 0.0


def test_ridge_agrees_with_the_normal_equations_with_unpenalized_intercept():
    X, y = regression_data()
    alpha = 5.0
    model = LinearRegression(alpha=alpha).fit(X, y)
    # Normal equations of ||y - Xw - b||^2 + alpha ||w||^2: the intercept row has no penalty.
    A = with_ones(X)
    beta = np.linalg.solve(A.T @ A + alpha * np.diag([0.0, 1.0, 1.0, 1.0]), A.T @ y)
    np.testing.assert_allclose(model.intercept_, beta[0], rtol=1e-8)
    np.testing.assert_allclose(model.coef_, beta[1:], rtol=1e-8)


def test_ridge_through_the_origin_agrees_with_the_closed_form():
    X, y = regression_data()
    model = LinearRegression(alpha=5.0, fit_intercept=False).fit(X, y)
    np.testing.assert_allclose(model.coef_, np.linalg.solve(X.T @ X + 5.0 * np.eye(3), X.T @ y),
                               rtol=1e-8)


def test_a_huge_ridge_penalty_leaves_the_intercept_at_the_mean_of_y():
    X, y = regression_data()
    model = LinearRegression(alpha=1e12).fit(X, y)
    np.testing.assert_allclose(model.coef_, 0.0, atol=1e-9)
    assert model.intercept_ == pytest.approx(y.mean(), rel=1e-8)


def test_badly_scaled_features_still_agree_with_lstsq_in_original_units():
    X, y = regression_data()
    X = X * [1e3, 1.0, 1e-3]
    model = LinearRegression().fit(X, y)
    beta = np.linalg.lstsq(with_ones(X), y, rcond=None)[0]
    np.testing.assert_allclose(model.coef_, beta[1:], rtol=1e-8)


def test_sample_weights_agree_with_weighted_lstsq():
    X, y = regression_data()
    w = np.random.default_rng(3).uniform(0.2, 3.0, size=len(y))
    model = LinearRegression().fit(X, y, sample_weight=w)
    beta = np.linalg.lstsq(np.sqrt(w)[:, None] * with_ones(X), np.sqrt(w) * y, rcond=None)[0]
    np.testing.assert_allclose(model.coef_, beta[1:], rtol=1e-8)


def test_integer_sample_weights_equal_repeating_the_samples():
    X, y = regression_data(n=20)
    counts = np.arange(20) % 3 + 1
    weighted = LinearRegression(alpha=2.0).fit(X, y, sample_weight=counts)
    repeated = LinearRegression(alpha=2.0).fit(np.repeat(X, counts, axis=0), np.repeat(y, counts))
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, rtol=1e-8)


def test_linear_score_is_r_squared():
    X, y = regression_data()
    model = LinearRegression().fit(X, y)
    r2 = 1.0 - np.sum((y - model.predict(X)) ** 2) / np.sum((y - y.mean()) ** 2)
    assert model.score(X, y) == pytest.approx(r2, rel=1e-12)


def test_ridge_agrees_with_sklearn():
    linear_model = pytest.importorskip("sklearn.linear_model")
    X, y = regression_data()
    ours = LinearRegression(alpha=3.0).fit(X, y)
    theirs = linear_model.Ridge(alpha=3.0).fit(X, y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-8)
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-8)


@pytest.mark.parametrize("method", ["BFGS", "Newton-CG", "trust-ncg"])
def test_other_minimize_methods_reach_the_same_coefficients(method):
    X, y = regression_data()
    model = LinearRegression(alpha=1.0, method=method, tol=1e-8).fit(X, y)
    reference = LinearRegression(alpha=1.0).fit(X, y)
    np.testing.assert_allclose(model.coef_, reference.coef_, rtol=1e-6)


def test_an_optimizer_instance_as_method_reaches_the_same_coefficients():
    X, y = regression_data()
    model = LinearRegression(alpha=1.0, method=wg.optim.Adam(lr=0.05), tol=1e-7,
                             max_iter=3000).fit(X, y)
    reference = LinearRegression(alpha=1.0).fit(X, y)
    np.testing.assert_allclose(model.coef_, reference.coef_, atol=1e-5)


def test_a_derivative_free_method_is_accepted():
    X, y = regression_data()
    model = LinearRegression(method="Nelder-Mead", max_iter=5000).fit(X, y)
    best = LinearRegression().fit(X, y)
    assert model.score(X, y) == pytest.approx(best.score(X, y), abs=1e-3)


def test_fit_records_iterations_and_history():
    X, y = regression_data()
    model = LinearRegression().fit(X, y)
    assert model.n_iter_ >= 1
    assert len(model.history_["fun"]) >= 1


# --- PolynomialRegression -----------------------------------------------------------------

def test_polynomial_regression_agrees_with_polyfit():
    rng = np.random.default_rng(4)
    x = np.linspace(-2.0, 2.0, 40)
    y = 1.0 - 0.5 * x + 0.25 * x ** 2 + 0.8 * x ** 3 + 0.2 * rng.standard_normal(x.size)
    model = PolynomialRegression(degree=3).fit(x.reshape(-1, 1), y)
    c3, c2, c1, c0 = np.polyfit(x, y, 3)
    np.testing.assert_allclose(model.coef_, [c1, c2, c3], rtol=1e-8)
    assert model.intercept_ == pytest.approx(c0, rel=1e-8)


def test_polynomial_monomials_follow_polynomial_features_order():
    X, y = regression_data(n=20)
    model = PolynomialRegression(degree=2).fit(X[:, :2], y)
    np.testing.assert_array_equal(model.powers_, [[1, 0], [0, 1], [2, 0], [1, 1], [0, 2]])
    assert model.coef_.shape == (5,)


# --- LogisticRegression -------------------------------------------------------------------

def test_binary_logistic_optimum_solves_its_one_dimensional_stationarity_equation():
    # Points x = +1 (class 1) and x = -1 (class 0): by symmetry b = 0, and
    # d/dw [2 C log(1 + exp(-w)) + w^2 / 2] = 0 gives w = 2 C / (1 + exp(w)).
    C = 1.5
    model = LogisticRegression(C=C).fit([[1.0], [-1.0]], [1, 0])
    w = brentq(lambda w: w - 2.0 * C / (1.0 + np.exp(w)), 0.0, 10.0, xtol=1e-14)
    assert model.coef_[0, 0] == pytest.approx(w, rel=1e-9)
    assert model.intercept_[0] == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("n_classes", [2, 3])
def test_gradient_of_the_sklearn_objective_vanishes_at_the_fit(n_classes):
    X, y = classification_data(n_classes)
    model = LogisticRegression(C=0.8).fit(X, y)
    assert gradient_norm(sklearn_logistic_objective(X, y, 0.8, n_classes), model) < 1e-8


@pytest.mark.parametrize("n_classes", [2, 3])
def test_logistic_coefficients_agree_with_sklearn(n_classes):
    linear_model = pytest.importorskip("sklearn.linear_model")
    X, y = classification_data(n_classes)
    ours = LogisticRegression(C=0.8).fit(X, y)
    theirs = linear_model.LogisticRegression(C=0.8, tol=1e-12, max_iter=10_000).fit(X, y)
    # scikit-learn's lbfgs stops at a gradient about 1e-6; ours is below 1e-8.
    np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=1e-5)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, atol=1e-5)


def test_multinomial_coefficients_have_one_row_per_class_and_intercepts_sum_to_zero():
    X, y = classification_data(3)
    model = LogisticRegression().fit(X, y)
    assert model.coef_.shape == (3, 3) and model.intercept_.shape == (3,)
    assert model.intercept_.sum() == pytest.approx(0.0, abs=1e-12)


def test_binary_coefficients_have_one_row():
    X, y = classification_data(2)
    model = LogisticRegression().fit(X, y)
    assert model.coef_.shape == (1, 3) and model.intercept_.shape == (1,)


def test_string_labels_become_sorted_classes_and_predictions():
    X, y = classification_data(3)
    names = np.array(["setosa", "versicolor", "virginica"])
    model = LogisticRegression().fit(X, names[y])
    np.testing.assert_array_equal(model.classes_, names)
    np.testing.assert_array_equal(model.predict(X), names[np.argmax(model.predict_proba(X), axis=1)])


@pytest.mark.parametrize("n_classes", [2, 3])
def test_predict_proba_rows_are_distributions(n_classes):
    X, y = classification_data(n_classes)
    proba = LogisticRegression().fit(X, y).predict_proba(X)
    assert proba.shape == (len(y), n_classes)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(proba > 0)


def test_logistic_score_is_accuracy():
    X, y = classification_data(3)
    model = LogisticRegression().fit(X, y)
    assert model.score(X, y) == pytest.approx(np.mean(model.predict(X) == y))


def test_logistic_integer_sample_weights_equal_repeating_the_samples():
    X, y = classification_data(3, n=30)
    counts = np.arange(30) % 3 + 1
    weighted = LogisticRegression().fit(X, y, sample_weight=counts)
    repeated = LogisticRegression().fit(np.repeat(X, counts, axis=0), np.repeat(y, counts))
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, atol=1e-7)


# --- MLPRegressor -------------------------------------------------------------------------

def test_mlp_fits_a_sine():
    x = np.linspace(-3.0, 3.0, 60).reshape(-1, 1)
    model = MLPRegressor(hidden=(16,), random_state=0).fit(x, np.sin(x[:, 0]))
    assert model.score(x, np.sin(x[:, 0])) > 0.999


def test_mlp_with_identity_activation_predicts_like_least_squares():
    # A linear network is a linear model: its original-unit weights must reproduce lstsq.
    X, y = regression_data()
    model = MLPRegressor(hidden=(4,), activation="identity", alpha=0.0, random_state=0,
                         tol=1e-10).fit(X, y)
    beta = np.linalg.lstsq(with_ones(X), y, rcond=None)[0]
    np.testing.assert_allclose(model.predict(X), with_ones(X) @ beta, rtol=1e-6)


@pytest.mark.filterwarnings("ignore::wengert.models.ConvergenceWarning")
def test_mlp_weights_have_the_layer_shapes():
    X, y = regression_data(n=20)
    model = MLPRegressor(hidden=(5, 4), random_state=0, max_iter=20, tol=1e-2).fit(X, y)
    assert [W.shape for W in model.coefs_] == [(3, 5), (5, 4), (4, 1)]
    assert [b.shape for b in model.intercepts_] == [(5,), (4,), (1,)]


@pytest.mark.filterwarnings("ignore::wengert.models.ConvergenceWarning")
def test_mlp_same_random_state_gives_the_same_fit():
    X, y = regression_data(n=20)
    a = MLPRegressor(hidden=(4,), random_state=7, max_iter=20, tol=1e-2).fit(X, y)
    b = MLPRegressor(hidden=(4,), random_state=7, max_iter=20, tol=1e-2).fit(X, y)
    np.testing.assert_array_equal(a.predict(X), b.predict(X))


# --- conventions and errors ---------------------------------------------------------------

def test_get_params_returns_the_init_arguments():
    model = LogisticRegression(C=3.0, fit_intercept=False)
    assert model.get_params() == {"C": 3.0, "fit_intercept": False, "method": "trust-ncg",
                                  "max_iter": 100, "tol": 1e-10}


def test_set_params_sets_and_returns_the_estimator():
    model = LinearRegression()
    assert model.set_params(alpha=2.0) is model and model.alpha == 2.0


def test_set_params_refuses_an_unknown_name():
    with pytest.raises(ValueError, match="Invalid parameter 'lam' for estimator LinearRegression"):
        LinearRegression().set_params(lam=1.0)


def test_init_only_stores_hyperparameters_and_fit_checks_them():
    model = LinearRegression(alpha=-1.0)
    X, y = regression_data(n=10)
    with pytest.raises(ValueError, match="alpha must be a finite number >= 0"):
        model.fit(X, y)


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_predict_before_fit_raises_not_fitted(Estimator):
    with pytest.raises(NotFittedError, match="not fitted yet"):
        Estimator().predict(np.ones((2, 3)))


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_different_numbers_of_samples_in_X_and_y_are_refused(Estimator):
    X, y = classification_data(2, n=10)
    with pytest.raises(ValueError, match=r"inconsistent numbers of samples: \[10, 9\]"):
        Estimator().fit(X, y[:9])


@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_nan_in_X_is_refused(Estimator):
    X, y = classification_data(2, n=10)
    X[3, 1] = np.nan
    with pytest.raises(ValueError, match="X contains NaN"):
        Estimator().fit(X, y)


@pytest.mark.parametrize("Estimator", [LinearRegression, PolynomialRegression, MLPRegressor,
                                       LogisticRegression])
def test_nan_in_y_is_refused(Estimator):
    X, y = classification_data(2, n=10)
    y = y.astype(float)
    y[4] = np.nan
    with pytest.raises(ValueError, match="y contains NaN"):
        Estimator().fit(X, y)


def test_a_single_class_is_refused():
    X, _ = classification_data(2, n=10)
    with pytest.raises(ValueError, match="at least 2 classes .* only one class: 'a'"):
        LogisticRegression().fit(X, ["a"] * 10)


def test_one_dimensional_X_is_refused_with_a_reshape_hint():
    with pytest.raises(ValueError, match=r"reshape\(-1, 1\)"):
        LinearRegression().fit(np.arange(5.0), np.arange(5.0))


@pytest.mark.filterwarnings("ignore::wengert.models.ConvergenceWarning")
@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_predict_with_the_wrong_number_of_features_is_refused(Estimator):
    X, y = classification_data(2, n=12)
    model = Estimator(max_iter=5).fit(X, y) if Estimator is MLPRegressor else Estimator().fit(X, y)
    with pytest.raises(ValueError, match="X has 2 features, but .* is expecting 3 features"):
        model.predict(X[:, :2])


def test_sample_weight_of_the_wrong_length_is_refused():
    X, y = regression_data(n=10)
    with pytest.raises(ValueError, match=r"sample_weight must have shape \(10,\), one weight per "
                                         r"sample; got shape \(9,\)"):
        LinearRegression().fit(X, y, sample_weight=np.ones(9))
