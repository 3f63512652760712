"""Bad input gets a clear error that says what was wrong and what to do instead."""

import re

import numpy as onp
import pytest

import wengert as wg
import wengert.numpy as np


def test_grad_of_a_vector_output_points_to_jacobian_and_vjp():
    with pytest.raises(TypeError, match="scalar output.*jacobian.*vjp"):
        wg.grad(lambda x: x * 2)(onp.ones(3))


def test_item_assignment_says_to_build_a_new_array():
    def f(x):
        x[0] = 1.0
        return np.sum(x)
    with pytest.raises(TypeError, match="item assignment.*np.where"):
        wg.grad(f)(onp.ones(3))


@pytest.mark.parametrize("op", ["+=", "-=", "*=", "/=", "**=", "@="])
def test_in_place_operators_say_what_to_write_instead(op):
    def f(x):
        y = x * 1.0
        exec(f"y {op} x", {}, {"y": y, "x": x})  # the statement a user would write
        return np.sum(y)
    with pytest.raises(TypeError, match=re.escape(f"write `x = x {op[:-1]} y`")):
        wg.grad(f)(onp.ones(2))


def test_uncovered_numpy_function_on_a_traced_value_is_named():
    with pytest.raises(TypeError, match="numpy.polydiv is not differentiable"):
        wg.grad(lambda x: np.sum(onp.polydiv(x, x)[0]))(onp.ones(4))
    with pytest.raises(TypeError, match="numpy.fmod is not differentiable.*np.remainder is covered too"):
        wg.grad(lambda x: np.sum(np.fmod(x, 3.0)))(onp.ones(4))


def test_uncovered_functions_still_work_on_plain_arrays():
    onp.testing.assert_allclose(np.fmod(onp.array([5.0, -5.0]), 3.0), [2.0, -2.0])


def test_uncovered_ufunc_method_on_a_traced_value_is_named():
    with pytest.raises(TypeError, match="numpy.add.reduce"):
        wg.grad(lambda x: onp.add.reduce(x))(onp.ones(3))


def test_converting_a_traced_value_to_a_plain_array_is_refused():
    with pytest.raises(TypeError, match="cannot become a plain NumPy array"):
        wg.grad(lambda x: np.sum(onp.asarray(x)))(onp.ones(3))


def test_float_of_a_traced_value_is_refused():
    with pytest.raises(TypeError, match="float\\(\\) of a traced value"):
        wg.grad(lambda x: float(x) * x)(2.0)


@pytest.mark.parametrize("bad", [True, onp.array([True, False])])
def test_boolean_arguments_are_refused(bad):
    with pytest.raises(TypeError, match="boolean"):
        wg.grad(lambda x: np.sum(x * 1.0))(bad)


def test_string_argument_is_refused():
    with pytest.raises(TypeError, match="cannot be differentiated"):
        wg.grad(lambda x: x)("abc")


@pytest.mark.parametrize("argnums", [2, -3, (0, 5), 1.0])
def test_argnums_out_of_range(argnums):
    with pytest.raises(ValueError, match="argnums.*out of range.*valid argnums are 0..1"):
        wg.grad(lambda a, b: a * b, argnums=argnums)(1.0, 2.0)


def test_jvp_needs_tangents_shaped_like_primals():
    with pytest.raises(ValueError, match="shape"):
        wg.jvp(np.sin, (onp.ones(3),), (onp.ones(2),))
    with pytest.raises(ValueError, match="one tangent per primal"):
        wg.jvp(np.sin, (1.0,), (1.0, 2.0))


def test_check_grad_rejects_unknown_modes():
    with pytest.raises(ValueError, match="modes"):
        wg.check_grad(np.sin, 1.0, modes=("backward",))
