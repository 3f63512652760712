"""``wengert.numpy.fft``: discrete Fourier transforms with their derivative rules.

Every transform is linear, so its JVP is the transform of the tangent. The
DFT matrix is symmetric, so under the pairing cotangents follow
(``Re(sum(g * t))``, no conjugate) the VJP of ``fft`` is ``fft`` itself, with
the same `norm`, and that of ``ifft`` is ``ifft``; a length `n` that pads or
crops the input is undone on the way back. ``rfft`` is ``fft`` restricted to
real inputs and half the spectrum (its VJP pads the cotangent and takes the
real part); ``irfft`` reads a half spectrum as a Hermitian one, so its VJP
weighs each frequency by the number of times it is used (1 for the constant
and Nyquist terms, 2 for the others). The n-dimensional transforms, ``hfft``
and the shifts are compositions of these, as in NumPy's own source.
"""

from __future__ import annotations

import numpy as _np

from ..tracer import raw
from ._broadcasting import shape_of
from ._complex import conj
from ._shapes import concatenate, getitem, roll
from ._wrapping import linear, nondiff, wrap, uncovered

__all__ = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2", "irfft2",
           "rfftn", "irfftn", "hfft", "ihfft", "fftshift", "ifftshift", "fftfreq", "rfftfreq"]

_NORMS = (None, "backward", "ortho", "forward")


def _fit(x, length, axis):
    """`x` cropped or zero-padded to `length` along `axis` (undoing the transform's `n`)."""
    have = shape_of(x)[axis]
    if have == length:
        return x
    index = [slice(None)] * len(shape_of(x))
    if have > length:
        index[axis] = slice(0, length)
        return getitem(x, tuple(index))
    zeros_shape = list(shape_of(x))
    zeros_shape[axis] = length - have
    return concatenate([x, _np.zeros(zeros_shape, _np.result_type(raw(x)))], axis=axis)


def _one_axis(np_fun, name):
    prim = wrap(lambda x, n, axis, norm: np_fun(x, n, axis, norm), name)
    return linear(prim, lambda g, ans, x, n, axis, norm: _fit(prim(g, None, axis, norm), shape_of(x)[axis], axis))


_fft = _one_axis(_np.fft.fft, "fft")
_ifft = _one_axis(_np.fft.ifft, "ifft")


def _rfft_vjp(g, ans, x, n, axis, norm):
    n = shape_of(x)[axis] if n is None else n
    return _fit(_fft(_fit(g, n, axis), None, axis, norm), shape_of(x)[axis], axis)


