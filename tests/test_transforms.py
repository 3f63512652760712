"""The transforms of API.md section 1: values, structures, modes and orders."""

import math
from collections import namedtuple

import numpy as onp
import pytest

import wengert as wg
import wengert.numpy as np


def seed_function(x1, x2):
    return x1 * x2 + np.sin(x1)


def test_seed_example_gradient_is_exact():
    assert wg.grad(seed_function, argnums=(0, 1))(2.0, 3.0) == (3 + math.cos(2), 2.0)
    assert wg.grad(seed_function, argnums=(0, 1))(2.0, 3.0) == (2.5838531634528574, 2.0)


def test_value_and_grad_returns_the_value_of_the_forward_pass():
    value, g = wg.value_and_grad(seed_function)(2.0, 3.0)
    assert value == 6 + math.sin(2)
    assert g == 3 + math.cos(2)


def test_grad_of_single_argnum_is_not_a_tuple():
    assert wg.grad(seed_function, argnums=1)(2.0, 3.0) == 2.0


def test_negative_argnums_count_from_the_end():
    assert wg.grad(seed_function, argnums=-1)(2.0, 3.0) == 2.0


def test_integer_arguments_are_promoted_to_float():
    assert wg.grad(lambda x: x ** 2)(3) == 6.0
    g = wg.grad(lambda x: np.sum(x ** 2))(onp.array([1, 2]))
    assert g.dtype == onp.float64 and list(g) == [2.0, 4.0]


def test_gradient_has_the_shape_of_the_argument():
    x = onp.arange(6.0).reshape(2, 3)
    assert onp.array_equal(wg.grad(lambda x: np.sum(x * x))(x), 2 * x)


def test_gradient_of_a_dict_argument_is_a_dict():
    params = {"w": onp.array([1.0, 2.0]), "b": 0.5}
    g = wg.grad(lambda p: np.sum(p["w"] ** 2) + 3 * p["b"])(params)
    assert set(g) == {"w", "b"}
    assert onp.array_equal(g["w"], [2.0, 4.0]) and g["b"] == 3.0


def test_gradient_of_nested_lists_tuples_and_namedtuples():
    Pair = namedtuple("Pair", "a b")
    x = [Pair(1.0, onp.array([2.0])), (3.0,)]
    g = wg.grad(lambda t: t[0].a * t[0].b[0] * t[1][0])(x)
    assert isinstance(g, list) and isinstance(g[0], Pair) and isinstance(g[1], tuple)
    assert g[0].a == 6.0 and g[0].b[0] == 3.0 and g[1][0] == 2.0


def test_keyword_arguments_are_passed_through_and_not_differentiated():
    assert wg.grad(lambda x, scale=1.0: scale * x ** 2)(3.0, scale=2.0) == 12.0


def test_output_that_does_not_depend_on_the_input_has_zero_gradient():
    assert wg.grad(lambda x: 5.0)(1.0) == 0.0
    assert onp.array_equal(wg.grad(lambda x: np.sum(np.floor(x)))(onp.array([1.5, 2.5])), [0.0, 0.0])


def test_python_control_flow_follows_the_path_that_ran():
    def f(x):
        for _ in range(3):
            x = np.sin(x) if x > 0 else x ** 2
        return x
    x = 0.5
    expected = math.cos(x) * math.cos(math.sin(x)) * math.cos(math.sin(math.sin(x)))
    assert math.isclose(wg.grad(f)(x), expected, rel_tol=1e-14)


def test_a_value_used_on_many_paths_sums_their_adjoints():
    # z = x*x*x + x: every use of x adds its contribution
    assert wg.grad(lambda x: x * x * x + x)(2.0) == 3 * 4.0 + 1.0


