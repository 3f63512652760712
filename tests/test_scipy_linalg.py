"""wengert.scipy.linalg: values against SciPy's, rules against central differences (both modes,
order 2), and the triangle a triangular or symmetric routine reads is the one differentiated."""

import numpy as onp
import pytest
import scipy.linalg as osl

import wengert as wg
import wengert.numpy as wnp
from wengert.scipy import linalg

rng = onp.random.default_rng(4)


@pytest.fixture(autouse=True)
def keep_only_what_rules_read(monkeypatch):
    monkeypatch.setattr("wengert.reverse._SLIM_SIZE", 0)


def _well_conditioned(*shape):
    n = shape[-1]
    return rng.standard_normal(shape) + 3.0 * onp.eye(n)


def _spd(n, batch=()):
    m = rng.standard_normal(batch + (n, n))
    return m @ onp.swapaxes(m, -1, -2) + n * onp.eye(n)


@pytest.mark.parametrize("trans", [0, 1, "T"])
@pytest.mark.parametrize("lower", [False, True])
@pytest.mark.parametrize("unit_diagonal", [False, True])
@pytest.mark.parametrize("b_shape", [(3,), (3, 2)])
def test_solve_triangular(trans, lower, unit_diagonal, b_shape):
    a, b = _well_conditioned(3, 3), rng.standard_normal(b_shape)
    f = lambda a, b: linalg.solve_triangular(a, b, trans=trans, lower=lower,  # noqa: E731
                                             unit_diagonal=unit_diagonal)
    expected = osl.solve_triangular(a, b, trans=trans, lower=lower, unit_diagonal=unit_diagonal)
    onp.testing.assert_allclose(f(a, b), expected, rtol=1e-12)
    wg.check_grad(f, a, b)
    g = wg.grad(lambda a: wnp.sum(f(a, b)))(a)
    unread = onp.triu(onp.ones((3, 3)), 0 if unit_diagonal else 1) if lower else \
        onp.tril(onp.ones((3, 3)), 0 if unit_diagonal else -1)
    assert onp.all(g[unread == 1] == 0.0)


def test_solve_triangular_on_a_stack():
    a, b = _well_conditioned(2, 3, 3), rng.standard_normal((3, 2))
    f = lambda a, b: linalg.solve_triangular(a, b, lower=True)  # noqa: E731
    onp.testing.assert_allclose(f(a, b), osl.solve_triangular(a, b, lower=True), rtol=1e-12)
    wg.check_grad(f, a, b)


@pytest.mark.parametrize("lower", [False, True])
def test_cholesky_reads_one_triangle(lower):
    s = _spd(3)
    other = onp.triu(onp.ones((3, 3)), 1) if lower else onp.tril(onp.ones((3, 3)), -1)
    junk = s + 7.0 * other    # the triangle that is not read holds anything
    onp.testing.assert_allclose(linalg.cholesky(junk, lower=lower), osl.cholesky(junk, lower=lower), rtol=1e-12)
    wg.check_grad(lambda s: linalg.cholesky(s, lower=lower), junk)
    g = wg.grad(lambda s: wnp.sum(linalg.cholesky(s, lower=lower) ** 2))(junk)
    assert onp.all(g[other == 1] == 0.0)


@pytest.mark.parametrize("lower", [False, True])
@pytest.mark.parametrize("b_shape", [(3,), (3, 2)])
def test_cho_factor_and_cho_solve(lower, b_shape):
    s, b = _spd(3), rng.standard_normal(b_shape)
    c, low = linalg.cho_factor(s, lower=lower)
    c_ref, low_ref = osl.cho_factor(s, lower=lower)
    assert low == low_ref
    onp.testing.assert_allclose(c, c_ref, rtol=1e-12)   # the other triangle too: a's entries
    onp.testing.assert_allclose(linalg.cho_solve((c, low), b), osl.cho_solve((c_ref, low), b), rtol=1e-12)
    wg.check_grad(lambda s, b: linalg.cho_solve(linalg.cho_factor(s, lower=lower), b), s, b)
    wg.check_grad(lambda s: linalg.cho_factor(s, lower=lower)[0], s)


