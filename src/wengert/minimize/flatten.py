"""x0's pytree and the one flat float64 vector the solvers see, each way."""

from __future__ import annotations

import numbers

import numpy as _np

from ..tracer import raw
from ..tree import flatten, unflatten

__all__ = ["Flattened"]


def _is_number_list(x):
    """A plain list or tuple of numbers: an array to SciPy users, not a pytree of scalars."""
    return (type(x) in (list, tuple) and len(x) > 0
            and all(isinstance(v, numbers.Real) and _np.ndim(v) == 0 for v in x))


class Flattened:
    """x0's pytree structure: converts between it and one flat float64 vector."""

    def __init__(self, x0):
        if _is_number_list(x0):
            x0 = _np.asarray(x0, dtype=_np.float64)  # SciPy's ``x0=[-1.2, 1.0]``
        leaves, self.structure = flatten(x0)
        if not leaves:
            raise ValueError("x0 has no elements to optimize")
        arrays = []
        for i, leaf in enumerate(leaves):
            arr = _np.asarray(leaf)
            if arr.dtype.kind not in "fiub":
                raise TypeError(f"x0 leaf {i} has dtype {arr.dtype}; minimize needs real numbers")
            arrays.append(arr.astype(_np.float64))
        self.shapes = [a.shape for a in arrays]
        self.sizes = [a.size for a in arrays]
        # Python and NumPy scalars come back as floats, arrays as arrays.
        self.scalar = [not isinstance(leaf, _np.ndarray) and _np.ndim(leaf) == 0
                       for leaf in leaves]
        self.single = self.structure.kind == "leaf"
        self.x0 = _np.concatenate([a.reshape(-1) for a in arrays])
        if not _np.all(_np.isfinite(self.x0)):
            raise ValueError("x0 has non-finite entries (nan or inf); minimize needs a "
                             "finite start")

    def _split(self, x):
        out, start = [], 0
        for shape, size in zip(self.shapes, self.sizes):
            out.append(x[start:start + size].reshape(shape))
            start += size
        return out

    def tree(self, x):
        """The pytree to call `fun` with (views of `x`)."""
        if self.single:
            return x.reshape(self.shapes[0])
        return unflatten(self.structure, self._split(x))

    def output(self, x):
        """The pytree handed to the user: copies, floats for scalar leaves."""
        leaves = [float(a) if s else a.copy() for a, s in zip(self._split(x), self.scalar)]
        return leaves[0] if self.single else unflatten(self.structure, leaves)

    def flat(self, tree):
        """A gradient (or tangent) pytree shaped like x0, as one flat vector."""
        if self.single:
            return _np.asarray(raw(tree), dtype=_np.float64).reshape(-1)
        return _np.concatenate([_np.asarray(raw(g), dtype=_np.float64).reshape(-1)
                                for g in flatten(tree)[0]])
