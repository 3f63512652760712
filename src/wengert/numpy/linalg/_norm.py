"""``norm`` and least squares, written with the decompositions.

Norms are sums, maxima and roots of sums: differentiable compositions. At
0, where a root of a sum of squares has an infinite slope, the gradient is 0
(a valid subgradient, as torch gives) instead of NaN.
"""

from __future__ import annotations

import numpy as _np

from ...tracer import raw
from .._broadcasting import shape_of
from .._complex import is_complex, real
from .._elementwise import absolute, where
from .._products import matmul
from .._reductions import max, min, root_of_squares, sum
from .._shapes import asarray_any, expand_dims, moveaxis, reshape
from .._wrapping import elementwise, wrap
from ._matrix import T, cx
from ._solve import pinv, pinv_jvp, pinv_vjp
from ._svd import svd

__all__ = ["norm", "vector_norm", "matrix_norm", "lstsq"]


def _abs2(x):
    return real(x * cx(x)) if is_complex(x) else x * x


def _p_root_slope(ans, s, p):
    zero = raw(ans) == 0
    if not _np.any(zero):
        return ans / (p * s)
    return where(zero, 0.0, ans / (p * where(zero, 1.0, s)))


# s ** (1 / p) with a zero slope at s = 0 (the p-norm of a zero vector)
_p_root = elementwise(lambda s, p: s ** (1.0 / p), lambda ans, s, p: _p_root_slope(ans, s, p), None,
                      name="power")


def _vector_norm(x, ord, axis, keepdims):
    if ord is None or ord == 2:
        return root_of_squares(sum(_abs2(x), axis=axis, keepdims=keepdims))
    if ord == 1:
        return sum(absolute(x), axis=axis, keepdims=keepdims)
    if ord == _np.inf:
        return max(absolute(x), axis=axis, keepdims=keepdims)
    if ord == -_np.inf:
        return min(absolute(x), axis=axis, keepdims=keepdims)
    if ord == 0:  # the number of nonzero entries: piecewise constant
        return _np.sum(raw(x) != 0, axis=axis, keepdims=keepdims).astype(float)
    if isinstance(ord, (int, float, _np.integer, _np.floating)):
        return _p_root(sum(absolute(x) ** ord, axis=axis, keepdims=keepdims), float(ord))
    raise ValueError(f"vector norm ord={ord!r} is not supported; use None, 0, a number, inf or -inf")


def _matrix_norm(x, ord, r, c, keepdims):
    nd = len(shape_of(x))
    if ord in (None, "fro"):
        return root_of_squares(sum(_abs2(x), axis=(r, c), keepdims=keepdims))
    if ord in (1, -1, _np.inf, -_np.inf):
        inner, outer = (r, c) if ord in (1, -1) else (c, r)
        pick = max if ord in (1, _np.inf) else min
        sums = sum(absolute(x), axis=inner, keepdims=True)
        out = pick(sums, axis=outer, keepdims=True)
    elif ord in (2, -2, "nuc"):
        s = svd(moveaxis(x, (r, c), (-2, -1)), compute_uv=False)
        out = {2: max, -2: min, "nuc": sum}[ord](s, axis=-1)
        if not keepdims:
            return out
        out = reshape(out, shape_of(out) + (1, 1))
        return moveaxis(out, (-2, -1), (r, c))
    else:
        raise ValueError(f"matrix norm ord={ord!r} is not supported; use None, 'fro', 'nuc', "
                         "1, -1, 2, -2, inf or -inf")
    if keepdims:
        return out
    return reshape(out, tuple(n for i, n in enumerate(shape_of(out)) if i not in (r % nd, c % nd)))


def norm(x, ord=None, axis=None, keepdims=False):
    """``numpy.linalg.norm``: vector norms (any `ord`), matrix norms ('fro', 'nuc', 1, -1, 2, -2,
    inf, -inf) over two axes, stacks of either, and a list of traced values; 0 at 0 has the
    gradient 0."""
    x = asarray_any(x) if isinstance(x, (list, tuple)) else x
    nd = len(shape_of(x))
    if axis is None:
        if ord is None:
            out = root_of_squares(sum(_abs2(x)))
            return reshape(out, (1,) * nd) if keepdims else out
        if nd not in (1, 2):
            raise ValueError("norm with an `ord` needs a 1-d or 2-d array, or an `axis`")
        axis = (0, 1) if nd == 2 else 0
    if isinstance(axis, (tuple, list)) and len(axis) == 2:
        r, c = (int(a) % nd for a in axis)
        if r == c:
            raise ValueError(f"norm: duplicate axes given: {axis!r}")
        return _matrix_norm(x, ord, r, c, keepdims)
    if isinstance(axis, (tuple, list)):
        if len(axis) != 1:
            raise ValueError(f"norm takes one axis (a vector norm) or two (a matrix norm); got {axis!r}")
        axis = axis[0]
    return _vector_norm(x, ord, int(axis), keepdims)


def vector_norm(x, axis=None, keepdims=False, ord=2):
    """``numpy.linalg.vector_norm``: over all axes by default, or a tuple of them."""
    if axis is None or isinstance(axis, tuple) and len(axis) > 1:
        axes = tuple(range(len(shape_of(x)))) if axis is None else tuple(a % len(shape_of(x)) for a in axis)
        flat = reshape(moveaxis(x, axes, tuple(range(-len(axes), 0))),
                       tuple(n for i, n in enumerate(shape_of(x)) if i not in axes) + (-1,))
        out = _vector_norm(flat, ord, -1, False)
        if keepdims:
            out = reshape(out, tuple(1 if i in axes else n for i, n in enumerate(shape_of(x))))
        return out
    return _vector_norm(x, ord, axis if _np.ndim(axis) == 0 else axis[0], keepdims)


def matrix_norm(x, keepdims=False, ord="fro"):
    """``numpy.linalg.matrix_norm``: over the last two axes."""
    return norm(x, ord, (-2, -1), keepdims)


# -- least squares: x = pinv(a) b, the minimum-norm solution NumPy returns -----------------
def _as_matrix(b):
    return expand_dims(b, -1) if len(shape_of(b)) == 1 else b


def _lstsq_vjp_a(g, ans, a, b, rcond):
    return pinv_vjp(matmul(_as_matrix(g), T(_as_matrix(b))), pinv(a), a)


def _lstsq_jvp_a(t, ans, a, b, rcond):
    x = matmul(pinv_jvp(t, pinv(a), a), _as_matrix(b))
    return reshape(x, shape_of(x)[:-1]) if len(shape_of(b)) == 1 else x


_lstsq_x = wrap(lambda a, b, rcond: _np.linalg.lstsq(a, b, rcond=rcond)[0], "lstsq")
_lstsq_x.vjps.update({0: _lstsq_vjp_a, 1: lambda g, ans, a, b, rcond: matmul(T(pinv(a)), g)})
_lstsq_x.jvps.update({0: _lstsq_jvp_a, 1: lambda t, ans, a, b, rcond: matmul(pinv(a), t)})


def lstsq(a, b, rcond=None):
    """``numpy.linalg.lstsq``: ``(x, residuals, rank, s)``. `x`, the residuals and the singular
    values carry derivatives, assuming the rank does not change near `a`."""
    _, residuals, rank, _ = _np.linalg.lstsq(raw(a), raw(b), rcond=rcond)
    x = _lstsq_x(a, b, rcond)
    if _np.size(residuals):
        residuals = sum(_abs2(b - matmul(a, x)), axis=0)
        if len(shape_of(b)) == 1:
            residuals = reshape(residuals, (1,))
    return x, residuals, rank, svd(a, compute_uv=False)
