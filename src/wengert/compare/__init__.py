"""Compare optimizers on test functions, fairly and reproducibly.

>>> import wengert as wg
>>> runs = wg.compare(["booth", "rosenbrock"], ["adam", "L-BFGS-B"], maxiter=200)
>>> print(runs.table())                                        # doctest: +SKIP

`compare` runs every (problem, method, start) through `wengert.minimize` and
keeps the whole history of each run: the gap ``f - f*`` (``f - f_best``, to the
best value any run reached, where the minimum is unknown), the gradient norm,
the number of function evaluations and the seconds elapsed, per iteration.
Runs are independent, so any `concurrent.futures.Executor` can spread them
over processes or a cluster; every number except the timings comes out the
same. Bad input is refused before the first run, with a ValueError of one line.

The modules, each importing only those above it:
`table` (`Table`), `runs` (`Run`, `Runs` and their files), `methods`
(`Method`, defaults, learning-rate grid), `running` (one run, many on an
executor, `process_pool`), `checks` (what is refused before any work),
`comparison` (`Comparison`, `compare`).
"""

from __future__ import annotations

from .checks import did_you_mean, first_line
from .comparison import Comparison, compare
from .methods import DEFAULT_LR, DEFAULT_OPTIONS, FIRST_ORDER, LR_GRID, Method, as_method
from .running import process_pool
from .runs import PATH_MAX_DIM, Run, Runs
from .table import Table

__all__ = ["compare", "Comparison", "process_pool", "Method", "Run", "Runs", "Table",
           "FIRST_ORDER", "DEFAULT_LR", "DEFAULT_OPTIONS", "LR_GRID", "did_you_mean",
           "first_line"]