def _irfft_vjp(g, ans, x, n, axis, norm):
    n = 2 * (shape_of(x)[axis] - 1) if n is None else n
    half = getitem(_ifft(g, None, axis, norm), _along(axis, len(shape_of(g)), slice(0, n // 2 + 1)))
    weight = _np.full(n // 2 + 1, 2.0)
    weight[0] = 1.0
    if n % 2 == 0:
        weight[-1] = 1.0
    weight = weight.reshape((-1,) + (1,) * (len(shape_of(g)) - 1 - axis % len(shape_of(g))))
    return _fit(half * weight, shape_of(x)[axis], axis)


def _along(axis, ndim, part):
    index = [slice(None)] * ndim
    index[axis] = part
    return tuple(index)


_rfft = linear(wrap(lambda x, n, axis, norm: _np.fft.rfft(x, n, axis, norm), "rfft"), _rfft_vjp)
_irfft = linear(wrap(lambda x, n, axis, norm: _np.fft.irfft(x, n, axis, norm), "irfft"), _irfft_vjp)


def _checked(norm, axis, x):
    if norm not in _NORMS:
        raise ValueError(f'norm must be None, "backward", "ortho" or "forward"; got {norm!r}')
    return axis % max(len(shape_of(x)), 1)


def fft(a, n=None, axis=-1, norm=None):
    """``numpy.fft.fft``: the one-dimensional DFT along `axis`."""
    return _fft(a, n, _checked(norm, axis, a), norm)


def ifft(a, n=None, axis=-1, norm=None):
    """``numpy.fft.ifft``: the inverse of `fft`."""
    return _ifft(a, n, _checked(norm, axis, a), norm)


def rfft(a, n=None, axis=-1, norm=None):
    """``numpy.fft.rfft``: the DFT of a real input, non-negative frequencies only."""
    return _rfft(a, n, _checked(norm, axis, a), norm)


def irfft(a, n=None, axis=-1, norm=None):
    """``numpy.fft.irfft``: the inverse of `rfft` (a real result of length `n`)."""
    return _irfft(a, n, _checked(norm, axis, a), norm)


def _shape_and_axes(a, s, axes, default_axes=None):
    """NumPy's reading of `s` and `axes` for the n-dimensional transforms."""
    ndim = len(shape_of(a))
    if axes is None:
        axes = default_axes if default_axes is not None and s is None else (
            list(range(ndim)) if s is None else list(range(ndim - len(s), ndim)))
    axes = [ax % ndim for ax in axes]
    s = [None] * len(axes) if s is None else list(s)
    if len(s) != len(axes):
        raise ValueError(f"shape s={s!r} and axes={axes!r} must have the same length")
    return s, axes


def _nd(one_axis, a, s, axes, norm, default_axes=None):
    s, axes = _shape_and_axes(a, s, axes, default_axes)
    for size, ax in reversed(list(zip(s, axes))):  # NumPy's order: the last axis first
        a = one_axis(a, size, ax, norm)
    return a


def fftn(a, s=None, axes=None, norm=None):
    """``numpy.fft.fftn``: the DFT over several axes (all by default)."""
    return _nd(fft, a, s, axes, norm)


def ifftn(a, s=None, axes=None, norm=None):
    """``numpy.fft.ifftn``."""
    return _nd(ifft, a, s, axes, norm)


def fft2(a, s=None, axes=(-2, -1), norm=None):
    """``numpy.fft.fft2``: `fftn` over the last two axes."""
    return fftn(a, s, axes, norm)


def ifft2(a, s=None, axes=(-2, -1), norm=None):
    """``numpy.fft.ifft2``."""
    return ifftn(a, s, axes, norm)


def rfftn(a, s=None, axes=None, norm=None):
    """``numpy.fft.rfftn``: `rfft` along the last axis, then `fft` along the others."""
    s, axes = _shape_and_axes(a, s, axes)
    a = rfft(a, s[-1], axes[-1], norm)
    return _nd(fft, a, s[:-1], axes[:-1], norm) if len(axes) > 1 else a


def irfftn(a, s=None, axes=None, norm=None):
    """``numpy.fft.irfftn``: `ifft` along all axes but the last, then `irfft` along it."""
    s, axes = _shape_and_axes(a, s, axes)
    if len(axes) > 1:
        a = _nd(ifft, a, s[:-1], axes[:-1], norm)
    return irfft(a, s[-1], axes[-1], norm)


def rfft2(a, s=None, axes=(-2, -1), norm=None):
    """``numpy.fft.rfft2``."""
    return rfftn(a, s, axes, norm)


def irfft2(a, s=None, axes=(-2, -1), norm=None):
    """``numpy.fft.irfft2``."""
    return irfftn(a, s, axes, norm)


_SWAPPED = {None: "forward", "backward": "forward", "ortho": "ortho", "forward": "backward"}


def hfft(a, n=None, axis=-1, norm=None):
    """``numpy.fft.hfft``: the DFT of a Hermitian-symmetric signal given by its first half."""
    _checked(norm, axis, a)
    return irfft(conj(a), n, axis, _SWAPPED[norm])


def ihfft(a, n=None, axis=-1, norm=None):
    """``numpy.fft.ihfft``: the inverse of `hfft`."""
    _checked(norm, axis, a)
    return conj(rfft(a, n, axis, _SWAPPED[norm]))


def fftshift(x, axes=None):
    """``numpy.fft.fftshift``: the zero frequency moved to the centre."""
    axes = range(len(shape_of(x))) if axes is None else ([axes] if _np.ndim(axes) == 0 else axes)
    for ax in axes:
        x = roll(x, shape_of(x)[ax] // 2, ax)
    return x


def ifftshift(x, axes=None):
    """``numpy.fft.ifftshift``: the inverse of `fftshift`."""
    axes = range(len(shape_of(x))) if axes is None else ([axes] if _np.ndim(axes) == 0 else axes)
    for ax in axes:
        x = roll(x, -(shape_of(x)[ax] // 2), ax)
    return x


fftfreq = nondiff(_np.fft.fftfreq)
rfftfreq = nondiff(_np.fft.rfftfreq)


def __getattr__(name):
    value = getattr(_np.fft, name)
    return uncovered(value, f"numpy.fft.{name}") if callable(value) else value
