"""Learning-rate schedules: plain functions ``count -> lr``.

A schedule is called with `count`, the number of updates already applied, so
``schedule(0)`` is the learning rate of the first update and ``schedule(t - 1)``
that of the t-th. This is optax's ``count``, and torch's ``last_epoch`` when
``scheduler.step()`` is called once after every ``optimizer.step()``; the
formulas below are those of the torch scheduler named in each docstring.

Any callable ``count -> float`` works as an optimizer's `lr`; these are the
usual ones, and `join` strings them together (warmup, then cosine decay).

Examples
--------
>>> from wengert.optim import schedules
>>> s = schedules.join([schedules.linear_warmup(0.1, 10), schedules.cosine(0.1, 90)], [10])
>>> [round(s(t), 4) for t in (0, 5, 10, 55, 100)]
[0.0, 0.05, 0.1, 0.05, 0.0]
"""

from __future__ import annotations

import bisect
import math

__all__ = ["constant", "step", "exponential", "cosine", "linear_warmup", "join",
           "warmup_cosine"]


def _check_positive(name, value):
    if not value > 0:
        raise ValueError(f"{name} must be positive, got {value!r}")


def constant(lr):
    """The same learning rate at every update.

    Parameters
    ----------
    lr : float

    Returns
    -------
    callable
        ``count -> lr``.
    """
    def schedule(count):
        return lr
    return schedule


def step(lr, step_size, gamma=0.1):
    """Multiply the learning rate by `gamma` every `step_size` updates (torch's ``StepLR``).

    ``lr * gamma ** (count // step_size)``.

    Parameters
    ----------
    lr : float
    step_size : int
    gamma : float, default 0.1

    Returns
    -------
    callable
    """
    _check_positive("step_size", step_size)

    def schedule(count):
        return lr * gamma ** (count // step_size)
    return schedule


def exponential(lr, gamma):
    """Multiply the learning rate by `gamma` every update (torch's ``ExponentialLR``).

    ``lr * gamma ** count``.

    Parameters
    ----------
    lr : float
    gamma : float

    Returns
    -------
    callable
    """
    def schedule(count):
        return lr * gamma ** count
    return schedule


def cosine(lr, T_max, eta_min=0.0):
    """Cosine annealing from `lr` to `eta_min` over `T_max` updates (torch's ``CosineAnnealingLR``).

    ``eta_min + (lr - eta_min) * (1 + cos(pi * count / T_max)) / 2`` for
    ``count <= T_max``, then `eta_min` (torch would start rising again; a
    decay that stays down is what a schedule joined after a warmup needs).

    Parameters
    ----------
    lr : float
    T_max : int
        Number of updates of the decay (torch's name).
    eta_min : float, default 0

    Returns
    -------
    callable
    """
    _check_positive("T_max", T_max)

    def schedule(count):
        if count >= T_max:
            return eta_min
        return eta_min + (lr - eta_min) * (1 + math.cos(math.pi * count / T_max)) / 2
    return schedule


def linear_warmup(lr, warmup_steps, start_factor=0.0):
    """Ramp linearly from ``start_factor * lr`` to `lr` over `warmup_steps` updates, then hold.

    torch's ``LinearLR(start_factor=start_factor, end_factor=1.0, total_iters=warmup_steps)``:
    ``lr * (start_factor + (1 - start_factor) * min(count, warmup_steps) / warmup_steps)``.

    Parameters
    ----------
    lr : float
    warmup_steps : int
    start_factor : float, default 0

    Returns
    -------
    callable
    """
    _check_positive("warmup_steps", warmup_steps)

    def schedule(count):
        fraction = min(count, warmup_steps) / warmup_steps
        return lr * (start_factor + (1.0 - start_factor) * fraction)
    return schedule


def join(schedules, boundaries):
    """Run `schedules` one after another, switching at the update counts in `boundaries`.

    From ``boundaries[i - 1]`` on, ``schedules[i]`` is used and sees the count
    restarted from zero (torch's ``SequentialLR``, optax's ``join_schedules``).

    Parameters
    ----------
    schedules : sequence of callable
    boundaries : sequence of int
        Increasing; one fewer than `schedules`.

    Returns
    -------
    callable
    """
    schedules = list(schedules)
    boundaries = list(boundaries)
    if len(boundaries) != len(schedules) - 1:
        raise ValueError(f"join needs one boundary fewer than schedules; got {len(schedules)} "
                         f"schedules and {len(boundaries)} boundaries")
    if any(b >= c for b, c in zip(boundaries, boundaries[1:])):
        raise ValueError(f"boundaries must be increasing, got {boundaries}")

    def schedule(count):
        i = bisect.bisect_right(boundaries, count)
        start = boundaries[i - 1] if i else 0
        return schedules[i](count - start)
    return schedule


def warmup_cosine(lr, warmup_steps, total_steps, eta_min=0.0, start_factor=0.0):
    """Linear warmup to `lr`, then cosine decay to `eta_min` at `total_steps`.

    ``join([linear_warmup(lr, warmup_steps, start_factor),
    cosine(lr, total_steps - warmup_steps, eta_min)], [warmup_steps])``.

    Parameters
    ----------
    lr : float
    warmup_steps : int
    total_steps : int
        Updates in total, warmup included.
    eta_min : float, default 0
    start_factor : float, default 0

    Returns
    -------
    callable
    """
    if not total_steps > warmup_steps:
        raise ValueError(f"total_steps ({total_steps}) must exceed warmup_steps ({warmup_steps})")
    return join([linear_warmup(lr, warmup_steps, start_factor),
                 cosine(lr, total_steps - warmup_steps, eta_min)], [warmup_steps])
