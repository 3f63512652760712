"""Building blocks of the update kernels: each writes its result into `out` (no temporaries)."""

from __future__ import annotations

import numpy as _np


def with_weight_decay(g, p, weight_decay, out):
    """``g + weight_decay * p`` (L2 decay as torch adds it to the gradient), in `out`.

    Returns `g` itself when `weight_decay` is 0, so callers can tell (``is``)
    whether `out` is holding the gradient.
    """
    if weight_decay == 0:
        return g
    _np.multiply(p, weight_decay, out=out)
    out += g
    return out


def lerp(start, end, weight, out):
    """``start + weight * (end - start)`` in `out`: torch's ``lerp`` (for weight < 0.5).

    A running average ``beta * start + (1 - beta) * end`` is ``lerp(start, end,
    1 - beta)``; written this way it takes three passes and no scratch array.
    """
    _np.subtract(end, start, out=out)
    out *= weight
    out += start
    return out


def lerp_square(start, g, weight, out):
    """``start + weight * (g**2 - start)`` in `out`: a running average of squared gradients."""
    _np.square(g, out=out)
    out -= start
    out *= weight
    out += start
    return out
