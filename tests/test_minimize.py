"""wengert.minimize: every method through one entry point, exact derivatives, nothing lost."""

import math

import numpy as np
import pytest
import scipy.optimize

import wengert as wg
import wengert.numpy as wnp
from wengert.minimize import FTOL_WINDOW
from wengert.optim import schedules


def rosen(x):
    return wnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


X0 = np.array([-1.2, 1.0])


class Counting:
    """Wraps an objective and counts its calls (each call is one forward pass)."""

    def __init__(self, fun):
        self.fun, self.calls = fun, 0

    def __call__(self, *args):
        self.calls += 1
        return self.fun(*args)


# -- reaching the minimum -------------------------------------------------------------


@pytest.mark.parametrize("method", ["L-BFGS-B", "BFGS", "CG", "Newton-CG", "trust-ncg",
                                    "trust-exact", "trust-krylov", "dogleg", "SLSQP"])
def test_scipy_method_reaches_the_rosenbrock_minimum(method):
    res = wg.minimize(rosen, X0, method=method)
    assert res.success, res.message
    np.testing.assert_allclose(res.x, [1.0, 1.0], atol=2e-4)


def test_adam_reaches_the_rosenbrock_minimum():
    res = wg.minimize(rosen, X0, method="adam", lr=schedules.cosine(0.05, 1500, 1e-4),
                      betas=(0.9, 0.99), maxiter=1500)
    np.testing.assert_allclose(res.x, [1.0, 1.0], atol=1e-5)


def test_lbfgsb_takes_the_same_steps_as_scipy_with_handwritten_derivatives():
    ours = wg.minimize(rosen, X0, method="L-BFGS-B")
    theirs = scipy.optimize.minimize(scipy.optimize.rosen, X0, jac=scipy.optimize.rosen_der,
                                     method="L-BFGS-B")
    assert (ours.nit, ours.nfev) == (theirs.nit, theirs.nfev)
    np.testing.assert_allclose(ours.x, theirs.x, rtol=1e-10)


def test_the_default_method_is_lbfgsb():
    default, named = wg.minimize(rosen, X0), wg.minimize(rosen, X0, method="L-BFGS-B")
    assert default.success and (default.nit, default.nfev) == (named.nit, named.nfev)
    np.testing.assert_array_equal(default.x, named.x)


def test_the_default_solves_an_ordinary_50_dimensional_problem():
    # adam with lr=1e-3, the old default, stopped here at 1000 iterations with success=False
    res = wg.minimize(rosen, np.tile(X0, 25))
    assert res.success and res.nit < 1000
    np.testing.assert_allclose(res.x, 1.0, atol=1e-4)


def test_lowercase_scipy_names_are_accepted():
    assert wg.minimize(rosen, X0, method="l-bfgs-b").success


def test_a_list_of_numbers_is_an_array_as_in_scipy():
    res = wg.minimize(rosen, [-1.2, 1.0], method="BFGS")
    assert isinstance(res.x, np.ndarray) and res.x.shape == (2,)


def test_extra_args_reach_fun():
    res = wg.minimize(lambda x, c: wnp.sum((x - c) ** 2), np.zeros(3), "BFGS",
                      args=(np.array([1.0, 2.0, 3.0]),))
    np.testing.assert_allclose(res.x, [1.0, 2.0, 3.0], atol=1e-6)


def test_an_optimizer_instance_is_a_method():
    res = wg.minimize(lambda x: wnp.sum(x**2), np.ones(2), wg.optim.SGD(lr=0.25), maxiter=5)
    np.testing.assert_allclose(res.x, 0.5**5 * np.ones(2))


def test_optimizer_names_take_hyperparameters_as_keywords():
    res = wg.minimize(lambda x: x**2, 1.0, "nesterov", lr=0.1, momentum=0.5, maxiter=1)
    assert res.x == pytest.approx(1.0 - 0.1 * (2.0 + 0.5 * 2.0))


def test_import_of_the_module_keeps_minimize_callable():
    import wengert.minimize  # noqa: F401 (binds the package attribute to the module)
    assert wg.minimize(rosen, X0, method="BFGS").success


# -- exact derivatives, one pass per point --------------------------------------------


def test_each_point_is_evaluated_once_for_fun_and_jac():
    fun = Counting(rosen)
    res = wg.minimize(fun, X0, method="BFGS", jit=False)
    assert fun.calls == res.nfev == res.njev


def test_jit_calls_the_objective_once_a_run_to_trace_it():
    fun = Counting(rosen)
    res = wg.minimize(fun, X0, method="BFGS")
    eager = wg.minimize(rosen, X0, method="BFGS", jit=False)
    assert fun.calls == 1 and res.nfev == res.njev == eager.nfev


def test_newton_cg_gets_hessian_vector_products():
    res = wg.minimize(rosen, X0, method="Newton-CG")
    assert res.nhev > 0


