"""wengert.models.least_squares: SciPy's arguments and result, the engine's derivatives."""

import warnings

import numpy as np
import pytest
import scipy.optimize
from scipy.sparse.linalg import LinearOperator

import wengert.numpy as wnp
from wengert.models import curve_fit, least_squares
from wengert.models.least_squares import DEFAULT_TOL, Residuals, solve

T = np.linspace(0.0, 4.0, 50)
Y = 2.5 * np.exp(-1.3 * T) + 0.5 + 0.05 * np.random.default_rng(0).standard_normal(T.size)
X0 = np.array([1.0, 1.0, 0.0])


def decay(p):
    return p[0] * wnp.exp(-p[1] * T) + p[2] - Y


def decay_jacobian(p):
    e = np.exp(-p[1] * T)
    return np.column_stack([e, -p[0] * T * e, np.ones_like(T)])


def rosenbrock(x):
    return wnp.array([10.0 * (x[1] - x[0] ** 2), 1.0 - x[0]])


# SciPy's methods -----------------------------------------------------------------------

@pytest.mark.parametrize("method", ["trf", "dogbox", "lm"])
def test_a_scipy_method_takes_the_same_steps_as_scipy_given_the_exact_jacobian(method):
    ours = least_squares(decay, X0, method=method)
    theirs = scipy.optimize.least_squares(decay, X0, jac=decay_jacobian, method=method)
    np.testing.assert_allclose(ours.x, theirs.x, rtol=1e-12)
    assert (ours.nfev, ours.njev, ours.status) == (theirs.nfev, theirs.njev, theirs.status)
    assert ours.method == method and ours.message == theirs.message


def test_a_finite_difference_jac_runs_scipys_differencing():
    ours = least_squares(decay, X0, jac="3-point")
    theirs = scipy.optimize.least_squares(decay, X0, jac="3-point", ftol=DEFAULT_TOL,
                                          xtol=DEFAULT_TOL, gtol=DEFAULT_TOL)
    np.testing.assert_array_equal(ours.x, theirs.x)
    assert ours.method == "trf"


# The default method --------------------------------------------------------------------

def test_the_default_is_geodesic_and_returns_scipys_fields():
    res = least_squares(decay, X0)
    reference = scipy.optimize.least_squares(decay, X0, jac=decay_jacobian, ftol=1e-15,
                                             xtol=1e-15, gtol=1e-15)
    assert res.method == "geodesic" and res.success and res.status in (1, 2, 3, 4)
    np.testing.assert_allclose(res.x, reference.x, rtol=1e-9)
    assert res.cost == pytest.approx(0.5 * np.sum(decay(res.x) ** 2), rel=1e-14)
    np.testing.assert_allclose(res.fun, decay(res.x), rtol=1e-14)
    np.testing.assert_allclose(res.jac, decay_jacobian(res.x), rtol=1e-12)
    np.testing.assert_allclose(res.grad, res.jac.T @ res.fun, rtol=1e-12, atol=1e-15)
    assert res.optimality == pytest.approx(np.max(np.abs(res.grad)))
    assert res.nfev >= res.nit and res.nfvv >= res.nit and res.active_mask.tolist() == [0, 0, 0]


def test_geodesic_solves_rosenbrock_to_rounding():
    res = least_squares(rosenbrock, [-1.2, 1.0])
    np.testing.assert_allclose(res.x, [1.0, 1.0], rtol=1e-14)
    assert res.cost < 1e-28


def test_the_default_tolerances_are_at_rounding_level_and_scipys_stay_scipys():
    tight = least_squares(decay, X0, method="geodesic")
    loose = least_squares(decay, X0, method="geodesic", ftol=1e-8, xtol=1e-8, gtol=1e-8)
    assert DEFAULT_TOL == 1e-15
    assert loose.nfev < tight.nfev
    assert least_squares(decay, X0, method="lm").nfev == \
        scipy.optimize.least_squares(decay, X0, jac=decay_jacobian, method="lm").nfev


