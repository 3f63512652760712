"""`Settings`: what a run was asked for besides fun, x0 and the method, as one object."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Settings"]


@dataclass(frozen=True)
class Settings:
    """The keywords of `minimize` that every method shares; see `minimize` for their meaning.

    Frozen: the drivers pass it down as it is, and a driver that fills in a
    default (wengert's optimizers' `maxiter`) makes a new one with
    `dataclasses.replace`, so no caller sees its settings change.

    Attributes
    ----------
    maxiter : int or None
        Iteration budget; None leaves it to the method.
    gtol, ftol : float or None
        Gradient and relative-decrease tolerances.
    max_time : float or None
        Time budget in seconds.
    callback : callable or None
        Called with an `OptimizeResult` after every iteration.
    bounds : sequence of (min, max), scipy.optimize.Bounds or None
    constraints : dict, sequence of dict or Constraint
    progress : bool
        Show a progress bar.
    jit : bool
        Compile the objective's derivatives with `wg.jit` (one compilation a run).
    """

    maxiter: int | None = None
    gtol: float | None = None
    ftol: float | None = None
    max_time: float | None = None
    callback: Callable | None = None
    bounds: object = None
    constraints: object = ()
    progress: bool = False
    jit: bool = True