def test_hessian_vector_products_are_exact():
    fun = Counting(rosen)
    res = wg.minimize(fun, X0, method="trust-ncg")
    expected = scipy.optimize.minimize(scipy.optimize.rosen, X0, jac=scipy.optimize.rosen_der,
                                       hessp=scipy.optimize.rosen_hess_prod, method="trust-ncg")
    assert res.nit == expected.nit
    np.testing.assert_allclose(res.x, expected.x, rtol=1e-10)


def test_trust_exact_gets_the_exact_hessian():
    res = wg.minimize(rosen, X0, method="trust-exact")
    expected = scipy.optimize.minimize(scipy.optimize.rosen, X0, jac=scipy.optimize.rosen_der,
                                       hess=scipy.optimize.rosen_hess, method="trust-exact")
    assert res.nit == expected.nit
    np.testing.assert_allclose(res.x, expected.x, rtol=1e-10)


def test_derivative_free_methods_do_not_differentiate():
    fun = Counting(rosen)
    res = wg.minimize(fun, X0, method="Nelder-Mead", jit=False)
    assert res.njev == 0 and res.jac is None and fun.calls == res.nfev


# -- pytrees ----------------------------------------------------------------------------


def bowl(p):
    return wnp.sum((p["w"] - np.array([1.0, -2.0])) ** 2) + (p["b"] - 3.0) ** 2


P0 = {"w": np.zeros(2), "b": 0.0}


@pytest.mark.parametrize("method", ["L-BFGS-B", "trust-exact", "Newton-CG"])
def test_pytree_x0_comes_back_in_the_same_structure(method):
    res = wg.minimize(bowl, P0, method=method)
    assert set(res.x) == {"w", "b"} and isinstance(res.x["b"], float)
    np.testing.assert_allclose(res.x["w"], [1.0, -2.0], atol=1e-6)
    assert res.x["b"] == pytest.approx(3.0, abs=1e-6)


def test_pytree_jac_has_the_structure_of_x0():
    res = wg.minimize(bowl, P0, method="BFGS", maxiter=1)
    assert res.jac["w"].shape == (2,) and isinstance(res.jac["b"], float)


def test_pytree_x0_works_with_an_optimizer():
    res = wg.minimize(bowl, P0, method="adam", lr=0.1, maxiter=500)
    np.testing.assert_allclose(res.x["w"], [1.0, -2.0], atol=1e-3)


def test_nested_pytree_keeps_array_shapes():
    x0 = [np.zeros((2, 2)), (np.ones(3), 2.0)]

    def fun(p):
        return wnp.sum(p[0] ** 2) + wnp.sum(p[1][0] ** 2) + p[1][1] ** 2

    res = wg.minimize(fun, x0, method="L-BFGS-B")
    assert res.x[0].shape == (2, 2) and res.x[1][0].shape == (3,)
    assert isinstance(res.x, list) and isinstance(res.x[1], tuple)


# -- stopping ---------------------------------------------------------------------------


def test_maxiter_ends_an_optimizer_run_unsuccessfully():
    res = wg.minimize(rosen, X0, "adam", lr=1e-3, maxiter=7)
    assert (res.nit, res.success, res.status) == (7, False, 1)
    assert "maximum number of iterations" in res.message


def test_maxiter_is_passed_to_scipy():
    assert wg.minimize(rosen, X0, "BFGS", maxiter=3).nit == 3


def test_maxiter_is_enforced_for_tnc_which_counts_evaluations_instead():
    res = wg.minimize(rosen, X0, "TNC", maxiter=4)
    assert res.nit == 4 and not res.success


def test_gtol_stops_an_optimizer_successfully():
    res = wg.minimize(lambda x: wnp.sum(x**2), np.ones(3), "sgd", lr=0.1, gtol=1e-3)
    assert res.success and res.status == 0
    assert res.history["grad_norm"][-1] <= 1e-3 < res.history["grad_norm"][-2]


def test_gtol_already_met_at_x0_takes_no_iteration():
    res = wg.minimize(lambda x: wnp.sum(x**2), np.zeros(2), "adam", gtol=1e-8)
    assert res.success and res.nit == 0


def test_gtol_is_checked_for_scipy_methods_without_their_own():
    res = wg.minimize(rosen, X0, "SLSQP", gtol=1e-1)
    assert res.success and "gtol" in res.message
    assert res.history["grad_norm"][-1] <= 1e-1


def test_ftol_stops_when_f_stalls_over_the_window():
    res = wg.minimize(lambda x: wnp.sum(x**2), np.ones(2), "sgd", lr=0.01, ftol=0.3)
    f = res.history["fun"]
    assert res.success and "ftol" in res.message
    assert f[-1 - FTOL_WINDOW] - f[-1] <= 0.3 * max(abs(f[-1 - FTOL_WINDOW]), 1.0)
    assert f[-2 - FTOL_WINDOW] - f[-2] > 0.3 * max(abs(f[-2 - FTOL_WINDOW]), 1.0)