@pytest.mark.parametrize("shape", [(3, 3), (2, 3, 3)])
def test_expm(shape):
    a = 0.7 * rng.standard_normal(shape)
    onp.testing.assert_allclose(linalg.expm(a), osl.expm(a), rtol=1e-12)
    wg.check_grad(linalg.expm, a)


def test_expm_frechet():
    a, e = 0.7 * rng.standard_normal((3, 3)), rng.standard_normal((3, 3))
    value, frechet = linalg.expm_frechet(a, e)
    value_ref, frechet_ref = osl.expm_frechet(a, e)
    onp.testing.assert_allclose(value, value_ref, rtol=1e-12)
    onp.testing.assert_allclose(frechet, frechet_ref, rtol=1e-10, atol=1e-12)
    wg.check_grad(lambda a, e: linalg.expm_frechet(a, e, compute_expm=False), a, e)


def test_expm_gradient_is_the_frechet_derivative():
    a, e = 0.7 * rng.standard_normal((3, 3)), rng.standard_normal((3, 3))
    _, tangent = wg.jvp(linalg.expm, (a,), (e,))
    onp.testing.assert_allclose(tangent, osl.expm_frechet(a, e)[1], rtol=1e-10, atol=1e-12)


def test_sqrtm():
    s = _spd(3)
    x = linalg.sqrtm(s)
    onp.testing.assert_allclose(x, osl.sqrtm(s), rtol=1e-12)
    onp.testing.assert_allclose(x @ x, s, rtol=1e-12)
    wg.check_grad(linalg.sqrtm, s)
    nonsymmetric = _well_conditioned(3, 3)   # eigenvalues near 3: a real square root
    wg.check_grad(linalg.sqrtm, nonsymmetric)


def test_sqrtm_refuses_a_complex_root_when_traced():
    with pytest.raises(ValueError, match="complex"):
        wg.grad(lambda a: wnp.sum(linalg.sqrtm(a)))(onp.diag([-1.0, 2.0]) + 0.1)


def test_solve_sylvester():
    a, b, q = _well_conditioned(3, 3), _well_conditioned(2, 2), rng.standard_normal((3, 2))
    x = linalg.solve_sylvester(a, b, q)
    onp.testing.assert_allclose(x, osl.solve_sylvester(a, b, q), rtol=1e-12)
    onp.testing.assert_allclose(a @ x + x @ b, q, atol=1e-12)
    wg.check_grad(linalg.solve_sylvester, a, b, q)


@pytest.mark.parametrize("l_and_u", [(1, 1), (2, 0), (0, 2), (2, 1)])
@pytest.mark.parametrize("b_shape", [(6,), (6, 2)])
def test_solve_banded(l_and_u, b_shape):
    lower, upper = l_and_u
    ab, b = rng.standard_normal((lower + upper + 1, 6)), rng.standard_normal(b_shape)
    ab[upper] += 4.0   # a dominant diagonal
    f = lambda ab, b: linalg.solve_banded(l_and_u, ab, b)  # noqa: E731
    onp.testing.assert_allclose(f(ab, b), osl.solve_banded(l_and_u, ab, b), rtol=1e-12)
    wg.check_grad(f, ab, b)


def test_solve_banded_gradient_matches_the_dense_solve():
    ab, b = rng.standard_normal((3, 5)), rng.standard_normal(5)
    ab[1] += 4.0
    dense = onp.diag(ab[1]) + onp.diag(ab[0, 1:], 1) + onp.diag(ab[2, :-1], -1)
    g_band = wg.grad(lambda ab: wnp.sum(linalg.solve_banded((1, 1), ab, b) ** 2))(ab)
    g_dense = wg.grad(lambda m: wnp.sum(wnp.linalg.solve(m, b) ** 2))(dense)
    onp.testing.assert_allclose(g_band[1], onp.diag(g_dense), rtol=1e-12)
    onp.testing.assert_allclose(g_band[0, 1:], onp.diag(g_dense, 1), rtol=1e-12)
    onp.testing.assert_allclose(g_band[2, :-1], onp.diag(g_dense, -1), rtol=1e-12)
    assert g_band[0, 0] == 0.0 and g_band[2, -1] == 0.0   # storage outside the matrix


