"""Complex numbers and dtypes through the transforms (API.md section 1: autograd's and JAX's
convention; float32 in, float32 out; integers promoted to float64)."""

import numpy as onp
import pytest

import wengert as wg
import wengert.numpy as np

rng = onp.random.default_rng(3)
z0 = onp.array([1.0 + 2.0j, -0.5 + 0.3j])


def _by_parts(f, z, h=1e-6):
    """df/dx - i df/dy of a real f, by central differences."""
    out = []
    for e in onp.eye(len(z)):
        dx = (f(z + h * e) - f(z - h * e)) / (2 * h)
        dy = (f(z + 1j * h * e) - f(z - 1j * h * e)) / (2 * h)
        out.append(dx - 1j * dy)
    return onp.array(out)


def test_grad_of_a_real_function_of_complex_inputs_is_df_dx_minus_i_df_dy():
    f = lambda z: np.sum(np.abs(z) ** 2 + np.real(np.sin(z) * np.conj(z)))
    g = wg.grad(f)(z0)
    assert g.dtype == complex
    onp.testing.assert_allclose(g, _by_parts(f, z0), rtol=1e-7)
    onp.testing.assert_allclose(wg.grad(lambda z: np.sum(np.abs(z) ** 2))(z0), 2 * onp.conj(z0))


def test_descending_along_the_conjugate_gradient_lowers_a_real_function():
    f = lambda z: np.sum(np.abs(z - (1 - 1j)) ** 2)
    z = z0.copy()
    for _ in range(50):
        z = z - 0.1 * onp.conj(wg.grad(f)(z))
    onp.testing.assert_allclose(z, [1 - 1j, 1 - 1j], atol=1e-4)


def test_grad_of_a_holomorphic_function_is_its_complex_derivative():
    assert onp.isclose(wg.grad(np.sin)(1 + 1j), onp.cos(1 + 1j))
    assert onp.isclose(wg.grad(lambda z: z ** 3)(0.5 - 2j), 3 * (0.5 - 2j) ** 2)


@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_jacobian_of_a_holomorphic_function_is_df_dz_in_both_modes(mode):
    jac = wg.jacobian(lambda z: np.exp(z) * z[::-1], mode=mode)(z0)
    expected = onp.diag(onp.exp(z0) * z0[::-1]) + onp.exp(z0)[:, None] * onp.eye(2)[::-1]
    onp.testing.assert_allclose(jac, expected, rtol=1e-12)


@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_jacobian_of_a_real_function_of_complex_inputs_matches_grad(mode):
    f = lambda z: np.abs(z) ** 2 * np.angle(z)
    jac = wg.jacobian(f, mode=mode)(z0)
    for k in range(2):
        onp.testing.assert_allclose(jac[k], wg.grad(lambda z: f(z)[k])(z0), rtol=1e-12)


@pytest.mark.parametrize("mode", ["rev", "fwd"])
def test_jacobian_of_a_complex_function_of_a_real_input_is_df_dx(mode):
    x = onp.array([0.3, -1.2])
    jac = wg.jacobian(lambda x: np.exp(1j * x) * x, mode=mode)(x)
    onp.testing.assert_allclose(jac, onp.diag(onp.exp(1j * x) * (1 + 1j * x)), rtol=1e-12)


def test_jvp_and_vjp_of_a_non_holomorphic_function_pair_by_the_real_part():
    f = lambda z: np.conj(z) * z[::-1] + np.abs(z)
    t = rng.standard_normal(2) + 1j * rng.standard_normal(2)
    u = rng.standard_normal(2) + 1j * rng.standard_normal(2)
    out, tangent = wg.jvp(f, (z0,), (t,))
    _, vjp_fn = wg.vjp(f, z0)
    h = 1e-6
    numeric = (f(z0 + h * t) - f(z0 - h * t)) / (2 * h)
    onp.testing.assert_allclose(tangent, numeric, rtol=1e-7)
    assert onp.isclose(onp.sum(u * tangent).real, onp.sum(vjp_fn(u)[0] * t).real)


