"""`compare` itself: check everything, then the starts, the learning-rate tuning, and every run.

`Comparison` holds a checked comparison, so that a caller (the command line)
can refuse bad input and announce the work before it starts; `compare` is
`Comparison(...).run(...)`.
"""

from __future__ import annotations

import math
import warnings
import zlib

from ..jit import EagerFallback
from .checks import as_methods, as_problems, check_settings, check_start, gtol_for
from .methods import DEFAULT_LR, DEFAULT_OPTIONS, FIRST_ORDER, LR_GRID
from .running import Task, execute
from .runs import Runs, measured_to_the_best

__all__ = ["compare", "Comparison"]


def _starts(problem, n_starts, seed):
    """The customary start, then ``n_starts - 1`` random points of the box.

    The random stream depends on the seed and the problem's name only, so a
    problem gets the same starts whatever else is being compared.
    """
    random = problem.random_starts(n_starts - 1, seed=[seed, zlib.crc32(problem.name.encode())])
    return [problem.x0] + list(random)


def _tuning_score(run, target):
    """Sort key of a tuning run: reaching the target sooner, else a smaller final |gap|."""
    hit = run.first_reaching(target)
    if hit is not None:
        return (0, hit, abs(run.final_gap))
    return (1, abs(run.final_gap) if not run.diverged else math.inf, 0)


