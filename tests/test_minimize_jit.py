"""wg.minimize(jit=True), the default, and wg.compare's runs: compiled by wg.jit, same results as eager."""

import warnings

import numpy as np
import pytest

import wengert as wg
import wengert.numpy as wnp
from wengert.compare import process_pool
from wengert.jit import EagerFallback
from wengert.minimize import evaluation


def rosen(x):
    return wnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


X0 = np.array([-1.2, 1.0, 0.5, -0.3])

METHODS = ["L-BFGS-B", "BFGS", "CG", "Newton-CG", "trust-ncg", "trust-krylov", "trust-exact",
           "dogleg", "TNC", "SLSQP", "trust-constr", "Nelder-Mead", "adam", "sgd"]
HYPER = {"adam": {"lr": 0.05}, "sgd": {"lr": 1e-3}}


def both(fun, x0, method, **kwargs):
    """The run with jit=True (no EagerFallback allowed) and with jit=False."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", EagerFallback)
        compiled = wg.minimize(fun, x0, method, jit=True, **kwargs)
    return compiled, wg.minimize(fun, x0, method, jit=False, **kwargs)


def fallbacks(caught):
    return [w for w in caught if issubclass(w.category, EagerFallback)]


def assert_same_run(a, b):
    """Same iterates, values and counts: jit changes the speed of a run, nothing else."""
    np.testing.assert_array_equal(a.x, b.x)
    assert a.fun == b.fun
    assert (a.nit, a.nfev, a.njev, a.nhev, a.status) == (b.nit, b.nfev, b.njev, b.nhev, b.status)
    np.testing.assert_array_equal(a.history["fun"], b.history["fun"])


# -- same results either way --------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_jit_and_eager_runs_are_the_same_on_rosenbrock(method):
    assert_same_run(*both(rosen, X0, method, maxiter=200, **HYPER.get(method, {})))


@pytest.mark.parametrize("name", ["beale", "himmelblau", "rastrigin", "ackley", "rosenbrock-10d"])
@pytest.mark.parametrize("method", ["L-BFGS-B", "Newton-CG", "trust-exact", "adam"])
def test_jit_and_eager_runs_are_the_same_on_test_functions(name, method):
    problem = wg.problems.get(name)
    assert_same_run(*both(problem.fun, problem.x0, method, maxiter=100,
                          **HYPER.get(method, {})))


def bowl(p):
    return wnp.sum((p["w"] - np.array([1.0, -2.0])) ** 2) + (p["b"] - 3.0) ** 2 \
        + 0.1 * wnp.sum(p["w"] ** 4)


@pytest.mark.parametrize("method", ["L-BFGS-B", "Newton-CG", "trust-exact", "adam"])
def test_a_pytree_x0_gives_the_same_run(method):
    compiled, eager = both(bowl, {"w": np.zeros(2), "b": 0.0}, method, **HYPER.get(method, {}))
    assert compiled.x.keys() == eager.x.keys() and compiled.fun == eager.fun
    np.testing.assert_array_equal(compiled.x["w"], eager.x["w"])
    assert compiled.x["b"] == eager.x["b"] and compiled.nit == eager.nit


def branchy(x):
    """A branch on a traced value, taken both ways during the run: a guard of the program."""
    if x[0] > 0:
        return rosen(x) + x[0] ** 2
    return rosen(x) - x[0] ** 3


@pytest.mark.parametrize("method", ["L-BFGS-B", "Newton-CG"])
def test_a_data_dependent_branch_gives_the_eager_result(method):
    compiled, eager = both(branchy, np.array([-1.2, 1.0]), method)
    assert_same_run(compiled, eager)
    assert eager.history["x"][0, 0] < 0 < eager.x[0]  # both branches were taken


def test_extra_args_are_inputs_of_the_program_read_at_every_call():
    """An array among `args` changed during the run (here by the callback) is seen, as eagerly."""
    def run(jit):
        target = np.array([1.0, 2.0])

        def move(intermediate_result):
            if intermediate_result.nit == 5:
                target[:] = [-3.0, 0.5]

        return wg.minimize(lambda x, t, k: wnp.sum((x - t) ** 2) * k, np.zeros(2), "adam",
                           args=(target, 2.0), lr=0.1, maxiter=300, callback=move, jit=jit)

    compiled, eager = run(True), run(False)
    assert_same_run(compiled, eager)
    np.testing.assert_allclose(compiled.x, [-3.0, 0.5], atol=1e-3)


def test_changing_args_between_runs_changes_the_result():
    fun = lambda x, t: wnp.sum((x - t) ** 2)  # noqa: E731
    for target in ([1.0, 2.0], [-4.0, 0.5]):
        res = wg.minimize(fun, np.zeros(2), "BFGS", args=(np.array(target),))
        np.testing.assert_allclose(res.x, target, atol=1e-6)


def test_the_callback_sees_the_counts_so_far():
    seen = []
    res = wg.minimize(rosen, X0, "Newton-CG", callback=lambda r: seen.append(
        (r.nfev, r.njev, r.nhev)))
    assert seen[-1][0] <= res.nfev and seen[-1][2] <= res.nhev
    assert all(a <= b for a, b in zip(seen, seen[1:]))


# -- what wg.jit cannot compile runs eagerly, with one warning ---------------------------------


def leaky(x):
    """Writes each point into a plain array: a Python side effect wg.jit detects."""
    leaky.last[:] = wg.raw(x)
    return rosen(x)


leaky.last = np.zeros(2)


def floaty(x):
    """Calls float() on a traced value."""
    scale = 1.0 if float(wg.raw(x)[0]) < 1e6 else 2.0
    return scale * rosen(x)


@pytest.mark.parametrize("fun", [leaky, floaty])
@pytest.mark.parametrize("method", ["L-BFGS-B", "Newton-CG", "trust-exact", "Nelder-Mead",
                                    "adam"])
def test_an_objective_jit_cannot_compile_runs_eagerly_with_one_warning(fun, method):
    x0 = np.array([-1.2, 1.0])
    kw = dict(HYPER.get(method, {}), maxiter=300)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        compiled = wg.minimize(fun, x0, method, **kw)
    eager = wg.minimize(fun, x0, method, jit=False, **kw)
    assert len(fallbacks(caught)) == 1
    assert_same_run(compiled, eager)


def test_a_detected_side_effect_happens_at_every_evaluation():
    with pytest.warns(EagerFallback):
        res = wg.minimize(leaky, np.array([-1.2, 1.0]), "adam", lr=0.05, maxiter=50)
    np.testing.assert_array_equal(leaky.last, res.history["x"][-1])  # the last point evaluated


def test_levy_runs_and_gives_the_eager_result():
    """Levy's compiled gradient once raised TypeError (a wg.jit bug); the run must not fail."""
    problem = wg.problems.get("levy")
    for method in ("L-BFGS-B", "Newton-CG", "trust-exact"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            compiled = wg.minimize(problem.fun, problem.x0, method, maxiter=50)
        assert len(fallbacks(caught)) <= 1
        assert_same_run(compiled, wg.minimize(problem.fun, problem.x0, method, maxiter=50,
                                              jit=False))


class _Failing:
    """Stands in for wg.jit: the program it compiles raises after its first call."""

    def __init__(self, fun):
        self.fun, self.calls, self.warned, self.__name__ = fun, 0, False, "failing"

    def __call__(self, *args):
        self.calls += 1
        if self.calls > 1:
            raise RuntimeError("a broken program")
        return self.fun(*args)


def test_a_compiled_program_that_raises_is_replaced_by_the_engine(monkeypatch):
    monkeypatch.setattr(evaluation, "_jit", _Failing)
    with pytest.warns(EagerFallback, match="RuntimeError: a broken program") as caught:
        compiled = wg.minimize(rosen, X0, "Newton-CG")
    assert len(fallbacks(caught)) == 1
    assert_same_run(compiled, wg.minimize(rosen, X0, "Newton-CG", jit=False))


def test_an_error_of_the_objective_is_raised_as_eagerly():
    def broken(x):
        raise ZeroDivisionError("the user's own error")

    with pytest.raises(ZeroDivisionError, match="the user's own error"):
        wg.minimize(broken, X0)


def test_a_non_scalar_objective_is_refused_under_jit_too():
    with pytest.raises(TypeError, match="scalar.*shape \\(4,\\)"):
        wg.minimize(lambda x: x ** 2, X0, "BFGS")


@pytest.mark.parametrize("bad", ["yes", 1, None])
def test_jit_must_be_a_bool_and_is_checked_before_any_work(bad):
    calls = []
    with pytest.raises(TypeError, match="jit must be True or False"):
        wg.minimize(lambda x: calls.append(1) or rosen(x), X0, jit=bad)
    assert calls == []


# -- compare -------------------------------------------------------------------------------


def test_compare_runs_are_the_same_with_and_without_jit():
    names = ["L-BFGS-B", "Newton-CG", "trust-exact", "adam"]
    kw = dict(maxiter=60, n_starts=2, tune=False, progress=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error", EagerFallback)
        compiled = wg.compare(["rosenbrock", "beale"], names, **kw)
    eager = wg.compare(["rosenbrock", "beale"], [(m, m, {"jit": False}) for m in names], **kw)
    assert len(compiled) == len(eager) == 16
    for a, b in zip(compiled, eager):
        assert (a.problem, a.method) == (b.problem, b.method)
        np.testing.assert_array_equal(a.fun, b.fun)
        np.testing.assert_array_equal(a.nfev, b.nfev)  # evaluations counted as eagerly
        np.testing.assert_array_equal(a.x, b.x)


def test_compare_warns_once_for_an_objective_jit_cannot_compile():
    with pytest.warns(EagerFallback, match="problem 'floaty' runs eagerly") as caught:
        runs = wg.compare(floaty, ["L-BFGS-B", "Newton-CG", "adam"], x0=[-1.2, 1.0], n_starts=2,
                          maxiter=30, progress=False)
    assert len(fallbacks(caught)) == 1
    eager = wg.compare(floaty, [(m, m, {"jit": False}) for m in ["L-BFGS-B", "Newton-CG", "adam"]],
                       x0=[-1.2, 1.0], n_starts=2, maxiter=30, progress=False)
    for a, b in zip(runs, eager):
        np.testing.assert_array_equal(a.fun, b.fun)


def test_compare_in_spawned_worker_processes_gives_the_serial_numbers():
    """Each worker's minimize compiles its own program: nothing compiled is pickled."""
    kw = dict(maxiter=40, tune=False, progress=False)
    serial = wg.compare(["rosenbrock", "booth"], ["L-BFGS-B", "Newton-CG"], **kw)
    with process_pool(2) as pool:
        pooled = wg.compare(["rosenbrock", "booth"], ["L-BFGS-B", "Newton-CG"], executor=pool,
                            **kw)
    for a, b in zip(serial, pooled):
        np.testing.assert_array_equal(a.fun, b.fun)
        np.testing.assert_array_equal(a.nfev, b.nfev)
