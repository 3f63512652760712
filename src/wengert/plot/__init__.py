"""Plots of a comparison (`wengert.compare`): convergence, trajectories, learning-rate sensitivity.

Each function returns a `matplotlib.figure.Figure` made without pyplot, so it
works on any backend, Agg included, and leaves no global state behind: save it
with ``fig.savefig("name.png")`` (in Jupyter it shows itself). ``wengert``
imports this package, and so matplotlib, only when ``wg.plot`` is first used.

>>> import wengert as wg
>>> runs = wg.compare(["booth"], ["adam", "L-BFGS-B"], maxiter=100)   # doctest: +SKIP
>>> wg.plot.convergence(runs).savefig("convergence.png")             # doctest: +SKIP

What every figure holds to, and where: `layout` (a grid with no empty cell, one
legend for all panels, titles and legends that fit, a colour and a dash pattern
per method), `gaps` (gaps on a log axis: a gap of zero is marked, never drawn as
a plunge to a floor; axes say ``f - f*`` or ``f - f_best``), then one module per
figure: `convergence`, `trajectories`, `sensitivity`.
"""

from __future__ import annotations

from .convergence import convergence
from .gaps import GAP_FLOOR
from .sensitivity import lr_sensitivity
from .trajectories import trajectories

__all__ = ["convergence", "trajectories", "lr_sensitivity", "GAP_FLOOR"]
