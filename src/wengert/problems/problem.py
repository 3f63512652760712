"""`Problem`: an objective and where to start it, with its minimum when that is known.

A user's own objective needs only ``fun`` and ``x0``; the test functions of
`catalogue` also know their minimizers and minimum.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as _np

__all__ = ["Problem", "default_bounds"]


def default_bounds(x0, x_star=None):
    """The box used when a problem is given none: around `x0`, holding every known minimizer.

    Per coordinate, the smallest interval holding ``x0[i]`` and every
    ``x_star[k, i]``, widened on each side by ``max(1, |x0[i]|)``. The box
    thus always holds the start, the known minimizers and the origin (for
    ``x0 = (3, -0.5)`` alone it is ``[0, 6] x [-1.5, 0.5]``), at a scale set by
    the start: a rough region for random starts and plots, to be replaced by
    a real one (``bounds=``) whenever the user knows better.

    Returns
    -------
    ndarray, shape (dim, 2)
    """
    x0 = _np.asarray(x0, dtype=float)
    points = _np.vstack([x0[None, :]] + ([] if x_star is None else [x_star]))
    margin = _np.maximum(1.0, _np.abs(x0))
    return _np.stack([points.min(axis=0) - margin, points.max(axis=0) + margin], axis=1)


def _function_name(fun):
    """The name a table shows for `fun`: its ``__name__`` (through partials), else its class."""
    while isinstance(fun, functools.partial):
        fun = fun.func
    name = getattr(fun, "__name__", None) or type(fun).__name__
    return "lambda" if name == "<lambda>" else name


@dataclass(eq=False)
class Problem:
    """An objective to minimize, its start, and what is known about its minimum.

    Only `fun` and `x0` are required: a user's own objective rarely comes with
    its minimum. Where `f_star` is unknown, `wengert.compare` measures each
    run against the best value any run reached instead (``f - f_best``).

    Parameters
    ----------
    fun : callable
        ``fun(x) -> float`` for ``x`` of shape ``(dim,)``, written with
        `wengert.numpy` so that it can be differentiated. To run on other
        processes (a process pool, a dask cluster) it must pickle: a
        module-level function, or a `functools.partial` of one.
    x0 : array_like, shape (dim,)
        The start (a number is a 1-D start with one element).
    name : str, optional
        Name in tables and plots; default the function's name (``"lambda"``
        for a lambda). The test functions of any dimension carry it as a
        suffix when it is not 2 (``"rosenbrock-10d"``).
    f_star : float, optional
        The minimum value, or None (the default) when it is unknown.
    x_star : array_like, shape (k, dim), optional
        Known global minimizers, one per row; none by default (shape
        ``(0, dim)``).
    bounds : array_like, shape (dim, 2), optional
        ``[low, high]`` per coordinate (one pair serves every coordinate): the
        box random starts are drawn from and plots show. Default
        `default_bounds`: per coordinate, ``x0[i] ± max(1, |x0[i]|)``,
        stretched to hold every minimizer of `x_star`.
    smooth : bool
        Whether ``fun`` is differentiable at the minimizers (Ackley's is not).
    summary : str
        One line for listings.

    Examples
    --------
    >>> import wengert.numpy as wnp
    >>> def loss(x):
    ...     return wnp.sum((x - 1.0) ** 4) + wnp.sum(x ** 2)
    >>> p = Problem(loss, [3.0, -0.5])
    >>> p
    Problem('loss', dim=2, f_star=unknown)
    >>> p.bounds.tolist()
    [[0.0, 6.0], [-1.5, 0.5]]
    """

    fun: object
    x0: _np.ndarray
    name: str = None
    f_star: float = None
    x_star: _np.ndarray = None
    bounds: _np.ndarray = None
    smooth: bool = True
    summary: str = ""
    family: str = field(default="", repr=False)

    def __post_init__(self):
        if not callable(self.fun):
            raise TypeError(f"fun must be a function of x; got {self.fun!r}")
        if self.name is None:
            self.name = _function_name(self.fun)
        self.x0 = self._read_x0(self.x0)
        dim = self.dim
        if self.f_star is not None:
            self.f_star = float(self.f_star)
            if not math.isfinite(self.f_star):
                raise ValueError(f"{self.name}: f_star must be a finite number or None "
                                 f"(unknown); got {self.f_star}")
        self.x_star = (_np.empty((0, dim)) if self.x_star is None
                       else _np.atleast_2d(_np.asarray(self.x_star, dtype=float)))
        if self.x_star.shape[1] != dim:
            raise ValueError(f"{self.name}: x_star has {self.x_star.shape[1]} coordinates per "
                             f"row but x0 has {dim}")
        if self.bounds is None:
            self.bounds = default_bounds(self.x0, self.x_star)
        self.bounds = _np.asarray(self.bounds, dtype=float).reshape(-1, 2)
        if self.bounds.shape[0] == 1 and dim > 1:
            self.bounds = _np.repeat(self.bounds, dim, axis=0)
        if self.bounds.shape[0] != dim:
            raise ValueError(f"{self.name}: bounds has {self.bounds.shape[0]} [low, high] pairs "
                             f"but x0 has {dim} coordinates")
        if not _np.all(self.bounds[:, 0] < self.bounds[:, 1]):
            raise ValueError(f"{self.name}: each pair of bounds must be [low, high] with "
                             f"low < high; got {self.bounds.tolist()}")
        self.family = self.family or self.name

    def _read_x0(self, x0):
        try:
            x0 = _np.array(x0, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{self.name}: x0 must be numbers, one per variable; "
                             f"got {x0!r}") from None
        if x0.ndim == 0:
            x0 = x0.reshape(1)
        if x0.ndim != 1 or x0.size == 0:
            raise ValueError(f"{self.name}: x0 must be a vector of numbers, one per variable; "
                             f"got shape {x0.shape}")
        if not _np.all(_np.isfinite(x0)):
            raise ValueError(f"{self.name}: x0 must be finite; got {x0.tolist()}")
        return x0

    @property
    def dim(self):
        """Number of variables."""
        return self.x0.shape[0]

    def __call__(self, x):
        """``fun(x)``."""
        return self.fun(x)

    def random_starts(self, n, seed=0):
        """`n` points drawn uniformly from `bounds`, reproducibly from `seed`.

        Returns
        -------
        ndarray, shape (n, dim)
        """
        rng = _np.random.default_rng(seed)
        low, high = self.bounds[:, 0], self.bounds[:, 1]
        return low + (high - low) * rng.random((n, self.dim))

    def __repr__(self):
        f_star = "unknown" if self.f_star is None else f"{self.f_star:.6g}"
        return f"Problem({self.name!r}, dim={self.dim}, f_star={f_star})"