class Comparison:
    """A comparison, checked and ready to run; `compare` documents the arguments.

    Everything is checked here, before any run: the problems (names, each
    objective evaluated with its gradient at its start), the methods (each
    tried for one iteration on a one-variable bowl, so that `wengert.minimize`
    itself judges its name and hyperparameters) and the numbers. Bad input
    raises ValueError with one line saying what was wrong.

    Attributes
    ----------
    problems : list of Problem
    methods : list of Method
    """

    def __init__(self, problems, methods, maxiter=500, n_starts=1, seed=0, tune=True, *,
                 x0=None, lr_grid=LR_GRID, tune_maxiter=None, target=1e-6, gtol=1e-8):
        check_settings(maxiter, n_starts, target, tune_maxiter, lr_grid, gtol)
        self.methods = as_methods(methods, gtol)
        self.problems = as_problems(problems, x0)
        #: Names of the problems whose objective wg.jit cannot compile: their runs are eager.
        self.eager = set()
        compiled = any(m.hyperparameters.get("jit", True) for m in self.methods)
        for problem in self.problems:
            why = check_start(problem, jit=compiled)
            if why is not None:
                # said once here; the runs, told to be eager, say nothing
                self.eager.add(problem.name)
                warnings.warn(f"problem {problem.name!r} runs eagerly: {why}", EagerFallback,
                              stacklevel=3)
        self.maxiter, self.n_starts, self.seed, self.tune = maxiter, n_starts, seed, tune
        self.lr_grid, self.target, self.gtol = tuple(lr_grid), target, gtol
        self.tune_maxiter = tune_maxiter or max(20, maxiter // 4)

    def __repr__(self):
        return (f"Comparison({len(self.methods)} methods x {len(self.problems)} problems x "
                f"{self.n_starts} starts, maxiter={self.maxiter}, tune={self.tune})")

    def run(self, executor=None, progress=None):
        """Tune the learning rates (with ``tune=True``), then make every run.

        Parameters
        ----------
        executor : concurrent.futures.Executor, optional
            Where to run (see `compare`); None runs here, one run after another.
        progress : bool, optional
            Show a tqdm bar; by default shown when the job is long.

        Returns
        -------
        Runs
        """
        if progress is None:
            # about 2 ms an iteration in the worst case: show a bar beyond a few seconds
            progress = (len(self.problems) * len(self.methods) * self.n_starts * self.maxiter
                        > 5000)
        unknown = {p.name for p in self.problems if p.f_star is None}
        tuned, tuning = {}, []
        tasks = self._tuning_tasks() if self.tune else []
        if tasks:
            tuning, interrupted = execute(tasks, executor, progress, "tuning learning rates")
            tuning = measured_to_the_best(tuning, unknown)
            if interrupted:
                return Runs([], tuning=tuning, interrupted=True)
            tuned = self._best_rates(tuning)
        runs, interrupted = execute(self._tasks(tuned), executor, progress, "comparing")
        return Runs(measured_to_the_best(runs, unknown), tuning=tuning, interrupted=interrupted)

    def _tuning_tasks(self):
        """Every rate of the grid, for every tunable method, from each problem's customary start.

        A run stops once it is within `target` of a known minimum; where the
        minimum is unknown it runs its whole budget, since the best value is
        known only once every tuning run is done.
        """
        return [Task(p, m, {**m.hyperparameters, "lr": float(lr)}, False, 0, p.x0,
                     self.tune_maxiter, gtol_for(m, self.gtol).get("gtol"), "tune",
                     stop_gap=None if p.f_star is None else self.target,
                     jit=p.name not in self.eager)
                for p in self.problems for m in self.methods if m.tunable for lr in self.lr_grid]

    def _best_rates(self, tuning):
        """``{(problem, method): lr}``: per pair, the tuning run that did best."""
        tuned = {}
        for p in self.problems:
            for m in self.methods:
                trials = [r for r in tuning if r.problem == p.name and r.method == m.label]
                if trials:
                    best = min(trials, key=lambda r: _tuning_score(r, self.target))
                    tuned[(p.name, m.label)] = best.lr
        return tuned

    def _tasks(self, tuned):
        tasks = []
        for p in self.problems:
            starts = _starts(p, self.n_starts, self.seed)
            for m in self.methods:
                hyper = {**DEFAULT_OPTIONS.get(m.name.lower(), {}), **m.hyperparameters}
                if m.name in FIRST_ORDER and "lr" not in hyper:
                    hyper["lr"] = tuned.get((p.name, m.label), DEFAULT_LR[m.name])
                gtol = gtol_for(m, self.gtol).get("gtol")
                for k, x0 in enumerate(starts):
                    tasks.append(Task(p, m, hyper, (p.name, m.label) in tuned, k, x0,
                                      self.maxiter, gtol, "main", jit=p.name not in self.eager))
        return tasks


def compare(problems, methods, maxiter=500, n_starts=1, seed=0, tune=True, executor=None, *,
            x0=None, lr_grid=LR_GRID, tune_maxiter=None, target=1e-6, gtol=1e-8, progress=None):
    """Run every method on every problem from the same starts and keep the histories.

    Parameters
    ----------
    problems : str, Problem, callable, or a list of them
        Test functions by name (`wengert.problems.get` reads them;
        ``"rosenbrock-10d"`` works), `Problem` objects, or plain functions
        ``fun(x)`` of a 1-D array, started from `x0`. Where a problem's
        minimum is unknown (a plain function, or a `Problem` without
        ``f_star``), gaps are measured to the best value any run reached
        (``run.reference == "f_best"``).
    methods : str, or a list
        Each a method name (``"adam"``, ``"L-BFGS-B"``), an optimizer instance,
        a ``(label, method, hyperparameters)`` tuple, or a `Method`. Labels
        must be unique.
    maxiter : int
        Iteration budget of each run.
    n_starts : int
        Starts per problem: the customary ``x0``, then ``n_starts - 1`` points
        drawn uniformly from the problem's box with ``seed``. Every method
        gets the same starts.
    seed : int
        Seed of the random starts.
    tune : bool, default True
        Pick the learning rate of each first-order method without a fixed
        ``lr``, separately per problem: every value of `lr_grid` is tried from
        the customary start for `tune_maxiter` iterations (or until it reaches
        `target`), and the one reaching `target` in the fewest iterations wins
        (else the smallest final gap). Where the minimum is unknown, tuning
        runs are measured to the best value any tuning run reached.
        The chosen values are in ``runs.tuned`` and the table; the tuning runs
        in ``runs.tuning``. With ``tune=False`` such a method gets `DEFAULT_LR`.
    executor : concurrent.futures.Executor, optional
        Where to run: a `ProcessPoolExecutor` (`process_pool` makes a good
        one), a dask ``Client.get_executor()``, ... Runs are independent and
        deterministic, so the results are the serial ones (timings aside).
        The problems must then pickle (module-level functions). Each run
        compiles its objective with `wengert.jit` where it runs (minimize's
        default; a method's hyperparameters may say ``jit=False``); an
        objective wg.jit cannot compile runs eagerly, with one
        `EagerFallback` warning for the whole comparison.
    x0 : array_like, optional
        The start of the plain functions among `problems` (and only of them).
    lr_grid : sequence of float
        Learning rates tried by `tune`.
    tune_maxiter : int, optional
        Budget of each tuning run; default ``maxiter // 4`` (at least 20).
    target : float
        Gap ``f - f*`` that counts as solved, for tuning (the table takes its
        own).
    gtol : float or None
        Passed to `wengert.minimize`: every method that uses gradients stops
        once the gradient is this small (SciPy's own test for the methods
        that have one; None: each method's own default).
    progress : bool, optional
        Show a tqdm bar; by default shown when the job is long.

    Returns
    -------
    Runs
        Ctrl-C ends the comparison early with the runs finished so far
        (``runs.interrupted`` is then True); nothing finished is lost.

    Raises
    ------
    ValueError
        Before any run, with one line saying what was wrong: an unknown
        problem or method (with the closest name), a hyperparameter the
        method does not take or that is not a number, ``maxiter`` or
        ``n_starts`` below 1, a plain function without `x0`, an objective
        that raises, returns an array or is not finite at its start.

    Examples
    --------
    >>> import wengert.numpy as wnp
    >>> def loss(x):
    ...     return wnp.sum((x - 1.0) ** 2) + 0.1 * wnp.sum(x ** 4)
    >>> runs = compare(loss, ["L-BFGS-B", "adam"], x0=[3.0, -2.0], maxiter=50)
    >>> runs[0].reference               # the minimum is unknown: gaps are f - f_best
    'f_best'
    >>> min(run.best_gap for run in runs)
    0.0
    """
    comparison = Comparison(problems, methods, maxiter, n_starts, seed, tune, x0=x0,
                            lr_grid=lr_grid, tune_maxiter=tune_maxiter, target=target, gtol=gtol)
    return comparison.run(executor, progress)
