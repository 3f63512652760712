"""wengert.scipy.stats: each distribution's methods differentiate in the data and the parameters
(check_grad, both modes, order 2) and give SciPy's values, inside and outside the support."""

import numpy as onp
import pytest
import scipy.stats as ost

import wengert as wg
import wengert.numpy as wnp
from wengert.scipy import stats

rng = onp.random.default_rng(2)


@pytest.fixture(autouse=True)
def keep_only_what_rules_read(monkeypatch):
    monkeypatch.setattr("wengert.reverse._SLIM_SIZE", 0)


# name, shapes, the data's range (standardized)
CONTINUOUS = [
    ("norm", (), (-2.0, 2.0)),
    ("t", (3.5,), (-2.0, 2.0)),
    ("cauchy", (), (-2.0, 2.0)),
    ("laplace", (), (0.2, 2.0)),
    ("laplace", (), (-2.0, -0.2)),
    ("logistic", (), (-2.0, 2.0)),
    ("gamma", (2.3,), (0.3, 4.0)),
    ("gamma", (0.6,), (1.0, 9.0)),     # the incomplete gamma's continued-fraction side
    ("chi2", (3.0,), (0.3, 4.0)),
    ("expon", (), (0.2, 3.0)),
    ("lognorm", (0.7,), (0.3, 3.0)),
    ("weibull_min", (1.7,), (0.3, 2.0)),
    ("beta", (2.5, 1.5), (0.1, 0.9)),
]
METHODS = ["logpdf", "pdf", "cdf", "logcdf", "sf", "logsf"]
LOC, SCALE = 0.3, 1.7


def _case_id(case):
    return f"{case[0]}-{case[1]}-{case[2][0]}"


def _data(case):
    lo, hi = case[2]
    return LOC + SCALE * rng.uniform(lo, hi, 3)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("case", CONTINUOUS, ids=_case_id)
def test_continuous_rules(case, method):
    name, shapes = case[0], case[1]
    dist = getattr(stats, name)
    wg.check_grad(lambda x, loc, scale, *s: getattr(dist, method)(x, *s, loc=loc, scale=scale),
                  _data(case), LOC, SCALE, *shapes)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("case", CONTINUOUS, ids=_case_id)
def test_continuous_values_are_scipys(case, method):
    name, shapes = case[0], case[1]
    x = onp.concatenate([_data(case), LOC + SCALE * onp.array([-3.0, -0.5, 0.0, 0.5, 1.0, 1.5, 40.0])])
    expected = getattr(getattr(ost, name), method)(x, *shapes, loc=LOC, scale=SCALE)
    got = getattr(getattr(stats, name), method)(x, *shapes, loc=LOC, scale=SCALE)
    onp.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
    traced, _ = wg.vjp(lambda x: getattr(getattr(stats, name), method)(x, *shapes, loc=LOC, scale=SCALE), x)
    onp.testing.assert_allclose(traced, expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("case", CONTINUOUS, ids=_case_id)
def test_outside_the_support_the_derivative_is_zero_not_nan(case, method):
    name, shapes = case[0], case[1]
    x = LOC + SCALE * onp.array([-3.0, 0.5, 40.0])
    g = wg.grad(lambda x: wnp.sum(wnp.where(onp.isfinite(getattr(getattr(stats, name), method)(
        x, *shapes, loc=LOC, scale=SCALE)), getattr(getattr(stats, name), method)(
        x, *shapes, loc=LOC, scale=SCALE), 0.0)))(x)
    assert onp.all(onp.isfinite(g))


# name, shapes, counts, shapes without a derivative
DISCRETE = [
    ("poisson", (2.5,), onp.array([0.0, 1.0, 3.0, 6.0]), ()),
    ("binom", (7, 0.35), onp.array([0.0, 2.0, 3.0, 6.0]), ("n",)),
    ("nbinom", (3.5, 0.4), onp.array([0.0, 2.0, 5.0, 9.0]), ()),
]
DISCRETE_METHODS = ["logpmf", "pmf", "cdf", "logcdf", "sf", "logsf"]


@pytest.mark.parametrize("method", DISCRETE_METHODS)
@pytest.mark.parametrize("case", DISCRETE, ids=[c[0] for c in DISCRETE])
def test_discrete_rules(case, method):
    name, shapes, k, constant = case
    dist = getattr(stats, name)
    free = [i for i, n in enumerate(dist.shapes) if n not in constant]

    def f(*values):
        s = list(shapes)
        for i, v in zip(free, values):
            s[i] = v
        return getattr(dist, method)(k, *s)

    wg.check_grad(f, *[float(shapes[i]) for i in free])


@pytest.mark.parametrize("method", DISCRETE_METHODS)
@pytest.mark.parametrize("case", DISCRETE, ids=[c[0] for c in DISCRETE])
def test_discrete_values_are_scipys(case, method):
    name, shapes = case[0], case[1]
    k = onp.array([-1.0, 0.0, 1.0, 2.5, 3.0, 7.0, 8.0, 30.0])
    for loc in (0, 2):
        expected = getattr(getattr(ost, name), method)(k, *shapes, loc=loc)
        got = getattr(getattr(stats, name), method)(k, *shapes, loc=loc)
        onp.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)


