"""Products and the matrix structure helpers (diagonal, triangles, trace, kron).

A product is linear in each factor, so each reverse rule is the same kind of
product with the output cotangent and the other factor, transposed into place.
"""

from __future__ import annotations

import string

import numpy as _np

from ._complex import conj, is_complex
from ._elementwise import multiply, where
from ._reductions import sum
from ._shapes import _shape, broadcast_to, expand_dims, ravel, reshape, swapaxes, transpose
from ._broadcasting import unbroadcast
from ._wrapping import RulesAfterFirst, linear, wrap


def _T(x):
    return swapaxes(x, -1, -2)


# -- matmul ------------------------------------------------------------------------
def _matmul_vjp_a(g, ans, a, b):
    a_vec, b_vec = len(_shape(a)) == 1, len(_shape(b)) == 1
    if a_vec and b_vec:
        return g * b
    if b_vec:
        return expand_dims(g, -1) * b      # (..., m) x (k,) -> (..., m, k)
    if a_vec:
        return _vec(matmul(b, expand_dims(g, -1)))
    return matmul(g, _T(b))


def _matmul_vjp_b(g, ans, a, b):
    a_vec, b_vec = len(_shape(a)) == 1, len(_shape(b)) == 1
    if a_vec and b_vec:
        return g * a
    if a_vec:
        return expand_dims(a, -1) * expand_dims(g, -2)   # (k, 1) x (..., 1, n)
    if b_vec:
        return _vec(matmul(_T(a), expand_dims(g, -1)))
    return matmul(_T(a), g)


def _vec(x):
    return reshape(x, _shape(x)[:-1])


matmul = wrap(_np.matmul)
matmul.unbroadcast = unbroadcast
matmul.vjps.update({0: _matmul_vjp_a, 1: _matmul_vjp_b})
matmul.jvps.update({0: lambda t, ans, a, b: matmul(t, b), 1: lambda t, ans, a, b: matmul(a, t)})


# -- tensordot -----------------------------------------------------------------------
def _tensordot_axes(axes, na, nb):
    if _np.ndim(axes) == 0:
        axes = int(axes)
        return list(range(na - axes, na)), list(range(axes))
    a_axes, b_axes = axes
    a_axes = [int(a_axes)] if _np.ndim(a_axes) == 0 else list(a_axes)
    b_axes = [int(b_axes)] if _np.ndim(b_axes) == 0 else list(b_axes)
    return [a % na for a in a_axes], [b % nb for b in b_axes]


def _tensordot_vjp_a(g, ans, a, b, axes=2):
    na, nb = len(_shape(a)), len(_shape(b))
    a_axes, b_axes = _tensordot_axes(axes, na, nb)
    a_free = [i for i in range(na) if i not in a_axes]
    b_free = [i for i in range(nb) if i not in b_axes]
    ga = tensordot(g, b, (list(range(len(a_free), len(a_free) + len(b_free))), b_free))
    order = a_free + [a_axes[b_axes.index(bx)] for bx in sorted(b_axes)]
    return transpose(ga, list(_np.argsort(order)))


def _tensordot_vjp_b(g, ans, a, b, axes=2):
    na, nb = len(_shape(a)), len(_shape(b))
    a_axes, b_axes = _tensordot_axes(axes, na, nb)
    a_free = [i for i in range(na) if i not in a_axes]
    b_free = [i for i in range(nb) if i not in b_axes]
    gb = tensordot(a, g, (a_free, list(range(len(a_free)))))
    order = [b_axes[a_axes.index(ax)] for ax in sorted(a_axes)] + b_free
    return transpose(gb, list(_np.argsort(order)))


tensordot = wrap(_np.tensordot)
tensordot.vjps.update({0: _tensordot_vjp_a, 1: _tensordot_vjp_b})
tensordot.jvps.update({0: lambda t, ans, a, b, axes=2: tensordot(t, b, axes),
                       1: lambda t, ans, a, b, axes=2: tensordot(a, t, axes)})


def dot(a, b):
    """``numpy.dot``: products for 0-d, matmul for 1-d and 2-d, tensordot beyond."""
    na, nb = len(_shape(a)), len(_shape(b))
    if na == 0 or nb == 0:
        return multiply(a, b)
    if na <= 2 and nb <= 2:
        return matmul(a, b)
    return tensordot(a, b, ([na - 1], [max(nb - 2, 0)]))


def vdot(a, b):
    """``numpy.vdot``: the first argument is conjugated, as NumPy does."""
    return sum(ravel(conj(a) if is_complex(a) else a) * ravel(b))


def inner(a, b):
    na, nb = len(_shape(a)), len(_shape(b))
    if na == 0 or nb == 0:
        return multiply(a, b)
    return tensordot(a, b, ([na - 1], [nb - 1]))


def outer(a, b):
    return reshape(a, (-1, 1)) * reshape(b, (1, -1))


def kron(a, b):
    sa, sb = _shape(a), _shape(b)
    d = max(len(sa), len(sb))
    sa, sb = (1,) * (d - len(sa)) + sa, (1,) * (d - len(sb)) + sb
    a = reshape(a, tuple(v for n in sa for v in (n, 1)))
    b = reshape(b, tuple(v for n in sb for v in (1, n)))
    return reshape(a * b, tuple(m * n for m, n in zip(sa, sb)))


