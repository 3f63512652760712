"""``wengert.explain``: the forward and reverse passes of one evaluation, step by step.

>>> import wengert as wg, wengert.numpy as np
>>> trace = wg.explain(lambda x1, x2: x1 * x2 + np.sin(x1), 2.0, 3.0)
>>> print(trace)                                       # doctest: +SKIP
>>> trace.symbolic()
{'x1': 'x2 + cos(x1)', 'x2': 'x1'}

Modules, one job each: `recording` (runs the function on the engine's own tape
and keeps every line: value, arguments, uses, adjoint), `trace` (`explain` and
the `Trace` it returns, which hands each view to the module below), `render`
(values and the trace tables as text), `symbolic` (each derivative as one
formula in the inputs), `dot` (Graphviz), `rules` (each primitive's local
derivatives written as formulas), `algebra` (building and simplifying those
formulas).
"""

from __future__ import annotations

from .trace import SeedError, Step, Trace, explain

__all__ = ["explain", "Trace", "Step", "SeedError"]

