"""wengert.scipy.special: every function's rules against central differences (both modes, order 2),
and its values against SciPy's, on plain and on traced arguments."""

import numpy as onp
import pytest
import scipy.special as osp

import wengert as wg
import wengert.scipy.special as sp

rng = onp.random.default_rng(1)


@pytest.fixture(autouse=True)
def keep_only_what_rules_read(monkeypatch):
    """Slim every array on the tape, so a rule that reads a value it did not declare fails here."""
    monkeypatch.setattr("wengert.reverse._SLIM_SIZE", 0)


def u(lo, hi, n=3):
    return rng.uniform(lo, hi, n)


POS, UNIT, REAL = (0.6, 3.0), (0.1, 0.9), (-2.0, 2.0)

# id, wengert function, SciPy function, constant leading arguments, differentiable arguments' ranges
CASES = [
    ("gamma", sp.gamma, osp.gamma, (), [POS]),
    ("gamma-negative", sp.gamma, osp.gamma, (), [(-1.8, -1.2)]),
    ("gammaln", sp.gammaln, osp.gammaln, (), [POS]),
    ("rgamma", sp.rgamma, osp.rgamma, (), [(-1.8, 3.0)]),
    ("digamma", sp.digamma, osp.digamma, (), [POS]),
    ("psi", sp.psi, osp.psi, (), [POS]),
    ("polygamma-0", sp.polygamma, osp.polygamma, (0,), [POS]),
    ("polygamma-2", sp.polygamma, osp.polygamma, (2,), [POS]),
    ("beta", sp.beta, osp.beta, (), [POS, POS]),
    ("betaln", sp.betaln, osp.betaln, (), [POS, POS]),
    ("betainc", sp.betainc, osp.betainc, (), [POS, POS, UNIT]),
    ("betainc-small-shapes", sp.betainc, osp.betainc, (), [(0.3, 0.9), (0.3, 0.9), UNIT]),
    ("betainc-near-one", sp.betainc, osp.betainc, (), [(20.0, 40.0), (0.5, 2.0), (0.9, 0.99)]),
    ("betaincc", sp.betaincc, osp.betaincc, (), [POS, POS, UNIT]),
    ("gammainc", sp.gammainc, osp.gammainc, (), [POS, POS]),
    ("gammainc-fraction", sp.gammainc, osp.gammainc, (), [POS, (5.0, 9.0)]),
    ("gammainc-large-a", sp.gammainc, osp.gammainc, (), [(80.0, 120.0), (80.0, 120.0)]),
    ("gammaincc", sp.gammaincc, osp.gammaincc, (), [POS, POS]),
    ("gammaincc-tail", sp.gammaincc, osp.gammaincc, (), [(0.5, 2.0), (20.0, 30.0)]),
    ("erf", sp.erf, osp.erf, (), [REAL]),
    ("erfc", sp.erfc, osp.erfc, (), [REAL]),
    ("erfinv", sp.erfinv, osp.erfinv, (), [(-0.8, 0.8)]),
    ("erfcinv", sp.erfcinv, osp.erfcinv, (), [(0.2, 1.8)]),
    ("ndtr", sp.ndtr, osp.ndtr, (), [REAL]),
    ("ndtri", sp.ndtri, osp.ndtri, (), [UNIT]),
    ("log_ndtr", sp.log_ndtr, osp.log_ndtr, (), [REAL]),
    ("log_ndtr-tail", sp.log_ndtr, osp.log_ndtr, (), [(-30.0, -10.0)]),
    ("logit", sp.logit, osp.logit, (), [UNIT]),
    ("expit", sp.expit, osp.expit, (), [REAL]),
    ("log_expit", sp.log_expit, osp.log_expit, (), [(-30.0, 30.0)]),
    ("xlogy", sp.xlogy, osp.xlogy, (), [REAL, POS]),
    ("xlog1py", sp.xlog1py, osp.xlog1py, (), [REAL, (-0.5, 2.0)]),
    ("entr", sp.entr, osp.entr, (), [POS]),
    ("rel_entr", sp.rel_entr, osp.rel_entr, (), [POS, POS]),
    ("j0", sp.j0, osp.j0, (), [(-4.0, 4.0)]),
    ("j1", sp.j1, osp.j1, (), [(-4.0, 4.0)]),
    ("jn-0", sp.jn, osp.jn, (0,), [(-4.0, 4.0)]),
    ("jn-3", sp.jn, osp.jn, (3,), [(0.5, 6.0)]),
    ("y0", sp.y0, osp.y0, (), [(0.5, 6.0)]),
    ("y1", sp.y1, osp.y1, (), [(0.5, 6.0)]),
    ("yn-2", sp.yn, osp.yn, (2,), [(0.5, 6.0)]),
    ("i0", sp.i0, osp.i0, (), [REAL]),
    ("i1", sp.i1, osp.i1, (), [REAL]),
    ("iv-half", sp.iv, osp.iv, (0.5,), [POS]),
    ("iv-2", sp.iv, osp.iv, (2,), [REAL]),
    ("ive-1.5", sp.ive, osp.ive, (1.5,), [POS]),
    ("ive-integer-negative-x", sp.ive, osp.ive, (1,), [(-3.0, -0.5)]),
    ("kv-0", sp.kv, osp.kv, (0,), [POS]),
    ("kv-2.5", sp.kv, osp.kv, (2.5,), [POS]),
]