def test_time_budget_ends_the_run_with_the_best_point():
    def slow(x):
        import time
        time.sleep(0.002)
        return wnp.sum(x**2)

    # jit=False: compiled, the objective's sleep (a Python side effect) would run once
    res = wg.minimize(slow, np.ones(2), "sgd", lr=0.01, max_time=0.05, maxiter=10**6, jit=False)
    assert not res.success and res.status == 3 and "time budget" in res.message
    assert 0 < res.nit < 100


@pytest.mark.parametrize("method", ["BFGS", "adam", "TNC", "Nelder-Mead"])
def test_callback_stopiteration_ends_the_run(method):
    def callback(intermediate_result):
        if intermediate_result.nit == 3:
            raise StopIteration

    res = wg.minimize(rosen, X0, method, callback=callback)
    assert res.nit == 3 and not res.success and res.status == 99
    assert "StopIteration" in res.message


def test_callback_returning_true_ends_the_run():
    res = wg.minimize(rosen, X0, "L-BFGS-B", callback=lambda intermediate_result: True)
    assert res.nit == 1 and "returned True" in res.message


def test_callback_sees_x_in_the_structure_of_x0_and_f():
    seen = []
    wg.minimize(bowl, P0, "BFGS", maxiter=3, callback=seen.append)
    assert [r.nit for r in seen] == [1, 2, 3]
    assert set(seen[-1].x) == {"w", "b"}
    assert seen[-1].fun == pytest.approx(bowl(seen[-1].x))


# -- nothing lost -----------------------------------------------------------------------


# The objectives below count their calls, a Python side effect that wg.jit runs only
# while tracing: their runs are eager (jit=False).


def nan_after(n, fun):
    """`fun` for the first n calls, then NaN."""
    calls = [0]

    def wrapped(x):
        calls[0] += 1
        return fun(x) if calls[0] <= n else fun(x) * math.nan
    return wrapped


@pytest.mark.parametrize("method", ["L-BFGS-B", "adam"])
def test_nan_objective_ends_the_run_with_the_best_point_seen(method):
    kw = {"lr": 0.01} if method == "adam" else {}
    res = wg.minimize(nan_after(20, rosen), X0, method, jit=False, **kw)
    assert not res.success and res.status == 2 and "nan" in res.message
    assert res.nfev == 21
    assert res.fun == min(res.history["fun"])
    assert res.fun == pytest.approx(float(rosen(res.x)))


def test_infinite_gradient_ends_the_run():
    with np.errstate(divide="ignore"):  # d sqrt(x)/dx = inf at 0
        res = wg.minimize(lambda x: wnp.sum(wnp.sqrt(x)), np.array([1.0, 0.0]), "BFGS")
    assert not res.success and "gradient" in res.message and "inf" in res.message


def test_nan_at_x0_returns_x0():
    res = wg.minimize(lambda x: wnp.sum(x) * math.nan, np.ones(2), "BFGS")
    assert not res.success and res.nit == 0 and math.isnan(res.fun)
    np.testing.assert_array_equal(res.x, np.ones(2))


def interrupt_after(n, fun):
    calls = [0]

    def wrapped(x):
        calls[0] += 1
        if calls[0] > n:
            raise KeyboardInterrupt
        return fun(x)
    return wrapped


@pytest.mark.parametrize("method", ["BFGS", "momentum", "trust-ncg"])
def test_keyboard_interrupt_returns_the_best_point_so_far(method):
    kw = {"lr": 1e-3} if method == "momentum" else {}
    res = wg.minimize(interrupt_after(15, rosen), X0, method, jit=False, **kw)
    assert not res.success and res.status == 4 and "KeyboardInterrupt" in res.message
    assert res.fun < float(rosen(X0)) and res.fun <= min(res.history["fun"])
    assert res.fun == pytest.approx(float(rosen(res.x)))


def test_keyboard_interrupt_keeps_the_evaluations_done():
    res = wg.minimize(interrupt_after(15, rosen), X0, "BFGS", jit=False)
    assert res.nfev == 15 and res.history["nfev"][-1] <= 15


def test_exhausted_adam_returns_the_best_point_not_the_last():
    # A learning rate this large makes Adam overshoot, so the last point is not the best.
    res = wg.minimize(rosen, X0, "adam", lr=0.5, maxiter=50)
    assert res.fun == min(res.history["fun"]) < res.history["fun"][-1]
    assert "best point seen" in res.message


# -- errors before any work ----------------------------------------------------------------


