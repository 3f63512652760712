"""Inverses, determinants and linear systems: inv, det, slogdet, solve, pinv, lstsq, powers.

Rules follow the standard matrix-calculus results (Giles 2008, "Collected
matrix derivative results"), written with differentiable operations so that
they differentiate again. Each works on stacks of matrices and on complex ones
(inv, det and solve are holomorphic: their rules are the real ones).
"""

from __future__ import annotations

import numpy as _np

from ...tracer import raw
from .._broadcasting import shape_of, unbroadcast
from .._complex import is_complex, real
from .._products import matmul
from .._reductions import sum
from .._shapes import expand_dims, squeeze
from .._wrapping import wrap
from ._matrix import H, T, cx, eye

__all__ = ["inv", "det", "slogdet", "solve", "pinv", "pinv_vjp", "pinv_jvp", "matrix_power", "multi_dot"]

inv = wrap(_np.linalg.inv, "inv")
inv.vjps[0] = lambda g, ans, a: -matmul(matmul(T(ans), g), T(ans))
inv.jvps[0] = lambda t, ans, a: -matmul(matmul(ans, t), ans)

det = wrap(_np.linalg.det, "det")
det.vjps[0] = lambda g, ans, a: expand_dims(expand_dims(g * ans, -1), -1) * T(inv(a))
det.jvps[0] = lambda t, ans, a: ans * sum(T(inv(a)) * t, axis=(-2, -1))

# log|det a| is the real part of the holomorphic log det a: the same VJP, a real JVP
_logabsdet = wrap(lambda a: _np.linalg.slogdet(a)[1], "logabsdet")
_logabsdet.vjps[0] = lambda g, ans, a: expand_dims(expand_dims(g, -1), -1) * T(inv(a))
_logabsdet.jvps[0] = lambda t, ans, a: _real_if(sum(T(inv(a)) * t, axis=(-2, -1)), a)


def _real_if(x, a):
    return real(x) if is_complex(a) or is_complex(x) else x


def slogdet(a):
    """``(sign, log|det a|)``; only the logarithm carries a derivative."""
    return _np.linalg.slogdet(raw(a))[0], _logabsdet(a)


def _solve_vjp_a(g, ans, a, b):
    gb = _solve_like(T(a), g, b)
    if len(shape_of(b)) == 1:
        return -expand_dims(gb, -1) * expand_dims(ans, -2)
    return -matmul(gb, T(ans))


def _solve_like(a, x, b):
    """solve(a, x), `x` read as vectors when `b` was one (NumPy 2: a 1-d b is a vector)."""
    if len(shape_of(b)) == 1 and len(shape_of(x)) > 1:
        return squeeze(solve(a, expand_dims(x, -1)), -1)
    return solve(a, x)


def _times_like(m, x, b):
    """m @ x, `x` read as vectors when `b` was one."""
    if len(shape_of(b)) == 1:
        return squeeze(matmul(m, expand_dims(x, -1)), -1)
    return matmul(m, x)


def _solve_raw(a, b):
    if _np.ndim(b) == 1 and _np.ndim(a) > 2:  # a vector, for every matrix of the stack
        return _np.linalg.solve(a, b[:, None])[..., 0]
    return _np.linalg.solve(a, b)


solve = wrap(_solve_raw, "solve", plain=_np.linalg.solve)
solve.unbroadcast = unbroadcast
solve.vjps.update({0: _solve_vjp_a, 1: lambda g, ans, a, b: _solve_like(T(a), g, b)})
solve.jvps.update({0: lambda t, ans, a, b: -_solve_like(a, _times_like(t, ans, b), b),
                   1: lambda t, ans, a, b: _solve_like(a, t, b)})


# -- the pseudo-inverse: its derivative assumes the rank does not change near `a` ---------
def pinv_vjp(g, ans, a):
    p = ans
    q = eye(shape_of(a)[-2]) - matmul(a, p)
    r = eye(shape_of(a)[-1]) - matmul(p, a)
    return (-matmul(matmul(T(p), g), T(p))
            + matmul(matmul(cx(q), H(g)), matmul(cx(p), T(p)))
            + matmul(matmul(matmul(T(p), cx(p)), H(g)), cx(r)))


def pinv_jvp(t, ans, a):
    p = ans
    q = eye(shape_of(a)[-2]) - matmul(a, p)
    r = eye(shape_of(a)[-1]) - matmul(p, a)
    return (-matmul(matmul(p, t), p)
            + matmul(matmul(matmul(p, H(p)), H(t)), q)
            + matmul(matmul(r, H(t)), matmul(H(p), p)))


def _pinv_raw(a, rcond=None, hermitian=False):
    """Moore-Penrose pseudo-inverse; its derivative assumes the rank does not change near `a`."""
    return _np.linalg.pinv(a, hermitian=hermitian) if rcond is None else \
        _np.linalg.pinv(a, rcond, hermitian=hermitian)


pinv = wrap(_pinv_raw, "pinv")
pinv.vjps[0] = lambda g, ans, a, rcond=None, hermitian=False: pinv_vjp(g, ans, a)
pinv.jvps[0] = lambda t, ans, a, rcond=None, hermitian=False: pinv_jvp(t, ans, a)


def matrix_power(a, n):
    """``numpy.linalg.matrix_power``: products by repeated squaring (an inverse first for n < 0)."""
    if int(n) != n:
        raise TypeError(f"matrix_power needs an integer exponent; got {n!r}")
    n = int(n)
    if n < 0:
        a, n = inv(a), -n
    result = None
    square = a
    while n:
        if n & 1:
            result = square if result is None else matmul(result, square)
        n >>= 1
        if n:
            square = matmul(square, square)
    if result is None:  # a**0: the identity, a constant
        return _np.broadcast_to(_np.eye(shape_of(a)[-1], dtype=_np.result_type(raw(a))), shape_of(a)).copy()
    return result


def multi_dot(arrays, *, out=None):
    """``numpy.linalg.multi_dot``: the product of the arrays, left to right (1-d ends allowed)."""
    result = arrays[0]
    for a in arrays[1:]:
        result = matmul(result, a)
    return result
