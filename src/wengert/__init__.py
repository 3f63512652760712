"""wengert: gradient-based optimization on a small reverse-mode automatic differentiation engine.

>>> import wengert as wg
>>> import wengert.numpy as np
>>> dx1, dx2 = wg.grad(lambda x1, x2: x1 * x2 + np.sin(x1), argnums=(0, 1))(2.0, 3.0)
>>> float(dx1), float(dx2)
(2.5838531634528574, 2.0)

The engine: `tracer` (primitive wrapper), `reverse` (tape and sweep), `forward`
(tangents), `transforms` (the functions below), `numpy` (the rules table).
Everything else builds on it.
"""

from __future__ import annotations

import importlib

from .checks import check_grad
from .tracer import defjvp, defvjp, primitive, raw
from .transforms import grad, hessian, hvp, jacobian, jvp, value_and_grad, vjp
from .jit import jit
from . import numpy  # noqa: F401  (installs the tracer methods)

# Functions that share their module's name are imported now: importing the module
# later (import wengert.explain) then finds it loaded and leaves these names alone.
from .explain import explain  # noqa: E402
from .minimize import minimize  # noqa: E402
from .compare import compare  # noqa: E402

__version__ = "0.1.0"

_LAZY = {
    "optim": ("wengert.optim", None),
    "problems": ("wengert.problems", None),
    "plot": ("wengert.plot", None),
    "models": ("wengert.models", None),
    "scipy": ("wengert.scipy", None),
}


def __getattr__(name):
    """Import the layers above the engine on first use (matplotlib only when plotting)."""
    if name not in _LAZY:
        raise AttributeError(f"module 'wengert' has no attribute {name!r}")
    module_name, attr = _LAZY[name]
    module = importlib.import_module(module_name)
    value = module if attr is None else getattr(module, attr)
    globals()[name] = value
    return value


__all__ = ["jit", "grad", "value_and_grad", "vjp", "jvp", "jacobian", "hessian", "hvp", "check_grad",
           "primitive", "defvjp", "defjvp", "raw", "explain", "minimize", "compare", "optim",
           "problems", "plot", "models"]
