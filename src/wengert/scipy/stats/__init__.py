"""``wengert.scipy.stats``: distributions whose log-densities, cdfs and tails are differentiable
in the data and in the parameters.

Each distribution has SciPy's name, methods and arguments (shape parameters,
then ``loc`` and ``scale``, by position or by name) and can be frozen
(``gamma(2.0, scale=3.0).logpdf(x)``). Its other methods (``ppf``, ``rvs``,
``mean``...) are SciPy's: they work on plain values, and on a traced value
they raise an error naming the method. A distribution wengert does not cover
does the same.

>>> import numpy, wengert as wg
>>> from wengert.scipy.stats import norm
>>> data = numpy.array([0.5, 1.5, 2.0])
>>> float(wg.grad(lambda mu: -norm.logpdf(data, mu, 1.0).sum())(1.0))   # -(sum(data) - 3 mu)
-1.0
"""

from __future__ import annotations

import scipy.stats as _st

from ..coverage import OTHER_DISTRIBUTIONS, STATS
from ..guards import scipy_attribute, uncovered
from .discrete import binom, nbinom, poisson
from .multivariate import dirichlet, multivariate_normal
from .norm import norm
from .positive import beta, chi2, expon, gamma, lognorm, weibull_min
from .real_line import cauchy, laplace, logistic, t

__all__ = ["norm", "t", "cauchy", "laplace", "logistic", "gamma", "beta", "chi2", "expon",
           "lognorm", "weibull_min", "poisson", "binom", "nbinom", "multivariate_normal", "dirichlet"]


class _Uncovered:
    """A SciPy distribution wengert does not cover: every method guarded by name."""

    def __init__(self, name):
        self._name = name
        self._hint = STATS.hint(name) or f"Not covered yet: {OTHER_DISTRIBUTIONS}."

    def __getattr__(self, attr):
        value = getattr(getattr(_st, self._name), attr)
        if not callable(value):
            return value
        return uncovered(value, f"scipy.stats.{self._name}.{attr}", "wengert.scipy.stats", self._hint)

    def __call__(self, *args, **kwds):
        return uncovered(getattr(_st, self._name), f"scipy.stats.{self._name}", "wengert.scipy.stats",
                         self._hint)(*args, **kwds)


def __getattr__(name):
    """Anything else ``scipy.stats`` has: plain values pass, traced ones are refused by name."""
    if is_distribution(getattr(_st, name)):
        return _Uncovered(name)
    return scipy_attribute(_st, name, STATS, "wengert.scipy.stats")


def is_distribution(value):
    """A SciPy distribution object: univariate (rv_continuous, rv_discrete) or multivariate."""
    return isinstance(value, (_st.rv_continuous, _st.rv_discrete)) or type(value).__name__.endswith("_gen")
