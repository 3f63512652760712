"""wengert.models.curve_fit: SciPy's curve_fit with the exact Jacobian from the AD engine."""

import warnings

import numpy as np
import pytest
import scipy.optimize

import wengert.numpy as wnp
from wengert.models import curve_fit

# Both solvers stop once a step changes x by less than xtol = 1e-8 (relative), ours
# steered by the exact Jacobian and SciPy's by finite differences, so their answers
# agree to about that tolerance and no further (1.2e-8 apart with SciPy 1.18).
SOLVERS_AGREE = 1e-6


def decay(x, a, k, c):
    return a * wnp.exp(-k * x) + c


def line(x, a, b):
    return a + b * x


@pytest.fixture
def decay_data():
    rng = np.random.default_rng(0)
    x = np.linspace(0.0, 4.0, 50)
    y = decay(x, 2.5, 1.3, 0.5) + 0.05 * rng.standard_normal(x.size)
    return x, y


P0 = [1.0, 1.0, 0.0]


def test_noise_free_data_gives_back_the_true_parameters():
    x = np.linspace(0.0, 4.0, 30)
    popt, _ = curve_fit(decay, x, decay(x, 2.5, 1.3, 0.5), p0=P0)
    np.testing.assert_allclose(popt, [2.5, 1.3, 0.5], rtol=1e-9)


def test_straight_line_pcov_is_the_closed_form_s2_inverse_normal_matrix():
    rng = np.random.default_rng(1)
    x = np.linspace(-1.0, 2.0, 40)
    y = 0.3 + 1.7 * x + 0.1 * rng.standard_normal(x.size)
    popt, pcov = curve_fit(line, x, y, p0=[0.0, 0.0])
    A = np.column_stack([np.ones_like(x), x])
    beta, rss, *_ = np.linalg.lstsq(A, y, rcond=None)
    s2 = rss[0] / (x.size - 2)
    np.testing.assert_allclose(popt, beta, rtol=1e-10)
    np.testing.assert_allclose(pcov, s2 * np.linalg.inv(A.T @ A), rtol=1e-8)


@pytest.mark.parametrize("method", ["trf", "dogbox"])
def test_popt_and_pcov_agree_with_scipy(decay_data, method):
    x, y = decay_data
    popt, pcov = curve_fit(decay, x, y, p0=P0, method=method)
    popt_s, pcov_s = scipy.optimize.curve_fit(decay, x, y, p0=P0, method=method)
    np.testing.assert_allclose(popt, popt_s, rtol=SOLVERS_AGREE)
    np.testing.assert_allclose(pcov, pcov_s, rtol=1e-6)


def test_lm_agrees_with_scipy_lm(decay_data):
    # SciPy's lm takes pcov from MINPACK's last finite-difference Jacobian, which
    # agrees with the exact one at the optimum to about the difference step.
    x, y = decay_data
    popt, pcov = curve_fit(decay, x, y, p0=P0)
    popt_s, pcov_s = scipy.optimize.curve_fit(decay, x, y, p0=P0)
    np.testing.assert_allclose(popt, popt_s, rtol=SOLVERS_AGREE)
    np.testing.assert_allclose(pcov, pcov_s, rtol=1e-5)


def test_lm_needs_fewer_function_evaluations_than_scipy_lm(decay_data):
    x, y = decay_data
    # lm is asked for by name: the default is now least_squares' geodesic method.
    *_, info, _, _ = curve_fit(decay, x, y, p0=P0, method="lm", full_output=True)
    *_, info_s, _, _ = scipy.optimize.curve_fit(decay, x, y, p0=P0, full_output=True)
    # SciPy's lm count includes the 3 extra evaluations of each finite-difference Jacobian.
    assert info["nfev"] == 7 and info_s["nfev"] == 25


def test_trf_evaluates_f_fewer_times_than_scipy_trf(decay_data):
    # least_squares leaves finite-difference calls out of its trf count, so count the calls of f.
    x, y = decay_data
    calls = []

    def counted_decay(x, a, k, c):
        calls.append(1)
        return decay(x, a, k, c)

    *_, info, _, _ = curve_fit(decay, x, y, p0=P0, method="trf", full_output=True)
    scipy.optimize.curve_fit(counted_decay, x, y, p0=P0, method="trf")
    assert info["nfev"] < len(calls)


