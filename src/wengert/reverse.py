"""Reverse mode: the tape (Wengert list) and the sweep that runs it backwards.

Every primitive applied to a traced value appends one `Node` to the tape, in
evaluation order. The sweep starts from the seed (dz/dz = 1, or any cotangent)
and walks the tape backwards; each node hands its adjoint to its parents
through the primitive's VJP rules, and a parent used by several nodes receives
the sum of their contributions (the multi-path chain rule). Nodes that do not
lead to the output never receive an adjoint, so they cost one dict lookup.
"""

from __future__ import annotations

import numpy as _np

from .tracer import Differentiation, Tracer, call_inner, missing_rule

__all__ = ["Node", "ReverseTrace", "ReverseTracer"]

_SLIM_SIZE = 1024  # arrays larger than this are not kept for rules that need only shapes


class Node:
    """One line of the Wengert list: ``ans = prim(*args, **kwargs)``.

    `parents` pairs each traced argument's position with the node that made it.
    Input nodes have ``prim = None`` and no parents.
    """

    __slots__ = ("prim", "args", "kwargs", "ans", "parents", "index")

    def __init__(self, prim, args, kwargs, ans, parents, index):
        self.prim = prim
        self.args = args
        self.kwargs = kwargs
        self.ans = ans
        self.parents = parents
        self.index = index

    def __repr__(self):
        name = "input" if self.prim is None else self.prim.__name__
        return f"<Node {self.index}: {name}>"


class ReverseTracer(Tracer):
    """A value on a reverse-mode tape; `node` is the tape entry that produced it."""

    __slots__ = ("node",)

    def __init__(self, value, node, trace):
        self.value = value
        self.node = node
        self._trace = trace


def _slim(x):
    """A zero-stride stand-in with `x`'s shape and dtype, so a large value can be freed."""
    if type(x) is _np.ndarray and x.size > _SLIM_SIZE:
        return _np.broadcast_to(x.dtype.type(0), x.shape)
    return x


class ReverseTrace(Differentiation):
    """A tape being recorded. ``keep_values=True`` keeps every value (for `explain`)."""

    __slots__ = ("nodes", "keep_values")

    def __init__(self, keep_values=False):
        super().__init__()
        self.nodes = []
        self.keep_values = keep_values

    def new_input(self, value):
        """Box `value` as an input of this trace (a leaf of the graph)."""
        return ReverseTracer(value, Node(None, (), {}, value, (), -1), self)

    def process(self, prim, args, kwargs):
        """Apply `prim` to the values and append one node to the tape."""
        vals = []
        parents = []
        nested = large = False
        for a in args:
            if isinstance(a, Tracer):
                if a._trace is self:
                    parents.append((len(vals), a.node))
                    a = a.value
                    large = large or type(a) is _np.ndarray and a.size > _SLIM_SIZE
                nested = nested or isinstance(a, Tracer)
            vals.append(a)
        ans = call_inner(prim, vals, kwargs) if nested else prim.fun(*vals, **kwargs)
        kind = type(ans)  # complex outputs are rare: the common types are told apart cheaply
        if (ans.dtype.kind == "c" if kind is _np.ndarray
                else kind is not _np.float64 and _is_complex(ans)):
            prim = _real_cotangents(prim, parents, vals)
        stored = ans
        if (large or kind is _np.ndarray and ans.size > _SLIM_SIZE) and not self.keep_values:
            stored = _keep_what_rules_read(prim, parents, vals, ans)
        node = Node(prim, vals, kwargs, stored, parents, len(self.nodes))
        self.nodes.append(node)
        return ReverseTracer(ans, node, self)

    def backward(self, seeds, keep_all=False, release=False):
        """Sweep the tape backwards from `seeds`, a list of ``(node, cotangent)``.

        Returns a dict from node to adjoint: the inputs' adjoints, or every
        node's when `keep_all` (as `explain` shows them). With `release`, each
        node lets go of its values once its adjoint has been passed on (nothing
        reads them later in this sweep), for a tape that is swept only once.
        """
        adjoint = {}
        owned = set()
        start = -1
        for node, ct in seeds:
            _accumulate(adjoint, owned, node, ct)
            start = max(start, node.index)
        nodes = self.nodes
        take = adjoint.get if keep_all else adjoint.pop
        for i in range(start, -1, -1):
            node = nodes[i]
            g = take(node, None)
            if g is None:
                continue
            owned.discard(node)  # g may now be handed on by reference
            prim = node.prim
            scatter = prim.scatter if not isinstance(g, Tracer) else None
            for argnum, parent in node.parents:
                if scatter is not None and not isinstance(adjoint.get(parent), Tracer) \
                        and (type(node.args[-1]) is int or not _traced_index(node.args)):
                    _scatter(adjoint, owned, parent, scatter, g, node)
                    continue
                rule = prim.vjps.get(argnum)
                if rule is None:
                    raise missing_rule(prim, argnum, "reverse")
                ct = rule(g, node.ans, *node.args, **node.kwargs)
                if ct is None:
                    continue
                # the hook is called only where shapes differ: a call on every edge costs 5%
                if prim.unbroadcast is not None and (
                        getattr(ct, "shape", ()) != getattr(parent.ans, "shape", ())):
                    ct = prim.unbroadcast(ct, parent.ans)
                if parent in adjoint:
                    _accumulate(adjoint, owned, parent, ct)
                else:
                    adjoint[parent] = ct
            if release:
                node.args = node.ans = None
        return adjoint


