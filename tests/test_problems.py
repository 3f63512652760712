"""The test functions: known minima, zero gradients there, correct derivatives everywhere."""

import pickle

import numpy as np
import pytest

import wengert as wg
from wengert import problems

REQUIRED = ["sphere", "ill_conditioned_quadratic", "rosenbrock", "beale", "booth", "matyas",
            "himmelblau", "three_hump_camel", "goldstein_price", "styblinski_tang", "rastrigin",
            "ackley", "levy", "easom", "mccormick"]

# every function once in its default form, the any-dimension ones also in 5-D
ALL = [problems.get(name) for name in problems.names()] + [
    problems.get(name, dim=5) for name in problems.names() if name in problems._VARIABLE_DIM]
IDS = [p.name for p in ALL]


def test_names_include_every_required_function():
    assert set(REQUIRED) <= set(problems.names())


@pytest.mark.parametrize("problem", ALL, ids=IDS)
def test_value_at_every_minimizer_is_f_star(problem):
    for x in problem.x_star:
        assert float(problem.fun(x)) == pytest.approx(problem.f_star, abs=1e-12)


@pytest.mark.parametrize("problem", [p for p in ALL if p.smooth], ids=[p.name for p in ALL
                                                                      if p.smooth])
def test_gradient_vanishes_at_every_minimizer(problem):
    for x in problem.x_star:
        np.testing.assert_allclose(wg.grad(problem.fun)(x), 0.0, atol=1e-12)


@pytest.mark.parametrize("problem", ALL, ids=IDS)
def test_derivatives_match_finite_differences_at_a_random_point(problem):
    x = problem.random_starts(1, seed=1)[0]
    wg.check_grad(problem.fun, x)


@pytest.mark.parametrize("problem", ALL, ids=IDS)
def test_shapes_are_consistent(problem):
    assert problem.x0.shape == (problem.dim,)
    assert problem.x_star.shape[1:] == (problem.dim,)
    assert problem.bounds.shape == (problem.dim, 2)
    assert np.all(problem.bounds[:, 0] < problem.bounds[:, 1])


@pytest.mark.parametrize("problem", ALL, ids=IDS)
def test_minimizers_and_start_lie_inside_the_box(problem):
    for x in np.vstack([problem.x_star, problem.x0]):
        assert np.all((problem.bounds[:, 0] <= x) & (x <= problem.bounds[:, 1]))


@pytest.mark.parametrize("problem", ALL, ids=IDS)
def test_start_is_not_already_optimal(problem):
    assert float(problem.fun(problem.x0)) > problem.f_star + 1e-3


@pytest.mark.parametrize("problem", ALL, ids=IDS)
def test_every_constructor_has_a_docstring_with_a_formula_and_source(problem):
    doc = getattr(problems, problem.family).__doc__
    assert ".. math::" in doc and "Source" in doc


def test_himmelblau_has_four_minimizers():
    assert problems.himmelblau().x_star.shape == (4, 2)


def test_rosenbrock_in_100_dimensions():
    p = problems.get("rosenbrock", dim=100)
    assert (p.name, p.x0[:2].tolist(), float(p.fun(np.ones(100)))) == ("rosenbrock-100d",
                                                                        [-1.2, 1.0], 0.0)


def test_styblinski_tang_minimum_scales_with_dimension():
    assert problems.styblinski_tang(dim=3).f_star == pytest.approx(3 * -39.16616570377142)


def test_ill_conditioned_quadratic_has_the_requested_condition_number():
    p = problems.ill_conditioned_quadratic(dim=4, cond=1e3)
    eigenvalues = np.linalg.eigvalsh(wg.hessian(p.fun)(np.zeros(4)))
    assert eigenvalues.max() / eigenvalues.min() == pytest.approx(1e3)


def test_get_understands_a_dimension_suffix():
    assert problems.get("rastrigin-7d").dim == 7