def test_block_diag():
    a, b = rng.standard_normal((2, 3)), rng.standard_normal(2)
    onp.testing.assert_array_equal(linalg.block_diag(a, b, 5.0, []), osl.block_diag(a, b, 5.0, []))
    wg.check_grad(lambda a, b: linalg.block_diag(a, b, [[1.0]]), a, b)
    with pytest.raises(ValueError, match="greater than 2"):
        linalg.block_diag(onp.ones((2, 2, 2)))


def test_an_uncovered_linalg_function_names_itself():
    with pytest.raises(TypeError, match=r"scipy\.linalg\.logm is not differentiable"):
        wg.grad(lambda a: wnp.sum(linalg.logm(a)))(_spd(2))


@pytest.mark.parametrize("kw", [{}, {"assume_a": "sym"}, {"assume_a": "pos", "lower": True},
                                {"assume_a": "lower triangular"}, {"assume_a": "diagonal"},
                                {"transposed": True}], ids=str)
def test_solve_reads_what_assume_a_names(kw):
    a = _spd(3) if kw.get("assume_a") == "pos" else _well_conditioned(3, 3)
    b = rng.standard_normal((3, 2))
    traced, _ = wg.vjp(lambda a: linalg.solve(a, b, **kw), a)
    onp.testing.assert_allclose(traced, osl.solve(a, b, **kw), rtol=1e-12)
    wg.check_grad(lambda a, b: linalg.solve(a, b, **kw), a, b)


@pytest.mark.parametrize("name", ["inv", "det", "pinv", "coshm", "sinhm", "tanhm", "eigvalsh"])
def test_matrix_functions_on_wengert_numpy(name):
    a = _spd(3) / 3.0 if name == "eigvalsh" else 0.4 * _well_conditioned(3, 3)
    traced, _ = wg.vjp(getattr(linalg, name), a)
    onp.testing.assert_allclose(traced, getattr(osl, name)(a), rtol=1e-12)
    wg.check_grad(getattr(linalg, name), a)


def test_norm_and_eigh():
    a = _spd(3)
    assert linalg.norm(a, "fro") == pytest.approx(osl.norm(a, "fro"), rel=1e-14)
    wg.check_grad(lambda a: linalg.norm(a, 1, axis=0), a)
    w, v = linalg.eigh(a, lower=False)
    onp.testing.assert_allclose(w, osl.eigh(a, lower=False)[0], rtol=1e-12)
    wg.check_grad(lambda a: linalg.eigh(a, lower=False, eigvals_only=True), a)


def test_solve_continuous_lyapunov():
    a, q = _well_conditioned(3, 3), _spd(3)
    onp.testing.assert_allclose(linalg.solve_continuous_lyapunov(a, q),
                                osl.solve_continuous_lyapunov(a, q), rtol=1e-12)
    wg.check_grad(linalg.solve_continuous_lyapunov, a, q)


@pytest.mark.parametrize("name", ["toeplitz", "hankel"])
def test_toeplitz_and_hankel(name):
    c, r = rng.standard_normal(3), rng.standard_normal(4)
    onp.testing.assert_array_equal(getattr(linalg, name)(c, r), getattr(osl, name)(c, r))
    onp.testing.assert_array_equal(getattr(linalg, name)(c), getattr(osl, name)(c))
    wg.check_grad(lambda c, r: getattr(linalg, name)(c, r), c, r)


def test_circulant_and_khatri_rao():
    c, a, b = rng.standard_normal(4), rng.standard_normal((2, 3)), rng.standard_normal((4, 3))
    onp.testing.assert_array_equal(linalg.circulant(c), osl.circulant(c))
    wg.check_grad(linalg.circulant, c)
    onp.testing.assert_allclose(linalg.khatri_rao(a, b), osl.khatri_rao(a, b), rtol=1e-14)
    wg.check_grad(linalg.khatri_rao, a, b)
