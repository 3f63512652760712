"""Adagrad (torch.optim.Adagrad), with `lr_decay` and `initial_accumulator_value`."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as _np

from ._ops import with_weight_decay
from .base import Optimizer

__all__ = ["Adagrad", "AdagradState"]


class AdagradState(NamedTuple):
    """State of `Adagrad`.

    Attributes
    ----------
    step : int
        Number of updates applied.
    sum : pytree
        Sum of squared gradients (torch's ``sum``), starting at
        ``initial_accumulator_value``.
    """

    step: int
    sum: Any


class Adagrad(Optimizer):
    r"""Adagrad, with the update rule of ``torch.optim.Adagrad``.

    .. math::

        \mathrm{clr}_t = \frac{\mathrm{lr}}{1 + (t-1)\,\mathrm{lr\_decay}}, \qquad
        s_t = s_{t-1} + g_t^2, \qquad
        p_t = p_{t-1} - \mathrm{clr}_t \frac{g_t}{\sqrt{s_t} + \epsilon}

    with :math:`s_0` = `initial_accumulator_value` and :math:`t` counting from 1.

    Parameters
    ----------
    lr : float or callable, default 1e-2
    lr_decay : float, default 0
    weight_decay : float, default 0
        L2 penalty, added to the gradient.
    initial_accumulator_value : float, default 0
    eps : float, default 1e-10
    clip_norm : float or None, default None
        Clip gradients to this global norm first (``torch.nn.utils.clip_grad_norm_``).
    """

    State = AdagradState

    def __init__(self, lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0,
                 eps=1e-10, *, clip_norm=None):
        super().__init__(lr, clip_norm)
        if not 0.0 <= lr_decay:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= initial_accumulator_value:
            raise ValueError(f"Invalid initial_accumulator_value value: "
                             f"{initial_accumulator_value}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        self.lr_decay = lr_decay
        self.weight_decay = weight_decay
        self.initial_accumulator_value = initial_accumulator_value
        self.eps = eps

    def _initial_buffers(self):
        return {"sum": self.initial_accumulator_value}

    def _kernel(self, t, lr):
        clr = lr / (1 + (t - 1) * self.lr_decay)
        eps, wd = self.eps, self.weight_decay

        def adagrad(p, g, p_new, sum, sum_new):  # noqa: A002 (torch's buffer name)
            g = with_weight_decay(g, p, wd, out=p_new)
            _np.square(g, out=sum_new)
            sum_new += sum
            # p_new holds the decayed gradient when weight_decay is on; then the
            # denominator needs a scratch array.
            std = p_new if g is not p_new else _np.empty_like(p_new)
            _np.sqrt(sum_new, out=std)
            std += eps
            step = _np.divide(g, std, out=std)
            _np.multiply(step, -clr, out=p_new)
            p_new += p

        return adagrad
