"""``wengert.numpy.linalg``: matrix functions with their derivative rules.

Stacks of matrices (leading batch axes) and complex matrices work throughout.
Modules by family: `_solve` (inverses, determinants, systems), `_eigen`
(cholesky, eigh, eig), `_svd` (svd, qr), `_norm` (norms, lstsq); `_matrix`
holds what their rules share.
"""

from __future__ import annotations

import numpy as _np

from .._arrays import cross as _cross
from .._arrays import vecdot
from .._products import diagonal as _diagonal
from .._products import matmul, outer, tensordot, trace as _trace
from .._shapes import swapaxes as _swapaxes
from .._wrapping import nondiff, uncovered
from ._eigen import cholesky, eig, eigh, eigvals, eigvalsh
from ._norm import lstsq, matrix_norm, norm, vector_norm
from ._solve import det, inv, matrix_power, multi_dot, pinv, slogdet, solve
from ._svd import qr, svd, svdvals

matrix_rank = nondiff(_np.linalg.matrix_rank)
cond = nondiff(_np.linalg.cond)
LinAlgError = _np.linalg.LinAlgError


def matrix_transpose(x):
    """``numpy.linalg.matrix_transpose``: the last two axes swapped."""
    return _swapaxes(x, -1, -2)


def diagonal(x, offset=0):
    """``numpy.linalg.diagonal``: the diagonals of the last two axes."""
    return _diagonal(x, offset, -2, -1)


def trace(x, offset=0, dtype=None):
    """``numpy.linalg.trace``: over the last two axes."""
    return _trace(x, offset, -2, -1)


def cross(x1, x2, axis=-1):
    """``numpy.linalg.cross``: of 3-vectors along `axis`."""
    return _cross(x1, x2, axis=axis)


def __getattr__(name):
    value = getattr(_np.linalg, name)
    return uncovered(value, f"numpy.linalg.{name}") if callable(value) else value


__all__ = ["inv", "det", "slogdet", "solve", "pinv", "lstsq", "matrix_power", "multi_dot",
           "cholesky", "eigh", "eigvalsh", "eig", "eigvals", "svd", "svdvals", "qr", "norm",
           "vector_norm", "matrix_norm", "matrix_transpose", "diagonal", "trace", "outer",
           "matmul", "tensordot", "cross", "vecdot", "matrix_rank", "cond", "LinAlgError"]