def test_get_refuses_a_dimension_for_a_2d_function():
    with pytest.raises(ValueError, match="2 dimensions only"):
        problems.get("beale", dim=3)


def test_get_names_the_known_functions_for_an_unknown_one():
    with pytest.raises(ValueError, match="rosenbrock"):
        problems.get("banana")


def test_random_starts_are_reproducible_and_inside_the_box():
    p = problems.mccormick()
    a, b = p.random_starts(50, seed=3), p.random_starts(50, seed=3)
    assert np.array_equal(a, b)
    assert np.all((p.bounds[:, 0] <= a) & (a <= p.bounds[:, 1]))


def test_problems_pickle_with_their_functions():
    p = pickle.loads(pickle.dumps(problems.ill_conditioned_quadratic(dim=3)))
    assert float(p.fun(np.ones(3))) == pytest.approx(float(problems.ill_conditioned_quadratic(
        dim=3).fun(np.ones(3))))


def test_problem_is_reachable_from_the_top_level_package():
    assert wg.problems.get("booth").f_star == 0.0


# ---------------------------------------------------------------- your own objective

def own_loss(x):
    return wg.numpy.sum((x - 1.0) ** 2)


def test_a_problem_needs_only_a_function_and_a_start():
    p = problems.Problem(own_loss, [3.0, -0.5])
    assert (p.name, p.dim, p.f_star, p.x_star.shape) == ("own_loss", 2, None, (0, 2))
    assert repr(p) == "Problem('own_loss', dim=2, f_star=unknown)"


def test_the_default_box_is_x0_plus_minus_the_larger_of_1_and_its_size():
    p = problems.Problem(own_loss, [3.0, -0.5, 0.0])
    assert p.bounds.tolist() == [[0.0, 6.0], [-1.5, 0.5], [-1.0, 1.0]]


def test_the_default_box_stretches_to_hold_the_known_minimizers():
    p = problems.Problem(own_loss, [0.0, 0.0], x_star=[[5.0, -0.5]], f_star=0.0)
    assert p.bounds.tolist() == [[-1.0, 6.0], [-1.5, 1.0]]


def test_the_name_comes_from_the_function_through_partials_and_lambdas():
    import functools
    assert problems.Problem(functools.partial(own_loss), [1.0]).name == "own_loss"
    assert problems.Problem(lambda x: x[0] ** 2, [1.0]).name == "lambda"
    assert problems.Problem(own_loss, [1.0], name="mine").name == "mine"


def test_a_number_is_a_start_with_one_element():
    assert problems.Problem(own_loss, 2.0).x0.tolist() == [2.0]


def test_one_pair_of_bounds_serves_every_coordinate():
    assert problems.Problem(own_loss, [0.0, 0.0, 0.0], bounds=[-2, 2]).bounds.shape == (3, 2)


@pytest.mark.parametrize("kwargs, message", [
    ({"x0": [[1.0, 2.0]]}, "x0 must be a vector"),
    ({"x0": ["a", "b"]}, "x0 must be numbers"),
    ({"x0": [1.0, np.nan]}, "x0 must be finite"),
    ({"x0": [1.0, 2.0], "x_star": [1.0, 2.0, 3.0]}, "x_star has 3 coordinates"),
    ({"x0": [1.0, 2.0], "bounds": [[0, 1], [0, 1], [0, 1]]}, "bounds has 3"),
    ({"x0": [1.0], "bounds": [2.0, 1.0]}, "low < high"),
    ({"x0": [1.0], "f_star": np.inf}, "f_star must be a finite number or None"),
])
def test_a_problem_refuses_what_cannot_be_meant(kwargs, message):
    with pytest.raises(ValueError, match=message):
        problems.Problem(own_loss, **kwargs)


def test_a_problem_needs_a_function():
    with pytest.raises(TypeError, match="fun must be a function"):
        problems.Problem([1.0, 2.0], [1.0, 2.0])