def _point(ranges):
    return [u(lo, hi) for lo, hi in ranges]


@pytest.mark.parametrize("name, f, ref, consts, ranges", CASES, ids=[c[0] for c in CASES])
def test_rules(name, f, ref, consts, ranges):
    wg.check_grad(lambda *xs: f(*consts, *xs), *_point(ranges))


@pytest.mark.parametrize("name, f, ref, consts, ranges", CASES, ids=[c[0] for c in CASES])
def test_values_are_scipys_plain_and_traced(name, f, ref, consts, ranges):
    xs = _point(ranges)
    expected = ref(*consts, *xs)
    onp.testing.assert_allclose(f(*consts, *xs), expected, rtol=1e-14)
    traced, _ = wg.vjp(lambda *x: f(*consts, *x), *xs)
    onp.testing.assert_allclose(traced, expected, rtol=1e-14)


def test_broadcasting_between_arguments():
    a, b = u(0.5, 2.0, 3), u(0.5, 2.0, 1)
    wg.check_grad(lambda a, b: sp.betaln(a[:, None], b * onp.ones((2, 1, 1))), a, b)
    wg.check_grad(lambda x: sp.jn(onp.array([[0], [1], [2]]), x), u(0.5, 3.0, 4))


def test_multigammaln():
    a = u(1.5, 4.0)
    wg.check_grad(lambda a: sp.multigammaln(a, 3), a)
    onp.testing.assert_allclose(sp.multigammaln(a, 3), osp.multigammaln(a, 3), rtol=1e-14)
    with pytest.raises(ValueError, match="greater than"):
        sp.multigammaln(onp.array([0.4]), 3)


@pytest.mark.parametrize("axis, keepdims", [(None, False), (0, False), (1, True), ((0, 1), False)])
def test_logsumexp_axes(axis, keepdims):
    a = rng.standard_normal((2, 3))
    f = lambda a: sp.logsumexp(a, axis=axis, keepdims=keepdims)  # noqa: E731
    wg.check_grad(f, a)
    onp.testing.assert_allclose(f(a), osp.logsumexp(a, axis=axis, keepdims=keepdims), rtol=1e-14)


@pytest.mark.parametrize("axis", [None, 1])
def test_logsumexp_weights_differentiate_in_a_and_b(axis):
    a, b = rng.standard_normal((2, 3)), u(0.5, 2.0, 3)
    f = lambda a, b: sp.logsumexp(a, axis=axis, b=b)  # noqa: E731
    wg.check_grad(f, a, b)
    onp.testing.assert_allclose(f(a, b), osp.logsumexp(a, axis=axis, b=b), rtol=1e-14)


