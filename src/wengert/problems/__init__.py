"""Objectives to minimize: the classic test functions, and a user's own as a `Problem`.

A `Problem` is an objective ``fun(x)`` of a 1-D array with its start ``x0``,
and, when known, its minimizers ``x_star`` (one per row) and minimum value
``f_star``, plus a box ``bounds`` for plots and random starts. Every test
function knows its minimum; a user's own objective needs only ``fun`` and
``x0``.

>>> import wengert as wg
>>> p = wg.problems.get("rosenbrock", dim=10)
>>> p.name, p.dim, p.f_star
('rosenbrock-10d', 10, 0.0)
>>> float(p.fun(p.x_star[0]))
0.0
>>> sorted(wg.problems.names())[:3]
['ackley', 'beale', 'booth']

The modules: `problem` (`Problem` and its default box), `objectives` (the
test functions' code, module-level so that problems pickle), `catalogue`
(one documented constructor per test function, `get` and `names`).
"""

from __future__ import annotations

from .catalogue import (ackley, beale, booth, easom, get, goldstein_price, himmelblau,
                        ill_conditioned_quadratic, levy, matyas, mccormick, names, rastrigin,
                        rosenbrock, sphere, styblinski_tang, three_hump_camel)
from .catalogue import _VARIABLE_DIM  # noqa: F401  (`wengert problems` shows which take any dim)
from .problem import Problem, default_bounds

__all__ = ["Problem", "default_bounds", "get", "names", "ackley", "beale", "booth", "easom",
           "goldstein_price", "himmelblau", "ill_conditioned_quadratic", "levy", "matyas",
           "mccormick", "rastrigin", "rosenbrock", "sphere", "styblinski_tang",
           "three_hump_camel"]
