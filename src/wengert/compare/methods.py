"""The methods a comparison runs: `Method` specs, their defaults, and the learning-rate grid."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as _np

from .. import optim

__all__ = ["Method", "as_method", "FIRST_ORDER", "DEFAULT_LR", "DEFAULT_OPTIONS", "LR_GRID"]

# The first-order optimizers of wengert.optim: the methods with a learning rate to tune.
FIRST_ORDER = tuple(optim.names())

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
LR_GRID = tuple(float(v) for v in _np.logspace(-5, 0, 11))


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
