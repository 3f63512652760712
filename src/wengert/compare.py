"""Compare optimizers on test functions, fairly and reproducibly.

>>> import wengert as wg
>>> runs = wg.compare(["booth", "rosenbrock"], ["adam", "L-BFGS-B"], maxiter=200)
>>> print(runs.table())                                        # doctest: +SKIP

`compare` runs every (problem, method, start) through `wengert.minimize` and
keeps the whole history of each run: the gap ``f - f*``, the gradient norm, the
number of function evaluations and the seconds elapsed, per iteration. Runs are
independent, so any `concurrent.futures.Executor` can spread them over
processes or a cluster; every number except the timings comes out the same.
"""

from __future__ import annotations

import csv
import json
import math
import warnings
import zlib
from dataclasses import dataclass, field, fields

import numpy as np

__all__ = ["compare", "process_pool", "Method", "Run", "Runs", "Table", "FIRST_ORDER",
           "DEFAULT_LR", "DEFAULT_OPTIONS", "LR_GRID"]

# The first-order optimizers of wengert.optim: the methods with a learning rate to tune.
FIRST_ORDER = ("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop", "adagrad")

# Learning rates used when a first-order method is neither given one nor tuned:
# for each method, the rate of `LR_GRID` with the best median rank (final gap
# after 500 iterations) over nine smooth test functions, from
# experiments/compare_lr_sensitivity.py. The best rate differs between problems
# by orders of magnitude; ``tune=True`` is the fair comparison.
DEFAULT_LR = {"sgd": 3.16e-4, "momentum": 0.01, "nesterov": 0.01, "adam": 1.0, "adamw": 1.0,
              "rmsprop": 0.0316, "adagrad": 1.0}

# Other defaults of methods named by string (lower case), under the user's own.
# Newton-CG stops by default once its steps are 1e-5 relative to x, which on
# Rosenbrock in 100-D leaves a gap of 5e-5; like the others it should stop on gtol.
DEFAULT_OPTIONS = {"newton-cg": {"xtol": 1e-12}}

# Learning rates tried by ``tune=True``: half-decades from 1e-5 to 1.
LR_GRID = tuple(float(v) for v in np.logspace(-5, 0, 11))

# Paths (the iterates) are kept for problems up to this dimension, for trajectory plots.
PATH_MAX_DIM = 3


# ---------------------------------------------------------------- methods

@dataclass(frozen=True)
class Method:
    """An optimizer to compare, under a label of its own.

    Parameters
    ----------
    label : str
        Name in tables and legends; unique within a comparison.
    method : str or Optimizer
        Anything `wengert.minimize` accepts as ``method``: an optimizer name
        (``"adam"``), an optimizer instance, or a SciPy method (``"L-BFGS-B"``).
    hyperparameters : dict
        Passed to `wengert.minimize` (``lr=...``, ``betas=...``). A
        first-order method given no ``lr`` gets `DEFAULT_LR`, or a tuned one;
        SciPy methods get `DEFAULT_OPTIONS` unless given other values.
    """

    label: str
    method: object
    hyperparameters: dict = field(default_factory=dict)

    @property
    def name(self):
        """The underlying method's name: ``"adam"``, ``"L-BFGS-B"``, or the optimizer's class."""
        if isinstance(self.method, str):
            return self.method.lower() if self.method.lower() in FIRST_ORDER else self.method
        return type(self.method).__name__

    @property
    def tunable(self):
        """True for a first-order method named by string whose ``lr`` is not fixed."""
        return self.name in FIRST_ORDER and "lr" not in self.hyperparameters

    def __hash__(self):
        return hash((self.label, repr(self.method), repr(sorted(self.hyperparameters.items()))))


def as_method(spec):
    """A `Method` from a name, a ``(label, method[, hyperparameters])`` tuple or a `Method`.

    Examples
    --------
    >>> as_method("adam").label
    'adam'
    >>> as_method(("adam, lr=0.1", "adam", {"lr": 0.1})).hyperparameters
    {'lr': 0.1}
    """
    if isinstance(spec, Method):
        return spec
    if isinstance(spec, str):
        return Method(spec, spec)
    if isinstance(spec, tuple) and len(spec) in (2, 3):
        label, method = spec[0], spec[1]
        return Method(str(label), method, dict(spec[2]) if len(spec) == 3 else {})
    if hasattr(spec, "init") and hasattr(spec, "step"):
        return Method(type(spec).__name__, spec)
    raise TypeError(f"a method is a name, a (label, method, hyperparameters) tuple, a Method or "
                    f"an optimizer instance; got {spec!r}")