def _traced_index(args):
    """An index that is itself a traced value (under wg.jit, x[labels] with labels an input):
    the cotangent then cannot be added into a plain buffer in place."""
    for a in args[1:]:
        if isinstance(a, Tracer) or type(a) is tuple and any(isinstance(p, Tracer) for p in a):
            return True
    return False


def _is_complex(x):
    while isinstance(x, Tracer):
        x = x.value
    return _np.iscomplexobj(x)


def _real_cotangents(prim, parents, vals):
    """`prim` as recorded for a complex output: real arguments get real cotangents.

    A rule such as multiply's ``g * y`` hands a real argument a complex
    cotangent when the other factor is complex; its real part is the
    cotangent (the imaginary part is no derivative of anything real, and a
    later non-holomorphic rule such as ``imag`` would misread it). The
    variant taking that real part is made once per primitive and set of real
    arguments, so real code never pays for it.
    """
    real = tuple(i for i, _ in parents if not _is_complex(vals[i]))
    if not real:
        return prim
    variants = prim.__dict__.setdefault("real_variants", {})
    variant = variants.get(real)
    if variant is None:
        variant = variants[real] = _variant(prim, real)
    return variant


def _variant(prim, real):
    def variant(*args, **kwargs):
        return prim(*args, **kwargs)

    variant.__dict__.update(prim.__dict__)
    variant.__name__ = variant.__qualname__ = prim.__name__
    variant.vjps = _RealRules(prim.vjps, real)
    variant.scatter = None
    variant.real_variants = {}
    return variant


class _RealRules:
    """A primitive's VJP rules, those of the `real` arguments taking the real part."""

    __slots__ = ("rules", "real", "made")

    def __init__(self, rules, real):
        self.rules, self.real, self.made = rules, real, {}

    def get(self, argnum, default=None):
        """The rule of `argnum`, as the sweep looks it up."""
        rule = self.rules.get(argnum)
        if rule is None or argnum not in self.real:
            return default if rule is None else rule
        made = self.made.get(argnum)
        if made is None:
            def made(g, ans, *args, **kwargs):
                ct = rule(g, ans, *args, **kwargs)
                return None if ct is None else ct.real  # tracers' `.real` is differentiable
            self.made[argnum] = made
        return made


def _keep_what_rules_read(prim, parents, vals, ans):
    """Replace the large values no rule of `prim` will read by shape stand-ins.

    Linear rules read no differentiated value; other rules say what they read
    in `prim.reads` (argnum -> positions, 0 for the output and i + 1 for
    argument i). Returns the output to store; `vals` is slimmed in place.
    """
    if prim.linear:
        for i, _ in parents:
            vals[i] = _slim(vals[i])
        return _slim(ans)
    if prim.reads is None:
        return ans
    needed = set()
    for i, _ in parents:
        needed |= prim.reads[i]
    for i in range(len(vals)):
        if i + 1 not in needed:
            vals[i] = _slim(vals[i])
    return ans if 0 in needed else _slim(ans)


def _scatter(adjoint, owned, node, scatter, g, consumer):
    """Add `g` into the adjoint of `node` where `consumer` read it (x[idx]), in place.

    Only for plain cotangents into a plain (or not yet started) adjoint; a traced
    one, in a higher-order sweep, goes through the functional rule instead.
    """
    buffer = adjoint.get(node)
    if buffer is None or node not in owned:
        fresh = _np.zeros(_shape(node.ans), _dtype(node.ans))
        if buffer is not None:
            fresh += buffer
        buffer = adjoint[node] = fresh
        owned.add(node)
    scatter(buffer, g, *consumer.args, **consumer.kwargs)


def _shape(x):
    return x.shape if hasattr(x, "shape") else ()


def _dtype(x):
    """The dtype of a scatter buffer: the value's own (float32 stays float32), at least float."""
    dtype = getattr(x, "dtype", None)
    return dtype if dtype is not None and dtype.kind in "fc" else _np.float64


def _accumulate(adjoint, owned, node, ct):
    """adjoint[node] += ct, in place once the sum is a buffer the sweep itself made.

    A rule may hand on its cotangent by reference (``add`` passes `g` to both
    inputs), so only a sum this function allocated (`owned`) is ever written to.
    """
    old = adjoint.get(node)
    if old is None:
        adjoint[node] = ct
    elif node in owned and not isinstance(ct, Tracer):
        try:
            old += ct
        except TypeError:  # a complex contribution to a real-typed sum: make a new one
            adjoint[node] = old + ct
    else:
        new = old + ct
        adjoint[node] = new
        if type(new) is _np.ndarray:
            owned.add(node)
        else:  # a traced sum (higher order) is never written to in place
            owned.discard(node)

