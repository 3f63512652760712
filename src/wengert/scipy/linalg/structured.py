"""Matrices with structure: solve_banded (LAPACK's band storage), and the constructors
block_diag, toeplitz, hankel, circulant and khatri_rao (linear in their inputs: each is
a gather of their entries, whose adjoint the indexing rules give).

A banded matrix is stored as SciPy stores it, ``ab[u + i - j, j] = A[i, j]``
for the l subdiagonals and u superdiagonals, and its derivatives stay in that
storage: a product with the band, the band of the transpose and the band of
an outer product are each a few shifted rows, so a gradient costs O(n (l + u))
like the solve, never an n x n matrix.
"""

from __future__ import annotations

import numpy as _np
import scipy.linalg as _sl

from ... import numpy as wnp
from ...extend import contains_tracer, shape_of, wrap

__all__ = ["solve_banded", "block_diag", "toeplitz", "hankel", "circulant", "khatri_rao"]


def _shift(v, s):
    """``out[i] = v[i + s]`` along the first axis, zero where i + s falls outside."""
    n = shape_of(v)[0]
    rest = [(0, 0)] * (len(shape_of(v)) - 1)
    if abs(s) >= n:
        return 0.0 * v
    if s == 0:
        return v
    if s > 0:
        return wnp.pad(v[s:], [(0, s)] + rest)
    return wnp.pad(v[:n + s], [(-s, 0)] + rest)


def _column(row, x):
    """A row of the band, against a right-hand side of one or more columns."""
    return row if len(shape_of(x)) == 1 else wnp.expand_dims(row, -1)


def _band_matvec(ab, x, lower, upper):
    """A x for the banded A stored in `ab`: row k of the band pairs A[i, i + upper - k] with x."""
    return sum(_shift(_column(ab[k], x) * x, upper - k) for k in range(lower + upper + 1))


def _band_transpose(ab, lower, upper):
    """The band storage of A^T, which has `upper` subdiagonals and `lower` superdiagonals."""
    return wnp.stack([_shift(ab[upper + lower - k], k - lower) for k in range(lower + upper + 1)])


def _band_outer(g, x, lower, upper):
    """The band of the outer product g x^T (summed over columns): the cotangent of `ab`."""
    rows = [_shift(g, k - upper) * x for k in range(lower + upper + 1)]
    if len(shape_of(x)) > 1:
        rows = [wnp.sum(r, axis=-1) for r in rows]
    return wnp.stack(rows)


def _banded_raw(ab, b, lower, upper):
    return _sl.solve_banded((lower, upper), ab, b)


_banded = wrap(_banded_raw, "solve_banded")
_banded.vjps.update({
    0: lambda g, ans, ab, b, lower, upper: -_band_outer(
        _banded(_band_transpose(ab, lower, upper), g, upper, lower), ans, lower, upper),
    1: lambda g, ans, ab, b, lower, upper: _banded(_band_transpose(ab, lower, upper), g, upper, lower)})
_banded.jvps.update({
    0: lambda t, ans, ab, b, lower, upper: -_banded(ab, _band_matvec(t, ans, lower, upper), lower, upper),
    1: lambda t, ans, ab, b, lower, upper: _banded(ab, t, lower, upper)})


def solve_banded(l_and_u, ab, b, overwrite_ab=False, overwrite_b=False, check_finite=True):
    """``scipy.linalg.solve_banded``: x with A x = b for the banded A stored in `ab`
    (``ab[u + i - j, j] = A[i, j]``); differentiable in `ab` and `b`."""
    lower, upper = (int(v) for v in l_and_u)
    sa, sb = shape_of(ab), shape_of(b)
    if len(sa) != 2 or len(sb) not in (1, 2):
        if not contains_tracer((ab, b)):
            return _sl.solve_banded((lower, upper), ab, b, check_finite=check_finite)
        raise ValueError(f"solve_banded: differentiable for one band (ab 2-d) and b 1-d or 2-d; got "
                         f"shapes {sa} and {sb}. Solve stacked systems one by one.")
    if sa[0] != lower + upper + 1 or sb[0] != sa[1]:
        raise ValueError(f"solve_banded: ab must be (l + u + 1) x n = {lower + upper + 1} x {sb[0]} "
                         f"for (l, u) = ({lower}, {upper}) and b of length {sb[0]}; got shapes "
                         f"{sa} and {sb}")
    return _banded(ab, b, lower, upper)


def block_diag(*arrs):
    """``scipy.linalg.block_diag``: the arrays on the diagonal of a matrix of zeros (1-d arrays
    are rows, as in SciPy); differentiable in every block."""
    if not arrs:
        arrs = ([],)
    blocks = [wnp.atleast_2d(a) if contains_tracer(a) else _np.atleast_2d(a) for a in arrs]
    bad = [k for k, a in enumerate(blocks) if len(shape_of(a)) > 2]
    if bad:
        raise ValueError(f"block_diag: arguments in the following positions have dimension "
                         f"greater than 2: {bad}")
    widths = [shape_of(a)[1] for a in blocks]
    total, left, rows = sum(widths), 0, []
    for a, w in zip(blocks, widths):
        rows.append(wnp.pad(a, [(0, 0), (left, total - left - w)]))
        left += w
    out = wnp.concatenate(rows, axis=0)
    return out if contains_tracer(arrs) else _np.asarray(out, dtype=_np.result_type(*blocks))


def _vector(v):
    return wnp.ravel(v) if contains_tracer(v) else _np.ravel(_np.asarray(v, dtype=float))


def toeplitz(c, r=None):
    """``scipy.linalg.toeplitz``: first column `c`, first row `r` (default `c`; its first entry
    is ignored, as in SciPy)."""
    c = _vector(c)
    r = c if r is None else _vector(r)
    m, n = shape_of(c)[0], shape_of(r)[0]
    values = wnp.concatenate([c[::-1], r[1:]])
    return values[m - 1 - _np.arange(m)[:, None] + _np.arange(n)[None, :]]


def hankel(c, r=None):
    """``scipy.linalg.hankel``: first column `c`, last row `r` (default zeros; its first entry
    is ignored, as in SciPy)."""
    c = _vector(c)
    r = _np.zeros(shape_of(c)[0]) if r is None else _vector(r)
    m, n = shape_of(c)[0], shape_of(r)[0]
    values = wnp.concatenate([c, r[1:]])
    return values[_np.arange(m)[:, None] + _np.arange(n)[None, :]]


def circulant(c):
    """``scipy.linalg.circulant``: the circulant matrix whose first column is `c`."""
    c = _vector(c)
    n = shape_of(c)[0]
    return c[(_np.arange(n)[:, None] - _np.arange(n)[None, :]) % n]


def khatri_rao(a, b):
    """``scipy.linalg.khatri_rao``: the column-wise Kronecker product of a (m x n) and b (p x n)."""
    sa, sb = shape_of(a), shape_of(b)
    if len(sa) != 2 or len(sb) != 2 or sa[1] != sb[1]:
        raise ValueError(f"khatri_rao: a and b must be 2-d with the same number of columns; got "
                         f"shapes {sa} and {sb}")
    return wnp.reshape(wnp.einsum("ij,kj->ikj", a, b), (sa[0] * sb[0], sa[1]))
