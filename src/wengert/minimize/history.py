"""`History`: one row per accepted iterate, handed back as ``res.history``."""

from __future__ import annotations

import time

import numpy as _np

__all__ = ["History", "HISTORY_X_MAX"]

#: Iterates are kept in ``history["x"]`` when x has at most this many elements.
HISTORY_X_MAX = 1000


class History:
    """The columns ``fun``, ``grad_norm``, ``time``, ``step_size``, ``nfev`` and ``x``.

    Row 0 is the start point. ``x`` is kept only for x of at most
    `HISTORY_X_MAX` elements (else ``step_size`` is computed as rows come).
    `start` is the `time.perf_counter()` the ``time`` column counts from.
    """

    def __init__(self, size, start):
        self.start = start
        self.size = size
        self.keep_x = size <= HISTORY_X_MAX
        names = ["fun", "grad_norm", "time", "step_size", "nfev"]
        self.columns = {k: [] for k in names + (["x"] if self.keep_x else [])}
        self.fun = self.columns["fun"]  # read by the ftol test after every iteration
        self.last = None  # the entry (f, g, x, |g|, nfev) of the latest row

    def record(self, entry):
        """Append the row of `entry`, an evaluation ``(f, g, x, |g|, nfev)``."""
        f, g, x, g_norm, nfev = entry
        h = self.columns
        h["fun"].append(f)
        h["grad_norm"].append(g_norm)
        h["time"].append(time.perf_counter() - self.start)
        h["nfev"].append(nfev)
        x = x.copy()
        if self.keep_x:
            h["x"].append(x)  # step sizes are computed from these at the end
        else:
            h["step_size"].append(float(_np.linalg.norm(x - self.last[2])) if self.last else 0.0)
        self.last = (f, g, x, g_norm, nfev)

    def arrays(self):
        """The columns as arrays (``nfev`` as integers, ``x`` as rows of flattened iterates)."""
        history = {k: _np.asarray(v, dtype=_np.float64) for k, v in self.columns.items()}
        history["nfev"] = history["nfev"].astype(_np.int64)
        if self.keep_x:
            xs = history["x"].reshape(len(self.columns["x"]), self.size)
            history["x"] = xs
            history["step_size"] = _np.concatenate(
                [[0.0], _np.linalg.norm(_np.diff(xs, axis=0), axis=1)]) if len(xs) else xs[:, 0]
        return history
