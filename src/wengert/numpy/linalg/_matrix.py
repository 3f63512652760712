"""What every linalg rule needs: transposes, conjugates, identities, and packing.

Transposes in rules are plain transposes (``_T``), whatever the dtype: under
the convention cotangents follow (``Re(sum(g * t))``, no conjugate) a
product's adjoint is its transpose. ``_H`` is the conjugate transpose where
the mathematics has one (``A = V diag(w) V^H``). ``cx`` conjugates only
complex values, so real code pays nothing for it.

A decomposition returns several arrays from one LAPACK call. Its primitive
returns them packed into one array (``pack``), so that one node carries one
cotangent; the public function unpacks the pieces with differentiable
indexing.
"""

from __future__ import annotations

import numpy as _np

from .._broadcasting import shape_of
from .._complex import conj, is_complex, real
from .._shapes import concatenate, getitem, reshape, swapaxes

__all__ = ["T", "H", "cx", "eye", "pack", "pack_traced", "unpack", "diag_part", "as_dtype_of"]


def T(x):
    """The transpose of the last two axes (of each matrix in a stack)."""
    return swapaxes(x, -1, -2)


def cx(x):
    """conj(x) for complex values, x itself for real ones."""
    return conj(x) if is_complex(x) else x


def H(x):
    """The conjugate transpose."""
    return cx(T(x))


def eye(n):
    return _np.eye(n)


def diag_part(x):
    """The diagonals of a stack of square matrices, as vectors."""
    n = shape_of(x)[-1]
    return getitem(reshape(x, shape_of(x)[:-2] + (n * n,)), (Ellipsis, slice(None, None, n + 1)))


def pack(batch, *arrays):
    """Raw arrays with the same leading `batch` axes as one array, each flattened behind them."""
    dtype = _np.result_type(*arrays)
    return _np.concatenate([_np.reshape(_np.asarray(a, dtype), batch + (-1,)) for a in arrays], -1)


def _pieces(shapes, batch):
    start = 0
    for shape in shapes:
        size = int(_np.prod(shape, dtype=int))
        yield start, start + size, batch + tuple(shape)
        start += size


def unpack(packed, shapes, real_parts=()):
    """The pieces of a packed array (traced or not); `real_parts` lists the ones that are real."""
    batch = shape_of(packed)[:-1]
    out = []
    for k, (lo, hi, shape) in enumerate(_pieces(shapes, batch)):
        piece = reshape(getitem(packed, (Ellipsis, slice(lo, hi))), shape)
        out.append(real(piece) if k in real_parts and is_complex(piece) else piece)
    return out


def pack_traced(pieces, batch):
    """A packed cotangent or tangent from pieces (traced or not) behind the `batch` axes."""
    pieces = list(pieces)
    if any(is_complex(p) for p in pieces):
        pieces = [as_dtype_of(p, 1j) for p in pieces]
    return concatenate([reshape(p, tuple(batch) + (-1,)) for p in pieces], axis=-1)


def as_dtype_of(x, like):
    """`x` made complex when `like` is (a real piece packed among complex ones)."""
    return x + 0j if is_complex(like) and not is_complex(x) else x
