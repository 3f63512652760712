"""Refusing bad input before any work: every check `compare` makes before its first run.

A comparison spends minutes on workers; an unknown method, a hyperparameter
the method does not take, or an objective that fails at its start must be
caught here, in the caller's process, with one line saying what was wrong and
what is accepted -- not as a traceback from a worker's future, after the
learning-rate tuning has already run.
"""

from __future__ import annotations

import difflib
import math
import numbers
import warnings

import numpy as _np

from .. import optim
from ..jit import EagerFallback
from ..jit import jit as _jit
from ..minimize import DERIVATIVE_FREE, SCIPY_METHODS, minimize
from ..problems import Problem, get, names
from ..transforms import value_and_grad
from .methods import DEFAULT_LR, DEFAULT_OPTIONS, FIRST_ORDER, Method, as_method

__all__ = ["as_problems", "as_methods", "check_settings", "check_start", "did_you_mean",
           "first_line"]

# Keywords `compare` itself passes to every run: a method's hyperparameters may not set them.
_SET_BY_COMPARE = ("maxiter", "gtol", "callback")


def did_you_mean(word, choices):
    """`` (did you mean X?)`` for the choice closest to `word`, or ``""``.

    Case, hyphens and underscores are ignored: ``lbfgs`` finds ``L-BFGS-B``.

    >>> did_you_mean("lbfgs", ["adam", "L-BFGS-B", "BFGS"])
    ' (did you mean L-BFGS-B?)'
    """
    def key(text):
        return str(text).lower().replace("-", "").replace("_", "")

    keys = {key(c): c for c in choices}
    close = difflib.get_close_matches(key(word), list(keys), n=1, cutoff=0.6)
    return f" (did you mean {keys[close[0]]}?)" if close else ""


def first_line(error):
    """``"TypeError: what it said"``: an exception as one line, for one-line refusals."""
    said = _said(error)
    return f"{type(error).__name__}: {said}" if said else type(error).__name__


def _said(error):
    """The first line of what an exception says ("" when it says nothing)."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else ""


# ---------------------------------------------------------------- problems

def as_problems(problems, x0=None):
    """The `Problem` list from what `compare` was given; ValueError for what is not one.

    `problems` is a test function's name, a `Problem`, a plain callable
    (started from `x0`), or a list mixing them.
    """
    if isinstance(problems, (str, Problem)) or callable(problems):
        problems = [problems]
    problems = list(problems)
    if not problems:
        raise ValueError("no problems to compare: give a test function's name, a Problem or a "
                         "function (with x0=)")
    plain = [p for p in problems if callable(p) and not isinstance(p, Problem)]
    if x0 is not None and not plain:
        raise ValueError("x0 is the start of a plain function among the problems; a named test "
                         "function or a Problem has its own (Problem(fun, x0) sets it)")
    out = []
    for spec in problems:
        if isinstance(spec, Problem):
            out.append(spec)
        elif isinstance(spec, str):
            out.append(_named(spec))
        elif callable(spec):
            if x0 is None:
                raise ValueError(f"the function {getattr(spec, '__name__', spec)!r} needs a "
                                 "start: give x0=... to compare, or wrap it as Problem(fun, x0)")
            out.append(Problem(spec, x0))
        else:
            raise ValueError(f"a problem is a test function's name, a Problem or a function; "
                             f"got {spec!r}")
    labels = [p.name for p in out]
    if len(set(labels)) != len(labels):
        raise ValueError(f"problem names must be unique; got {labels} (Problem(fun, x0, "
                         "name=...) renames one)")
    return out


def _named(name):
    try:
        return get(name)
    except ValueError as error:
        if "unknown test function" not in str(error):
            raise
        raise ValueError(f"unknown problem {name!r}{did_you_mean(name, names())}; the test "
                         f"functions are: {', '.join(names())} (a dimension as a suffix, e.g. "
                         "rosenbrock-10d)") from None


def check_start(problem, jit=True):
    """Evaluate the objective and its gradient at `problem.x0`; ValueError if that fails.

    The one evaluation a comparison makes before its runs: an objective that
    raises, returns an array, or returns NaN at its start would otherwise fail
    every run, on every worker. With `jit` it is compiled by `wg.jit`, as the
    runs will compile it; returns why wg.jit cannot compile it (its
    `EagerFallback` message), or None, so that a comparison runs such an
    objective eagerly and says so once rather than in every run.
    """
    x0 = problem.x0.copy()
    shown = ", ".join(f"{v:.6g}" for v in x0[:6]) + (f", ... ({x0.size} numbers)"
                                                     if x0.size > 6 else "")
    where = f"problem {problem.name!r}: the objective at x0 = ({shown})"
    value = why = None
    with _np.errstate(all="ignore"):
        if jit:
            value, why = _compiled_value(problem.fun, x0)
        if value is None:
            try:
                value, _ = value_and_grad(problem.fun)(x0)
            except Exception as error:  # the user's code may raise anything: report it, one line
                raise ValueError(f"{where} raises {first_line(error)}") from error
    if _np.ndim(value) != 0:
        raise ValueError(f"{where} is an array of shape {_np.shape(value)}; it must be a "
                         "number (sum a vector of residuals, e.g. wnp.sum(r ** 2))")
    if not _np.isfinite(value):
        raise ValueError(f"{where} is {float(value)}; start where it is finite")
    return why


def _compiled_value(fun, x0):
    """``(f(x0), None)`` from wg.jit's program, or ``(None, why)`` when it cannot compile `fun`."""
    compiled = _jit(value_and_grad(fun))
    with warnings.catch_warnings():
        warnings.simplefilter("error", EagerFallback)  # raised before jit runs fun eagerly
        try:
            value, _ = compiled(x0)
            compiled(x0)  # the program's own first run
        except EagerFallback as fallback:
            return None, str(fallback)
        except Exception as error:  # the user's error (raised again eagerly) or wg.jit's
            return None, f"wg.jit({compiled.__name__}) raised {first_line(error)}"
    return value, None


