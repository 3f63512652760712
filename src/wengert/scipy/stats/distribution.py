"""What every distribution of ``wengert.scipy.stats`` shares: SciPy's arguments, its handling
of the support and of invalid parameters, freezing, and the guarded rest.

A distribution names its shape parameters and gives its standardized pieces
(``_logpdf(z, *shapes)``, ``_cdf``, ``_sf``, ``_logcdf``, ``_logsf``, written
with ``wengert.numpy`` and ``wengert.scipy.special``); this module turns them
into SciPy's methods, differentiable in the data and in every parameter.
Outside the support a method returns SciPy's constant (``-inf``, 0 or 1) and
invalid parameters give NaN, as in SciPy. The pieces are evaluated at a safe
point where a value is discarded, so a discarded branch never puts NaN into a
derivative (the "double where").
"""

from __future__ import annotations

import numpy as _np
import scipy.stats as _st

from ... import numpy as wnp
from ...extend import raw, raw_array
from ..guards import refuse_traced, uncovered

__all__ = ["Guarded", "Continuous", "Discrete", "Frozen"]

_METHODS = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "logpmf", "pmf")


class Guarded:
    """SciPy's object for the methods not covered: they work on plain values and are refused,
    by name, on traced ones (``norm.ppf``, ``gamma.rvs``, ``dirichlet.mean``...)."""

    name = ""

    def __getattr__(self, attr):
        if attr.startswith("_"):
            raise AttributeError(attr)
        value = getattr(getattr(_st, self.name), attr)
        if not callable(value):
            return value
        return uncovered(value, f"scipy.stats.{self.name}.{attr}", "wengert.scipy.stats",
                         f"Its covered methods: {', '.join(self.covered)}.")

    def __repr__(self):
        return f"<wengert.scipy.stats.{self.name}: differentiable {', '.join(self.covered)}>"


def _where(inside, value_fn, z, safe, fill):
    """`value_fn(z)` where `inside`, `fill` elsewhere; `z` moved to `safe` where discarded."""
    if _np.all(inside):
        return value_fn(z)
    z = wnp.where(inside, z, safe)
    with _np.errstate(invalid="ignore", divide="ignore"):  # invalid parameters: NaN, as SciPy
        value = value_fn(z)
    return wnp.where(inside, value, fill)


class Distribution(Guarded):
    """The argument handling of SciPy's rv_continuous and rv_discrete."""

    shapes = ()             # names of the shape parameters, in SciPy's order
    extra = ("loc", "scale")
    safe = 0.0              # a standardized point inside the support, for discarded branches

    def __call__(self, *args, **kwds):
        """Freeze the parameters, as ``scipy.stats.norm(loc, scale)``."""
        return Frozen(self, args, kwds)

    def _parse(self, method, args, kwds):
        names = self.shapes + self.extra
        if len(args) > len(names):
            raise TypeError(f"{self.name}.{method} takes at most {len(names)} parameters after the "
                            f"data ({', '.join(names)}); got {len(args)}.")
        values = dict(zip(names, args))
        for key, value in kwds.items():
            if key not in names:
                raise TypeError(f"{self.name}.{method} got an unexpected argument {key!r}; its "
                                f"parameters are {', '.join(names)}.")
            if key in values:
                raise TypeError(f"{self.name}.{method} got {key!r} twice (by position and by name).")
            values[key] = value
        values = {k: wnp.asarray(v) if isinstance(v, (list, tuple)) else v for k, v in values.items()}
        missing = [s for s in self.shapes if s not in values]
        if missing:
            raise TypeError(f"{self.name}.{method} is missing its shape parameter(s) "
                            f"{', '.join(missing)} (SciPy's order: {', '.join(names)}).")
        return [values[s] for s in self.shapes], values

    def _argcheck(self, *shapes):
        """Valid shape parameters: SciPy's default, every shape positive."""
        ok = True
        for s in shapes:
            ok = ok & (raw_array(s) > 0)
        return ok

    def _support(self, *shapes):
        return -_np.inf, _np.inf

    # shape name -> (why it has no derivative, the methods where it has none)
    constant = {}

    def _refuse(self, method, shapes):
        """Refuse, by name, a traced shape parameter that `method` cannot differentiate in."""
        for name, (why, methods) in self.constant.items():
            if method in methods:
                refuse_traced(shapes[self.shapes.index(name)], f"scipy.stats.{self.name}.{method}",
                              name, why)