def test_non_finite_x0_is_refused_before_calling_fun():
    fun = Counting(rosen)
    with pytest.raises(ValueError, match="non-finite"):
        wg.minimize(fun, np.array([1.0, np.nan]), "BFGS")
    assert fun.calls == 0


def test_unknown_method_lists_the_valid_names():
    with pytest.raises(ValueError, match="unknown method 'lbfgs'.*'adam'.*'L-BFGS-B'"):
        wg.minimize(rosen, X0, "lbfgs")


def test_non_scalar_objective_is_a_clear_error():
    with pytest.raises(TypeError, match="scalar.*shape \\(2,\\)"):
        wg.minimize(lambda x: x**2, X0, "BFGS")


def test_unknown_scipy_option_is_refused_before_calling_fun():
    fun = Counting(rosen)
    with pytest.raises(ValueError, match="BFGS does not take foo"):
        wg.minimize(fun, X0, "BFGS", options={"foo": 1})
    assert fun.calls == 0


def test_unknown_optimizer_hyperparameter_is_refused():
    with pytest.raises(ValueError, match="'adam' does not take 'momentum'"):
        wg.minimize(rosen, X0, "adam", momentum=0.9)


def test_hyperparameters_for_an_optimizer_instance_are_refused():
    with pytest.raises(ValueError, match="constructor"):
        wg.minimize(rosen, X0, wg.optim.Adam(), lr=0.1)


def test_bounds_for_a_method_without_bounds_are_refused():
    with pytest.raises(ValueError, match="BFGS does not take bounds"):
        wg.minimize(rosen, X0, "BFGS", bounds=[(0, 1), (0, 1)])


def test_gtol_for_a_derivative_free_method_is_refused():
    with pytest.raises(ValueError, match="does not use gradients"):
        wg.minimize(rosen, X0, "Nelder-Mead", gtol=1e-3)


# -- bounds and constraints ----------------------------------------------------------------


def test_bounds_pass_through_to_lbfgsb():
    res = wg.minimize(rosen, X0, "L-BFGS-B", bounds=[(-2, 0.5), (-2, 2)])
    assert res.success and res.x[0] == pytest.approx(0.5)


def test_optimizers_project_onto_bounds():
    res = wg.minimize(lambda x: wnp.sum((x - 3.0) ** 2), np.zeros(2), "adam", lr=0.1,
                      bounds=[(-1, 1), (None, 2)], maxiter=300)
    np.testing.assert_allclose(res.x, [1.0, 2.0])


def test_constraints_pass_through_to_slsqp():
    cons = {"type": "eq", "fun": lambda x: x[0] + x[1] - 1.0}
    res = wg.minimize(lambda x: wnp.sum(x**2), np.array([2.0, 0.0]), "SLSQP",
                      constraints=cons)
    np.testing.assert_allclose(res.x, [0.5, 0.5], atol=1e-6)


# -- the result ------------------------------------------------------------------------------


def test_history_has_one_entry_per_iterate_starting_at_x0():
    res = wg.minimize(rosen, X0, "BFGS")
    h = res.history
    assert len(h["fun"]) == len(h["grad_norm"]) == len(h["time"]) == len(h["x"]) == res.nit + 1
    np.testing.assert_array_equal(h["x"][0], X0)
    assert h["fun"][0] == pytest.approx(24.2)
    assert np.all(np.diff(h["time"]) >= 0)


def test_history_step_size_is_the_distance_between_iterates():
    h = wg.minimize(rosen, X0, "L-BFGS-B").history
    np.testing.assert_allclose(h["step_size"][1:], np.linalg.norm(np.diff(h["x"], axis=0),
                                                                  axis=1))


def test_history_grad_norm_is_the_euclidean_norm_of_the_gradient():
    h = wg.minimize(lambda x: wnp.sum(x**2), np.array([3.0, 4.0]), "sgd", lr=0.25,
                    maxiter=1).history
    np.testing.assert_allclose(h["grad_norm"], [10.0, 5.0])


def test_history_keeps_no_x_for_large_problems():
    res = wg.minimize(lambda x: wnp.sum(x**2), np.ones(1001), "L-BFGS-B")
    assert "x" not in res.history and len(res.history["step_size"]) == res.nit + 1


def test_result_reports_evaluation_counts():
    res = wg.minimize(lambda x: wnp.sum(x**2), np.ones(2), "adam", lr=0.1, maxiter=10)
    assert res.nfev == res.njev == 11 and res.nhev == 0


def test_progress_bar_shows_the_objective(capsys):
    wg.minimize(rosen, X0, "BFGS", progress=True)
    err = capsys.readouterr().err
    assert "BFGS" in err and "f=" in err


def test_docstring_example_runs():
    import doctest
    import importlib
    module = importlib.import_module("wengert.minimize")
    result = doctest.testmod(module)
    assert result.failed == 0 and result.attempted > 0