def _as_problem(spec):
    from . import problems
    return problems.get(spec) if isinstance(spec, str) else spec


# ---------------------------------------------------------------- one run

@dataclass(eq=False)
class Run:
    """One optimization run and its history.

    The arrays have one entry per iterate, the start included: ``fun[0]`` is
    the value at ``x0`` and ``fun[i]`` the value after iteration ``i``.

    Attributes
    ----------
    problem, method : str
        The problem's name and the method's label.
    base : str
        The underlying method (``"adam"``, ``"L-BFGS-B"``).
    hyperparameters : dict
        As used, the learning rate included.
    tuned : bool
        Whether ``hyperparameters["lr"]`` was chosen by ``tune=True``.
    start : int
        Index of the start: 0 is the problem's customary ``x0``, the others are
        random points of its box.
    phase : {"main", "tune"}
        Whether the run is part of the comparison or of the learning-rate search.
    f_star : float
        The problem's minimum, for the gap.
    x0, x : ndarray
        Start and final point.
    fun, grad_norm, nfev, seconds : ndarray
        Per iterate: objective value, gradient norm (as `wengert.minimize`
        records it), cumulative number of calls of the
        objective (forward passes, Hessian-vector products included), and
        seconds since the start.
    path : ndarray or None
        The iterates, shape ``(len(fun), dim)``, for problems of at most
        `PATH_MAX_DIM` variables.
    message : str
        `wengert.minimize`'s message.
    diverged : bool
        Whether the run ended on a NaN or infinite objective or gradient (the
        history stops at the last finite iterate).
    """

    problem: str
    method: str
    base: str
    hyperparameters: dict
    tuned: bool
    start: int
    phase: str
    f_star: float
    x0: np.ndarray
    x: np.ndarray
    fun: np.ndarray
    grad_norm: np.ndarray
    nfev: np.ndarray
    seconds: np.ndarray
    path: np.ndarray = None
    message: str = ""
    diverged: bool = False

    @property
    def gap(self):
        """``fun - f_star`` per iterate.

        Negative only by round-off, or when a run leaves the region where
        ``f_star`` is the minimum (McCormick is unbounded outside its box):
        so "reaching the target" means ``|gap| <= target``.
        """
        return self.fun - self.f_star

    @property
    def lr(self):
        """The learning rate, or None for methods without one."""
        lr = self.hyperparameters.get("lr")
        return None if lr is None or callable(lr) else float(lr)

    @property
    def final_gap(self):
        """Gap at the last iterate (the last finite one if the run blew up)."""
        finite = np.isfinite(self.gap)
        return float(self.gap[finite][-1]) if finite.any() else math.inf

    @property
    def best_gap(self):
        """Smallest ``|gap|`` of any iterate: how close the run came to ``f_star``."""
        distance = np.abs(self.gap[np.isfinite(self.gap)])
        return float(distance.min()) if distance.size else math.inf

    def first_reaching(self, target):
        """Index of the first iterate with ``|gap| <= target``, or None."""
        hits = np.flatnonzero(np.abs(self.gap) <= target)
        return int(hits[0]) if hits.size else None

    def to_dict(self):
        """A JSON-ready dict (arrays as lists, non-finite numbers as strings)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = _jsonable(value)
        return out

    @classmethod
    def from_dict(cls, d):
        """Inverse of `to_dict`."""
        kw = {f.name: d.get(f.name) for f in fields(cls)}
        for name in ("x0", "x", "fun", "grad_norm", "nfev", "seconds", "path"):
            if kw[name] is not None:
                kw[name] = np.array(_unjsonable(kw[name]), dtype=float)
        kw["nfev"] = kw["nfev"].astype(np.int64)
        kw["f_star"] = float(_unjsonable(kw["f_star"]))
        kw["hyperparameters"] = _unjsonable(kw["hyperparameters"])
        return cls(**kw)

    def __repr__(self):
        return (f"Run({self.problem!r}, {self.method!r}, start={self.start}, "
                f"iterations={len(self.fun) - 1}, final_gap={self.final_gap:.3g})")


def _jsonable(value):
    # JSON has no inf/nan; strings keep them exact and the file standard.
    if isinstance(value, np.ndarray):
        return _jsonable(value.tolist())
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (float, np.floating)) and not math.isfinite(value):
        return repr(float(value))
    if isinstance(value, np.generic):
        return value.item()
    return value


def _unjsonable(value):
    if isinstance(value, list):
        return [_unjsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _unjsonable(v) for k, v in value.items()}
    if value in ("inf", "-inf", "nan"):
        return float(value)
    return value


class _Counted:
    """The objective, counting its evaluations (each forward pass is one)."""

    def __init__(self, fun):
        self.fun, self.calls = fun, 0

    def __call__(self, x):
        self.calls += 1
        return self.fun(x)


@dataclass(frozen=True)
class _Task:
    problem: object
    method: Method
    hyperparameters: dict
    tuned: bool
    start: int
    x0: np.ndarray
    maxiter: int
    gtol: float
    phase: str
    stop_gap: float = None  # end the run once |f - f*| <= stop_gap (tuning needs no more)


class _Interrupted(KeyboardInterrupt):
    """Ctrl-C during a run; carries the run as far as it got (minimize kept it)."""

    def __init__(self, run=None):
        super().__init__(run)
        self.run = run


def _run_task(task):
    """Run one task (in whatever process the executor chose) and return its `Run`."""
    from .minimize import INTERRUPTED, NONFINITE, minimize

    problem = task.problem
    objective = _Counted(problem.fun)
    # minimize's history counts distinct points; counting calls of the objective
    # also charges Newton-CG for its Hessian-vector products (one pass each).
    calls = [1]  # entry 0 of the history is x0, its first evaluation

    def callback(intermediate):
        calls.append(objective.calls)
        if task.stop_gap is not None and abs(intermediate.fun - problem.f_star) <= task.stop_gap:
            raise StopIteration

    kwargs = {} if task.gtol is None else {"gtol": task.gtol}
    # Overflow is expected (a learning-rate sweep diverges on purpose) and minimize
    # reports it; NumPy's warnings about it would only bury the progress bar.
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        res = minimize(objective, np.array(task.x0, dtype=float), method=task.method.method,
                       maxiter=task.maxiter, callback=callback, **kwargs,
                       **task.hyperparameters)
    history = res.history
    n = len(history["fun"])
    nfev = np.array(calls[:n] + [objective.calls] * (n - len(calls)), dtype=np.int64)
    path = None
    if problem.dim <= PATH_MAX_DIM and task.phase == "main" and "x" in history:
        path = np.array(history["x"], dtype=float).reshape(n, problem.dim)
    run = Run(problem=problem.name, method=task.method.label, base=task.method.name,
              hyperparameters=dict(task.hyperparameters), tuned=task.tuned, start=task.start,
              phase=task.phase, f_star=problem.f_star, x0=np.array(task.x0, dtype=float),
              x=np.asarray(res.x, dtype=float), fun=np.asarray(history["fun"], dtype=float),
              grad_norm=np.asarray(history["grad_norm"], dtype=float), nfev=nfev,
              seconds=np.asarray(history["time"], dtype=float), path=path,
              message=str(res.message), diverged=res.status == NONFINITE)
    if res.status == INTERRUPTED:  # minimize kept the run; the comparison stops here
        raise _Interrupted(run)
    return run


# ---------------------------------------------------------------- running many

def _execute(tasks, executor, progress, desc):
    """Run `tasks`, serially or on `executor`, in order, with an optional tqdm bar.

    Returns ``(runs, interrupted)``: on Ctrl-C the runs finished so far, the
    interrupted one included, and True.
    """
    from concurrent.futures import as_completed

    from tqdm.auto import tqdm

    bar = tqdm(total=len(tasks), desc=desc, unit="run", disable=not progress, leave=False)
    results, futures = [], []
    try:
        if executor is None:
            for task in tasks:
                results.append(_run_task(task))
                bar.update()
            return results, False
        futures = [executor.submit(_run_task, task) for task in tasks]
        for _ in as_completed(futures):
            bar.update()
        return [f.result() for f in futures], False
    except KeyboardInterrupt as stop:
        if executor is None:
            return results + ([stop.run] if isinstance(stop, _Interrupted) else []), True
        for f in futures:
            f.cancel()
        return [r for r in map(_finished_run, futures) if r is not None], True
    finally:
        bar.close()


def _finished_run(future):
    """The run a future holds: its result, or the part an interrupted run kept."""
    if not future.done() or future.cancelled():
        return None
    error = future.exception()
    if error is None:
        return future.result()
    return error.run if isinstance(error, _Interrupted) else None


def process_pool(max_workers=None):
    """A `ProcessPoolExecutor` for `compare`: fresh processes with one BLAS thread each.

    The runs are small (at most a few hundred variables), so BLAS threads only
    fight the other workers for the cores: OpenBLAS's default of one thread per
    core made L-BFGS-B on Rosenbrock-100d ten times slower. The thread count
    is read when NumPy loads, hence fresh ("spawn") processes, which inherit
    the environment variables set here.

    As with any spawning pool, a script that uses it must create it under
    ``if __name__ == "__main__":`` (the workers import the main module).

    Parameters
    ----------
    max_workers : int, optional
        Number of processes (default: one per CPU).

    Returns
    -------
    concurrent.futures.ProcessPoolExecutor
    """
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    return ProcessPoolExecutor(max_workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_leave_ctrl_c_to_the_parent)


def _leave_ctrl_c_to_the_parent():
    # Ctrl-C reaches every process of the terminal's group. A worker that died of
    # it would break the pool; the parent instead cancels what has not started,
    # lets the running runs finish, and keeps every finished run.
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)


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
        tasks = [_Task(p, m, {**m.hyperparameters, "lr": float(lr)}, False, 0, p.x0, budget,
                       gtol, "tune", stop_gap=target)
                 for p in problems for m in methods if m.tunable for lr in lr_grid]
        tuning, interrupted = _execute(tasks, executor, progress, "tuning learning rates")
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
                tasks.append(_Task(p, m, hyper, (p.name, m.label) in tuned, k, x0, maxiter, gtol,
                                   "main"))
    runs, interrupted = _execute(tasks, executor, progress, "comparing")
    return Runs(runs, tuning=tuning, interrupted=interrupted)


# ---------------------------------------------------------------- results

_CSV_COLUMNS = ["phase", "problem", "method", "base", "hyperparameters", "tuned", "start",
                "f_star", "iteration", "fun", "gap", "grad_norm", "nfev", "seconds", "x",
                "message", "diverged"]


class Runs:
    """The runs of a comparison, in the order problem, method, start.

    Iterating gives the `Run` objects of the comparison; the tuning runs are
    in `tuning`.

    Attributes
    ----------
    runs : list of Run
    tuning : Runs or None
        The learning-rate search of ``tune=True``.
    interrupted : bool
        True when Ctrl-C stopped the comparison: `runs` holds what finished,
        the interrupted run as far as it got included.
    """

    def __init__(self, runs, tuning=(), interrupted=False):
        self.runs = list(runs)
        self.tuning = Runs(tuning) if tuning and not isinstance(tuning, Runs) else (tuning or None)
        self.interrupted = interrupted

    def __iter__(self):
        return iter(self.runs)

    def __len__(self):
        return len(self.runs)

    def __getitem__(self, i):
        return self.runs[i]

    def __repr__(self):
        return (f"Runs({len(self.runs)} runs: {len(self.problems)} problems x "
                f"{len(self.methods)} methods x {self.n_starts} starts)")

    @property
    def problems(self):
        """Problem names, in order of appearance."""
        return list(dict.fromkeys(r.problem for r in self.runs))

    @property
    def methods(self):
        """Method labels, in order of appearance."""
        return list(dict.fromkeys(r.method for r in self.runs))

    @property
    def n_starts(self):
        """Number of starts per (problem, method)."""
        return len({r.start for r in self.runs})

    @property
    def tuned(self):
        """``{(problem, method): learning rate}`` chosen by ``tune=True``."""
        return {(r.problem, r.method): r.lr for r in self.runs if r.tuned}

    def select(self, problem=None, method=None):
        """The runs of one problem and/or one method.

        Returns
        -------
        Runs
        """
        return Runs([r for r in self.runs if (problem is None or r.problem == problem)
                     and (method is None or r.method == method)])

    def table(self, target=1e-6):
        """Summary per (problem, method), over the starts.

        Parameters
        ----------
        target : float
            The gap ``f - f*`` that counts as solved.

        Returns
        -------
        Table
            Columns: problem, method, lr (the learning rate, ``*`` when tuned),
            starts, final gap (of the last iterate) and best gap (smallest
            ``|gap|`` of any iterate), both medians over starts, success (the
            fraction of starts whose ``|gap|`` reached `target`), and iterations,
            evaluations and seconds to reach it (medians over the starts that
            did; NaN when none did).
        """
        rows = []
        for p in self.problems:
            for m in self.methods:
                group = [r for r in self.runs if r.problem == p and r.method == m]
                if not group:
                    continue
                hits = [(r, r.first_reaching(target)) for r in group]
                hits = [(r, i) for r, i in hits if i is not None]
                lr = group[0].lr
                rows.append({
                    "problem": p, "method": m, "lr": lr, "tuned": group[0].tuned,
                    "starts": len(group),
                    "final_gap": float(np.median([r.final_gap for r in group])),
                    "best_gap": float(np.median([r.best_gap for r in group])),
                    "success": len(hits) / len(group),
                    "iterations": _median([i for _, i in hits]),
                    "evaluations": _median([r.nfev[i] for r, i in hits]),
                    "seconds": _median([r.seconds[i] for r, i in hits]),
                })
        return Table(rows, target)

    # ------------------------------------------------------------ files

    def to_json(self, path):
        """Write every run, history included, tuning runs too, as JSON."""
        data = {"format": "wengert.compare/1", "runs": [r.to_dict() for r in self.runs],
                "tuning": [r.to_dict() for r in (self.tuning or [])]}
        with open(path, "w") as f:
            json.dump(data, f)

    @classmethod
    def from_json(cls, path):
        """Load what `to_json` wrote.

        Returns
        -------
        Runs
        """
        with open(path) as f:
            data = json.load(f)
        return cls([Run.from_dict(d) for d in data["runs"]],
                   tuning=[Run.from_dict(d) for d in data["tuning"]])

    def to_csv(self, path):
        """Write every history as CSV, one row per iterate (tuning runs included).

        Columns: phase, problem, method, base, hyperparameters (JSON), tuned,
        start, f_star, iteration, fun, gap, grad_norm, nfev, seconds, x (JSON,
        empty when the path is not kept), message, diverged.
        """
        with open(path, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(_CSV_COLUMNS)
            for run in list(self.runs) + list(self.tuning or []):
                hyper = json.dumps(_jsonable(run.hyperparameters), sort_keys=True)
                for i in range(len(run.fun)):
                    x = "" if run.path is None else json.dumps(run.path[i].tolist())
                    writer.writerow([run.phase, run.problem, run.method, run.base, hyper,
                                     int(run.tuned), run.start, repr(run.f_star), i,
                                     repr(float(run.fun[i])), repr(float(run.gap[i])),
                                     repr(float(run.grad_norm[i])), int(run.nfev[i]),
                                     repr(float(run.seconds[i])), x, run.message,
                                     int(run.diverged)])

    @classmethod
    def from_csv(cls, path):
        """Load what `to_csv` wrote.

        ``x0`` and ``x`` come back from the first and last rows' points (NaN
        when the path was not kept).

        Returns
        -------
        Runs
        """
        groups = {}
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                key = (row["phase"], row["problem"], row["method"], int(row["start"]))
                groups.setdefault(key, []).append(row)
        main, tuning = [], []
        for (phase, problem, method, start), rows in groups.items():
            rows.sort(key=lambda row: int(row["iteration"]))
            path = (np.array([json.loads(row["x"]) for row in rows], dtype=float)
                    if rows[0]["x"] else None)
            first = rows[0]
            run = Run(problem=problem, method=method, base=first["base"],
                      hyperparameters=_unjsonable(json.loads(first["hyperparameters"])),
                      tuned=bool(int(first["tuned"])), start=start, phase=phase,
                      f_star=float(first["f_star"]),
                      x0=path[0] if path is not None else np.array([np.nan]),
                      x=path[-1] if path is not None else np.array([np.nan]),
                      fun=np.array([float(row["fun"]) for row in rows]),
                      grad_norm=np.array([float(row["grad_norm"]) for row in rows]),
                      nfev=np.array([int(row["nfev"]) for row in rows], dtype=np.int64),
                      seconds=np.array([float(row["seconds"]) for row in rows]),
                      path=path, message=first["message"],
                      diverged=bool(int(first["diverged"])))
            (tuning if phase == "tune" else main).append(run)
        return cls(main, tuning=tuning)


def _median(values):
    return float(np.median(values)) if len(values) else math.nan


# ---------------------------------------------------------------- the table

class Table:
    """The summary of `Runs.table`: rows of numbers, printable as text or Markdown.

    Attributes
    ----------
    rows : list of dict
        One per (problem, method), keys as in `COLUMNS`, plus ``tuned``.
    target : float
        The gap that counts as solved.
    """

    COLUMNS = ("problem", "method", "lr", "starts", "final_gap", "best_gap", "success",
               "iterations", "evaluations", "seconds")

    def __init__(self, rows, target):
        self.rows, self.target = rows, target

    def _headers(self):
        return ["problem", "method", "lr", "starts", "final gap", "best gap",
                f"success (|gap|<={self.target:g})", "iterations", "evaluations", "seconds"]

    def _cells(self, row):
        lr = "-" if row["lr"] is None else f"{row['lr']:.3g}" + ("*" if row["tuned"] else "")
        return [row["problem"], row["method"], lr, str(row["starts"]),
                _fmt_gap(row["final_gap"]), _fmt_gap(row["best_gap"]),
                f"{100 * row['success']:.0f}%", _fmt_count(row["iterations"]),
                _fmt_count(row["evaluations"]),
                "-" if math.isnan(row["seconds"]) else f"{row['seconds']:.3f}"]

    def _right_aligned(self, k):
        return k >= 2

    def to_text(self):
        """Aligned plain text."""
        table = [self._headers()] + [self._cells(r) for r in self.rows]
        widths = [max(len(row[k]) for row in table) for k in range(len(table[0]))]
        lines = []
        for n, row in enumerate(table):
            lines.append("  ".join(c.rjust(w) if self._right_aligned(k) else c.ljust(w)
                                   for k, (c, w) in enumerate(zip(row, widths))).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines) + "\n" + self._legend()

    def to_markdown(self):
        """A GitHub-flavoured Markdown table."""
        headers = self._headers()
        lines = ["| " + " | ".join(headers) + " |",
                 "|" + "|".join("---:" if self._right_aligned(k) else "---"
                                for k in range(len(headers))) + "|"]
        lines += ["| " + " | ".join(self._cells(r)) + " |" for r in self.rows]
        return "\n".join(lines) + "\n\n" + self._legend()

    def to_csv(self, path):
        """Write the rows (raw numbers) as CSV."""
        with open(path, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(self.COLUMNS) + ["tuned"])
            writer.writeheader()
            for row in self.rows:
                writer.writerow({k: repr(v) if isinstance(v, float) else v
                                 for k, v in row.items()})

    def _legend(self):
        return (f"final gap: f - f* at the last iterate; best gap: smallest |f - f*| of any "
                f"iterate (medians over starts).\niterations, evaluations, seconds: to reach "
                f"|f - f*| <= {self.target:g} (median over the starts that did); "
                f"lr: learning rate, * = tuned per problem.\n")

    def __str__(self):
        return self.to_text()

    def __repr__(self):
        return f"Table({len(self.rows)} rows, target={self.target:g})"


def _fmt_gap(value):
    if math.isnan(value):
        return "nan"
    return f"{value:.2e}"


def _fmt_count(value):
    return "-" if math.isnan(value) else f"{value:.0f}"

