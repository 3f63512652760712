"""Eigendecompositions and the Cholesky factor: cholesky, eigh, eigvalsh, eig, eigvals.

Each decomposition is one primitive returning its pieces packed into one array
(`_matrix.pack`). Symmetric (Hermitian) routines read one triangle of their
argument; they are routed through `_hermitian_from`, so their derivatives
follow the triangle that is read, whatever the other holds. Eigenvector
derivatives assume distinct eigenvalues; complex eigenvectors are defined up
to a phase, so only phase-free functions of them (``abs(v) ** 2``,
``v @ diag(w) @ inv(v)``) have a derivative to check.
"""

from __future__ import annotations

import numpy as _np

from .._broadcasting import shape_of
from .._complex import is_complex, real
from .._products import matmul, tril, triu
from .._reductions import sum
from .._shapes import expand_dims
from .._wrapping import wrap
from ._matrix import H, T, cx, diag_part, eye, pack, pack_traced, unpack
from ._solve import inv, solve

__all__ = ["cholesky", "eigh", "eigvalsh", "eig", "eigvals"]


def _hermitian_from(a, lower):
    """The symmetric (Hermitian) matrix a LAPACK routine reading one triangle of `a` sees:
    that triangle, its (conjugate) transpose, and the real part of the diagonal."""
    if not is_complex(a):
        return tril(a) + T(tril(a, -1)) if lower else triu(a) + T(triu(a, 1))
    part = tril(a, -1) if lower else triu(a, 1)
    return part + H(part) + expand_dims(real(diag_part(a)), -1) * eye(shape_of(a)[-1])


def _phi(x):
    """Lower triangle with the diagonal halved."""
    return tril(x) * (1.0 - 0.5 * eye(shape_of(x)[-1]))


def _cholesky_vjp(g, ans, a):
    l_inv = inv(ans)
    s = matmul(matmul(T(l_inv), _phi(matmul(T(ans), g))), cx(l_inv))
    return 0.5 * (s + H(s))


_cholesky = wrap(_np.linalg.cholesky, "cholesky")
_cholesky.vjps[0] = _cholesky_vjp
_cholesky.jvps[0] = lambda t, ans, a: matmul(ans, _phi(matmul(matmul(inv(ans), t), H(inv(ans)))))


def cholesky(a, upper=False):
    """Cholesky factor of a symmetric (Hermitian) positive-definite matrix; only the lower
    triangle is read (the upper one with ``upper=True``, which returns ``L^H``)."""
    if upper:
        return H(_cholesky(_hermitian_from(H(a), lower=True)))
    return _cholesky(_hermitian_from(a, lower=True))


# -- eigh ------------------------------------------------------------------------------
def _gaps(w):
    """F[i, j] = 1 / (w[j] - w[i]) off the diagonal, 0 on it."""
    n = shape_of(w)[-1]
    diff = expand_dims(w, -2) - expand_dims(w, -1)
    return (1.0 - eye(n)) / (diff + eye(n))


def _eigh_raw(a, UPLO="L"):
    w, v = _np.linalg.eigh(a, UPLO=UPLO)
    return pack(_np.shape(a)[:-2], w, v)


def _eigh_pieces(x, a):
    n = shape_of(a)[-1]
    return unpack(x, [(n,), (n, n)], real_parts=(0,))


def _eigh_vjp(g, ans, a, UPLO="L"):
    w, v = _eigh_pieces(ans, a)
    gw, gv = _eigh_pieces(g, a)
    inner = expand_dims(gw, -2) * eye(shape_of(w)[-1]) + _gaps(w) * matmul(T(v), gv)
    return matmul(matmul(cx(v), inner), T(v))


def _eigh_jvp(t, ans, a, UPLO="L"):
    w, v = _eigh_pieces(ans, a)
    rotated = matmul(matmul(H(v), t), v)
    dw = diag_part(rotated)
    return pack_traced([real(dw) if is_complex(dw) else dw, matmul(v, _gaps(w) * rotated)],
                       shape_of(a)[:-2])


_eigh = wrap(_eigh_raw, "eigh")
_eigh.vjps[0] = _eigh_vjp
_eigh.jvps[0] = _eigh_jvp


def eigh(a, UPLO="L"):
    """Eigenvalues (ascending) and eigenvectors of a symmetric (Hermitian) matrix.

    Only the triangle `UPLO` is read, and the derivative follows it; it assumes
    distinct eigenvalues.
    """
    if UPLO not in ("L", "U"):
        raise ValueError(f"UPLO must be 'L' or 'U'; got {UPLO!r}")
    return tuple(_eigh_pieces(_eigh(_hermitian_from(a, lower=UPLO == "L"), UPLO), a))


def eigvalsh(a, UPLO="L"):
    """Eigenvalues (ascending) of a symmetric matrix; see `eigh` for the derivative's assumptions."""
    return eigh(a, UPLO)[0]


# -- eig: general matrices, complex results -----------------------------------------------
def _eig_raw(a):
    w, v = _np.linalg.eig(a)
    return pack(_np.shape(a)[:-2], w, v)


def _eig_vjp(g, ans, a):
    w, v = _eig_values(ans, a), _eig_vectors(ans, a)
    gw, gv = _eig_values(g, a), _eig_vectors(g, a)
    vt_gv = matmul(T(v), gv)
    # eigenvectors have unit norm: the part of gv along each v's own length goes
    vt_gv = vt_gv - matmul(matmul(T(v), cx(v)), eye(shape_of(a)[-1]) * expand_dims(real(diag_part(vt_gv)), -2))
    inner = expand_dims(gw, -2) * eye(shape_of(w)[-1]) + _gaps(w) * vt_gv
    return solve(T(v), matmul(inner, T(v)))


def _eig_jvp(t, ans, a):
    w, v = _eig_values(ans, a), _eig_vectors(ans, a)
    m = solve(v, matmul(t, v))
    dv = matmul(v, _gaps(w) * m)
    dv = dv - v * expand_dims(real(sum(cx(v) * dv, axis=-2)), -2)
    return pack_traced([diag_part(m), dv], shape_of(a)[:-2])


def _eig_values(x, a):
    n = shape_of(a)[-1]
    return unpack(x, [(n,), (n, n)])[0]


def _eig_vectors(x, a):
    n = shape_of(a)[-1]
    return unpack(x, [(n,), (n, n)])[1]


_eig = wrap(_eig_raw, "eig")
_eig.vjps[0] = _eig_vjp
_eig.jvps[0] = _eig_jvp


def eig(a):
    """Eigenvalues and right eigenvectors (unit columns) of a general square matrix.

    Results are complex unless every eigenvalue is real, as in NumPy. The
    derivative assumes distinct eigenvalues. For a symmetric (Hermitian)
    matrix, `eigh` is faster, reads one triangle and gives real eigenvalues.
    """
    packed = _eig(a)
    return _eig_values(packed, a), _eig_vectors(packed, a)


def eigvals(a):
    """Eigenvalues of a general square matrix; see `eig`."""
    return eig(a)[0]

