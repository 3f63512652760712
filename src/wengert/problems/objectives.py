"""The objectives of the test functions, written with ``wengert.numpy``.

Module-level functions, so that a `Problem` holding one pickles and can be
sent to worker processes (a process pool, a dask cluster). Each takes ``x``,
a 1-D array, and returns a scalar; `catalogue` documents them and their
minima.
"""

from __future__ import annotations

from .. import numpy as wnp

__all__ = ["sphere", "quadratic", "rosenbrock", "beale", "booth", "matyas", "himmelblau",
           "three_hump_camel", "goldstein_price", "styblinski_tang", "rastrigin", "ackley", "levy",
           "easom", "mccormick"]


def sphere(x):
    """sum x_i^2."""
    return wnp.sum(x ** 2)


def quadratic(x, A):
    """x'Ax / 2 for a symmetric matrix A."""
    return 0.5 * wnp.dot(x, wnp.dot(A, x))


def rosenbrock(x):
    """sum 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2, the chained form of scipy.optimize.rosen."""
    return wnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def beale(x):
    """(1.5 - a + ab)^2 + (2.25 - a + ab^2)^2 + (2.625 - a + ab^3)^2."""
    a, b = x[0], x[1]
    return (1.5 - a + a * b) ** 2 + (2.25 - a + a * b ** 2) ** 2 + (2.625 - a + a * b ** 3) ** 2


def booth(x):
    """(a + 2b - 7)^2 + (2a + b - 5)^2."""
    a, b = x[0], x[1]
    return (a + 2 * b - 7) ** 2 + (2 * a + b - 5) ** 2


def matyas(x):
    """0.26 (a^2 + b^2) - 0.48 ab."""
    a, b = x[0], x[1]
    return 0.26 * (a ** 2 + b ** 2) - 0.48 * a * b


def himmelblau(x):
    """(a^2 + b - 11)^2 + (a + b^2 - 7)^2."""
    a, b = x[0], x[1]
    return (a ** 2 + b - 11) ** 2 + (a + b ** 2 - 7) ** 2


def three_hump_camel(x):
    """2a^2 - 1.05a^4 + a^6/6 + ab + b^2."""
    a, b = x[0], x[1]
    return 2 * a ** 2 - 1.05 * a ** 4 + a ** 6 / 6 + a * b + b ** 2


def goldstein_price(x):
    """The Goldstein-Price polynomial of degree 8."""
    a, b = x[0], x[1]
    first = 1 + (a + b + 1) ** 2 * (19 - 14 * a + 3 * a ** 2 - 14 * b + 6 * a * b + 3 * b ** 2)
    second = 30 + (2 * a - 3 * b) ** 2 * (18 - 32 * a + 12 * a ** 2 + 48 * b - 36 * a * b
                                          + 27 * b ** 2)
    return first * second


def styblinski_tang(x):
    """sum (x_i^4 - 16 x_i^2 + 5 x_i) / 2."""
    return 0.5 * wnp.sum(x ** 4 - 16 * x ** 2 + 5 * x)


def rastrigin(x):
    """10n + sum x_i^2 - 10 cos(2 pi x_i)."""
    return 10.0 * x.shape[0] + wnp.sum(x ** 2 - 10.0 * wnp.cos(2 * wnp.pi * x))


def ackley(x):
    """Ackley's function: exponentials of the root mean square and of the mean cosine."""
    return (-20.0 * wnp.exp(-0.2 * wnp.sqrt(wnp.mean(x ** 2)))
            - wnp.exp(wnp.mean(wnp.cos(2 * wnp.pi * x))) + 20.0 + wnp.e)


def levy(x):
    """Levy function no. 13 in n dimensions, in w = 1 + (x - 1)/4."""
    w = 1 + (x - 1) / 4
    head = wnp.sin(wnp.pi * w[0]) ** 2
    body = wnp.sum((w[:-1] - 1) ** 2 * (1 + 10 * wnp.sin(wnp.pi * w[:-1] + 1) ** 2))
    tail = (w[-1] - 1) ** 2 * (1 + wnp.sin(2 * wnp.pi * w[-1]) ** 2)
    return head + body + tail


def easom(x):
    """-cos a cos b exp(-(a - pi)^2 - (b - pi)^2)."""
    a, b = x[0], x[1]
    return -wnp.cos(a) * wnp.cos(b) * wnp.exp(-((a - wnp.pi) ** 2 + (b - wnp.pi) ** 2))


def mccormick(x):
    """sin(a + b) + (a - b)^2 - 1.5a + 2.5b + 1."""
    a, b = x[0], x[1]
    return wnp.sin(a + b) + (a - b) ** 2 - 1.5 * a + 2.5 * b + 1
