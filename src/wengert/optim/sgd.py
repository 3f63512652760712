"""Stochastic gradient descent with momentum, dampening and Nesterov momentum (torch.optim.SGD)."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as _np

from ._ops import with_weight_decay
from .base import Optimizer

__all__ = ["SGD", "Momentum", "SGDState"]


class SGDState(NamedTuple):
    """State of `SGD` and `Momentum`.

    Attributes
    ----------
    step : int
        Number of updates applied.
    momentum_buffer : pytree or None
        torch's ``momentum_buffer`` (None when ``momentum == 0``); it holds the
        first gradient after the first update.
    """

    step: int
    momentum_buffer: Any


class SGD(Optimizer):
    r"""Stochastic gradient descent, with the update rule of ``torch.optim.SGD``.

    With :math:`g_t` the gradient (plus ``weight_decay * p``), :math:`\mu` the
    momentum and :math:`\tau` the dampening:

    .. math::

        b_1 = g_1, \qquad b_t = \mu b_{t-1} + (1 - \tau) g_t, \qquad
        p_t = p_{t-1} - \mathrm{lr}\,(g_t + \mu b_t \text{ if nesterov else } b_t)

    and plain :math:`p_t = p_{t-1} - \mathrm{lr}\, g_t` when :math:`\mu = 0`.

    Parameters
    ----------
    lr : float or callable
        Learning rate, or a schedule (see `wengert.optim.schedules`).
    momentum : float, default 0
    dampening : float, default 0
    nesterov : bool, default False
        Nesterov momentum; needs ``momentum > 0`` and ``dampening == 0``.
    weight_decay : float, default 0
        L2 penalty, added to the gradient.
    clip_norm : float or None, default None
        Clip gradients to this global norm first (``torch.nn.utils.clip_grad_norm_``).

    Examples
    --------
    >>> import numpy as np
    >>> opt = SGD(lr=0.1, momentum=0.9)
    >>> params = {"w": np.array([1.0, -2.0])}
    >>> state = opt.init(params)
    >>> params, state = opt.step(params, {"w": 2 * params["w"]}, state)
    >>> params["w"]
    array([ 0.8, -1.6])
    """

    State = SGDState

    def __init__(self, lr, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0, *,
                 clip_norm=None):
        super().__init__(lr, clip_norm)
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weight_decay = weight_decay

    def _initial_buffers(self):
        # Zeros as a placeholder: the first update overwrites the buffer with the gradient.
        return {"momentum_buffer": 0.0 if self.momentum != 0 else None}

    def _kernel(self, t, lr):
        mu, tau, wd, nesterov = self.momentum, self.dampening, self.weight_decay, self.nesterov

        def sgd(p, g, p_new, momentum_buffer=None, momentum_buffer_new=None):
            g = with_weight_decay(g, p, wd, out=p_new)
            if mu == 0:
                _np.multiply(g, -lr, out=p_new)
            else:
                buf = momentum_buffer_new
                if t == 1:
                    _np.copyto(buf, g)
                else:
                    _np.multiply(momentum_buffer, mu, out=buf)
                    if tau != 0:
                        # Nesterov is excluded with dampening, so g may be overwritten.
                        buf += _np.multiply(g, 1 - tau, out=p_new)
                    else:
                        buf += g
                if nesterov:
                    if g is p_new:
                        # p_new holds the decayed gradient; the only case with a temporary.
                        p_new += _np.multiply(buf, mu)
                    else:
                        _np.multiply(buf, mu, out=p_new)
                        p_new += g
                    p_new *= -lr
                else:
                    _np.multiply(buf, -lr, out=p_new)
            p_new += p

        return sgd


class Momentum(SGD):
    """`SGD` with momentum on by default (``momentum=0.9``); ``nesterov=True`` for Nesterov.

    Parameters
    ----------
    lr : float or callable
    momentum : float, default 0.9
    nesterov : bool, default False
    dampening : float, default 0
    weight_decay : float, default 0
    clip_norm : float or None, default None

    See Also
    --------
    SGD : the update rule.
    """

    def __init__(self, lr, momentum=0.9, nesterov=False, dampening=0.0, weight_decay=0.0, *,
                 clip_norm=None):
        super().__init__(lr, momentum=momentum, dampening=dampening, nesterov=nesterov,
                         weight_decay=weight_decay, clip_norm=clip_norm)
