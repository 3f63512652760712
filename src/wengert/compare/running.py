"""Running the tasks of a comparison: here or on an executor (`process_pool`), Ctrl-C included.

Each task is one `wengert.minimize` call, whose history becomes a `Run`. The
call compiles the objective's derivatives with `wg.jit` (minimize's default)
where it runs, in the worker: nothing compiled is ever pickled.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

import numpy as _np
from tqdm.auto import tqdm

from ..minimize import INTERRUPTED, NONFINITE, minimize
from ..minimize.methods import USES_HESS
from .methods import Method
from .runs import BEST_FOUND, KNOWN, PATH_MAX_DIM, Run

__all__ = ["Task", "Interrupted", "run_task", "execute", "process_pool"]


@dataclass(frozen=True)
class Task:
    """One run to make: a method on a problem from one start (sent to a worker as is)."""

    problem: object
    method: Method
    hyperparameters: dict
    tuned: bool
    start: int
    x0: _np.ndarray
    maxiter: int
    gtol: float
    phase: str
    stop_gap: float = None  # end the run once |f - f*| <= stop_gap (tuning needs no more)
    jit: bool = True        # minimize's jit: False for an objective wg.jit cannot compile


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during a run; carries the run as far as it got (minimize kept it)."""

    def __init__(self, run=None):
        super().__init__(run)
        self.run = run


def _passes(task):
    """``counts -> forward passes``: minimize's evaluation counts as passes of the objective.

    Each evaluation is one pass, and so is each Hessian-vector product
    (Newton-CG pays for them); a whole Hessian is one forward sweep per
    variable. Counted from minimize's numbers, not from calls of the
    objective: compiled by wg.jit, the objective is called only while tracing.
    """
    method = task.method.method
    per_hessian = _np.size(task.x0) if isinstance(method, str) and method.lower() in USES_HESS \
        else 1
    return lambda counts: counts.nfev + per_hessian * counts.nhev


def run_task(task):
    """Run one task (in whatever process the executor chose) and return its `Run`."""
    problem = task.problem
    passes = _passes(task)
    # minimize's history counts distinct points; counting passes also charges
    # Newton-CG for its Hessian-vector products.
    calls = [1]  # entry 0 of the history is x0, its first evaluation
    known = problem.f_star is not None  # else the gap is measured once every run is done

    def callback(intermediate):
        calls.append(passes(intermediate))
        if (task.stop_gap is not None and known
                and abs(intermediate.fun - problem.f_star) <= task.stop_gap):
            raise StopIteration

    kwargs = {"jit": task.jit} if task.gtol is None else {"jit": task.jit, "gtol": task.gtol}
    kwargs.update(task.hyperparameters)  # a method's own jit=False, say
    # Overflow is expected (a learning-rate sweep diverges on purpose) and minimize
    # reports it; NumPy's warnings about it would only bury the progress bar.
    with _np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        res = minimize(problem.fun, _np.array(task.x0, dtype=float), method=task.method.method,
                       maxiter=task.maxiter, callback=callback, **kwargs)
    history = res.history
    n = len(history["fun"])
    nfev = _np.array(calls[:n] + [passes(res)] * (n - len(calls)), dtype=_np.int64)
    path = None
    if problem.dim <= PATH_MAX_DIM and task.phase == "main" and "x" in history:
        path = _np.array(history["x"], dtype=float).reshape(n, problem.dim)
    run = Run(problem=problem.name, method=task.method.label, base=task.method.name,
              hyperparameters=dict(task.hyperparameters), tuned=task.tuned, start=task.start,
              phase=task.phase, f_star=problem.f_star if known else _np.nan,
              reference=KNOWN if known else BEST_FOUND, x0=_np.array(task.x0, dtype=float),
              x=_np.asarray(res.x, dtype=float), fun=_np.asarray(history["fun"], dtype=float),
              grad_norm=_np.asarray(history["grad_norm"], dtype=float), nfev=nfev,
              seconds=_np.asarray(history["time"], dtype=float), path=path,
              message=str(res.message), diverged=res.status == NONFINITE)
    if res.status == INTERRUPTED:  # minimize kept the run; the comparison stops here
        raise Interrupted(run)
    return run


def execute(tasks, executor, progress, desc):
    """Run `tasks`, serially or on `executor`, in order, with an optional tqdm bar.

    Returns ``(runs, interrupted)``: on Ctrl-C the runs finished so far, the
    interrupted one included, and True.
    """
    bar = tqdm(total=len(tasks), desc=desc, unit="run", disable=not progress, leave=False)
    results, futures = [], []
    try:
        if executor is None:
            for task in tasks:
                results.append(run_task(task))
                bar.update()
            return results, False
        futures = [executor.submit(run_task, task) for task in tasks]
        for _ in as_completed(futures):
            bar.update()
        return [f.result() for f in futures], False
    except KeyboardInterrupt as stop:
        if executor is None:
            return results + ([stop.run] if isinstance(stop, Interrupted) else []), True
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
    return error.run if isinstance(error, Interrupted) else None


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
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    return ProcessPoolExecutor(max_workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_leave_ctrl_c_to_the_parent)


def _leave_ctrl_c_to_the_parent():
    # Ctrl-C reaches every process of the terminal's group. A worker that died of
    # it would break the pool; the parent instead cancels what has not started,
    # lets the running runs finish, and keeps every finished run.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
