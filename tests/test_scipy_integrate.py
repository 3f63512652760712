"""wengert.scipy.integrate: odeint and solve_ivp give SciPy's values; their derivatives (adjoint in
reverse mode, sensitivities in forward mode) pass check_grad at order 2 and agree with closed forms."""

import numpy as onp
import pytest
import scipy.integrate as osi

import wengert as wg
import wengert.numpy as wnp
from wengert.scipy.integrate import odeint, solve_ivp

TIGHT = dict(rtol=1e-10, atol=1e-10)


def lotka_volterra(y, t, a, b):
    """Prey y[0], predators y[1]; the rate a is a parameter, b a 2-vector of couplings."""
    return wnp.stack([a * y[0] - b[0] * y[0] * y[1], -y[1] + b[1] * y[0] * y[1]])


def lotka_volterra_tfirst(t, y, a, b):
    return lotka_volterra(y, t, a, b)


Y0, A, B = onp.array([1.0, 0.5]), 1.1, onp.array([0.8, 0.4])


def test_odeint_values_are_scipys_plain_and_traced():
    t = onp.linspace(0.0, 4.0, 6)
    expected = osi.odeint(lotka_volterra, Y0, t, args=(A, B))
    onp.testing.assert_array_equal(odeint(lotka_volterra, Y0, t, args=(A, B)), expected)
    traced, _ = wg.vjp(lambda y0: odeint(lotka_volterra, y0, t, args=(A, B)), Y0)
    onp.testing.assert_array_equal(traced, expected)


# The order-2 checks take every input at once, packed in one vector z = (y0, times, a): one
# argument costs check_grad a quarter of the work of four, and these checks solve ODEs whose
# dynamics hold derivatives of derivatives.


def test_odeint_rules_both_modes_order_2():
    z = onp.concatenate([Y0, [0.0, 0.7, 1.5], [A]])
    wg.check_grad(lambda z: odeint(lotka_volterra, z[:2], z[2:5], args=(z[5], B), **TIGHT), z, eps=1e-4)


def test_solve_ivp_rules_both_modes_order_2():
    z = onp.concatenate([Y0, [0.0, 0.6, 1.5], [A]])
    wg.check_grad(lambda z: solve_ivp(lotka_volterra_tfirst, (z[2], 2.0), z[:2], t_eval=z[3:5],
                                      args=(z[5], B), **TIGHT).y, z, eps=1e-4)


@pytest.mark.parametrize("method", ["RK23", "DOP853", "Radau", "BDF"])
def test_solve_ivp_other_methods_order_1(method):
    tol = dict(rtol=1e-9, atol=1e-9)
    t_eval = onp.array([0.6, 1.5])
    expected = osi.solve_ivp(lotka_volterra_tfirst, (0.0, 2.0), Y0, method=method, t_eval=t_eval,
                             args=(A, B), **tol)
    f = lambda y0, a: solve_ivp(lotka_volterra_tfirst, (0.0, 2.0), y0, method=method,  # noqa: E731
                                t_eval=t_eval, args=(a, B), **tol).y
    onp.testing.assert_array_equal(wg.vjp(f, Y0, A)[0], expected.y)
    wg.check_grad(f, Y0, A, order=1, eps=1e-3, rtol=1e-4)


def test_solve_ivp_result_is_scipys():
    t_eval = onp.linspace(0.0, 3.0, 5)
    expected = osi.solve_ivp(lotka_volterra_tfirst, (0.0, 3.0), Y0, t_eval=t_eval, args=(A, B))
    got, _ = wg.vjp(lambda a: solve_ivp(lotka_volterra_tfirst, (0.0, 3.0), Y0, t_eval=t_eval,
                                        args=(a, B)).y, A)
    onp.testing.assert_array_equal(got, expected.y)
    res = solve_ivp(lotka_volterra_tfirst, (0.0, 3.0), Y0, args=(A, B))   # plain: SciPy's own
    assert res.success and res.y.shape == (2, len(res.t))


