"""``wengert.numpy.linalg``: matrix functions with their derivative rules.

Rules follow the standard matrix-calculus results (Giles 2008, "Collected
matrix derivative results"; Murray 2016 for the Cholesky factor) and are
written with differentiable operations, so they can be differentiated again.
Stacks of matrices (leading batch axes) work throughout.
"""

from __future__ import annotations

import numpy as _np

from ..tracer import raw
from ._elementwise import absolute, sqrt
from ._products import _T, matmul, tril, triu
from ._reductions import max, min, sum
from ._shapes import _shape, concatenate, expand_dims, getitem, reshape
from ._broadcasting import unbroadcast
from ._wrapping import nondiff, uncovered, wrap


def _eye_like(a):
    return _np.eye(_shape(a)[-1])


inv = wrap(_np.linalg.inv, "inv")
inv.vjps[0] = lambda g, ans, a: -matmul(matmul(_T(ans), g), _T(ans))
inv.jvps[0] = lambda t, ans, a: -matmul(matmul(ans, t), ans)

det = wrap(_np.linalg.det, "det")
det.vjps[0] = lambda g, ans, a: expand_dims(expand_dims(g * ans, -1), -1) * _T(inv(a))
det.jvps[0] = lambda t, ans, a: ans * sum(_T(inv(a)) * t, axis=(-2, -1))

_logabsdet = wrap(lambda a: _np.linalg.slogdet(a)[1], "logabsdet")
_logabsdet.vjps[0] = lambda g, ans, a: expand_dims(expand_dims(g, -1), -1) * _T(inv(a))
_logabsdet.jvps[0] = lambda t, ans, a: sum(_T(inv(a)) * t, axis=(-2, -1))


def slogdet(a):
    """``(sign, log|det a|)``; only the logarithm carries a derivative."""
    return _np.linalg.slogdet(raw(a))[0], _logabsdet(a)


def _solve_vjp_a(g, ans, a, b):
    gb = solve(_T(a), g)
    if len(_shape(b)) == 1:
        return -expand_dims(gb, -1) * expand_dims(ans, -2)
    return -matmul(gb, _T(ans))


solve = wrap(_np.linalg.solve, "solve")
solve.unbroadcast = unbroadcast
solve.vjps.update({0: _solve_vjp_a, 1: lambda g, ans, a, b: solve(_T(a), g)})
solve.jvps.update({0: lambda t, ans, a, b: -solve(a, matmul(t, ans)), 1: lambda t, ans, a, b: solve(a, t)})


def _symmetric_from(a, lower):
    """The symmetric matrix that a LAPACK routine reading one triangle of `a` sees.

    Routing `eigh` and `cholesky` through it makes their derivatives follow the
    triangle that is read, whatever the other one holds (the symmetric rules
    alone would give a wrong derivative for a matrix that is not symmetric).
    """
    if lower:
        return tril(a) + _T(tril(a, -1))
    return triu(a) + _T(triu(a, 1))


def _phi(x):
    """Lower triangle with the diagonal halved."""
    return tril(x) * (1.0 - 0.5 * _np.eye(_shape(x)[-1]))


def _cholesky_vjp(g, ans, a):
    l_inv = inv(ans)
    s = matmul(matmul(_T(l_inv), _phi(matmul(_T(ans), g))), l_inv)
    return 0.5 * (s + _T(s))


_cholesky = wrap(_np.linalg.cholesky, "cholesky")
_cholesky.vjps[0] = _cholesky_vjp
_cholesky.jvps[0] = lambda t, ans, a: matmul(ans, _phi(matmul(matmul(inv(ans), t), _T(inv(ans)))))


def cholesky(a):
    """Lower Cholesky factor of a symmetric positive-definite matrix; only the lower triangle is read."""
    return _cholesky(_symmetric_from(a, lower=True))


# -- eigh: eigenvalues and eigenvectors packed in one array, so one decomposition serves both
def _eigh_packed_raw(a, UPLO="L"):
    w, v = _np.linalg.eigh(a, UPLO=UPLO)
    return _np.concatenate([w[..., None, :], v], axis=-2)


def _eigh_gaps(w):
    """F[i, j] = 1 / (w[j] - w[i]) off the diagonal, 0 on it."""
    n = _shape(w)[-1]
    diff = expand_dims(w, -2) - expand_dims(w, -1)
    off = 1.0 - _np.eye(n)
    return off / (diff + _np.eye(n))


def _eigh_vjp(g, ans, a, UPLO="L"):
    w, v = getitem(ans, (Ellipsis, 0, slice(None))), getitem(ans, (Ellipsis, slice(1, None), slice(None)))
    gw, gv = getitem(g, (Ellipsis, 0, slice(None))), getitem(g, (Ellipsis, slice(1, None), slice(None)))
    inner = expand_dims(gw, -2) * _np.eye(_shape(w)[-1]) + _eigh_gaps(w) * matmul(_T(v), gv)
    return matmul(matmul(v, inner), _T(v))


