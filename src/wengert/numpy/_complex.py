"""Complex numbers: parts, conjugate, angle, and casts between dtypes.

The convention is the one autograd and JAX share. A cotangent pairs with a
tangent by ``Re(sum(g * t))`` (no conjugate), so a holomorphic rule is
``g * f'(z)``, the same line as for reals, and the gradient of a real `f` of
complex `z` is ``df/dx - i df/dy`` (twice the conjugate of df/dz̄). The
functions here are the non-holomorphic ones, each with the rule that
pairing gives: ``real`` hands back ``g``, ``imag`` ``-i g``, ``conj``
``conj(g)``.
"""

from __future__ import annotations

import numpy as _np

from ..tracer import raw
from ._wrapping import is_complex, linear, raw_array, wrap

__all__ = ["real", "imag", "conj", "conjugate", "angle", "real_if_close", "astype"]


def _as_complex_cotangent(g, x):
    """A cotangent for complex `x`: real cotangents become complex (``g + 0j``)."""
    return g if is_complex(g) else cast(g, _np.result_type(raw(x)))


real = linear(wrap(_np.real, "real"), lambda g, ans, x: _as_complex_cotangent(g, x) if is_complex(x) else g)
imag = linear(wrap(_np.imag, "imag"), lambda g, ans, x: -1j * g if is_complex(x) else None)
conj = linear(wrap(_np.conjugate, "conjugate"), lambda g, ans, x: conj(g))
conjugate = conj


def _angle_vjp(g, ans, z):
    if not is_complex(z):
        return None  # the angle of a real number is 0 or pi: flat
    return -1j * g * conj(z) / _abs_squared_safe(z)


def _angle_jvp(t, ans, z):
    if not is_complex(z):
        return _np.zeros(_np.shape(raw(z)))
    return imag(conj(z) * t) / _abs_squared_safe(z)


def _abs_squared_safe(z):
    """|z|^2, with 1 where z = 0 (the angle is flat there: its numerator is 0 too)."""
    square = real(z) * real(z) + imag(z) * imag(z)
    return square + (raw(square) == 0)


angle = wrap(lambda z, deg=False: _np.angle(z, deg), "angle")
angle.vjps[0] = lambda g, ans, z, deg=False: _degrees(_angle_vjp(g, ans, z), deg)
angle.jvps[0] = lambda t, ans, z, deg=False: _degrees(_angle_jvp(t, ans, z), deg)


def _degrees(d, deg):
    return d if d is None or not deg else d * (180.0 / _np.pi)


def real_if_close(a, tol=100):
    """``numpy.real_if_close``: the real part when every imaginary part is within `tol` eps."""
    value = raw(a)
    if not _np.iscomplexobj(value):
        return a
    limit = tol * _np.finfo(value.dtype).eps if tol > 1 else tol
    return real(a) if _np.all(_np.abs(_np.imag(value)) < limit) else a


# -- casts --------------------------------------------------------------------------
def _cast_raw(x, dtype):
    value = _np.asarray(x)
    if value.dtype.kind == "c" and _np.dtype(dtype).kind != "c":
        value = value.real  # what NumPy does, without its ComplexWarning
    out = value.astype(dtype)
    return out[()] if out.ndim == 0 and not isinstance(x, _np.ndarray) else out


def _cast_vjp(g, ans, x, dtype):
    """Back to `x`'s dtype: the real part for a real `x`, complex for a complex one."""
    target = _np.result_type(raw(x))
    if target.kind != "c" and is_complex(g):
        g = real(g)
    return cast(g, target)


cast = linear(wrap(_cast_raw, "astype"), _cast_vjp)


def astype(x, dtype, copy=True):
    """``numpy.astype`` / ``x.astype``: float and complex casts carry the derivative;
    a cast to an integer or boolean dtype gives plain values (no derivative)."""
    if _np.dtype(dtype).kind in "fc":
        if _np.result_type(raw(x)) == _np.dtype(dtype):
            return x
        return cast(x, dtype)
    value = raw_array(x)
    # a staged value (wg.jit) converts by a recorded np.asarray (np.astype is NumPy >= 2.1 only)
    return value.astype(dtype) if type(value) is _np.ndarray else raw_array(value, dtype)
