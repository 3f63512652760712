"""First-order optimizers with torch.optim's hyperparameters and update rules, as pure functions.

>>> import numpy as np
>>> import wengert as wg
>>> opt = wg.optim.Adam(lr=1e-2)
>>> params = {"w": np.ones(3), "b": 0.0}
>>> state = opt.init(params)
>>> grads = {"w": np.array([1.0, -2.0, 0.5]), "b": 1.0}
>>> params, state = opt.step(params, grads, state)
>>> state.step
1

`params`, `grads` and `state` are never modified; `step` returns new ones.
`lr` may be a float or a schedule (`wengert.optim.schedules`), and every
optimizer takes ``clip_norm=`` to clip gradients by their global norm.
`get` looks an optimizer up by the names `wengert.minimize` accepts.
"""

from __future__ import annotations

import functools
import inspect

from . import schedules
from .adagrad import Adagrad, AdagradState
from .adam import Adam, AdamState, AdamW
from .base import Optimizer, clip_by_global_norm, global_norm
from .rmsprop import RMSprop, RMSpropState
from .sgd import SGD, Momentum, SGDState

__all__ = ["Optimizer", "SGD", "Momentum", "Adam", "AdamW", "RMSprop", "Adagrad",
           "SGDState", "AdamState", "RMSpropState", "AdagradState",
           "schedules", "global_norm", "clip_by_global_norm", "get", "names"]

_BY_NAME = {
    "sgd": SGD,
    "momentum": Momentum,
    "nesterov": functools.partial(Momentum, nesterov=True),
    "adam": Adam,
    "adamw": AdamW,
    "rmsprop": RMSprop,
    "adagrad": Adagrad,
}


def names():
    """The optimizer names `get` (and `wengert.minimize`) accept.

    Returns
    -------
    list of str
    """
    return list(_BY_NAME)


def get(name, **hyperparameters):
    """Make an optimizer from its name.

    Parameters
    ----------
    name : str
        One of `names()`, case-insensitive: ``"sgd"``, ``"momentum"``,
        ``"nesterov"`` (`Momentum` with ``nesterov=True``), ``"adam"``,
        ``"adamw"``, ``"rmsprop"``, ``"adagrad"``.
    **hyperparameters
        Passed to the optimizer's constructor (``lr=...``, ``betas=...``).

    Returns
    -------
    Optimizer

    Raises
    ------
    ValueError
        For an unknown name, an unknown hyperparameter or a missing one (the
        learning rate of ``"sgd"``); the message lists the valid ones.

    Examples
    --------
    >>> get("nesterov", lr=0.1)
    Momentum(lr=0.1, momentum=0.9, nesterov=True, dampening=0.0, weight_decay=0.0, clip_norm=None)
    """
    key = name.lower() if isinstance(name, str) else name
    if key not in _BY_NAME:
        raise ValueError(f"unknown optimizer {name!r}; valid names are: {', '.join(_BY_NAME)}")
    factory = _BY_NAME[key]
    signature = inspect.signature(factory)
    valid = [p for p in signature.parameters if p != "self"]
    unknown = sorted(set(hyperparameters) - set(valid))
    if unknown:
        raise ValueError(f"optimizer {key!r} does not take {', '.join(map(repr, unknown))}; "
                         f"its hyperparameters are: {', '.join(valid)}")
    try:
        signature.bind(**hyperparameters)
    except TypeError as e:  # a required hyperparameter is missing (SGD's lr)
        raise ValueError(f"optimizer {key!r}: {e}") from None
    return factory(**hyperparameters)
