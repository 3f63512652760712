"""Adam and AdamW (torch.optim.Adam / torch.optim.AdamW), with amsgrad."""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as _np

from ._ops import lerp, lerp_square, with_weight_decay
from .base import Optimizer

__all__ = ["Adam", "AdamW", "AdamState"]


class AdamState(NamedTuple):
    """State of `Adam` and `AdamW` (torch's buffer names).

    Attributes
    ----------
    step : int
        Number of updates applied.
    exp_avg : pytree
        First moment, :math:`m_t`.
    exp_avg_sq : pytree
        Second moment, :math:`v_t`.
    max_exp_avg_sq : pytree or None
        Running maximum of :math:`v_t` (only with ``amsgrad=True``).
    """

    step: int
    exp_avg: Any
    exp_avg_sq: Any
    max_exp_avg_sq: Any


class Adam(Optimizer):
    r"""Adam, with the update rule of ``torch.optim.Adam``.

    .. math::

        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2,

        p_t = p_{t-1} - \frac{\mathrm{lr}}{1-\beta_1^t}\,
              \frac{m_t}{\sqrt{v_t} / \sqrt{1-\beta_2^t} + \epsilon}

    (`eps` is added after the square root and the bias correction). With
    ``amsgrad=True``, :math:`\sqrt{\max_{s \le t} v_s}` replaces
    :math:`\sqrt{v_t}`. `weight_decay` adds ``weight_decay * p`` to the gradient
    (L2); see `AdamW` for decoupled decay.

    Parameters
    ----------
    lr : float or callable, default 1e-3
    betas : (float, float), default (0.9, 0.999)
    eps : float, default 1e-8
    weight_decay : float, default 0
    amsgrad : bool, default False
    clip_norm : float or None, default None
        Clip gradients to this global norm first (``torch.nn.utils.clip_grad_norm_``).

    Examples
    --------
    >>> import numpy as np
    >>> opt = Adam(lr=0.1)
    >>> x = np.array([1.0, -1.0])
    >>> state = opt.init(x)
    >>> x, state = opt.step(x, 2 * x, state)
    >>> x   # the first Adam step moves each coordinate by about lr
    array([ 0.9, -0.9])
    """

    State = AdamState
    _decoupled = False

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False, *,
                 clip_norm=None):
        super().__init__(lr, clip_norm)
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        self.betas = tuple(betas)
        self.eps = eps
        self.weight_decay = weight_decay
        self.amsgrad = amsgrad

    def _initial_buffers(self):
        return {"exp_avg": 0.0, "exp_avg_sq": 0.0,
                "max_exp_avg_sq": 0.0 if self.amsgrad else None}

    def _kernel(self, t, lr):
        beta1, beta2 = self.betas
        wd, amsgrad = self.weight_decay, self.amsgrad
        decay = 1.0 - lr * wd if self._decoupled else 1.0
        l2 = 0.0 if self._decoupled else wd
        step_size = lr / (1.0 - beta1 ** t)
        bias_correction2_sqrt = math.sqrt(1.0 - beta2 ** t)
        # m / (sqrt(v)/c + eps) == c * m / (sqrt(v) + c*eps): folding the bias
        # correction into the two scalars saves a pass over the arrays.
        eps = self.eps * bias_correction2_sqrt
        alpha = step_size * bias_correction2_sqrt

        def adam(p, g, p_new, exp_avg, exp_avg_new, exp_avg_sq, exp_avg_sq_new,
                 max_exp_avg_sq=None, max_exp_avg_sq_new=None):
            g = with_weight_decay(g, p, l2, out=p_new)
            lerp(exp_avg, g, 1.0 - beta1, out=exp_avg_new)
            lerp_square(exp_avg_sq, g, 1.0 - beta2, out=exp_avg_sq_new)
            v = exp_avg_sq_new
            if amsgrad:
                v = _np.maximum(max_exp_avg_sq, exp_avg_sq_new, out=max_exp_avg_sq_new)
            # The gradient is no longer needed: p_new becomes the denominator.
            denom = _np.sqrt(v, out=p_new)
            denom += eps
            update = _np.divide(exp_avg_new, denom, out=p_new)
            if decay == 1.0:
                update *= -alpha
                update += p
            elif decay == 0.0:
                update *= -alpha
            else:
                # decay * p - alpha * update, as decay * (p - (alpha / decay) * update):
                # AdamW's shrinking of p without a scratch array.
                update *= -alpha / decay
                update += p
                update *= decay

        return adam


class AdamW(Adam):
    r"""AdamW: `Adam` with decoupled weight decay (``torch.optim.AdamW``).

    The parameters are shrunk, :math:`p \leftarrow p\,(1 - \mathrm{lr}\cdot
    \mathrm{weight\_decay})`, before the Adam update; the gradient and the moments
    never see the decay.

    Parameters
    ----------
    lr : float or callable, default 1e-3
    betas : (float, float), default (0.9, 0.999)
    eps : float, default 1e-8
    weight_decay : float, default 1e-2
    amsgrad : bool, default False
    clip_norm : float or None, default None
    """

    _decoupled = True

    def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False,
                 *, clip_norm=None):
        super().__init__(lr, betas=betas, eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                         clip_norm=clip_norm)
