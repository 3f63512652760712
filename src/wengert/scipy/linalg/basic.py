"""SciPy's forms of the basic solvers and decompositions, on wengert.numpy.linalg's rules:
solve, inv, det, pinv, norm, eigh, eigvalsh; the Lyapunov equation and the hyperbolic
matrix functions as compositions of solve_sylvester and expm.

SciPy's `assume_a` says which part of `a` is read: a symmetric or positive
definite matrix is read from one triangle (`lower`), a triangular one from its
triangle, a diagonal one from its diagonal; the derivative follows the entries
read, as LAPACK's result does.
"""

from __future__ import annotations

import numpy as _np
import scipy.linalg as _sl

from ... import numpy as wnp
from ...extend import contains_tracer, raw
from .matrix_functions import expm, solve_sylvester
from .triangular import solve_triangular

__all__ = ["solve", "inv", "det", "pinv", "norm", "eigh", "eigvalsh", "solve_continuous_lyapunov",
           "solve_lyapunov", "coshm", "sinhm", "tanhm"]

_GENERAL = (None, "gen", "general")
_SYMMETRIC = ("sym", "her", "pos", "pos def", "symmetric", "hermitian", "positive definite")
_TRIANGULAR = {"lower triangular": True, "upper triangular": False}


def _T(x):
    return wnp.swapaxes(x, -1, -2)


def _symmetric_from(a, lower):
    """The symmetric matrix LAPACK sees when it reads one triangle of `a`."""
    if lower:
        return wnp.tril(a) + _T(wnp.tril(a, -1))
    return wnp.triu(a) + _T(wnp.triu(a, 1))


def _read(a, assume_a, lower, name):
    """The matrix LAPACK sees for this `assume_a`."""
    if assume_a in _GENERAL:
        return a
    if assume_a in _SYMMETRIC:
        return _symmetric_from(a, lower)
    if assume_a == "diagonal":
        return a * _np.eye(_np.shape(raw(a))[-1])
    raise ValueError(f"{name}: assume_a={assume_a!r} is not differentiable here; use 'gen', 'sym', "
                     f"'pos', 'diagonal', 'lower triangular' or 'upper triangular'")


def solve(a, b, lower=False, overwrite_a=False, overwrite_b=False, check_finite=True, assume_a=None,
          transposed=False):
    """``scipy.linalg.solve``: x with a x = b (a^T x = b when `transposed`), reading the part of
    `a` that `assume_a` names; differentiable in `a` and `b`."""
    if not contains_tracer((a, b)):
        return _sl.solve(a, b, lower=lower, check_finite=check_finite, assume_a=assume_a,
                         transposed=transposed)
    if assume_a in _TRIANGULAR:
        return solve_triangular(a, b, trans=int(transposed), lower=_TRIANGULAR[assume_a])
    m = _read(a, assume_a, lower, "solve")
    return wnp.linalg.solve(_T(m) if transposed else m, b)


def inv(a, overwrite_a=False, check_finite=True, *, assume_a=None, lower=False):
    """``scipy.linalg.inv``, reading the part of `a` that `assume_a` names."""
    if not contains_tracer(a):
        return _sl.inv(a, check_finite=check_finite, assume_a=assume_a, lower=lower)
    if assume_a in _TRIANGULAR:
        n = _np.shape(raw(a))[-1]
        return solve_triangular(a, _np.eye(n), lower=_TRIANGULAR[assume_a])
    return wnp.linalg.inv(_read(a, assume_a, lower, "inv"))


def det(a, overwrite_a=False, check_finite=True):
    """``scipy.linalg.det``."""
    return wnp.linalg.det(a)


def pinv(a, *, atol=None, rtol=None, return_rank=False, check_finite=True):
    """``scipy.linalg.pinv``; its derivative assumes the rank does not change near `a`."""
    if atol is not None or rtol is not None:
        if contains_tracer(a):
            raise ValueError("pinv: atol and rtol cut singular values off, which has no derivative "
                             "here; call it without them on traced values.")
        return _sl.pinv(a, atol=atol, rtol=rtol, return_rank=return_rank, check_finite=check_finite)
    out = wnp.linalg.pinv(a)
    return (out, int(_np.linalg.matrix_rank(raw(a)))) if return_rank else out


def norm(a, ord=None, axis=None, keepdims=False, check_finite=True):
    """``scipy.linalg.norm``: the vector or matrix norm, as ``numpy.linalg.norm``."""
    return wnp.linalg.norm(a, ord, axis, keepdims)


def eigh(a, b=None, *, lower=True, eigvals_only=False, overwrite_a=False, overwrite_b=False, type=1,
         check_finite=True, subset_by_index=None, subset_by_value=None, driver=None):
    """``scipy.linalg.eigh`` for the standard problem: eigenvalues (ascending) and eigenvectors
    of the symmetric matrix read from one triangle of `a`, assuming distinct eigenvalues."""
    if b is not None or subset_by_index is not None or subset_by_value is not None:
        if contains_tracer((a, b)):
            raise ValueError("eigh: the generalized problem (b) and subsets are not differentiable "
                             "here; solve the standard problem of cholesky-transformed matrices.")
        return _sl.eigh(a, b, lower=lower, eigvals_only=eigvals_only, type=type,
                        check_finite=check_finite, subset_by_index=subset_by_index,
                        subset_by_value=subset_by_value, driver=driver)
    w, v = wnp.linalg.eigh(a, UPLO="L" if lower else "U")
    return w if eigvals_only else (w, v)


def eigvalsh(a, b=None, *, lower=True, overwrite_a=False, overwrite_b=False, type=1, check_finite=True,
             subset_by_index=None, subset_by_value=None, driver=None):
    """``scipy.linalg.eigvalsh``: the eigenvalues of `eigh`."""
    return eigh(a, b, lower=lower, eigvals_only=True, type=type, check_finite=check_finite,
                subset_by_index=subset_by_index, subset_by_value=subset_by_value, driver=driver)


def solve_continuous_lyapunov(a, q):
    """``scipy.linalg.solve_continuous_lyapunov``: X with A X + X A^T = Q."""
    return solve_sylvester(a, _T(a), q)


solve_lyapunov = solve_continuous_lyapunov


def coshm(A):
    """``scipy.linalg.coshm``: (expm(A) + expm(-A)) / 2."""
    return 0.5 * (expm(A) + expm(-A))


def sinhm(A):
    """``scipy.linalg.sinhm``: (expm(A) - expm(-A)) / 2."""
    return 0.5 * (expm(A) - expm(-A))


def tanhm(A):
    """``scipy.linalg.tanhm``: coshm(A)^-1 sinhm(A), as SciPy computes it."""
    return wnp.linalg.solve(coshm(A), sinhm(A))
