"""`compare` itself: the starts, the learning-rate tuning, then every method on every problem."""

from __future__ import annotations

import math
import zlib

from ..problems import get as get_problem
from .methods import DEFAULT_LR, DEFAULT_OPTIONS, FIRST_ORDER, LR_GRID, as_method
from .running import Task, execute
from .runs import Runs

__all__ = ["compare"]


def _as_problem(spec):
    return get_problem(spec) if isinstance(spec, str) else spec


def _starts(problem, n_starts, seed):
    """The customary start, then ``n_starts - 1`` random points of the box.

    The random stream depends on the seed and the problem's name only, so a
    problem gets the same starts whatever else is being compared.
    """
    if n_starts < 1:
        raise ValueError(f"n_starts must be at least 1; got {n_starts}")
    random = problem.random_starts(n_starts - 1, seed=[seed, zlib.crc32(problem.name.encode())])
    return [problem.x0] + list(random)


def _tuning_score(run, target):
    """Sort key of a tuning run: reaching the target sooner, else a smaller final |gap|."""
    hit = run.first_reaching(target)
    if hit is not None:
        return (0, hit, abs(run.final_gap))
    return (1, abs(run.final_gap) if not run.diverged else math.inf, 0)


def compare(problems, methods, maxiter=500, n_starts=1, seed=0, executor=None, tune=False,
            lr_grid=LR_GRID, tune_maxiter=None, target=1e-6, gtol=1e-8, progress=None):
    """Run every method on every problem from the same starts and keep the histories.

    Parameters
    ----------
    problems : list of Problem or str
        Test functions (`wengert.problems`); names are looked up with
        `wengert.problems.get` (``"rosenbrock-10d"`` works).
    methods : list
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
    executor : concurrent.futures.Executor, optional
        Where to run: a `ProcessPoolExecutor` (`process_pool` makes a good
        one), a dask ``Client.get_executor()``, ... Runs are independent and
        deterministic, so the results are the serial ones (timings aside).
    tune : bool
        Pick the learning rate of each first-order method without a fixed
        ``lr``, separately per problem: every value of `lr_grid` is tried from
        the customary start for `tune_maxiter` iterations (or until it reaches
        `target`), and the one reaching `target` in the fewest iterations wins
        (else the smallest final gap).
        The chosen values are in ``runs.tuned`` and the table; the tuning runs
        in ``runs.tuning``.
    lr_grid : sequence of float
        Learning rates tried by `tune`.
    tune_maxiter : int, optional
        Budget of each tuning run; default ``maxiter // 4`` (at least 20).
    target : float
        Gap ``f - f*`` that counts as solved, for tuning (the table takes its
        own).
    gtol : float or None
        Passed to `wengert.minimize`: every method stops once the gradient
        is this small (SciPy's own test for the methods that have one; None:
        each method's own default).
    progress : bool, optional
        Show a tqdm bar; by default shown when the job is long.

    Returns
    -------
    Runs
        Ctrl-C ends the comparison early with the runs finished so far
        (``runs.interrupted`` is then True); nothing finished is lost.
    """
    problems = [_as_problem(p) for p in problems]
    methods = [as_method(m) for m in methods]
    for kind, labels in (("method", [m.label for m in methods]),
                         ("problem", [p.name for p in problems])):
        if len(set(labels)) != len(labels):
            raise ValueError(f"{kind} labels must be unique; got {labels}")
    if progress is None:
        # about 2 ms an iteration in the worst case: show a bar beyond a few seconds
        progress = len(problems) * len(methods) * n_starts * maxiter > 5000

    tuned, tuning = {}, []
    if tune:
        budget = tune_maxiter or max(20, maxiter // 4)
        tasks = [Task(p, m, {**m.hyperparameters, "lr": float(lr)}, False, 0, p.x0, budget,
                      gtol, "tune", stop_gap=target)
                 for p in problems for m in methods if m.tunable for lr in lr_grid]
        tuning, interrupted = execute(tasks, executor, progress, "tuning learning rates")
        if interrupted:
            return Runs([], tuning=tuning, interrupted=True)
        for p in problems:
            for m in methods:
                trials = [r for r in tuning if r.problem == p.name and r.method == m.label]
                if trials:
                    best = min(trials, key=lambda r: _tuning_score(r, target))
                    tuned[(p.name, m.label)] = best.lr

    tasks = []
    for p in problems:
        starts = _starts(p, n_starts, seed)
        for m in methods:
            hyper = {**DEFAULT_OPTIONS.get(m.name.lower(), {}), **m.hyperparameters}
            if m.name in FIRST_ORDER and "lr" not in hyper:
                hyper["lr"] = tuned.get((p.name, m.label), DEFAULT_LR[m.name])
            for k, x0 in enumerate(starts):
                tasks.append(Task(p, m, hyper, (p.name, m.label) in tuned, k, x0, maxiter, gtol,
                                  "main"))
    runs, interrupted = execute(tasks, executor, progress, "comparing")
    return Runs(runs, tuning=tuning, interrupted=interrupted)
