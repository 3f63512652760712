"""RMSprop (torch.optim.RMSprop), with `centered` and `momentum`."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as _np

from ._ops import lerp, lerp_square, with_weight_decay
from .base import Optimizer

__all__ = ["RMSprop", "RMSpropState"]


class RMSpropState(NamedTuple):
    """State of `RMSprop` (torch's buffer names).

    Attributes
    ----------
    step : int
        Number of updates applied.
    square_avg : pytree
        Running average of squared gradients.
    momentum_buffer : pytree or None
        Only with ``momentum > 0``; starts at zero.
    grad_avg : pytree or None
        Running average of gradients (only with ``centered=True``).
    """

    step: int
    square_avg: Any
    momentum_buffer: Any
    grad_avg: Any


class RMSprop(Optimizer):
    r"""RMSprop, with the update rule of ``torch.optim.RMSprop``.

    .. math::

        s_t = \alpha s_{t-1} + (1-\alpha) g_t^2, \qquad
        d_t = \sqrt{s_t - \bar g_t^2} + \epsilon \ \text{(centered; else } \sqrt{s_t} + \epsilon),

        b_t = \mu b_{t-1} + g_t / d_t, \qquad p_t = p_{t-1} - \mathrm{lr}\, b_t

    with :math:`\bar g_t = \alpha \bar g_{t-1} + (1-\alpha) g_t`, :math:`b_0 = 0`, and
    :math:`p_t = p_{t-1} - \mathrm{lr}\, g_t / d_t` when :math:`\mu = 0`.

    Parameters
    ----------
    lr : float or callable, default 1e-2
    alpha : float, default 0.99
    eps : float, default 1e-8
    weight_decay : float, default 0
        L2 penalty, added to the gradient.
    momentum : float, default 0
    centered : bool, default False
        Normalize by an estimate of the gradient's variance instead of its second moment.
    clip_norm : float or None, default None
        Clip gradients to this global norm first (``torch.nn.utils.clip_grad_norm_``).
    """

    State = RMSpropState

    def __init__(self, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0,
                 centered=False, *, clip_norm=None):
        super().__init__(lr, clip_norm)
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= momentum:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= alpha:
            raise ValueError(f"Invalid alpha value: {alpha}")
        self.alpha = alpha
        self.eps = eps
        self.weight_decay = weight_decay
        self.momentum = momentum
        self.centered = centered

    def _initial_buffers(self):
        return {"square_avg": 0.0,
                "momentum_buffer": 0.0 if self.momentum > 0 else None,
                "grad_avg": 0.0 if self.centered else None}

    def _kernel(self, t, lr):
        alpha, eps, wd, mu, centered = (self.alpha, self.eps, self.weight_decay, self.momentum,
                                        self.centered)

        def rmsprop(p, g, p_new, square_avg, square_avg_new, momentum_buffer=None,
                    momentum_buffer_new=None, grad_avg=None, grad_avg_new=None):
            g = with_weight_decay(g, p, wd, out=p_new)
            lerp_square(square_avg, g, 1.0 - alpha, out=square_avg_new)
            # Where the denominator goes: the new momentum buffer is free until
            # the end, p_new unless it holds the decayed gradient; else a scratch.
            if mu > 0:
                avg = momentum_buffer_new
            elif g is not p_new:
                avg = p_new
            else:
                avg = _np.empty_like(p_new)
            if centered:
                lerp(grad_avg, g, 1.0 - alpha, out=grad_avg_new)
                _np.square(grad_avg_new, out=avg)
                _np.subtract(square_avg_new, avg, out=avg)
                _np.sqrt(avg, out=avg)
            else:
                _np.sqrt(square_avg_new, out=avg)
            avg += eps
            step = _np.divide(g, avg, out=avg)
            if mu > 0:
                # b = mu * b_old + g / avg; the gradient is spent, so p_new is scratch.
                step += _np.multiply(momentum_buffer, mu, out=p_new)
            _np.multiply(step, -lr, out=p_new)
            p_new += p

        return rmsprop