def test_logsumexp_return_sign_with_a_negative_sum():
    a, b = onp.array([1.0, 2.0, 0.5]), onp.array([1.0, -2.0, 0.3])
    out, sign = sp.logsumexp(a, b=b, return_sign=True)
    ref_out, ref_sign = osp.logsumexp(a, b=b, return_sign=True)
    assert sign == ref_sign == -1.0
    onp.testing.assert_allclose(out, ref_out, rtol=1e-14)
    wg.check_grad(lambda a, b: sp.logsumexp(a, b=b, return_sign=True)[0], a, b)
    g = wg.grad(lambda b: sp.logsumexp(a, b=b, return_sign=True)[0])(b)
    onp.testing.assert_allclose(g, onp.exp(a) / onp.sum(b * onp.exp(a)), rtol=1e-12)
    assert onp.isnan(sp.logsumexp(a, b=b)) and onp.isnan(osp.logsumexp(a, b=b))


@pytest.mark.parametrize("f, ref", [(sp.softmax, osp.softmax), (sp.log_softmax, osp.log_softmax)])
def test_softmax(f, ref):
    x = rng.standard_normal((2, 3))
    wg.check_grad(lambda x: f(x, axis=1), x)
    onp.testing.assert_allclose(f(x, axis=1), ref(x, axis=1), rtol=1e-14)


def test_gammasgn_carries_no_derivative():
    x = onp.array([-1.5, -0.5, 2.0])
    onp.testing.assert_array_equal(sp.gammasgn(x), osp.gammasgn(x))
    g = wg.grad(lambda x: wg.numpy.sum(sp.gammasgn(x) * sp.gammaln(x)))(x)
    onp.testing.assert_allclose(g, osp.gammasgn(x) * osp.digamma(x), rtol=1e-14)


def test_shape_derivatives_of_incomplete_functions_against_closed_forms():
    # at a = 1: dP/da = -exp(-x) log x - E1(x) - euler_gamma exp(-x), on both sides of x = a + 1
    x = onp.array([0.3, 1.5, 2.5, 7.0])
    g = wg.jacobian(lambda a: sp.gammainc(a, x), mode="fwd")(1.0)
    exact = -onp.exp(-x) * onp.log(x) - osp.exp1(x) - onp.euler_gamma * onp.exp(-x)
    onp.testing.assert_allclose(g, exact, rtol=1e-12)
    # I_x(a, 1) = x^a: d/da = x^a log x, d2/da2 = x^a log(x)^2
    x = onp.array([0.2, 0.7, 0.95])
    da = wg.grad(lambda a: wg.numpy.sum(sp.betainc(a, 1.0, x)))(2.5)
    assert da == pytest.approx(onp.sum(x ** 2.5 * onp.log(x)), rel=1e-12)
    d2 = wg.grad(wg.grad(lambda a: wg.numpy.sum(sp.betainc(a, 1.0, x))))(2.5)
    assert d2 == pytest.approx(onp.sum(x ** 2.5 * onp.log(x) ** 2), rel=1e-10)


def test_third_derivative_of_gammaln_is_polygamma_2():
    d3 = wg.grad(wg.grad(wg.grad(sp.gammaln)))(1.7)
    assert d3 == pytest.approx(osp.polygamma(2, 1.7), rel=1e-14)


@pytest.mark.parametrize("call, argname", [
    (lambda n: sp.polygamma(n, 1.5), "n"), (lambda n: sp.jn(n, 1.5), "n"), (lambda n: sp.yn(n, 1.5), "n"),
    (lambda v: sp.iv(v, 1.5), "v"), (lambda v: sp.kv(v, 1.5), "v"), (lambda v: sp.ive(v, 1.5), "v"),
    (lambda d: sp.multigammaln(3.0, d), "d")])
def test_an_argument_without_a_derivative_says_so_when_traced(call, argname):
    with pytest.raises(TypeError, match=f"not differentiable in its argument '{argname}'"):
        wg.grad(call)(2.0)


