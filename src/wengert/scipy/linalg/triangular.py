"""Triangular solves and the Cholesky factorization in SciPy's forms: solve_triangular,
cholesky, cho_factor, cho_solve.

Only one triangle of a triangular or symmetric matrix is read, and the
derivatives follow that triangle: a cotangent is masked to it, and Cholesky
factors are taken of the symmetric matrix the triangle defines (so a matrix
whose other triangle holds anything gets the derivative LAPACK's result has).
Stacks of matrices (leading axes) work as in SciPy.
"""

from __future__ import annotations

import numpy as _np
import scipy.linalg as _sl

from ... import numpy as wnp
from ...extend import raw, shape_of, unbroadcast, wrap

__all__ = ["solve_triangular", "cholesky", "cho_factor", "cho_solve", "check_square"]


def _T(x):
    return wnp.swapaxes(x, -1, -2)


def _trans(trans):
    if trans in (0, "N", "n"):
        return 0
    if trans in (1, 2, "T", "t", "C", "c"):
        return 1  # real matrices: the conjugate transpose is the transpose
    raise ValueError(f"solve_triangular: trans must be 0, 1, 2, 'N', 'T' or 'C'; got {trans!r}")


def _triangle(m, lower, unit_diagonal):
    """The part of `m` a triangular solve reads (strictly, with a unit diagonal)."""
    k = -1 if unit_diagonal else 0
    return wnp.tril(m, k) if lower else wnp.triu(m, -k)


def _op(m, trans):
    return _T(m) if trans else m


def _solve_raw(a, b, trans=0, lower=False, unit_diagonal=False):
    return _sl.solve_triangular(a, b, trans=trans, lower=lower, unit_diagonal=unit_diagonal)


def _vjp_a(g, ans, a, b, trans=0, lower=False, unit_diagonal=False):
    gb = _solve(a, g, trans=1 - trans, lower=lower, unit_diagonal=unit_diagonal)
    outer = -wnp.matmul(ans, _T(gb)) if trans else -wnp.matmul(gb, _T(ans))
    return _triangle(outer, lower, unit_diagonal)


def _jvp_a(t, ans, a, b, trans=0, lower=False, unit_diagonal=False):
    dt = _op(_triangle(t, lower, unit_diagonal), trans)
    return -_solve(a, wnp.matmul(dt, ans), trans=trans, lower=lower, unit_diagonal=unit_diagonal)


_solve = wrap(_solve_raw, "solve_triangular")
_solve.unbroadcast = unbroadcast  # batch axes of a or b that the other broadcast
_solve.vjps.update({
    0: _vjp_a,
    1: lambda g, ans, a, b, trans=0, lower=False, unit_diagonal=False: _solve(
        a, g, trans=1 - trans, lower=lower, unit_diagonal=unit_diagonal)})
_solve.jvps.update({
    0: _jvp_a,
    1: lambda t, ans, a, b, trans=0, lower=False, unit_diagonal=False: _solve(
        a, t, trans=trans, lower=lower, unit_diagonal=unit_diagonal)})


def solve_triangular(a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False,
                     check_finite=True):
    """``scipy.linalg.solve_triangular``: x with op(a) x = b, op given by `trans`, reading
    only the `lower` (or upper) triangle of `a`; differentiable in `a` and `b`.

    >>> import numpy, wengert as wg
    >>> from wengert.scipy.linalg import solve_triangular
    >>> l = numpy.array([[2.0, 0.0], [1.0, 1.0]])
    >>> wg.grad(lambda b: solve_triangular(l, b, lower=True).sum())(numpy.ones(2))
    array([0., 1.])
    """
    if check_finite and not (_np.all(_np.isfinite(raw(a))) and _np.all(_np.isfinite(raw(b)))):
        raise ValueError("solve_triangular: array must not contain infs or NaNs")
    trans = _trans(trans)
    if len(shape_of(b)) == 1:
        return wnp.reshape(_solve(a, wnp.reshape(b, (-1, 1)), trans=trans, lower=bool(lower),
                                  unit_diagonal=bool(unit_diagonal)), (-1,))
    return _solve(a, b, trans=trans, lower=bool(lower), unit_diagonal=bool(unit_diagonal))


def cholesky(a, lower=False, overwrite_a=False, check_finite=True):
    """``scipy.linalg.cholesky``: the upper factor U with a = U^T U (or, with `lower`, L with
    a = L L^T), reading that triangle of `a` only."""
    check_square(a, "cholesky")
    return wnp.linalg.cholesky(a, upper=not lower)  # which reads that one triangle


def cho_factor(a, lower=False, overwrite_a=False, check_finite=True):
    """``scipy.linalg.cho_factor``: ``(c, lower)`` for `cho_solve`.

    As in SciPy, `c` holds the factor in one triangle and `a`'s own entries in
    the other, which `cho_solve` never reads.
    """
    factor = cholesky(a, lower=lower)
    rest = wnp.triu(a, 1) if lower else wnp.tril(a, -1)
    return factor + rest, bool(lower)


def cho_solve(c_and_lower, b, overwrite_b=False, check_finite=True):
    """``scipy.linalg.cho_solve``: x with a x = b, given ``cho_factor(a)``; differentiable in
    the factor and in `b`."""
    c, lower = c_and_lower
    y = solve_triangular(c, b, trans=0 if lower else 1, lower=lower, check_finite=check_finite)
    return solve_triangular(c, y, trans=1 if lower else 0, lower=lower, check_finite=check_finite)


def check_square(a, name):
    shape = shape_of(a)
    if len(shape) < 2 or shape[-1] != shape[-2]:
        raise ValueError(f"{name}: expected a square matrix (or a stack of them); got shape {shape}")