def test_invalid_parameters_give_nan_as_in_scipy():
    x = onp.array([0.5, 1.0])
    for got, expected in [(stats.norm.logpdf(x, 0.0, -1.0), ost.norm.logpdf(x, 0.0, -1.0)),
                          (stats.gamma.cdf(x, -1.0), ost.gamma.cdf(x, -1.0)),
                          (stats.beta.logpdf(x, 0.0, 1.0), ost.beta.logpdf(x, 0.0, 1.0)),
                          (stats.poisson.logpmf([1, 2], -1.0), ost.poisson.logpmf([1, 2], -1.0)),
                          (stats.binom.pmf([1, 2], 3.5, 0.5), ost.binom.pmf([1, 2], 3.5, 0.5))]:
        assert onp.all(onp.isnan(got)) and onp.all(onp.isnan(expected))


def test_lists_are_arrays_as_in_scipy():
    onp.testing.assert_allclose(stats.gamma.logpdf([0.5, 1.5], [2.0, 3.0], scale=[1.0, 2.0]),
                                ost.gamma.logpdf([0.5, 1.5], [2.0, 3.0], scale=[1.0, 2.0]), rtol=1e-14)


def test_shapes_by_name_and_frozen():
    x = onp.array([0.5, 1.5])
    expected = ost.gamma.logpdf(x, 2.0, scale=3.0)
    onp.testing.assert_allclose(stats.gamma.logpdf(x, a=2.0, scale=3.0), expected, rtol=1e-14)
    onp.testing.assert_allclose(stats.gamma(2.0, scale=3.0).logpdf(x), expected, rtol=1e-14)
    g = wg.grad(lambda s: wnp.sum(stats.gamma(2.0, scale=s).logpdf(x)))(3.0)
    assert g == pytest.approx(onp.sum(x / 9.0 - 2.0 / 3.0), rel=1e-12)
    assert stats.gamma(2.0, scale=3.0).mean() == pytest.approx(6.0)   # SciPy's, on plain values
    with pytest.raises(TypeError, match="missing its shape parameter"):
        stats.gamma.logpdf(x)
    with pytest.raises(TypeError, match="unexpected argument 'shape'"):
        stats.gamma.logpdf(x, shape=2.0)


def test_the_t_cdf_at_its_centre_does_not_move_with_df():
    assert wg.grad(lambda df: stats.t.cdf(0.0, df))(3.0) == 0.0
    wg.check_grad(lambda df: stats.t.cdf(onp.array([-1e-3, 1e-3, 40.0]), df), 3.0)


def test_a_tail_far_beyond_underflow_keeps_its_derivative():
    # logcdf of the normal at -40 (the cdf underflows to 0): derivative ~ -z for the Mills ratio
    g = wg.grad(lambda x: stats.norm.logcdf(x))(-40.0)
    assert g == pytest.approx(40.0249, rel=1e-4)
    g = wg.grad(lambda x: stats.logistic.logsf(x))(60.0)
    assert g == pytest.approx(-1.0, rel=1e-12)


@pytest.mark.parametrize("call, argname", [
    (lambda n: stats.binom.logpmf(2, n, 0.3), "n"), (lambda n: stats.binom.cdf(2, n, 0.3), "n"),
    (lambda k: stats.poisson.logpmf(k, 2.0), "k"), (lambda loc: stats.poisson.sf(2, 2.0, loc), "loc")])
def test_a_parameter_without_a_derivative_says_so(call, argname):
    with pytest.raises(TypeError, match=f"not differentiable in its argument '{argname}'"):
        wg.grad(call)(3.0)


