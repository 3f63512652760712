"""wengert.models.newton: Newton steps judged on the gradient, past the objective's rounding."""

import warnings

import numpy as np
import pytest

pytest.importorskip("sklearn")

import wengert as wg  # noqa: E402
import wengert.numpy as wnp  # noqa: E402
from sklearn.datasets import load_breast_cancer  # noqa: E402

from wengert.models import ConvergenceWarning, LogisticRegression, base  # noqa: E402
from wengert.models.newton import newton_finish  # noqa: E402

RNG = np.random.default_rng(0)
Q = np.linalg.qr(RNG.normal(size=(6, 6)))[0]
A = Q @ np.diag(np.logspace(-3, 1, 6)) @ Q.T   # condition number 1e4
CENTER = RNG.normal(size=6)


def bowl(params):
    """A quadratic of value about 1 at its minimum, so its decrease rounds away near it."""
    d = wnp.concatenate([params["a"], params["b"]]) - CENTER
    return 1.0 + 0.5 * wnp.sum(d * wnp.matmul(A, d))


def gradient_norm(params):
    g = wg.grad(bowl)(params)
    return np.sqrt(np.sum(g["a"] ** 2) + np.sum(g["b"] ** 2))


def test_newton_steps_reach_a_gradient_the_objective_cannot_resolve():
    start = {"a": CENTER[:2] + 1e-7, "b": CENTER[2:] - 1e-7}
    # f(start) - f(minimum) is about 1e-14 relative: a decrease test sees almost nothing.
    params, rows, converged = newton_finish(bowl, start, gtol=1e-14)
    assert converged and 1 <= len(rows) <= 3
    assert gradient_norm(params) <= 1e-14
    np.testing.assert_allclose(np.concatenate([params["a"], params["b"]]), CENTER, atol=1e-12)


def test_the_pytree_comes_back_in_its_structure():
    params, _, _ = newton_finish(bowl, {"a": np.zeros(2), "b": np.zeros(4)}, gtol=1e-10)
    assert set(params) == {"a", "b"} and params["a"].shape == (2,) and params["b"].shape == (4,)


def test_no_step_is_taken_where_the_curvature_is_negative():
    start = np.array([1.0, -2.0])
    x, rows, converged = newton_finish(lambda x: -wnp.sum(x ** 2), start, gtol=1e-10)
    assert rows == [] and not converged
    np.testing.assert_array_equal(x, start)


def test_a_fit_that_trust_ncg_leaves_short_is_finished_without_a_warning(monkeypatch):
    # On raw breast_cancer SciPy's trust-ncg stops at |g| about 4e-10 ("A bad approximation
    # caused failure to predict improvement"); the Newton finish takes it below tol = 1e-10.
    finishes = []

    def spy(*args, **kwargs):
        finishes.append(newton_finish(*args, **kwargs))
        return finishes[-1]

    monkeypatch.setattr(base, "newton_finish", spy)
    X, y = load_breast_cancer(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        model = LogisticRegression().fit(X, y)
    [(_, rows, converged)] = finishes
    assert converged and len(rows) >= 1
    assert model.history_["grad_norm"][-1] == rows[-1][1] <= 1e-10
