"""Compare optimizers on test functions, fairly and reproducibly.

>>> import wengert as wg
>>> runs = wg.compare(["booth", "rosenbrock"], ["adam", "L-BFGS-B"], maxiter=200)
>>> print(runs.table())                                        # doctest: +SKIP

`compare` runs every (problem, method, start) through `wengert.minimize` and
keeps the whole history of each run: the gap ``f - f*``, the gradient norm, the
number of function evaluations and the seconds elapsed, per iteration. Runs are
independent, so any `concurrent.futures.Executor` can spread them over
processes or a cluster; every number except the timings comes out the same.

The modules, each importing only those above it:
`table` (`Table`), `runs` (`Run`, `Runs` and their files), `methods`
(`Method`, defaults, learning-rate grid), `running` (one run, many on an
executor, `process_pool`), `comparison` (`compare`).
"""

from __future__ import annotations

from .comparison import compare
from .methods import DEFAULT_LR, DEFAULT_OPTIONS, FIRST_ORDER, LR_GRID, Method, as_method
from .running import process_pool
from .runs import PATH_MAX_DIM, Run, Runs
from .table import Table

__all__ = ["compare", "process_pool", "Method", "Run", "Runs", "Table", "FIRST_ORDER",
           "DEFAULT_LR", "DEFAULT_OPTIONS", "LR_GRID"]