def test_solve_ivp_without_t_eval_reports_at_its_steps_and_the_end_time_differentiates():
    def end_prey(t1):
        res = solve_ivp(lotka_volterra_tfirst, (0.0, t1), Y0, args=(A, B), **TIGHT)
        return res.y[0, -1]
    t1 = 3.0
    y_end = osi.solve_ivp(lotka_volterra_tfirst, (0.0, t1), Y0, args=(A, B), **TIGHT).y[:, -1]
    assert wg.grad(end_prey)(t1) == pytest.approx(lotka_volterra(y_end, t1, A, B)[0], rel=1e-12)


def test_exponential_decay_against_the_closed_form():
    """y' = -k y: y(t) = y0 exp(-k t), so every derivative is known exactly."""
    t = onp.array([0.0, 0.5, 2.0])
    f = lambda y0, t, k: odeint(lambda y, s, k: -k * y, y0, t, args=(k,), **TIGHT)[:, 0]  # noqa: E731
    y0, k = onp.array([1.5]), 0.7
    jac = wg.jacobian(f, argnums=(0, 1, 2), mode="rev")(y0, t, k)
    exact = y0 * onp.exp(-k * t)
    onp.testing.assert_allclose(jac[0][:, 0], onp.exp(-k * t), rtol=1e-8)
    onp.testing.assert_allclose(jac[2], -t * exact, rtol=1e-8, atol=1e-12)
    onp.testing.assert_allclose(onp.diag(jac[1])[1:], -k * exact[1:], rtol=1e-8)
    assert jac[1][1, 0] == pytest.approx(k * exact[1], rel=1e-8)    # moving t0 shifts everything
    fwd = wg.jacobian(f, argnums=2, mode="fwd")(y0, t, k)
    onp.testing.assert_allclose(fwd, jac[2], rtol=1e-8, atol=1e-12)


def test_second_derivative_against_the_closed_form():
    k = 0.7
    f = lambda k: odeint(lambda y, s, k: -k * y, onp.array([1.0]), onp.array([0.0, 2.0]),  # noqa: E731
                         args=(k,), **TIGHT)[-1, 0]
    assert wg.grad(wg.grad(f))(k) == pytest.approx(4.0 * onp.exp(-2.0 * k), rel=1e-7)
    assert wg.hessian(f)(k) == pytest.approx(4.0 * onp.exp(-2.0 * k), rel=1e-7)


def test_tfirst_dfun_and_full_output():
    t = onp.linspace(0.0, 2.0, 4)

    def jac(y, t, a, b):
        return onp.array([[a - b[0] * y[1], -b[0] * y[0]], [b[1] * y[1], -1.0 + b[1] * y[0]]])

    y, info = odeint(lotka_volterra, Y0, t, args=(A, B), Dfun=jac, full_output=True)
    y_ref, info_ref = osi.odeint(lotka_volterra, Y0, t, args=(A, B), Dfun=jac, full_output=True)
    onp.testing.assert_array_equal(y, y_ref)
    (y_traced, info_traced), _ = wg.vjp(lambda a: odeint(lotka_volterra, Y0, t, args=(a, B), Dfun=jac,
                                                         full_output=True), A)
    onp.testing.assert_array_equal(y_traced, y_ref)
    assert info_traced["nfe"][-1] == info_ref["nfe"][-1]
    g1 = wg.grad(lambda a: odeint(lotka_volterra_tfirst, Y0, t, args=(a, B), tfirst=True, **TIGHT)[-1, 0])(A)
    g2 = wg.grad(lambda a: odeint(lotka_volterra, Y0, t, args=(a, B), **TIGHT)[-1, 0])(A)
    assert g1 == pytest.approx(g2, rel=1e-12)


def test_what_cannot_be_differentiated_is_refused():
    with pytest.raises(TypeError, match="dense_output and events"):
        wg.grad(lambda a: solve_ivp(lotka_volterra_tfirst, (0.0, 1.0), Y0, args=(a, B),
                                    dense_output=True).y[0, -1])(A)
    with pytest.raises(TypeError, match="each differentiated parameter as an array"):
        wg.grad(lambda a: odeint(lambda y, t, p: -p[0] * y, Y0, onp.array([0.0, 1.0]),
                                 args=((a, 2.0),))[-1, 0])(A)
    with pytest.raises(TypeError, match=r"scipy\.integrate\.quad is not differentiable"):
        from wengert.scipy import integrate
        wg.grad(lambda a: integrate.quad(lambda x: x, 0.0, a)[0])(A)