def _eigh_jvp(t, ans, a, UPLO="L"):
    w, v = getitem(ans, (Ellipsis, 0, slice(None))), getitem(ans, (Ellipsis, slice(1, None), slice(None)))
    rotated = matmul(matmul(_T(v), t), v)
    dw = _np.eye(_shape(w)[-1]) * rotated
    dw = sum(dw, axis=-1)
    dv = matmul(v, _eigh_gaps(w) * rotated)
    return concatenate([expand_dims(dw, -2), dv], axis=-2)


_eigh_packed = wrap(_eigh_packed_raw, "eigh")
_eigh_packed.vjps[0] = _eigh_vjp
_eigh_packed.jvps[0] = _eigh_jvp


def eigh(a, UPLO="L"):
    """Eigenvalues (ascending) and eigenvectors of a symmetric matrix.

    Only the triangle `UPLO` is read, and the derivative follows it; it assumes
    distinct eigenvalues.
    """
    if UPLO not in ("L", "U"):
        raise ValueError(f"UPLO must be 'L' or 'U'; got {UPLO!r}")
    packed = _eigh_packed(_symmetric_from(a, lower=UPLO == "L"), UPLO)
    return (getitem(packed, (Ellipsis, 0, slice(None))),
            getitem(packed, (Ellipsis, slice(1, None), slice(None))))


def eigvalsh(a, UPLO="L"):
    """Eigenvalues (ascending) of a symmetric matrix; see `eigh` for the derivative's assumptions."""
    return eigh(a, UPLO)[0]


def _pinv_vjp(g, ans, a):
    p = ans
    eye_m, eye_n = _np.eye(_shape(a)[-2]), _np.eye(_shape(a)[-1])
    q = eye_m - matmul(a, p)
    r = eye_n - matmul(p, a)
    return (-matmul(matmul(_T(p), g), _T(p))
            + matmul(matmul(matmul(q, _T(g)), p), _T(p))
            + matmul(matmul(matmul(_T(p), p), _T(g)), r))


def _pinv_jvp(t, ans, a):
    p = ans
    eye_m, eye_n = _np.eye(_shape(a)[-2]), _np.eye(_shape(a)[-1])
    return (-matmul(matmul(p, t), p)
            + matmul(matmul(matmul(p, _T(p)), _T(t)), eye_m - matmul(a, p))
            + matmul(matmul(eye_n - matmul(p, a), _T(t)), matmul(_T(p), p)))


def _pinv_raw(a):
    """Moore-Penrose pseudo-inverse; its derivative assumes the rank does not change near `a`."""
    return _np.linalg.pinv(a)


pinv = wrap(_pinv_raw, "pinv")
pinv.vjps[0] = _pinv_vjp
pinv.jvps[0] = _pinv_jvp


def norm(x, ord=None, axis=None, keepdims=False):
    """``numpy.linalg.norm`` for vectors (ord 1, 2, inf, -inf, p > 0) and matrices (fro, 1, 2, inf)."""
    nd = len(_shape(x))
    if axis is None:
        if ord is None:
            return sqrt(sum(x * x, keepdims=keepdims))
        if nd not in (1, 2):
            raise ValueError("norm with an `ord` needs a 1-d or 2-d array, or an `axis`")
        axis = (0, 1) if nd == 2 else 0
    if isinstance(axis, (tuple, list)) and len(axis) == 2:
        r, c = (a % nd for a in axis)
        if ord in (None, "fro"):
            return sqrt(sum(x * x, axis=(r, c), keepdims=keepdims))
        if ord in (1, _np.inf):
            inner, outer = (r, c) if ord == 1 else (c, r)
            return max(sum(absolute(x), axis=inner, keepdims=True), axis=outer, keepdims=True) \
                if keepdims else max(sum(absolute(x), axis=inner), axis=outer - (outer > inner))
        if ord == 2 and (r, c) == (nd - 2, nd - 1):
            top = sqrt(max(eigvalsh(matmul(_T(x), x)), axis=-1))
            return reshape(top, _shape(top) + (1, 1)) if keepdims else top
        raise ValueError(f"matrix norm ord={ord!r} is not supported; use None, 'fro', 1, 2 or inf")
    if ord is None or ord == 2:
        return sqrt(sum(x * x, axis=axis, keepdims=keepdims))
    if ord == 1:
        return sum(absolute(x), axis=axis, keepdims=keepdims)
    if ord == _np.inf:
        return max(absolute(x), axis=axis, keepdims=keepdims)
    if ord == -_np.inf:
        return min(absolute(x), axis=axis, keepdims=keepdims)
    if isinstance(ord, (int, float)) and ord > 0:
        return sum(absolute(x) ** ord, axis=axis, keepdims=keepdims) ** (1.0 / ord)
    raise ValueError(f"vector norm ord={ord!r} is not supported")


matrix_rank = nondiff(_np.linalg.matrix_rank)
cond = nondiff(_np.linalg.cond)
LinAlgError = _np.linalg.LinAlgError


def __getattr__(name):
    value = getattr(_np.linalg, name)
    return uncovered(value, f"numpy.linalg.{name}") if callable(value) else value


__all__ = ["inv", "det", "slogdet", "solve", "cholesky", "eigh", "eigvalsh", "pinv", "norm",
           "matrix_rank", "cond", "LinAlgError"]