def test_with_bounds_the_default_is_trf_with_tight_tolerances():
    bounds = ([0, 0, 0.6], [10, 10, 10])
    res = least_squares(decay, [1.0, 1.0, 1.0], bounds=bounds)
    theirs = scipy.optimize.least_squares(decay, [1.0, 1.0, 1.0], jac=decay_jacobian, ftol=1e-15,
                                          xtol=1e-15, gtol=1e-15, bounds=bounds)
    assert res.method == "trf" and res.x[2] == pytest.approx(0.6)
    np.testing.assert_allclose(res.x, theirs.x, rtol=1e-12)


def test_running_out_of_evaluations_restarts_with_trf_from_x0():
    res = least_squares(rosenbrock, [-1.2, 1.0], max_nfev=3)
    assert "'geodesic' ran out of evaluations" in res.message and res.method in ("geodesic", "trf")
    geodesic = least_squares(rosenbrock, [-1.2, 1.0], method="geodesic", max_nfev=3)
    trf = least_squares(rosenbrock, [-1.2, 1.0], method="trf", max_nfev=3, ftol=DEFAULT_TOL,
                        xtol=DEFAULT_TOL, gtol=DEFAULT_TOL)
    assert res.cost == min(geodesic.cost, trf.cost)
    assert res.nfev == geodesic.nfev + trf.nfev


def test_a_parameter_lost_at_the_end_restarts_with_trf():
    def unused(p):
        return p[0] * T - Y + 0.0 * p[1]

    res = least_squares(unused, [1.0, 1.0])
    assert "lost a parameter" in res.message
    # within sqrt(eps): where the cost is flat, comparing costs cannot place x closer
    assert res.x[0] == pytest.approx(T @ Y / (T @ T), rel=1e-9)


def test_an_explicit_geodesic_does_not_restart():
    res = least_squares(rosenbrock, [-1.2, 1.0], method="geodesic", max_nfev=3)
    assert res.status == 0 and not res.success and res.method == "geodesic"
    assert res.message == "The maximum number of function evaluations is exceeded."
    assert res.cost < 0.5 * np.sum(rosenbrock(np.array([-1.2, 1.0])) ** 2)  # the best point


def test_args_and_kwargs_reach_fun_and_jac():
    def fun(p, t, y=None):
        return p[0] * wnp.exp(-p[1] * t) + p[2] - y

    def jac(p, t, y=None):
        return decay_jacobian(p)

    for method, given in ((None, None), ("trf", jac), ("lm", None)):
        res = least_squares(fun, X0, jac=given, method=method, args=(T,), kwargs={"y": Y})
        np.testing.assert_allclose(res.x, least_squares(decay, X0, method=method).x, rtol=1e-9)


def test_fixed_scales_are_taken():
    res = least_squares(decay, X0, method="geodesic", x_scale=[1.0, 1.0, 1.0])
    np.testing.assert_allclose(res.x, least_squares(decay, X0).x, rtol=1e-9)


# The derivatives -----------------------------------------------------------------------

def test_forward_mode_for_tall_jacobians_reverse_for_wide_ones():
    tall = Residuals(decay, X0)
    wide = Residuals(lambda p: wnp.array([p[0] + p[1] ** 2 + p[2] * p[3]]), np.ones(4))
    assert (tall.mode, wide.mode) == ("fwd", "rev")
    np.testing.assert_allclose(tall.jacobian(X0), decay_jacobian(X0), rtol=1e-14)
    np.testing.assert_allclose(wide.jacobian(np.array([1.0, 2.0, 3.0, 4.0])), [[1, 4, 4, 3]])


def test_the_second_directional_derivative_is_exact():
    residuals = Residuals(decay, X0)
    x, v = np.array([2.0, 0.7, 0.3]), np.array([0.3, -0.2, 1.0])
    # d2/dt2 of (a + t va) exp(-(k + t vk) T) at t = 0
    e = np.exp(-x[1] * T)
    expected = (-2 * v[0] * v[1] * T + x[0] * v[1] ** 2 * T ** 2) * e
    np.testing.assert_allclose(residuals.second_derivative(x, v, None, None), expected,
                               rtol=1e-13, atol=1e-15)