def test_scalar_loop_matches_vectorized_rosenbrock():
    from scipy.optimize import rosen, rosen_der

    def loop(x):
        total = 0.0
        for i in range(len(x) - 1):
            total = total + 100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2
        return total
    x = onp.random.default_rng(1).standard_normal(20)
    value, g = wg.value_and_grad(loop)(x)
    assert math.isclose(value, rosen(x), rel_tol=1e-13)
    onp.testing.assert_allclose(g, rosen_der(x), rtol=1e-12)


def test_plain_numpy_arrays_give_plain_numpy_results():
    y = np.sin(onp.array([0.0, 1.0]))
    assert type(y) is onp.ndarray
    assert type(np.sum(onp.ones(3))) is onp.float64


def test_numpy_functions_called_on_traced_values_dispatch_to_wengert():
    g = wg.grad(lambda x: onp.sum(onp.sin(x)))(onp.array([0.0, 1.0]))
    onp.testing.assert_allclose(g, onp.cos([0.0, 1.0]))


def test_numpy_scalars_and_arrays_on_the_left_of_operators():
    g = wg.grad(lambda x: np.sum(onp.float64(2.0) * x + onp.array([1.0, 2.0]) * x))(onp.ones(2))
    onp.testing.assert_allclose(g, [3.0, 4.0])


def test_vjp_seed_selects_the_combination_of_outputs():
    f = lambda x: np.stack([x[0] * x[1], np.sin(x[0])])  # noqa: E731
    out, vjp_fn = wg.vjp(f, onp.array([2.0, 3.0]))
    onp.testing.assert_allclose(out, [6.0, math.sin(2.0)])
    (ct,) = vjp_fn(onp.array([1.0, 0.0]))
    onp.testing.assert_allclose(ct, [3.0, 2.0])
    (ct,) = vjp_fn(onp.array([1.0, 1.0]))
    onp.testing.assert_allclose(ct, [3.0 + math.cos(2.0), 2.0])


def test_vjp_returns_one_cotangent_per_primal():
    out, vjp_fn = wg.vjp(seed_function, 2.0, 3.0)
    assert vjp_fn(1.0) == (3 + math.cos(2), 2.0)


def test_vjp_rejects_a_cotangent_of_the_wrong_shape():
    _, vjp_fn = wg.vjp(lambda x: x * 2, onp.ones(3))
    with pytest.raises(ValueError, match="shaped like the output"):
        vjp_fn(onp.ones(2))


def test_jvp_pushes_input_seeds_forward():
    out, tangent = wg.jvp(seed_function, (2.0, 3.0), (1.0, 0.0))
    assert out == 6 + math.sin(2) and tangent == 3 + math.cos(2)
    _, tangent = wg.jvp(seed_function, (2.0, 3.0), (0.0, 1.0))
    assert tangent == 2.0


@pytest.mark.parametrize("mode", ["rev", "fwd", "auto"])
def test_jacobian_has_shape_out_plus_in_in_every_mode(mode):
    a = onp.random.default_rng(2).standard_normal((4, 3))
    x = onp.array([0.1, 0.2, 0.3])
    jac = wg.jacobian(lambda x: np.tanh(a @ x), mode=mode)(x)
    expected = (1 - onp.tanh(a @ x) ** 2)[:, None] * a
    assert jac.shape == (4, 3)
    onp.testing.assert_allclose(jac, expected, rtol=1e-13)


def test_jacobian_of_matrix_input_and_output():
    x = onp.arange(4.0).reshape(2, 2)
    jac = wg.jacobian(lambda x: x * 2)(x)
    assert jac.shape == (2, 2, 2, 2)
    onp.testing.assert_allclose(jac.reshape(4, 4), 2 * onp.eye(4))


def test_jacobian_rejects_unknown_mode():
    with pytest.raises(ValueError, match="mode"):
        wg.jacobian(np.sin, mode="sideways")


def test_hessian_of_a_quadratic_form_is_its_symmetric_part():
    a = onp.array([[2.0, 1.0], [0.0, 3.0]])
    h = wg.hessian(lambda x: x @ a @ x)(onp.array([0.5, -1.0]))
    onp.testing.assert_allclose(h, a + a.T)


