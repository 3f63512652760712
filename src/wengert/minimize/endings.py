"""The ways a run can end that `minimize` decides itself: status codes and `Stop`.

Each rule that ends a run (a NaN, the time or iteration budget, the callback,
convergence) raises `Stop` from wherever it is tested; `run.to_the_end` is the
one place that turns it, or a KeyboardInterrupt, into a result.
"""

from __future__ import annotations

__all__ = ["Stop", "CONVERGED", "MAXITER", "NONFINITE", "TIME_BUDGET", "INTERRUPTED",
           "CALLBACK"]

# Status codes of the endings minimize itself decides (SciPy's own are passed on).
CONVERGED, MAXITER, NONFINITE, TIME_BUDGET, INTERRUPTED, CALLBACK = 0, 1, 2, 3, 4, 99


class Stop(BaseException):
    """Ends a run from inside the solver's calls to fun / jac / callback.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception``
    inside a solver swallows it on its way out to `minimize`.
    """

    def __init__(self, status, message, success=False):
        super().__init__(message)
        self.status, self.message, self.success = status, message, success
