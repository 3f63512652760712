"""Traced values and the primitive wrapper: the part of the engine that knows nothing of NumPy.

A `Differentiation` is one transform in progress: a reverse-mode trace
(`reverse.ReverseTrace`, which records the tape) or a forward-mode one
(`forward.ForwardTrace`). A *tracer* wraps a value that depends on its
inputs. A *primitive* is a plain function wrapped so that, when any argument
is a tracer, the call is handed to the innermost differentiation (the one with
the highest level), which records it (reverse mode) or pushes tangents through
it (forward mode). Nested transforms such as ``grad(grad(f))`` simply nest
levels: a tracer's value may itself be a tracer of an outer differentiation.
(`wengert.explain.Trace`, a printed explanation, is another thing.)
"""

from __future__ import annotations

import abc
import functools
import itertools

__all__ = ["Tracer", "Differentiation", "primitive", "defvjp", "defjvp", "is_traced", "raw"]

_levels = itertools.count(1)


class Differentiation(abc.ABC):
    """A transform in progress, reverse or forward mode; later ones nest inside earlier ones."""

    __slots__ = ("level",)

    def __init__(self):
        self.level = next(_levels)

    @abc.abstractmethod
    def process(self, prim, args, kwargs):
        """Apply `prim` to `args`, some of which are this trace's tracers; return a tracer."""

    def process_inner(self, prim, args, kwargs):
        """`process`, for a step an inner differentiation computes on this trace's values."""
        return self.process(prim, args, kwargs)


class Tracer:
    """A value that depends on the inputs of a differentiation (its `_trace`).

    ``wengert.numpy`` gives tracers NumPy's operators, methods and attributes
    (its ``ArrayMethods``), so user code reads like ordinary NumPy; this layer
    knows nothing of arrays.
    """

    __slots__ = ("value", "_trace")
    __array_priority__ = 1000.0


def is_traced(x):
    """True when `x` is a tracer of any active differentiation (a value `wg.jit` stages is not)."""
    return isinstance(x, Tracer) and x._trace.level > 0


def raw(x):
    """Strip every level of differentiation from `x` (no derivative flows through the result).

    `wg.jit`'s staged values (level 0) are not stripped: they stand for the
    program's values, so NumPy called on them is recorded in the program too.
    """
    while isinstance(x, Tracer) and x._trace.level:
        x = x.value
    return x


def primitive(fun, plain=None):
    """Make `fun` a primitive: called on tracers, it is recorded as one step of the trace.

    Its derivatives are given with `defvjp` (reverse mode) and `defjvp` (forward
    mode). Called on plain values it is `fun` itself, with no overhead beyond a
    scan of the positional arguments. Only positional arguments are traced;
    keyword arguments are treated as constants.

    Examples
    --------
    >>> import wengert as wg, wengert.numpy as wnp
    >>> import numpy
    >>> @wg.primitive
    ... def logaddexp(a, b):
    ...     return numpy.logaddexp(a, b)
    >>> _ = wg.defvjp(logaddexp, lambda ans, a, b: lambda g: g * wnp.exp(a - ans),
    ...                          lambda ans, a, b: lambda g: g * wnp.exp(b - ans))
    >>> float(wg.grad(logaddexp)(0.0, 0.0))
    0.5
    """
    if getattr(fun, "is_primitive", False):
        return fun
    untraced = plain or fun

    def prim(*args, **kwargs):
        top = None
        for a in args:
            if isinstance(a, Tracer) and (top is None or a._trace.level > top.level):
                top = a._trace
        if top is None:
            for a in args:  # an index tuple holding a value wg.jit stages (x[i, labels])
                if type(a) is tuple:
                    for p in a:
                        if isinstance(p, Tracer) and not p._trace.level:
                            return p._trace.process(prim, args, kwargs)
            return untraced(*args, **kwargs)
        return top.process(prim, args, kwargs)

    functools.update_wrapper(prim, plain or fun)
    prim.fun = fun  # what a trace calls on the unwrapped values
    prim.is_primitive = True
    prim.vjps = {}
    prim.jvps = {}
    prim.unbroadcast = None  # (cotangent, input value) -> cotangent shaped like the input, for
    #                          primitives that broadcast their arguments (set by wengert.numpy)
    prim.linear = False      # set when the rules need only shapes, never values
    prim.reads = None        # argnum -> positions its rule reads (0: output, i + 1: argument i)
    prim.scatter = None      # scatter(buffer, g, *args): add a cotangent into buffer in place
    return prim


def defvjp(prim, *vjp_makers, argnums=None):
    """Give `prim` its reverse-mode rules, one VJP maker per positional argument.

    As in autograd, ``maker(ans, *args, **kwargs)`` returns the function
    ``vjp(g)`` that maps the cotangent `g` of the output `ans` to the
    cotangent of that argument. Write them with ``wengert.numpy`` so they can
    be differentiated again (higher orders). ``None`` marks an argument that
    is never differentiated.
    """
    _check_primitive(prim, "defvjp")
    for i, maker in zip(argnums or range(len(vjp_makers)), vjp_makers):
        if maker is not None:
            prim.vjps[i] = _rule_from_maker(maker)
    return prim


def _rule_from_maker(maker):
    # The rules table holds rule(g, ans, *args): called once per node in the sweep,
    # with no closure made at recording time.
    def rule(g, ans, *args, **kwargs):
        return maker(ans, *args, **kwargs)(g)
    rule.maker = maker
    return rule


def defjvp(prim, *rules, argnums=None):
    """Give `prim` its forward-mode rules: ``rule(t, ans, *args, **kwargs) -> tangent of ans``.

    `t` is the tangent of that positional argument (autograd's ``defjvp``
    convention); the contributions of all traced arguments are summed.
    """
    _check_primitive(prim, "defjvp")
    for i, rule in zip(argnums or range(len(rules)), rules):
        if rule is not None:
            prim.jvps[i] = rule
    return prim


def _check_primitive(prim, what):
    if not getattr(prim, "is_primitive", False):
        raise TypeError(f"{what} needs a function wrapped with wengert.primitive; "
                        f"got {prim!r}. Write `f = wengert.primitive(f)` first.")


def call_inner(prim, args, kwargs):
    """`prim` on values an outer trace still traces, as a differentiation calls it on its
    values: the outer trace records ``prim.fun`` (a call from user code records ``prim``)."""
    top = None
    for a in args:
        if isinstance(a, Tracer) and (top is None or a._trace.level > top.level):
            top = a._trace
    return top.process_inner(prim, args, kwargs)


def missing_rule(prim, argnum, mode):
    """The error for a primitive differentiated where it has no rule."""
    name = getattr(prim, "__name__", repr(prim))
    how = "defvjp" if mode == "reverse" else "defjvp"
    return TypeError(f"{name} has no {mode}-mode rule for its argument {argnum}; "
                     f"it cannot be differentiated there (give one with wengert.{how}).")