def test_hessian_of_rosenbrock_matches_scipy():
    from scipy.optimize import rosen_hess

    def rosen(x):
        return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)
    x = onp.array([0.3, -0.7, 1.2, 0.9])
    onp.testing.assert_allclose(wg.hessian(rosen)(x), rosen_hess(x), rtol=1e-12)


def test_hvp_matches_scipy_hess_prod_and_takes_extra_args():
    from scipy.optimize import rosen_hess_prod

    def rosen(x, scale):
        return scale * np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)
    x, v = onp.array([0.3, -0.7, 1.2, 0.9]), onp.array([1.0, 2.0, -1.0, 0.5])
    onp.testing.assert_allclose(wg.hvp(rosen)(x, v, 2.0), 2 * rosen_hess_prod(x, v), rtol=1e-12)


def test_third_derivative_by_nesting_grad():
    d3 = wg.grad(wg.grad(wg.grad(lambda x: np.sin(x) * x)))
    x = 0.7
    assert math.isclose(d3(x), -3 * math.sin(x) - x * math.cos(x), rel_tol=1e-13)


def test_grad_of_a_function_that_takes_a_gradient_inside():
    # d/dy of (d/dx x*y^2 at x) = 2y
    inner = lambda y: wg.grad(lambda x: x * y ** 2)(1.0)  # noqa: E731
    assert wg.grad(inner)(3.0) == 6.0


def test_forward_over_reverse_and_reverse_over_forward_agree():
    f = lambda x: np.sum(np.exp(x) * np.sin(x[::-1]))  # noqa: E731
    x, v = onp.array([0.1, 0.5, -0.3]), onp.array([1.0, -2.0, 0.5])
    fwd_rev = wg.jvp(wg.grad(f), (x,), (v,))[1]
    rev_fwd = wg.grad(lambda x: wg.jvp(f, (x,), (v,))[1])(x)
    onp.testing.assert_allclose(fwd_rev, rev_fwd, rtol=1e-13)


def test_custom_primitive_with_its_own_rules():
    @wg.primitive
    def softplus(x):
        return onp.logaddexp(0.0, x)
    wg.defvjp(softplus, lambda ans, x: lambda g: g * (1 - np.exp(-ans)))
    wg.defjvp(softplus, lambda t, ans, x: t * (1 - np.exp(-ans)))
    wg.check_grad(lambda x: np.sum(softplus(x)), onp.array([-1.0, 0.5, 2.0]))
    assert math.isclose(wg.grad(softplus)(0.0), 0.5)


def test_custom_primitive_without_a_rule_says_how_to_give_one():
    square = wg.primitive(lambda x: x * x)
    with pytest.raises(TypeError, match="defvjp"):
        wg.grad(square)(1.0)
    with pytest.raises(TypeError, match="defjvp"):
        wg.jvp(square, (1.0,), (1.0,))


def test_defvjp_needs_a_primitive():
    with pytest.raises(TypeError, match="wengert.primitive"):
        wg.defvjp(lambda x: x, lambda ans, x: lambda g: g)


def test_unused_nodes_do_not_change_the_gradient():
    def f(x):
        np.exp(x) * 1e300  # computed and dropped
        return x * 2
    assert wg.grad(f)(1.0) == 2.0


def test_large_gradient_accumulates_in_place_without_corrupting_shared_cotangents():
    # add hands the same cotangent to both inputs; summing into one must not touch the other
    def f(x):
        y = x + x
        z = y * 1.0 + y
        return np.sum(z * onp.arange(3.0))
    onp.testing.assert_allclose(wg.grad(f)(onp.ones(3)), 4 * onp.arange(3.0))


