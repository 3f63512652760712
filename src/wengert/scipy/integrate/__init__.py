"""``wengert.scipy.integrate``: ODE solutions differentiable in their initial state, times and
parameters, by the adjoint method (reverse mode) and forward sensitivities."""

from __future__ import annotations

import scipy.integrate as _si

from ..coverage import INTEGRATE
from ..guards import scipy_attribute
from .ivp import solve_ivp
from .odeint import odeint

__all__ = ["odeint", "solve_ivp"]


def __getattr__(name):
    """Anything else ``scipy.integrate`` has: plain values pass, traced ones are refused by name."""
    return scipy_attribute(_si, name, INTEGRATE, "wengert.scipy.integrate")
