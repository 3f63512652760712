"""Distributions of vectors: multivariate_normal (differentiable in x, mean and cov) and
dirichlet (in x and alpha).

The normal's log-density is computed from the Cholesky factor of the
covariance, a triangular solve and the factor's diagonal, each with its own
rules, so the derivative in the covariance reads the lower triangle as SciPy's
eigendecomposition does. Arguments are processed as SciPy processes them: a
scalar or 1-d covariance is a multiple of the identity or a diagonal, and the
result is squeezed.
"""

from __future__ import annotations

import numpy as _np
import scipy.stats as _st

from ... import numpy as wnp
from ...extend import contains_tracer, raw, raw_array, shape_of
from ..linalg import solve_triangular
from ..special import gammaln, xlogy
from .distribution import Guarded

__all__ = ["multivariate_normal", "dirichlet"]

_LOG_2PI = _np.log(2.0 * _np.pi)


def _squeeze(out):
    """SciPy's ``_squeeze_output``: drop axes of length one; a scalar comes back as a number."""
    out = wnp.squeeze(out)
    return out[()] if not shape_of(out) and not contains_tracer(out) else out


class MultivariateNormal(Guarded):
    """``scipy.stats.multivariate_normal``: logpdf and pdf, differentiable in x, mean and cov."""

    name, covered = "multivariate_normal", ("logpdf", "pdf")

    def __call__(self, mean=None, cov=1, allow_singular=False, seed=None):
        """Freeze mean and cov, as ``scipy.stats.multivariate_normal(mean, cov)``."""
        return _FrozenMVN(self, mean, cov, allow_singular, seed)

    def _parameters(self, mean, cov):
        mean_shape, cov_shape = shape_of(mean) if mean is not None else None, shape_of(cov)
        if mean is not None and len(mean_shape) > 1:
            raise ValueError(f"multivariate_normal: mean must be 1-d; got shape {mean_shape}")
        if mean is not None:
            dim = int(_np.prod(mean_shape))   # SciPy's: the mean's size, else the covariance's
        else:
            dim = int(_np.prod(cov_shape)) if len(cov_shape) < 2 else cov_shape[0]
        if mean is None:
            mean = _np.zeros(dim)
        elif not mean_shape:
            mean = wnp.reshape(mean, (1,))
        if not cov_shape:
            cov = cov * _np.eye(dim)
        elif len(cov_shape) == 1:
            cov = wnp.diag(cov)
        if shape_of(cov) != (dim, dim):
            raise ValueError(f"multivariate_normal: cov must be {dim} x {dim} to match the mean "
                             f"(or a scalar, or a 1-d diagonal); got shape {shape_of(cov)}")
        return mean, cov, dim

    def logpdf(self, x, mean=None, cov=1, allow_singular=False):
        """Log-density at the rows of `x` (its last axis holds the components)."""
        if allow_singular and not contains_tracer((x, mean, cov)):
            return _st.multivariate_normal.logpdf(x, mean, cov, allow_singular=True)
        mean, cov, dim = self._parameters(mean, cov)
        if not shape_of(x):
            x = wnp.reshape(x, (1,))
        if len(shape_of(x)) == 1:
            x = wnp.reshape(x, (-1, 1) if dim == 1 else (1, -1))
        if shape_of(x)[-1] != dim:
            raise ValueError(f"multivariate_normal: x has {shape_of(x)[-1]} components in its last "
                             f"axis, but the distribution has dimension {dim}")
        try:
            factor = wnp.linalg.cholesky(cov)
        except _np.linalg.LinAlgError:
            raise _np.linalg.LinAlgError(
                "multivariate_normal: the covariance is not positive definite. A singular "
                "covariance (allow_singular=True) has no differentiable log-density here; "
                "call SciPy with plain values, or regularize cov (add a small multiple of the "
                "identity).") from None
        dev = wnp.reshape(x - mean, (-1, dim))
        z = solve_triangular(factor, wnp.swapaxes(dev, 0, 1), lower=True)
        maha = wnp.sum(z * z, axis=0)
        log_det = 2.0 * wnp.sum(wnp.log(wnp.diagonal(factor)))
        out = -0.5 * (dim * _LOG_2PI + log_det + maha)
        return _squeeze(wnp.reshape(out, shape_of(x)[:-1]))

    def pdf(self, x, mean=None, cov=1, allow_singular=False):
        """The density at the rows of `x`."""
        return wnp.exp(self.logpdf(x, mean, cov, allow_singular))