class Continuous(Distribution):
    """A continuous distribution with SciPy's loc and scale: x = loc + scale * z."""

    covered = ("logpdf", "pdf", "cdf", "logcdf", "sf", "logsf")

    def _logcdf(self, z, *s):
        return wnp.log(self._cdf(z, *s))

    def _logsf(self, z, *s):
        return wnp.log(self._sf(z, *s))

    def _sf(self, z, *s):
        return 1.0 - self._cdf(z, *s)

    def _standardize(self, method, x, args, kwds):
        shapes, values = self._parse(method, args, kwds)
        self._refuse(method, shapes)
        loc, scale = values.get("loc", 0.0), values.get("scale", 1.0)
        z = (wnp.asarray(x) - loc) / scale if isinstance(x, (list, tuple)) else (x - loc) / scale
        zr, scale_r = raw(z), raw_array(scale)
        valid = self._argcheck(*map(raw, shapes)) & (scale_r > 0) & ~_np.isnan(zr)
        lo, hi = self._support(*map(raw, shapes))
        return z, zr, shapes, scale, valid, lo, hi

    def _method(self, method, x, args, kwds, piece, closed, below, above):
        z, zr, shapes, scale, valid, lo, hi = self._standardize(method, x, args, kwds)
        inside = (zr >= lo) & (zr <= hi) if closed else (zr > lo) & (zr < hi)
        fill = _np.where(zr <= lo, below, above) if below != above else below
        out = _where(inside & valid, lambda z: piece(z, *shapes), z, self.safe, fill)
        if method == "logpdf":
            with _np.errstate(invalid="ignore", divide="ignore"):  # a scale <= 0 gives NaN below
                out = out - wnp.log(scale)
        return _bad(out, valid)

    def logpdf(self, x, *args, **kwds):
        """Log of the probability density at `x` (SciPy's ``logpdf``)."""
        return self._method("logpdf", x, args, kwds, self._logpdf, True, -_np.inf, -_np.inf)

    def pdf(self, x, *args, **kwds):
        """The probability density at `x` (SciPy's ``pdf``)."""
        return wnp.exp(self.logpdf(x, *args, **kwds))

    def cdf(self, x, *args, **kwds):
        """The distribution function P(X <= x) (SciPy's ``cdf``)."""
        return self._method("cdf", x, args, kwds, self._cdf, False, 0.0, 1.0)

    def logcdf(self, x, *args, **kwds):
        """log P(X <= x), accurate in the lower tail where the distribution has a formula for it."""
        return self._method("logcdf", x, args, kwds, self._logcdf, False, -_np.inf, 0.0)

    def sf(self, x, *args, **kwds):
        """The survival function P(X > x) = 1 - cdf, accurate in the upper tail."""
        return self._method("sf", x, args, kwds, self._sf, False, 1.0, 0.0)

    def logsf(self, x, *args, **kwds):
        """log P(X > x), accurate in the upper tail where the distribution has a formula for it."""
        return self._method("logsf", x, args, kwds, self._logsf, False, 0.0, -_np.inf)


