"""wg.compare refuses bad input with a one-line ValueError, before any run starts."""

import sys

import pytest

import wengert as wg
import wengert.numpy as wnp
from wengert.compare import Comparison, did_you_mean


def bowl(x):
    return wnp.sum(x ** 2)


def raises_at_the_start(x):
    return wnp.sum(x ** 2) / 0.0 if float(wg.raw(x)[0]) == 1.0 else wnp.sum(x ** 2)


def divides_by_zero(x):
    return 1 / 0


@pytest.fixture(autouse=True)
def no_run_may_start(monkeypatch):
    """Any run (tuning or main) fails the test: every refusal must come first."""
    def execute(*args, **kwargs):
        raise AssertionError("a run started before the input was refused")
    # by module object: the attribute wengert.compare is the function, not the package
    monkeypatch.setattr(sys.modules["wengert.compare.comparison"], "execute", execute)


BAD = {
    "unknown method": (dict(methods=["lbfgs"]),
                       r"unknown method 'lbfgs' \(did you mean L-BFGS-B\?\); the methods are: "
                       r"sgd, .*L-BFGS-B"),
    "unknown hyperparameter": (dict(methods=[("a", "adam", {"learning_rate": 0.1})]),
                               r"method 'a': optimizer 'adam' does not take 'learning_rate'; "
                               r"its hyperparameters are: lr, "),
    "not a number": (dict(methods=[("a", "adam", {"lr": "abc"})]),
                     r"method 'a': lr='abc' is not a number"),
    "unknown SciPy option": (dict(methods=[("b", "L-BFGS-B", {"foo": 1})]),
                             r"method 'b': L-BFGS-B does not take foo"),
    "maxiter per method": (dict(methods=[("a", "adam", {"maxiter": 3})]),
                           r"method 'a': maxiter is the same for every method of a comparison"),
    "no starts": (dict(n_starts=0), r"n_starts must be a whole number >= 1; got 0"),
    "negative maxiter": (dict(maxiter=-5), r"maxiter must be a whole number >= 1; got -5"),
    "non-integer maxiter": (dict(maxiter=10.5), r"maxiter must be a whole number >= 1"),
    "zero target": (dict(target=0.0), r"target must be a positive number; got 0.0"),
    "empty lr grid": (dict(lr_grid=()), r"lr_grid must hold positive learning rates"),
    "unknown problem": (dict(problems=["rosenbrok"]),
                        r"unknown problem 'rosenbrok' \(did you mean rosenbrock\?\); the test "
                        r"functions are: "),
    "function without x0": (dict(problems=[bowl]),
                            r"the function 'bowl' needs a start: give x0="),
    "x0 without a function": (dict(problems=["booth"], x0=[1.0, 2.0]),
                              r"x0 is the start of a plain function among the problems"),
    "objective raising at x0": (dict(problems=[divides_by_zero], x0=[1.0]),
                                r"problem 'divides_by_zero': the objective at x0 = \(1\) raises "
                                r"ZeroDivisionError: division by zero$"),
    "vector objective": (dict(problems=[lambda x: x ** 2], x0=[1.0, 2.0]),
                         r"problem 'lambda': the objective at x0 = \(1, 2\) raises TypeError: "
                         r"grad needs a function with a scalar output"),
    "nan at x0": (dict(problems=[lambda x: wnp.sqrt(x[0] - 5.0)], x0=[1.0]),
                  r"the objective at x0 = \(1\) is nan; start where it is finite"),
    "duplicate problems": (dict(problems=["booth", "booth"]), r"problem names must be unique"),
    "duplicate methods": (dict(methods=["adam", ("adam", "sgd", {})]),
                          r"method labels must be unique"),
    "not a problem": (dict(problems=[3]), r"a problem is a test function's name, a Problem or a "
                                          r"function; got 3"),
    "not a method": (dict(methods=[3]), r"a method is a name"),
}


@pytest.mark.parametrize("changes, message", BAD.values(), ids=BAD.keys())
def test_bad_input_is_refused_with_one_line_before_any_run(changes, message):
    kwargs = dict(problems=["booth"], methods=["adam", "L-BFGS-B"], maxiter=10)
    kwargs.update(changes)
    with pytest.raises(ValueError, match=message) as refused:
        wg.compare(**kwargs)
    assert "\n" not in str(refused.value)


def test_the_objective_raising_at_x0_is_chained_for_the_python_user():
    with pytest.raises(ValueError) as refused:
        wg.compare(divides_by_zero, "L-BFGS-B", x0=[1.0])
    assert isinstance(refused.value.__cause__, ZeroDivisionError)


def test_a_method_is_judged_before_any_objective_is_called():
    calls = []

    def counted(x):
        calls.append(x)
        return wnp.sum(x ** 2)

    with pytest.raises(ValueError, match="unknown method"):
        wg.compare(counted, ["lbfgs"], x0=[1.0])
    assert calls == []


def test_a_comparison_is_checked_when_made_and_runs_later():
    comparison = Comparison(["booth"], ["L-BFGS-B"], maxiter=10)
    assert [p.name for p in comparison.problems] == ["booth"]
    assert [m.label for m in comparison.methods] == ["L-BFGS-B"]


@pytest.mark.parametrize("word, expected", [("lbfgs", "L-BFGS-B"), ("ADAM", "adam"),
                                            ("newton_cg", "Newton-CG"), ("rmsprob", "rmsprop")])
def test_did_you_mean_ignores_case_hyphens_and_underscores(word, expected):
    choices = wg.optim.names() + ["L-BFGS-B", "Newton-CG", "BFGS"]
    assert did_you_mean(word, choices) == f" (did you mean {expected}?)"


def test_did_you_mean_says_nothing_when_nothing_is_close():
    assert did_you_mean("banana", ["adam", "L-BFGS-B"]) == ""