# -- einsum ----------------------------------------------------------------------------
def _parse_einsum(subscripts, shapes):
    """Explicit subscripts with '...' spelled out as letters: (inputs, output)."""
    subscripts = subscripts.replace(" ", "")
    if "->" in subscripts:
        ins, out = subscripts.split("->")
    else:
        ins, out = subscripts, None
    ins = ins.split(",")
    spare = [c for c in string.ascii_letters if c not in subscripts]
    n_ellipsis = max([len(s) - len(i.replace("...", "")) for i, s in zip(ins, shapes) if "..." in i],
                     default=0)
    ell = "".join(spare[:n_ellipsis])
    ins = [i.replace("...", ell[n_ellipsis - (len(s) - len(i.replace("...", ""))):])
           for i, s in zip(ins, shapes)]
    if out is None:
        letters = "".join(ins)
        out = ell + "".join(sorted(c for c in set(letters) if letters.count(c) == 1 and c not in ell))
    else:
        out = out.replace("...", ell)
    return ins, out


def _einsum_vjp(k):
    def vjp(g, ans, subscripts, *operands):
        ins, out = _parse_einsum(subscripts, [_shape(o) for o in operands])
        target, shape = ins[k - 1], _shape(operands[k - 1])
        sizes = dict(zip(target, shape))
        unique = "".join(dict.fromkeys(target))  # a repeated letter (a diagonal) once
        others = [(s, o) for i, (s, o) in enumerate(zip(ins, operands)) if i != k - 1]
        available = set(out).union(*[set(s) for s, _ in others])
        kept = "".join(c for c in unique if c in available)
        ct = einsum(",".join([out] + [s for s, _ in others]) + "->" + kept, g, *[o for _, o in others])
        if kept != unique:  # letters summed only inside this operand: spread back
            ct = reshape(ct, tuple(sizes[c] if c in available else 1 for c in unique))
            ct = broadcast_to(ct, tuple(sizes[c] for c in unique))
        if unique != target:  # put it back on the diagonal: tie each repeat to its first by an identity
            spare = iter(c for c in string.ascii_letters if c not in subscripts + "".join(ins) + out)
            renamed, ties = "", []
            for c in target:
                if c in renamed:
                    ties.append((c, next(spare)))
                    c = ties[-1][1]
                renamed += c
            spec = ",".join([unique] + [a + b for a, b in ties]) + "->" + renamed
            ct = einsum(spec, ct, *[_np.eye(sizes[a]) for a, _ in ties])
        return ct
    return vjp


def _einsum_jvp(k):
    def jvp(t, ans, subscripts, *operands):
        operands = list(operands)
        operands[k - 1] = t
        return _einsum(subscripts, *operands)
    return jvp


_einsum = wrap(lambda subscripts, *operands: _np.einsum(subscripts, *operands, optimize=True),
               "einsum")
_einsum.vjps = RulesAfterFirst(_einsum_vjp)
_einsum.jvps = RulesAfterFirst(_einsum_jvp)


def einsum(subscripts, *operands, optimize=True):
    """``numpy.einsum`` in its string form."""
    if not isinstance(subscripts, str):
        raise TypeError("wengert.numpy.einsum takes the subscripts as a string, e.g. 'ij,jk->ik'")
    return _einsum(subscripts, *operands)


# -- diagonals, triangles, trace ---------------------------------------------------
def _undiagonal_raw(d, shape, offset, axis1, axis2):
    """The array of `shape` that is zero except for diagonal `offset`, which is `d`."""
    out = _np.zeros(shape, dtype=_np.result_type(d, _np.float64))
    n = _np.shape(d)[-1]
    rows = _np.arange(n) + max(-offset, 0)
    _np.moveaxis(out, (axis1, axis2), (-2, -1))[..., rows, rows + offset] = d
    return out


_diagonal = linear(wrap(lambda a, offset=0, axis1=0, axis2=1: _np.diagonal(a, offset, axis1, axis2),
                        "diagonal"),
                   lambda g, ans, a, offset=0, axis1=0, axis2=1:
                   _undiagonal(g, _shape(a), offset, axis1, axis2))
_undiagonal = linear(wrap(_undiagonal_raw, "undiagonal"),
                     lambda g, ans, d, shape, offset, axis1, axis2: _diagonal(g, offset, axis1, axis2))


def diagonal(a, offset=0, axis1=0, axis2=1):
    nd = len(_shape(a))
    return _diagonal(a, offset, axis1 % nd, axis2 % nd)


def diag(v, k=0):
    """``numpy.diag``: the k-th diagonal of a matrix, or a matrix with `v` on it."""
    shape = _shape(v)
    if len(shape) == 1:
        n = shape[0] + abs(k)
        return _undiagonal(v, (n, n), k, 0, 1)
    if len(shape) == 2:
        return diagonal(v, k)
    raise ValueError("diag takes a 1-d or 2-d array")


def trace(a, offset=0, axis1=0, axis2=1, dtype=None):
    return sum(diagonal(a, offset, axis1, axis2), axis=-1)


def triu(m, k=0):
    shape = _shape(m)
    return where(_np.triu(_np.ones(shape[-2:], dtype=bool), k), m, 0.0)


def tril(m, k=0):
    shape = _shape(m)
    return where(_np.tril(_np.ones(shape[-2:], dtype=bool), k), m, 0.0)


__all__ = ["matmul", "tensordot", "dot", "vdot", "inner", "outer", "kron", "einsum",
           "diagonal", "diag", "trace", "triu", "tril"]
