"""Orthogonal factorizations: svd and qr, on stacks of real or complex matrices.

The thin factors' derivatives are the standard ones (JAX's JVP rules; the VJPs
are their adjoints under the pairing ``Re(sum(g * t))``), assuming distinct
nonzero singular values (svd) and a full-rank matrix (qr). Complex factors are
defined up to phases, so only phase-free functions of them have derivatives to
check. The extra columns that ``full_matrices=True`` (svd) or
``mode="complete"`` (qr) add span the orthogonal complement of the thin ones,
which is all they are determined by: they move by the smallest rotation that
keeps them orthogonal to the thin columns (``dU2 = -U1 dU1^H U2``).
"""

from __future__ import annotations

import numpy as _np

from ...tracer import raw
from .._broadcasting import shape_of
from .._complex import is_complex, real
from .._elementwise import where
from .._products import matmul, tril
from .._shapes import concatenate, expand_dims, getitem
from .._wrapping import wrap
from ._matrix import H, T, cx, diag_part, eye, pack, pack_traced, unpack
from ._solve import solve

__all__ = ["svd", "qr"]


def _cols(x, lo, hi=None):
    return getitem(x, (Ellipsis, slice(None), slice(lo, hi)))


def _rows(x, lo, hi=None):
    return getitem(x, (Ellipsis, slice(lo, hi), slice(None)))


def _diag(v):
    """Vectors as diagonal matrices."""
    return expand_dims(v, -1) * eye(shape_of(v)[-1])


def _safe_inverse(s):
    zero = raw(s) == 0
    return where(zero, 0.0, 1.0 / where(zero, 1.0, s)) if _np.any(zero) else 1.0 / s


def _complement_vjp(thin, perp, g_perp):
    """The cotangent the complement `perp` (moving as ``-thin dthin^H perp``) hands to `thin`."""
    return -matmul(matmul(cx(perp), H(g_perp)), cx(thin))


def _complement_jvp(thin, perp, d_thin):
    return -matmul(thin, matmul(H(d_thin), perp))


# -- svd ---------------------------------------------------------------------------------
def _svd_shapes(a, full):
    m, n = shape_of(a)[-2:]
    k = min(m, n)
    return [(m, m if full else k), (k,), (n if full else k, n)], m, n, k


def _svd_raw(a, full):
    return pack(_np.shape(a)[:-2], *_np.linalg.svd(a, full_matrices=full))


def _svd_pieces(x, a, full):
    return unpack(x, _svd_shapes(a, full)[0], real_parts=(1,))


def _svd_vjp(g, ans, a, full):
    _, m, n, k = _svd_shapes(a, full)
    u, s, vh = _svd_pieces(ans, a, full)
    gu, gs, gvh = _svd_pieces(g, a, full)
    gv = H(gvh)
    if full and m > n:
        u, u2, gu, gu2 = _cols(u, 0, k), _cols(u, k), _cols(gu, 0, k), _cols(gu, k)
        gu = gu + _complement_vjp(u, u2, gu2)
    v = H(vh)
    if full and n > m:
        v, v2, gv, gv2 = _cols(v, 0, k), _cols(v, k), _cols(gv, 0, k), _cols(gv, k)
        gv = gv + _complement_vjp(v, v2, gv2)
    f = _svd_gaps(s)
    p = f * matmul(T(u), gu)
    r = f * matmul(T(v), gv)
    row, col = expand_dims(s, -1), expand_dims(s, -2)
    g_ds = _diag(gs) + (p + H(p)) * col + row * (r + H(r))
    if is_complex(u):
        q = _diag(diag_part(matmul(T(u), gu)) * _safe_inverse(s))
        g_ds = g_ds + 0.5 * (q - H(q))
    ga = matmul(matmul(cx(u), g_ds), T(v))
    if m > n:
        ga = ga + matmul(matmul(gu - matmul(cx(u), matmul(T(u), gu)), _diag(_safe_inverse(s))), T(v))
    if n > m:
        ga = ga + matmul(matmul(cx(u) * expand_dims(_safe_inverse(s), -2), H(gv)),
                         eye(n) - matmul(cx(v), T(v)))
    return ga


def _svd_gaps(s):
    """F[i, j] = 1 / (s[j]**2 - s[i]**2) off the diagonal, 0 on it."""
    n = shape_of(s)[-1]
    sq = s * s
    return (1.0 - eye(n)) / (expand_dims(sq, -2) - expand_dims(sq, -1) + eye(n))


def _svd_jvp(t, ans, a, full):
    _, m, n, k = _svd_shapes(a, full)
    u, s, vh = _svd_pieces(ans, a, full)
    v = H(vh)
    u1, v1 = (_cols(u, 0, k), _cols(v, 0, k)) if full else (u, v)
    ds_mat = matmul(matmul(H(u1), t), v1)
    ds = diag_part(ds_mat)
    f = _svd_gaps(s)
    row, col = expand_dims(s, -1), expand_dims(s, -2)
    inner_u = f * (ds_mat * col + H(ds_mat * col))
    if is_complex(ds_mat):
        inner_u = inner_u + 0.5 * (ds_mat - H(ds_mat)) * _diag(_safe_inverse(s))
    du = matmul(u1, inner_u)
    dv = matmul(v1, f * (row * ds_mat + H(row * ds_mat)))
    if m > n:
        t_v = matmul(t, v1)
        du = du + (t_v - matmul(u1, matmul(H(u1), t_v))) * expand_dims(_safe_inverse(s), -2)
    if n > m:
        th_u = matmul(H(t), u1)
        dv = dv + (th_u - matmul(v1, matmul(H(v1), th_u))) * expand_dims(_safe_inverse(s), -2)
    if full and m > n:
        du = concatenate([du, _complement_jvp(u1, _cols(u, k), du)], axis=-1)
    if full and n > m:
        dv = concatenate([dv, _complement_jvp(v1, _cols(v, k), dv)], axis=-1)
    return pack_traced([du, real(ds) if is_complex(ds) else ds, H(dv)], shape_of(a)[:-2])