# ---------------------------------------------------------------- methods

def as_methods(methods, gtol=None):
    """The `Method` list from what `compare` was given, each tried before any run.

    A method is checked by asking `wengert.minimize`, the one judge of what
    it accepts: one iteration on a one-variable bowl, with the keywords every
    run of the comparison passes (a millisecond). So an unknown name, an
    unknown or ill-typed hyperparameter or an option SciPy does not take is
    refused here, not on a worker.
    """
    if isinstance(methods, (str, Method)) or hasattr(methods, "step"):
        methods = [methods]
    methods = list(methods)
    if not methods:
        raise ValueError("no methods to compare: give names such as 'adam' or 'L-BFGS-B'")
    out = []
    for spec in methods:
        try:
            out.append(as_method(spec))
        except TypeError as error:
            raise ValueError(str(error)) from None
    labels = [m.label for m in out]
    if len(set(labels)) != len(labels):
        raise ValueError(f"method labels must be unique; got {labels}")
    for method in out:
        _check_method(method, gtol)
    return out


def _check_method(method, gtol):
    label = method.label
    if isinstance(method.method, str):
        known = list(optim.names()) + list(SCIPY_METHODS)
        if method.method.lower() not in {k.lower() for k in known}:
            raise ValueError(f"unknown method {method.method!r}"
                             f"{did_you_mean(method.method, known)}; the methods are: "
                             f"{', '.join(known)}")
    for key, value in method.hyperparameters.items():
        if key in _SET_BY_COMPARE:
            raise ValueError(f"method {label!r}: {key} is the same for every method of a "
                             "comparison (compare sets it), not a hyperparameter")
        if method.name in FIRST_ORDER and not _is_number_like(value):
            raise ValueError(f"method {label!r}: {key}={value!r} is not a number (give "
                             f"numbers, booleans, tuples of numbers, or a schedule for lr)")
    hyper = {**DEFAULT_OPTIONS.get(method.name.lower(), {}), **method.hyperparameters}
    if method.name in FIRST_ORDER and "lr" not in hyper:
        hyper["lr"] = DEFAULT_LR[method.name]
    try:
        with _np.errstate(all="ignore"):
            minimize(_bowl, _np.ones(1), method=method.method, maxiter=1,
                     callback=_keep_going, **gtol_for(method, gtol), **hyper)
    except (TypeError, ValueError) as error:
        raise ValueError(f"method {label!r}: {_said(error) or first_line(error)}") from error


def gtol_for(method, gtol):
    """``{"gtol": gtol}`` for a method that uses gradients, else ``{}``.

    Nelder-Mead and the other derivative-free methods refuse a gradient
    tolerance; they stop by their own tests.
    """
    if gtol is None or method.name.lower() in DERIVATIVE_FREE:
        return {}
    return {"gtol": gtol}


def _is_number_like(value):
    if isinstance(value, (numbers.Number, type(None))) or callable(value):
        return True
    return isinstance(value, (tuple, list)) and all(isinstance(v, numbers.Number) for v in value)


def _bowl(x):
    return (x[0] - 0.5) ** 2


def _keep_going(intermediate_result):
    return False


# ---------------------------------------------------------------- numbers

def check_settings(maxiter, n_starts, target, tune_maxiter, lr_grid, gtol):
    """ValueError for a budget, a count or a tolerance that cannot be meant."""
    for name, value, low in (("maxiter", maxiter, 1), ("n_starts", n_starts, 1)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
            raise ValueError(f"{name} must be a whole number >= {low}; got {value!r}")
    if tune_maxiter is not None and (isinstance(tune_maxiter, bool) or not isinstance(
            tune_maxiter, numbers.Integral) or tune_maxiter < 1):
        raise ValueError(f"tune_maxiter must be a whole number >= 1 or None; got {tune_maxiter!r}")
    if not _positive(target):
        raise ValueError(f"target must be a positive number; got {target!r}")
    if gtol is not None and not _positive(gtol):
        raise ValueError(f"gtol must be a positive number or None; got {gtol!r}")
    rates = list(lr_grid)
    if not rates or not all(_positive(v) for v in rates):
        raise ValueError(f"lr_grid must hold positive learning rates; got {rates!r}")


def _positive(value):
    return (isinstance(value, numbers.Real) and not isinstance(value, bool)
            and math.isfinite(value) and value > 0)