def test_second_order_through_indexing_and_a_traced_path_into_one_input():
    # x[::-1]'s cotangent is plain while sin(x)'s is traced: both must add into x's adjoint
    f = lambda x: np.sum(x[::-1] * 2.0) + np.sum(np.sin(x))  # noqa: E731
    x = onp.array([0.1, 0.7, -0.4])
    onp.testing.assert_allclose(wg.hessian(f)(x), onp.diag(-onp.sin(x)), atol=1e-15)
    onp.testing.assert_allclose(wg.grad(lambda x: np.sum(wg.grad(f)(x)))(x), -onp.sin(x), atol=1e-15)


def test_large_arrays_take_the_memory_saving_paths_and_stay_exact():
    # above the size where the tape keeps shape stand-ins and sum's cotangent stays one number
    from scipy.optimize import rosen_der, rosen_hess_prod

    def rosen(x):
        return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)
    x = onp.random.default_rng(3).standard_normal(5000)
    v = onp.random.default_rng(4).standard_normal(5000)
    onp.testing.assert_allclose(wg.grad(rosen)(x), rosen_der(x), rtol=1e-12)
    onp.testing.assert_allclose(wg.hvp(rosen)(x, v), rosen_hess_prod(x, v), rtol=1e-12)
    onp.testing.assert_allclose(wg.grad(lambda x: 3.0 * np.sum(np.sin(x)))(x), 3.0 * onp.cos(x))


def test_reductions_take_lists_of_traced_values():
    x = onp.array([0.5, 1.0, 2.0])
    onp.testing.assert_allclose(wg.grad(lambda x: np.sum([x[i] ** 2 for i in range(3)]))(x), 2 * x)
    onp.testing.assert_allclose(wg.grad(lambda x: np.max((x[0], 3 * x[1])))(x), [0.0, 3.0, 0.0])
    onp.testing.assert_allclose(wg.grad(lambda x: np.prod([x[0], x[2]]))(x), [2.0, 0.0, 0.5])


@pytest.mark.parametrize("axis, keepdims", [(None, False), (None, True), (0, False), (1, True), ((0, 1), False)])
def test_logsumexp_values_match_scipy(axis, keepdims):
    from scipy.special import logsumexp as scipy_logsumexp

    from wengert.scipy.special import logsumexp
    a = onp.random.default_rng(5).standard_normal((3, 4)) * 50
    a[1] = -onp.inf
    a[2, 0] = onp.inf
    ours, theirs = logsumexp(a, axis=axis, keepdims=keepdims), scipy_logsumexp(a, axis=axis, keepdims=keepdims)
    assert onp.shape(ours) == onp.shape(theirs)
    onp.testing.assert_allclose(ours, theirs, rtol=1e-14)


def test_hvp_of_a_pytree_argument():
    f = lambda p: np.sum(p["a"] ** 2 * p["b"])  # noqa: E731
    p = {"a": onp.array([1.0, 2.0]), "b": onp.array([3.0, -1.0])}
    v = {"a": onp.array([1.0, 0.0]), "b": onp.array([0.0, 1.0])}
    hv = wg.hvp(f)(p, v)
    # d2f/da2 = 2b, d2f/dadb = 2a: H v = (2b*va + 2a*vb, 2a*va)
    onp.testing.assert_allclose(hv["a"], [6.0, 4.0])
    onp.testing.assert_allclose(hv["b"], [2.0, 0.0])


def test_vjp_fn_is_not_fooled_by_a_primal_changed_in_place():
    x = onp.array([1.0, 2.0])
    expected = onp.cos(x) * x + onp.sin(x)
    out, vjp_fn = wg.vjp(lambda x: np.sin(x) * x, x)
    x[:] = 5.0
    onp.testing.assert_allclose(vjp_fn(onp.ones(2))[0], expected, rtol=1e-15)
    onp.testing.assert_allclose(out, onp.sin([1.0, 2.0]) * [1.0, 2.0], rtol=1e-15)