def test_uncovered_methods_and_distributions_name_themselves():
    assert stats.norm.ppf(0.5) == 0.0
    assert stats.gumbel_r.logpdf(0.3) == ost.gumbel_r.logpdf(0.3)
    with pytest.raises(TypeError, match=r"scipy\.stats\.norm\.ppf is not differentiable"):
        wg.grad(lambda m: stats.norm.ppf(0.3, m))(1.0)
    with pytest.raises(TypeError, match=r"scipy\.stats\.gumbel_r\.logpdf is not differentiable"):
        wg.grad(lambda x: stats.gumbel_r.logpdf(x))(1.0)
    with pytest.raises(TypeError, match=r"scipy\.stats\.norm\(\.\.\.\)\.ppf is not differentiable"):
        wg.grad(lambda m: stats.norm(m, 1.0).ppf(0.3))(1.0)


# -- multivariate


def _spd(d):
    m = rng.standard_normal((d, d))
    return m @ m.T + d * onp.eye(d)


@pytest.mark.parametrize("x_shape", [(3,), (4, 3), (2, 2, 3)])
def test_multivariate_normal(x_shape):
    x, mean, cov = rng.standard_normal(x_shape), rng.standard_normal(3), _spd(3)
    expected = ost.multivariate_normal.logpdf(x, mean, cov)
    onp.testing.assert_allclose(stats.multivariate_normal.logpdf(x, mean, cov), expected, rtol=1e-12)
    onp.testing.assert_allclose(stats.multivariate_normal(mean, cov).pdf(x),
                                ost.multivariate_normal.pdf(x, mean, cov), rtol=1e-12)
    wg.check_grad(lambda x, m, c: stats.multivariate_normal.logpdf(x, m, c), x, mean, cov)
    wg.check_grad(lambda m, c: stats.multivariate_normal.pdf(x, m, c), mean, cov)


def test_multivariate_normal_scalar_and_diagonal_covariances():
    x = rng.standard_normal((4, 2))
    for cov in (2.5, onp.array([0.5, 2.0])):
        onp.testing.assert_allclose(stats.multivariate_normal.logpdf(x, onp.zeros(2), cov),
                                    ost.multivariate_normal.logpdf(x, onp.zeros(2), cov), rtol=1e-12)
        wg.check_grad(lambda c: stats.multivariate_normal.logpdf(x, onp.zeros(2), c), cov)
    x1 = rng.standard_normal(5)    # one dimension: a 1-d x is five points
    onp.testing.assert_allclose(stats.multivariate_normal.logpdf(x1, 0.5, 2.0),
                                ost.multivariate_normal.logpdf(x1, 0.5, 2.0), rtol=1e-12)


def test_multivariate_normal_reads_the_lower_triangle_of_cov():
    x, cov = rng.standard_normal((4, 3)), _spd(3)
    skewed = onp.tril(cov) + 5.0 * onp.triu(onp.ones((3, 3)), 1)
    onp.testing.assert_allclose(stats.multivariate_normal.logpdf(x, cov=skewed),
                                stats.multivariate_normal.logpdf(x, cov=cov), rtol=1e-12)
    g = wg.grad(lambda c: wnp.sum(stats.multivariate_normal.logpdf(x, cov=c)))(skewed)
    assert onp.all(onp.triu(g, 1) == 0.0)
    wg.check_grad(lambda c: stats.multivariate_normal.logpdf(x, cov=c), skewed)


@pytest.mark.parametrize("x_shape", [(3,), (3, 4)])
def test_dirichlet(x_shape):
    alpha = onp.array([2.5, 3.0, 1.8])   # a point well inside the simplex, for central differences
    x = rng.dirichlet(alpha, size=x_shape[1:] or None).T
    expected = ost.dirichlet.logpdf(x, alpha)
    onp.testing.assert_allclose(stats.dirichlet.logpdf(x, alpha), expected, rtol=1e-12)
    onp.testing.assert_allclose(stats.dirichlet.pdf(x[:-1], alpha), ost.dirichlet.pdf(x, alpha), rtol=1e-12)
    wg.check_grad(lambda x, a: stats.dirichlet.logpdf(x, a), x[:-1], alpha)
    wg.check_grad(lambda x, a: stats.dirichlet.pdf(x, a), x[:-1], alpha)


def test_dirichlet_refuses_a_point_off_the_simplex():
    with pytest.raises(ValueError, match="simplex"):
        stats.dirichlet.logpdf(onp.array([0.5, 0.6, 0.1]), onp.ones(3))