_svd = wrap(_svd_raw, "svd")
_svd.vjps[0] = _svd_vjp
_svd.jvps[0] = _svd_jvp


def _singular_values_vjp(g, ans, a):
    u, _, vh = svd(a, full_matrices=False)
    return cx(matmul(u * expand_dims(g, -2), vh))


def _singular_values_jvp(t, ans, a):
    u, _, vh = svd(a, full_matrices=False)
    ds = diag_part(matmul(matmul(H(u), t), H(vh)))
    return real(ds) if is_complex(ds) else ds


_singular_values = wrap(lambda a: _np.linalg.svd(a, compute_uv=False), "svdvals")
_singular_values.vjps[0] = _singular_values_vjp
_singular_values.jvps[0] = _singular_values_jvp


def svd(a, full_matrices=True, compute_uv=True, hermitian=False):
    """``numpy.linalg.svd``: ``(U, S, Vh)``, or the singular values alone.

    The derivative assumes distinct, nonzero singular values (the singular
    values alone only that they are distinct where they are differentiated).
    """
    if not compute_uv:
        return _singular_values(a)
    return tuple(_svd_pieces(_svd(a, bool(full_matrices)), a, bool(full_matrices)))


def svdvals(x):
    """``numpy.linalg.svdvals``: the singular values, descending."""
    return _singular_values(x)


# -- qr ------------------------------------------------------------------------------------
def _qr_raw(a, complete):
    return pack(_np.shape(a)[:-2], *_np.linalg.qr(a, mode="complete" if complete else "reduced"))


def _qr_shapes(a, complete):
    m, n = shape_of(a)[-2:]
    return [(m, m if complete else n), (m if complete else n, n)], m, n


def _qr_pieces(x, a, complete):
    return unpack(x, _qr_shapes(a, complete)[0])


def _right_divide(x, r):
    """x @ inv(r)."""
    return T(solve(T(r), T(x)))


def _qr_vjp(g, ans, a, complete):
    _, m, n = _qr_shapes(a, complete)
    q, r = _qr_pieces(ans, a, complete)
    gq, gr = _qr_pieces(g, a, complete)
    if complete and m > n:
        q, q2, gq, gq2 = _cols(q, 0, n), _cols(q, n), _cols(gq, 0, n), _cols(gq, n)
        gq = gq + _complement_vjp(q, q2, gq2)
        r, gr = _rows(r, 0, n), _rows(gr, 0, n)  # the rows below are zeros, whatever a is
    k = matmul(T(q), gq) - matmul(gr, T(r))
    g_c = -k + tril(k, -1) - tril(H(k), -1)
    if is_complex(k):
        g_c = g_c + eye(n) * (k - real(k))
    return _right_divide(gq + matmul(cx(q), g_c), T(r))


def _qr_jvp(t, ans, a, complete):
    _, m, n = _qr_shapes(a, complete)
    q, r = _qr_pieces(ans, a, complete)
    q1, r1 = (_cols(q, 0, n), _rows(r, 0, n)) if complete and m > n else (q, r)
    b = _right_divide(t, r1)
    c = matmul(H(q1), b)
    lower = tril(c, -1)
    rot = lower - H(lower)
    if is_complex(c):
        rot = rot + eye(n) * (c - real(c))
    dq = matmul(q1, rot - c) + b
    dr = matmul(c - rot, r1)
    if complete and m > n:
        dq = concatenate([dq, _complement_jvp(q1, _cols(q, n), dq)], axis=-1)
        dr = concatenate([dr, _np.zeros(shape_of(dr)[:-2] + (m - n, n))], axis=-2)
    return pack_traced([dq, dr], shape_of(a)[:-2])


_qr = wrap(_qr_raw, "qr")
_qr.vjps[0] = _qr_vjp
_qr.jvps[0] = _qr_jvp


def qr(a, mode="reduced"):
    """``numpy.linalg.qr`` with ``mode`` "reduced", "complete" or "r".

    The derivative assumes `a` has full rank. A wide matrix ``[X, Y]`` is
    factored as LAPACK does it, ``X = QR1`` and then ``R2 = Q^H Y``.
    """
    if mode not in ("reduced", "complete", "r"):
        raise ValueError(f"qr: mode={mode!r} has no derivative here; use 'reduced', 'complete' or 'r'")
    m, n = shape_of(a)[-2:]
    if m < n:
        q, r1 = qr(_cols(a, 0, m))
        r = concatenate([r1, matmul(H(q), _cols(a, m))], axis=-1)
    else:
        q, r = _qr_pieces(_qr(a, mode == "complete"), a, mode == "complete")
    return r if mode == "r" else (q, r)