def test_an_uncovered_function_names_itself_and_its_relative():
    assert sp.loggamma(2.5) == osp.loggamma(2.5)   # plain values pass through
    with pytest.raises(TypeError, match=r"scipy\.special\.loggamma is not differentiable.*gammaln is covered"):
        wg.grad(lambda x: sp.loggamma(x))(2.0)
    with pytest.raises(TypeError, match=r"scipy\.special\.hyp2f1 is not differentiable.*Not covered yet"):
        wg.grad(lambda x: sp.hyp2f1(1.0, 2.0, 3.0, x))(0.5)


def test_a_function_without_a_derivative_by_nature_accepts_traced_values():
    g = wg.grad(lambda x: sp.round(x) * x)(2.3)
    assert g == 2.0


HALF = (0.5, 3.0)
MORE_CASES = [
    ("expm1", sp.expm1, osp.expm1, (), [REAL]), ("log1p", sp.log1p, osp.log1p, (), [(-0.5, 2.0)]),
    ("cbrt", sp.cbrt, osp.cbrt, (), [HALF]), ("exp2", sp.exp2, osp.exp2, (), [REAL]),
    ("exp10", sp.exp10, osp.exp10, (), [(-1.0, 1.0)]), ("cosm1", sp.cosm1, osp.cosm1, (), [REAL]),
    ("powm1", sp.powm1, osp.powm1, (), [HALF, REAL]), ("softplus", sp.softplus, osp.softplus, (), [REAL]),
    ("sindg", sp.sindg, osp.sindg, (), [(-80.0, 80.0)]), ("cosdg", sp.cosdg, osp.cosdg, (), [(-80.0, 80.0)]),
    ("tandg", sp.tandg, osp.tandg, (), [(-60.0, 60.0)]), ("cotdg", sp.cotdg, osp.cotdg, (), [(20.0, 80.0)]),
    ("radian", sp.radian, osp.radian, (), [REAL, REAL, REAL]),
    ("kl_div", sp.kl_div, osp.kl_div, (), [POS, POS]),
    ("huber", sp.huber, osp.huber, (), [(1.0, 2.0), (-3.0, 3.0)]),
    ("pseudo_huber", sp.pseudo_huber, osp.pseudo_huber, (), [POS, REAL]),
    ("poch", sp.poch, osp.poch, (), [POS, POS]), ("binom", sp.binom, osp.binom, (), [(3.0, 6.0), POS]),
    ("erfcx", sp.erfcx, osp.erfcx, (), [REAL]), ("erfi", sp.erfi, osp.erfi, (), [REAL]),
    ("dawsn", sp.dawsn, osp.dawsn, (), [REAL]), ("expi", sp.expi, osp.expi, (), [HALF]),
    ("exp1", sp.exp1, osp.exp1, (), [HALF]), ("expn-3", sp.expn, osp.expn, (3,), [HALF]),
    ("jv-1.5", sp.jv, osp.jv, (1.5,), [HALF]), ("yv-0.5", sp.yv, osp.yv, (0.5,), [HALF]),
    ("jve-2.5", sp.jve, osp.jve, (2.5,), [HALF]), ("yve-1", sp.yve, osp.yve, (1.0,), [HALF]),
    ("i0e", sp.i0e, osp.i0e, (), [REAL]), ("i1e", sp.i1e, osp.i1e, (), [REAL]),
    ("k0", sp.k0, osp.k0, (), [HALF]), ("k1", sp.k1, osp.k1, (), [HALF]),
    ("k0e", sp.k0e, osp.k0e, (), [HALF]), ("k1e", sp.k1e, osp.k1e, (), [HALF]),
    ("kn-2", sp.kn, osp.kn, (2,), [HALF]), ("kve-1.5", sp.kve, osp.kve, (1.5,), [HALF]),
]


@pytest.mark.parametrize("name, f, ref, consts, ranges", MORE_CASES, ids=[c[0] for c in MORE_CASES])
def test_more_rules(name, f, ref, consts, ranges):
    test_rules(name, f, ref, consts, ranges)


@pytest.mark.parametrize("name, f, ref, consts, ranges", MORE_CASES, ids=[c[0] for c in MORE_CASES])
def test_more_values_are_scipys(name, f, ref, consts, ranges):
    test_values_are_scipys_plain_and_traced(name, f, ref, consts, ranges)