class _FrozenMVN:
    def __init__(self, dist, mean, cov, allow_singular, seed):
        self.dist, self.mean, self.cov, self.allow_singular = dist, mean, cov, allow_singular
        self.seed = seed

    def logpdf(self, x):
        return self.dist.logpdf(x, self.mean, self.cov, self.allow_singular)

    def pdf(self, x):
        return self.dist.pdf(x, self.mean, self.cov, self.allow_singular)

    def __getattr__(self, attr):
        if attr.startswith("_") or contains_tracer((self.mean, self.cov)):
            raise AttributeError(f"{attr!r}: a frozen multivariate_normal with traced parameters "
                                 f"covers only logpdf and pdf")
        frozen = _st.multivariate_normal(raw(self.mean), raw(self.cov), self.allow_singular, self.seed)
        return getattr(frozen, attr)


class Dirichlet(Guarded):
    """``scipy.stats.dirichlet``: logpdf and pdf, differentiable in x and alpha.

    As in SciPy, the first axis of `x` holds the components; with one component
    fewer than alpha, the last is 1 minus their sum (the form to differentiate
    in, since the simplex then holds for every x).
    """

    name, covered = "dirichlet", ("logpdf", "pdf")

    def _check(self, x, alpha):
        alpha_r = raw_array(alpha)
        if alpha_r.ndim != 1 or _np.any(alpha_r <= 0):
            raise ValueError(f"dirichlet: alpha must be a 1-d vector of positive numbers; got {alpha_r!r}")
        k = alpha_r.shape[0]
        n = shape_of(x)[0] if shape_of(x) else 0
        if n not in (k, k - 1):
            raise ValueError(f"dirichlet: x must have {k} or {k - 1} entries in its first axis (alpha "
                             f"has {k}); got shape {shape_of(x)}")
        if n == k - 1:
            x = wnp.concatenate([x, wnp.expand_dims(1.0 - wnp.sum(x, axis=0), 0)], axis=0)
        xr = raw_array(x)
        if xr.min() < 0 or xr.max() > 1:
            raise ValueError("dirichlet: each entry of x must lie in [0, 1]")
        if _np.any((xr == 0) & (alpha_r < 1).reshape((k,) + (1,) * (xr.ndim - 1))):
            raise ValueError("dirichlet: each entry of x must be greater than zero if its alpha is "
                             "less than one")
        if _np.any(_np.abs(xr.sum(axis=0) - 1.0) > 1e-9):
            raise ValueError(f"dirichlet: x must lie on the simplex (its entries summing to one "
                             f"along the first axis); the sums are {xr.sum(axis=0)}")
        return x

    def logpdf(self, x, alpha):
        """Log-density at `x` (components along the first axis)."""
        x = self._check(x, alpha)
        log_b = wnp.sum(gammaln(alpha)) - gammaln(wnp.sum(alpha))
        alpha_col = wnp.reshape(alpha, (-1,) + (1,) * (len(shape_of(x)) - 1))
        return _squeeze(wnp.sum(xlogy(alpha_col - 1.0, x), axis=0) - log_b)

    def pdf(self, x, alpha):
        """The density at `x`."""
        return wnp.exp(self.logpdf(x, alpha))


multivariate_normal, dirichlet = MultivariateNormal(), Dirichlet()