def test_one_dimensional_sigma_agrees_with_scipy(decay_data):
    x, y = decay_data
    sigma = np.linspace(0.02, 0.2, x.size)
    popt, pcov = curve_fit(decay, x, y, p0=P0, sigma=sigma, method="trf")
    popt_s, pcov_s = scipy.optimize.curve_fit(decay, x, y, p0=P0, sigma=sigma, method="trf")
    np.testing.assert_allclose(popt, popt_s, rtol=SOLVERS_AGREE)
    np.testing.assert_allclose(pcov, pcov_s, rtol=1e-6)


def test_covariance_matrix_sigma_agrees_with_scipy(decay_data):
    x, y = decay_data
    d = np.abs(x[:, None] - x[None, :])
    sigma = 0.05 ** 2 * np.exp(-d / 0.3)
    popt, pcov = curve_fit(decay, x, y, p0=P0, sigma=sigma, method="trf")
    popt_s, pcov_s = scipy.optimize.curve_fit(decay, x, y, p0=P0, sigma=sigma, method="trf")
    np.testing.assert_allclose(popt, popt_s, rtol=SOLVERS_AGREE)
    np.testing.assert_allclose(pcov, pcov_s, rtol=1e-6)


def test_absolute_sigma_false_rescales_pcov_by_the_reduced_chi_square(decay_data):
    x, y = decay_data
    sigma = np.full(x.size, 0.1)
    popt, pcov_abs = curve_fit(decay, x, y, p0=P0, sigma=sigma, absolute_sigma=True)
    _, pcov_rel = curve_fit(decay, x, y, p0=P0, sigma=sigma)
    chisq = np.sum(((y - decay(x, *popt)) / sigma) ** 2)
    np.testing.assert_allclose(pcov_rel, pcov_abs * chisq / (x.size - 3), rtol=1e-9)


def test_bounds_are_respected_and_agree_with_scipy(decay_data):
    x, y = decay_data
    bounds = ([0.0, 0.0, 0.6], [10.0, 10.0, 10.0])  # c is pushed onto its lower bound
    popt, _ = curve_fit(decay, x, y, p0=[1.0, 1.0, 1.0], bounds=bounds)
    popt_s, _ = scipy.optimize.curve_fit(decay, x, y, p0=[1.0, 1.0, 1.0], bounds=bounds)
    assert popt[2] == pytest.approx(0.6)
    np.testing.assert_allclose(popt, popt_s, rtol=1e-6)


def test_p0_none_takes_the_number_of_parameters_from_the_signature():
    x = np.linspace(0.0, 1.0, 10)
    popt, _ = curve_fit(line, x, 2.0 + 3.0 * x)
    np.testing.assert_allclose(popt, [2.0, 3.0], rtol=1e-10)


def test_several_predictors_in_a_k_by_m_xdata():
    def plane(xy, a, b, c):
        return a * xy[0] + b * xy[1] + c

    rng = np.random.default_rng(2)
    xy = rng.uniform(-1.0, 1.0, size=(2, 30))
    popt, _ = curve_fit(plane, xy, plane(xy, 1.5, -2.0, 0.25), p0=[0.0, 0.0, 0.0])
    np.testing.assert_allclose(popt, [1.5, -2.0, 0.25], rtol=1e-10)


def test_full_output_reports_standard_errors_and_r_squared(decay_data):
    x, y = decay_data
    popt, pcov, info, mesg, ier = curve_fit(decay, x, y, p0=P0, full_output=True)
    fit = decay(x, *popt)
    r2 = 1.0 - np.sum((y - fit) ** 2) / np.sum((y - y.mean()) ** 2)
    np.testing.assert_allclose(info["perr"], np.sqrt(np.diag(pcov)))
    assert info["r_squared"] == pytest.approx(r2, rel=1e-12)
    assert info["result"].x == pytest.approx(popt)
    assert isinstance(mesg, str) and ier in (1, 2, 3, 4)


