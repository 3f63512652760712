"""``wengert.scipy.signal``: convolve, correlate and fftconvolve, n-dimensional, in the modes
full, valid and same.

A convolution is linear in each input, and its adjoint is a correlation: the
cotangent of ``convolve(a, b, "full")`` with respect to `a` is
``convolve(g, flip(b), "valid")``. The modes "same" and "valid" keep a
centred block of the full result, so their cotangent is first padded back to
the full shape with zeros. Each rule calls the same primitive again, so the
rules differentiate again; correlate is convolve with the second input
reversed, as SciPy computes it.
"""

from __future__ import annotations

import numpy as _np
import scipy.signal as _ss

from .. import numpy as wnp
from ..extend import shape_of, unbroadcast, wrap
from .coverage import SIGNAL
from .guards import scipy_attribute

__all__ = ["convolve", "correlate", "fftconvolve"]


def _pad_to_full(g, a, b, axes):
    """The cotangent of a centred block of the full convolution, as a cotangent of all of it."""
    sa, sb, sg = shape_of(a), shape_of(b), shape_of(g)
    widths = [(0, 0)] * len(sg)
    for ax in axes:
        full = sa[ax] + sb[ax] - 1
        start = (full - sg[ax]) // 2   # SciPy's _centered
        widths[ax] = (start, full - sg[ax] - start)
    return wnp.pad(g, widths) if any(w != (0, 0) for w in widths) else g


def _bilinear(raw_fun, name, axes_of):
    """A convolution primitive given SciPy's function and, for its keyword arguments, the
    axes it convolves along. Rules: the correlation adjoints above; JVPs: the primitive."""
    prim = wrap(raw_fun, name)
    prim.unbroadcast = unbroadcast  # fftconvolve broadcasts the axes it does not convolve

    def vjp(k):
        def rule(g, ans, a, b, mode="full", **kw):
            axes = axes_of(len(shape_of(a)), kw)
            other = b if k == 0 else a
            g_full = _pad_to_full(g, a, b, axes) if mode != "full" else g
            return prim(g_full, wnp.flip(other, axes), mode="valid", **kw)
        return rule

    prim.vjps.update({0: vjp(0), 1: vjp(1)})
    prim.jvps.update({0: lambda t, ans, a, b, **kw: prim(t, b, **kw),
                      1: lambda t, ans, a, b, **kw: prim(a, t, **kw)})
    prim.reads = {0: frozenset({2}), 1: frozenset({1})}  # each rule reads the other input only
    return prim


def _all_axes(ndim, kw):
    return tuple(range(ndim))


def _given_axes(ndim, kw):
    axes = kw.get("axes")
    if axes is None:
        return tuple(range(ndim))
    return tuple(sorted(ax % ndim for ax in _np.atleast_1d(axes)))


_convolve = _bilinear(lambda a, b, mode="full", method="auto": _ss.convolve(a, b, mode=mode, method=method),
                      "convolve", _all_axes)
_fftconvolve = _bilinear(lambda a, b, mode="full", axes=None: _ss.fftconvolve(a, b, mode=mode, axes=axes),
                         "fftconvolve", _given_axes)


def _check(in1, in2, mode, name):
    if mode not in ("full", "valid", "same"):
        raise ValueError(f"{name}: mode must be 'full', 'valid' or 'same'; got {mode!r}")
    s1, s2 = shape_of(in1), shape_of(in2)
    if len(s1) != len(s2):
        raise ValueError(f"{name}: in1 and in2 should have the same dimensionality; got shapes {s1} "
                         f"and {s2}")
    return s1, s2


def _check_valid(s1, s2, axes, name):
    """SciPy's rule for mode "valid": one input at least as large as the other along every axis."""
    if not (all(s1[a] >= s2[a] for a in axes) or all(s2[a] >= s1[a] for a in axes)):
        raise ValueError(f"{name}: for 'valid' mode, one must be at least as large as the other in "
                         f"every dimension; got shapes {s1} and {s2}")


def convolve(in1, in2, mode="full", method="auto"):
    """``scipy.signal.convolve``: the n-dimensional convolution, differentiable in both inputs.

    >>> import numpy, wengert as wg
    >>> from wengert.scipy.signal import convolve
    >>> wg.grad(lambda k: convolve(numpy.array([1.0, 2.0, 3.0]), k, "valid").sum())(numpy.ones(2))
    array([5., 3.])
    """
    s1, s2 = _check(in1, in2, mode, "convolve")
    if not s1:
        return in1 * in2
    if method not in ("auto", "direct", "fft"):
        raise ValueError(f"convolve: method must be 'auto', 'direct' or 'fft'; got {method!r}")
    if mode == "valid":
        _check_valid(s1, s2, range(len(s1)), "convolve")
    return _convolve(in1, in2, mode=mode, method=method)


def correlate(in1, in2, mode="full", method="auto"):
    """``scipy.signal.correlate``: the cross-correlation, which is the convolution with `in2`
    reversed along every axis (SciPy's own definition)."""
    s1, s2 = _check(in1, in2, mode, "correlate")
    if not s1:
        return in1 * in2
    return convolve(in1, wnp.flip(in2), mode, method)


def fftconvolve(in1, in2, mode="full", axes=None):
    """``scipy.signal.fftconvolve``: the convolution by FFT, along `axes` (every axis by default;
    the others broadcast), differentiable in both inputs."""
    s1, s2 = _check(in1, in2, mode, "fftconvolve")
    if not s1:
        return in1 * in2
    kw_axes = None if axes is None else tuple(int(a) for a in _np.atleast_1d(axes))
    if mode == "valid":
        _check_valid(s1, s2, _given_axes(len(s1), {"axes": kw_axes}), "fftconvolve")
    return _fftconvolve(in1, in2, mode=mode, axes=kw_axes)


def __getattr__(name):
    """Anything else ``scipy.signal`` has: plain values pass, traced ones are refused by name."""
    return scipy_attribute(_ss, name, SIGNAL, "wengert.scipy.signal")
