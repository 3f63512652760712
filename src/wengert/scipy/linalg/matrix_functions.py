"""Matrix functions and the Sylvester equation: expm, sqrtm, solve_sylvester.

The three share one idea: the derivative of a matrix function is a linear map
that is itself a matrix function. ``solve_sylvester(a, b, q)`` (X with
A X + X B = Q) has derivatives that are Sylvester solves again; the derivative
of ``sqrtm`` solves X dX + dX X = dA, a Sylvester equation; and the derivative
of ``expm`` in direction E is the top-right block of the exponential of
[[A, E], [0, A]] (Higham 2008, "Functions of Matrices", 3.2). Each rule calls a
primitive with rules of its own, so they differentiate again.
"""

from __future__ import annotations

import numpy as _np
import scipy.linalg as _sl

from ... import numpy as wnp
from ...extend import contains_tracer, raw, shape_of, unbroadcast, wrap
from .triangular import check_square

__all__ = ["expm", "expm_frechet", "sqrtm", "solve_sylvester"]


def _T(x):
    return wnp.swapaxes(x, -1, -2)


# -- solve_sylvester: A X + X B = Q


def _sylvester_vjp(k):
    def rule(g, ans, a, b, q):
        y = _sylvester(_T(a), _T(b), g)     # the adjoint equation A^T Y + Y B^T = G
        if k == 2:
            return y
        return -wnp.matmul(y, _T(ans)) if k == 0 else -wnp.matmul(_T(ans), y)
    return rule


_sylvester = wrap(lambda a, b, q: _sl.solve_sylvester(a, b, q), "solve_sylvester")
_sylvester.unbroadcast = unbroadcast
_sylvester.vjps.update({k: _sylvester_vjp(k) for k in range(3)})
_sylvester.jvps.update({
    0: lambda t, ans, a, b, q: _sylvester(a, b, -wnp.matmul(t, ans)),
    1: lambda t, ans, a, b, q: _sylvester(a, b, -wnp.matmul(ans, t)),
    2: lambda t, ans, a, b, q: _sylvester(a, b, t)})


def solve_sylvester(a, b, q):
    """``scipy.linalg.solve_sylvester``: X with A X + X B = Q, differentiable in A, B and Q.

    The derivative solves the same equation: A dX + dX B = dQ - dA X - X dB.
    """
    sa, sb, sq = shape_of(a), shape_of(b), shape_of(q)
    if len(sa) < 2 or sa[-1] != sa[-2] or len(sb) < 2 or sb[-1] != sb[-2] or sq[-2:] != (sa[-1], sb[-1]):
        raise ValueError(f"solve_sylvester: a must be m x m, b n x n and q m x n; got shapes {sa}, "
                         f"{sb} and {sq}")
    return _sylvester(a, b, q)


# -- expm


def _frechet(a, e):
    """The derivative of expm at `a` in direction `e`: a block of a 2n x 2n exponential."""
    n = shape_of(a)[-1]
    zeros = _np.zeros(shape_of(a))
    block = wnp.concatenate([wnp.concatenate([a, e], axis=-1),
                             wnp.concatenate([zeros, a], axis=-1)], axis=-2)
    return _expm(block)[..., :n, n:]


_expm = wrap(lambda a: _sl.expm(a), "expm")
_expm.vjps[0] = lambda g, ans, a: _frechet(_T(a), g)   # the adjoint of L(A, .) is L(A^T, .)
_expm.jvps[0] = lambda t, ans, a: _frechet(a, t)


def expm(A):
    """``scipy.linalg.expm``: the matrix exponential (of a stack of matrices too),
    differentiable by its Frechet derivative."""
    check_square(A, "expm")
    return _expm(A)


def expm_frechet(A, E, method=None, compute_expm=True, check_finite=True):
    """``scipy.linalg.expm_frechet``: ``(expm(A), L(A, E))``, the exponential and its derivative
    at A in direction E; differentiable in both."""
    check_square(A, "expm_frechet")
    if shape_of(E) != shape_of(A):
        raise ValueError(f"expm_frechet: E must have A's shape {shape_of(A)}; got {shape_of(E)}")
    frechet = _frechet(A, E)
    return (expm(A), frechet) if compute_expm else frechet


# -- sqrtm: X X = A


_sqrtm = wrap(lambda a: _sl.sqrtm(a), "sqrtm")
_sqrtm.vjps[0] = lambda g, ans, a: _sylvester(_T(ans), _T(ans), g)
_sqrtm.jvps[0] = lambda t, ans, a: _sylvester(ans, ans, t)


def sqrtm(A, disp=True, blocksize=64):
    """``scipy.linalg.sqrtm``: the principal square root X (X X = A), differentiable where it
    is real: dX solves the Sylvester equation X dX + dX X = dA."""
    check_square(A, "sqrtm")
    if not contains_tracer(A):
        return _sl.sqrtm(A) if disp else _sqrtm_with_error(A)
    x = _sqrtm(A)
    if _np.iscomplexobj(raw(x)):
        raise ValueError("sqrtm: this matrix's square root is complex (it has negative real "
                         "eigenvalues); wengert differentiates real square roots only.")
    return x if disp else (x, _error(raw(x), raw(A)))


def _error(x, a):
    return _np.linalg.norm(x @ x - a, "fro") ** 2 / _np.linalg.norm(a, "fro")


def _sqrtm_with_error(a):
    x = _sl.sqrtm(a)
    return x, _error(x, _np.asarray(a))
