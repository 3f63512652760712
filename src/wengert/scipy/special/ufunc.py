"""How a ``scipy.special`` function becomes a primitive of wengert: one helper, used by every family."""

from __future__ import annotations

from ...extend import elementwise
from ..guards import constant_args

__all__ = ["ufunc"]


def ufunc(fun, *partials, doc, constants=None, name=None):
    """The SciPy function `fun` as an elementwise primitive, given one partial per argument.

    Each partial is ``d(ans, *args)``, written with ``wengert.numpy`` and this
    package so that it differentiates again. `constants` maps the positions of
    arguments without a derivative (an integer order, say) to ``(name, why)``;
    those are refused when traced, before any work.
    """
    name = name or fun.__name__
    prim = elementwise(fun, *partials, name=name)
    prim.__doc__ = doc
    if constants:
        return constant_args(prim, f"scipy.special.{name}", constants, doc)
    return prim
