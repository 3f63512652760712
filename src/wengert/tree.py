"""Pytrees: nested dict / list / tuple / namedtuple containers of array leaves.

Transforms and optimizers work on flat lists of leaves; these helpers take a
structure apart and put it back together, so gradients come back shaped like
the arguments they belong to.
"""

from __future__ import annotations

__all__ = ["flatten", "unflatten", "tree_map", "leaves", "Structure"]


class Structure:
    """The shape of a pytree with its leaves taken out (a recipe for `unflatten`)."""

    __slots__ = ("kind", "meta", "children")

    def __init__(self, kind, meta=None, children=()):
        self.kind = kind          # "leaf", "dict", "list", "tuple", "namedtuple", "none"
        self.meta = meta          # dict keys or namedtuple class
        self.children = children  # tuple of Structure

    @property
    def num_leaves(self):
        if self.kind == "leaf":
            return 1
        return sum(c.num_leaves for c in self.children)

    def __eq__(self, other):
        return (isinstance(other, Structure) and self.kind == other.kind
                and self.meta == other.meta and self.children == other.children)

    def __hash__(self):
        return hash((self.kind, self.children))

    def __repr__(self):
        if self.kind == "leaf":
            return "*"
        if self.kind == "none":
            return "None"
        inner = ", ".join(map(repr, self.children))
        if self.kind == "dict":
            inner = ", ".join(f"{k!r}: {c!r}" for k, c in zip(self.meta, self.children))
            return "{" + inner + "}"
        if self.kind == "list":
            return "[" + inner + "]"
        if self.kind == "namedtuple":
            return f"{self.meta.__name__}({inner})"
        return "(" + inner + ")"


_LEAF = Structure("leaf")


def _is_namedtuple(x):
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def flatten(tree):
    """Return ``(leaves, structure)``; dict keys are taken in sorted order."""
    out = []
    return out, _flatten(tree, out)


def _flatten(tree, out):
    if isinstance(tree, dict):
        keys = sorted(tree)
        return Structure("dict", tuple(keys), tuple(_flatten(tree[k], out) for k in keys))
    if isinstance(tree, list):
        return Structure("list", None, tuple(_flatten(t, out) for t in tree))
    if _is_namedtuple(tree):
        return Structure("namedtuple", type(tree), tuple(_flatten(t, out) for t in tree))
    if isinstance(tree, tuple):
        return Structure("tuple", None, tuple(_flatten(t, out) for t in tree))
    if tree is None:
        return Structure("none")
    out.append(tree)
    return _LEAF


def unflatten(structure, leaves):
    """Inverse of `flatten`: rebuild the container from a sequence of leaves."""
    it = iter(leaves)
    tree = _unflatten(structure, it)
    if next(it, _sentinel) is not _sentinel:
        raise ValueError(f"too many leaves for the structure {structure!r}")
    return tree


_sentinel = object()


def _unflatten(s, it):
    kind = s.kind
    if kind == "leaf":
        leaf = next(it, _sentinel)
        if leaf is _sentinel:
            raise ValueError("too few leaves for the structure")
        return leaf
    if kind == "none":
        return None
    children = [_unflatten(c, it) for c in s.children]
    if kind == "dict":
        return dict(zip(s.meta, children))
    if kind == "list":
        return children
    if kind == "namedtuple":
        return s.meta(*children)
    return tuple(children)


def leaves(tree):
    """The leaves of `tree`, in `flatten` order."""
    return flatten(tree)[0]


def tree_map(f, tree, *rest):
    """Apply `f` leafwise to one or more pytrees of the same structure."""
    flat, s = flatten(tree)
    others = []
    for r in rest:
        rf, rs = flatten(r)
        if rs != s:
            raise ValueError(f"pytree structures differ: {s!r} vs {rs!r}")
        others.append(rf)
    return unflatten(s, [f(*xs) for xs in zip(flat, *others)])