def test_hvp_of_a_real_function_of_complex_inputs():
    f = lambda z: np.sum(np.abs(z) ** 4 + np.real(z) * np.imag(z) ** 2)
    v = onp.array([0.4 - 1j, 2 + 0.5j])
    hv = wg.hvp(f)(z0, v)
    expected = _by_parts(lambda z: wg.jvp(f, (z,), (v,))[1], z0)
    onp.testing.assert_allclose(hv, expected, rtol=1e-6)


def test_a_complex_tangent_for_a_real_primal_is_refused():
    with pytest.raises(ValueError, match="tangent 0 is complex, but its primal is real"):
        wg.jvp(np.sin, (onp.ones(2),), (onp.ones(2) * 1j,))


@pytest.mark.parametrize("f", [lambda x: np.sum(x ** 2), lambda x: np.sum(x[1:] ** 2) + x[0],
                               lambda x: np.sum(np.take(x, [0, 0, 2]) * 2.0),
                               lambda x: np.max(x) + np.linalg.norm(x)])
def test_float32_inputs_get_float32_gradients(f):
    x = onp.array([1.0, -2.0, 3.0], dtype=onp.float32)
    g = wg.grad(f)(x)
    assert g.dtype == onp.float32
    onp.testing.assert_allclose(g, wg.grad(f)(x.astype(float)), rtol=1e-6)


def test_float32_tangents_and_complex64_gradients_keep_their_dtype():
    x = onp.ones(3, onp.float32)
    assert wg.jvp(lambda x: np.sin(x) * 2.0, (x,), (x,))[1].dtype == onp.float32
    assert wg.grad(lambda z: np.sum(np.abs(z) ** 2))(x.astype(onp.complex64)).dtype == onp.complex64


def test_integer_inputs_are_promoted_to_float64():
    g = wg.grad(lambda x: np.sum(x ** 2))(onp.array([1, 2, 3]))
    assert g.dtype == onp.float64 and list(g) == [2.0, 4.0, 6.0]


def test_astype_casts_between_float32_and_float64_and_to_int_without_derivative():
    f = lambda x: np.sum(x.astype(np.float32).astype(np.float64) ** 2) + np.sum(x.astype(int))
    g = wg.grad(f)(onp.array([1.5, 2.5]))
    assert g.dtype == onp.float64
    onp.testing.assert_allclose(g, [3.0, 5.0])
    seen = []
    wg.grad(lambda x: seen.append(x.astype(int)) or x)(onp.array([2.7]))
    assert type(seen[0]) is onp.ndarray and seen[0].dtype.kind == "i"


# -- no NaN where a subgradient exists ----------------------------------------------------
@pytest.mark.parametrize("f, x, expected", [
    (lambda x: np.linalg.norm(x), onp.zeros(3), onp.zeros(3)),
    (lambda x: np.linalg.norm(x, 3), onp.zeros(3), onp.zeros(3)),
    (lambda x: np.linalg.norm(x, "nuc") + np.linalg.norm(x, "fro"), onp.zeros((2, 2)), None),
    (lambda x: x ** 0, 0.0, 0.0),
    (lambda x: np.sum(x ** 0.0), onp.array([0.0, 2.0]), onp.zeros(2)),
    (lambda x: np.std(x), onp.full(3, 2.0), onp.zeros(3)),
    (lambda x: np.std(x), onp.array([2.0]), onp.zeros(1)),
    (lambda x: np.var(x), onp.full(3, 2.0), onp.zeros(3)),
    (lambda x: np.var(x), onp.array([2.0]), onp.zeros(1)),
    (lambda x: np.abs(x), 0.0, 0.0),
    (lambda x: np.sum(np.abs(x)), onp.zeros(2, complex), onp.zeros(2, complex)),
    (lambda x: np.maximum(x, 1.0), 1.0, 0.5),
    (lambda x: np.clip(x, 0.0, 1.0), 1.0, 1.0),
])
def test_no_nan_at_a_kink(f, x, expected):
    g = wg.grad(f)(x)
    assert not onp.any(onp.isnan(g))
    if expected is not None:
        onp.testing.assert_array_equal(g, expected)
    assert not onp.any(onp.isnan(wg.hessian(f)(x) if onp.ndim(x) < 2 else 0.0))