def test_with_a_hand_written_jacobian_the_second_derivative_is_a_difference():
    plain = Residuals(lambda p: p[0] * np.exp(-p[1] * T) + p[2] - Y, X0, jac=decay_jacobian)
    exact = Residuals(decay, X0)
    x, v = np.array([2.0, 0.7, 0.3]), np.array([0.03, -0.02, 0.1])
    approx = plain.second_derivative(x, v, plain(x), decay_jacobian(x))
    np.testing.assert_allclose(approx, exact.second_derivative(x, v, None, None), atol=1e-4)
    assert least_squares(plain.fun, X0, jac=decay_jacobian).x == pytest.approx(
        least_squares(decay, X0).x, rel=1e-9)


def test_an_lsmr_solver_gets_the_jacobian_as_an_operator_of_sweeps():
    res = least_squares(decay, X0, tr_solver="lsmr")
    assert isinstance(res.jac, LinearOperator) and res.method == "trf"
    np.testing.assert_allclose(res.x, least_squares(decay, X0).x, rtol=1e-7)
    v, u = np.array([0.5, -1.0, 2.0]), np.linspace(-1.0, 1.0, T.size)
    J = decay_jacobian(res.x)
    np.testing.assert_allclose(res.jac.matvec(v), J @ v, rtol=1e-12)
    np.testing.assert_allclose(res.jac.rmatvec(u), J.T @ u, rtol=1e-12, atol=1e-14)


def test_a_large_problem_is_solved_without_forming_its_jacobian(monkeypatch):
    monkeypatch.setattr(solve, "OPERATOR_ABOVE", 100)  # 150 entries is "large" now
    res = least_squares(decay, X0)
    assert isinstance(res.jac, LinearOperator) and res.method == "trf" and res.success
    popt, pcov = curve_fit(lambda t, a, k, c: a * wnp.exp(-k * t) + c, T, Y, p0=X0)
    np.testing.assert_allclose(popt, res.x, rtol=1e-7)
    assert pcov.shape == (3, 3) and np.all(np.isfinite(pcov))


# Endings -------------------------------------------------------------------------------

@pytest.mark.parametrize("method", [None, "trf"])
def test_ctrl_c_ends_the_run_with_the_best_point_so_far(method):
    calls = []

    def interrupted(p):
        calls.append(1)
        if len(calls) == 40:
            raise KeyboardInterrupt
        return rosenbrock(p)

    res = least_squares(interrupted, [-1.2, 1.0], method=method)
    assert res.status == -3 and not res.success and "KeyboardInterrupt" in res.message
    assert res.cost < 0.5 * np.sum(rosenbrock(np.array([-1.2, 1.0])) ** 2)
    assert res.cost == pytest.approx(0.5 * np.sum(rosenbrock(res.x) ** 2))


def test_a_callback_sees_each_iteration_and_can_stop_the_run():
    seen = []

    def callback(intermediate_result):
        seen.append(intermediate_result.nit)
        if intermediate_result.nit == 3:
            raise StopIteration

    res = least_squares(rosenbrock, [-1.2, 1.0], callback=callback)
    assert seen == [1, 2, 3] and res.status == -2 and not res.success
    xs = []
    least_squares(rosenbrock, [-1.2, 1.0], callback=lambda x: xs.append(x) or len(xs) == 2)
    assert len(xs) == 2 and xs[0].shape == (2,)


def test_verbose_reports_the_ending(capsys):
    least_squares(rosenbrock, [-1.2, 1.0], verbose=2)
    out = capsys.readouterr().out
    assert "cost" in out and "termination condition is satisfied" in out


# Bad input -----------------------------------------------------------------------------

@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # NumPy's, from the log
def test_residuals_that_are_nan_at_x0_are_refused_naming_the_first():
    def half_defined(p):
        return wnp.log(p[0] * (T - 1.0)) - Y

    with pytest.raises(ValueError, match=r"not finite at the start: fun\(x0\)\[0\] is nan "
                                         r"\(the first of 13\)"):
        least_squares(half_defined, [1.0])


@pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")  # NumPy's, from the sqrt
def test_a_model_that_is_nan_at_p0_is_refused_naming_the_data_point():
    def model(t, a):
        return wnp.sqrt(a - t)

    with pytest.raises(ValueError, match=r"f\(xdata, \*p0\)\[37\] is nan .*xdata\[\.\.\., 37\]"):
        curve_fit(model, T, Y, p0=[3.0])


def test_a_rank_deficient_jacobian_gives_infinite_pcov_and_says_why():
    def model(t, a, b):
        return (a + b) * t  # only a + b is determined

    with pytest.warns(scipy.optimize.OptimizeWarning,
                      match=r"rank 1 for 2 parameters: moving popt along \[0.71, -0.71\]"):
        popt, pcov = curve_fit(model, T, 2.0 * T, p0=[1.0, 0.5])
    assert np.all(np.isinf(pcov)) and popt.sum() == pytest.approx(2.0)


@pytest.mark.parametrize("call, match", [
    (lambda: least_squares(decay, X0, bounds=([0, 2, 0], 10)), r"x0\[1\] = 1.0 lies outside"),
    (lambda: curve_fit(lambda t, a, k, c: a * wnp.exp(-k * t) + c, T, Y, p0=X0,
                       bounds=([0, 0, 1], 10)), r"p0\[2\] = 0.0 lies outside its bounds"),
    (lambda: least_squares(decay, X0, bounds=([0, 5, 0], [1, 5, 1])), r"x\[1\] are \[5.0, 5.0\]"),
])
def test_bounds_that_exclude_the_start_are_refused(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("call, match", [
    (lambda: least_squares(decay, np.ones((3, 1))), r"x0 must be a 1-D array"),
    (lambda: least_squares(lambda p: wnp.reshape(decay(p), (5, 10)), X0), r"shape \(5, 10\)"),
    (lambda: least_squares(decay, X0, bounds=(np.zeros(2), 10)), r"lower bounds have shape \(2,\)"),
    (lambda: least_squares(decay, X0, jac=lambda p: np.ones((3, 3))), r"jac\(x\) has shape"),
    (lambda: least_squares(decay, X0, method="geodesic", x_scale=[1.0, -1.0, 1.0]), "x_scale"),
    (lambda: curve_fit(lambda t, a: a * t[:10], T, Y, p0=[1.0]), r"shape \(10,\), but ydata"),
    (lambda: curve_fit(lambda t, a, k: a * t + k, T, Y, p0=[1.0, 1.0, 1.0]),
     r"p0 has 3 values, but f takes 2 parameters after x \(a, k\)"),
])
def test_shapes_that_disagree_are_refused(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_geodesic_refuses_what_it_cannot_do():
    with pytest.raises(ValueError, match="'geodesic' does not take bounds, loss='huber'"):
        least_squares(decay, X0, method="geodesic", bounds=(-10, 10), loss="huber")
    with pytest.raises(ValueError, match="method must be one of"):
        least_squares(decay, X0, method="levenberg")


def test_curve_fits_failure_carries_the_best_point():
    model = lambda t, a, k, c: a * wnp.exp(-k * t) + c  # noqa: E731
    with pytest.raises(RuntimeError, match="Optimal parameters not found") as info:
        curve_fit(model, T, Y, p0=X0, method="geodesic", max_nfev=3)
    assert info.value.result.cost < 0.5 * np.sum((model(T, *X0) - Y) ** 2)


def test_a_well_posed_fit_warns_of_nothing():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = least_squares(lambda p: wnp.exp(p[0] * T) - Y, [5.0])
    reference = scipy.optimize.least_squares(lambda p: np.exp(p[0] * T) - Y, [5.0], ftol=1e-15,
                                             xtol=1e-15, gtol=1e-15, max_nfev=1000)
    # a large-residual fit: stopping on the cost (ftol) places x to about sqrt(ftol)
    assert res.success and res.x[0] == pytest.approx(reference.x[0], rel=1e-7)


def test_a_sum_of_squares_that_overflows_at_x0_is_refused():
    with pytest.raises(ValueError, match=r"overflows at the start: fun\(x0\)\[49\] is 5.22e\+173"):
        least_squares(lambda p: wnp.exp(p[0] * T) - Y, [100.0])