class Discrete(Distribution):
    """A discrete distribution on the integers, with SciPy's integer shift `loc`.

    The data `k` and `loc` are integers and carry no derivative; the shape
    parameters do.
    """

    covered = ("logpmf", "pmf", "cdf", "logcdf", "sf", "logsf")
    extra = ("loc",)
    safe = 0.0

    def _standardize(self, method, k, args, kwds):
        shapes, values = self._parse(method, args, kwds)
        self._refuse(method, shapes)
        qualname = f"scipy.stats.{self.name}.{method}"
        refuse_traced(k, qualname, "k", "integer-valued data")
        refuse_traced(values.get("loc", 0), qualname, "loc", "an integer shift")
        k = raw_array(k, float) - raw_array(values.get("loc", 0))
        valid = self._argcheck(*map(raw, shapes)) & ~_np.isnan(k)
        lo, hi = self._support(*map(raw, shapes))
        return k, shapes, valid, lo, hi

    def _cumulative(self, method, k, args, kwds, piece, below, above):
        k, shapes, valid, lo, hi = self._standardize(method, k, args, kwds)
        k = _np.floor(k)
        inside = (k >= lo) & (k < hi)
        fill = _np.where(k < lo, below, above)
        return _bad(_where(inside & valid, lambda k: piece(k, *shapes), k, self.safe, fill), valid)

    def logpmf(self, k, *args, **kwds):
        """Log of the probability mass at `k` (SciPy's ``logpmf``); -inf off the integers."""
        k, shapes, valid, lo, hi = self._standardize("logpmf", k, args, kwds)
        inside = (k >= lo) & (k <= hi) & (_np.floor(k) == k)
        return _bad(_where(inside & valid, lambda k: self._logpmf(k, *shapes), k, self.safe, -_np.inf),
                    valid)

    def pmf(self, k, *args, **kwds):
        """The probability mass at `k` (SciPy's ``pmf``)."""
        return wnp.exp(self.logpmf(k, *args, **kwds))

    def cdf(self, k, *args, **kwds):
        """P(X <= k) (SciPy's ``cdf``)."""
        return self._cumulative("cdf", k, args, kwds, self._cdf, 0.0, 1.0)

    def logcdf(self, k, *args, **kwds):
        """log P(X <= k)."""
        return self._cumulative("logcdf", k, args, kwds, self._logcdf, -_np.inf, 0.0)

    def sf(self, k, *args, **kwds):
        """P(X > k) (SciPy's ``sf``)."""
        return self._cumulative("sf", k, args, kwds, self._sf, 1.0, 0.0)

    def logsf(self, k, *args, **kwds):
        """log P(X > k)."""
        return self._cumulative("logsf", k, args, kwds, self._logsf, 0.0, -_np.inf)

    def _logcdf(self, k, *s):
        return wnp.log(self._cdf(k, *s))

    def _logsf(self, k, *s):
        return wnp.log(self._sf(k, *s))


def _bad(out, valid):
    """NaN where the parameters are invalid (SciPy's ``badvalue``)."""
    if _np.all(valid):
        return out
    return wnp.where(valid, out, _np.nan)


class Frozen:
    """A distribution with its parameters fixed, as ``scipy.stats.gamma(2.0, scale=3.0)``."""

    def __init__(self, dist, args, kwds):
        self.dist, self.args, self.kwds = dist, args, kwds

    def __getattr__(self, attr):
        if attr in _METHODS and attr in self.dist.covered:
            method = getattr(self.dist, attr)
            return lambda x: method(x, *self.args, **self.kwds)
        if attr.startswith("_"):
            raise AttributeError(attr)
        scipy_dist = getattr(_st, self.dist.name)
        if not callable(getattr(scipy_dist, attr)):
            return getattr(scipy_dist(*map(raw, self.args), **{k: raw(v) for k, v in self.kwds.items()}), attr)

        def call(args, kwds, *a, **k):  # the parameters are checked for tracers with the call's arguments
            return getattr(scipy_dist(*args, **kwds), attr)(*a, **k)

        guarded = uncovered(call, f"scipy.stats.{self.dist.name}(...).{attr}",
                            "wengert.scipy.stats",
                            f"Its covered methods: {', '.join(self.dist.covered)}.")
        return lambda *a, **k: guarded(self.args, self.kwds, *a, **k)

    def __repr__(self):
        return f"<frozen wengert.scipy.stats.{self.dist.name}>"