def test_nan_policy_omit_equals_fitting_without_the_nan_points(decay_data):
    x, y = decay_data
    y_nan = y.copy()
    y_nan[[3, 17]] = np.nan
    keep = ~np.isnan(y_nan)
    popt, _ = curve_fit(decay, x, y_nan, p0=P0, nan_policy="omit")
    popt_kept, _ = curve_fit(decay, x[keep], y[keep], p0=P0)
    np.testing.assert_allclose(popt, popt_kept, rtol=1e-12)


def test_nan_in_ydata_is_refused(decay_data):
    x, y = decay_data
    y = y.copy()
    y[0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        curve_fit(decay, x, y, p0=P0)


def test_bounds_with_lm_are_refused(decay_data):
    x, y = decay_data
    with pytest.raises(ValueError, match="'lm' only works for unconstrained"):
        curve_fit(decay, x, y, p0=P0, bounds=(0.0, 10.0), method="lm")


def test_sigma_of_the_wrong_shape_is_refused(decay_data):
    x, y = decay_data
    with pytest.raises(ValueError, match="incorrect shape"):
        curve_fit(decay, x, y, p0=P0, sigma=np.ones(7))


def test_as_many_parameters_as_points_gives_infinite_pcov_with_a_warning():
    x = np.array([0.0, 1.0])
    with pytest.warns(scipy.optimize.OptimizeWarning, match="Covariance"):
        popt, pcov = curve_fit(line, x, np.array([1.0, 3.0]), p0=[0.0, 0.0])
    np.testing.assert_allclose(popt, [1.0, 2.0], atol=1e-10)
    assert np.all(np.isinf(pcov))


def test_a_parameter_the_model_ignores_gives_infinite_pcov_with_lm():
    def model(x, a, unused):
        return a * x

    x = np.linspace(0.0, 1.0, 10)
    with pytest.warns(scipy.optimize.OptimizeWarning):
        _, pcov = curve_fit(model, x, 2.0 * x, p0=[1.0, 1.0])
    assert np.all(np.isinf(pcov))


def test_a_minimize_method_fits_the_sum_of_squares(decay_data):
    pytest.importorskip("wengert.minimize")
    x, y = decay_data
    popt, pcov = curve_fit(decay, x, y, p0=P0, method="BFGS", gtol=1e-6)
    popt_s, pcov_s = scipy.optimize.curve_fit(decay, x, y, p0=P0, method="trf")
    np.testing.assert_allclose(popt, popt_s, rtol=1e-6)
    np.testing.assert_allclose(pcov, pcov_s, rtol=1e-4)


@pytest.mark.filterwarnings("ignore::scipy.optimize.OptimizeWarning")
def test_a_bounded_minimize_method_agrees_with_trf(decay_data):
    x, y = decay_data
    bounds = ([0.0, 0.0, 0.6], [10.0, 10.0, 10.0])
    popt, _ = curve_fit(decay, x, y, p0=[1.0, 1.0, 1.0], bounds=bounds, method="L-BFGS-B")
    popt_trf, _ = curve_fit(decay, x, y, p0=[1.0, 1.0, 1.0], bounds=bounds, method="trf")
    np.testing.assert_allclose(popt, popt_trf, rtol=1e-6)


def test_a_minimize_method_that_runs_out_of_iterations_warns(decay_data):
    x, y = decay_data
    with pytest.warns(scipy.optimize.OptimizeWarning, match="did not report convergence"):
        curve_fit(decay, x, y, p0=P0, method="adam", maxiter=5)


def test_failure_to_converge_raises_like_scipy(decay_data):
    x, y = decay_data
    with pytest.raises(RuntimeError, match="Optimal parameters not found"):
        curve_fit(decay, x, y, p0=P0, method="trf", max_nfev=2)


def test_no_warning_on_a_well_posed_fit(decay_data):
    x, y = decay_data
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        curve_fit(decay, x, y, p0=P0)
