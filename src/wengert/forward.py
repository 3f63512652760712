"""Forward mode: each traced value carries a tangent, pushed through every primitive.

The tangent of a primitive's output is the sum, over its traced arguments, of
that argument's JVP rule applied to the argument's tangent (the input seeds).
Nothing is recorded, so forward mode needs no memory beyond the tangents.
"""

from __future__ import annotations

import numpy as _np

from .tracer import Differentiation, Tracer, call_inner, missing_rule

__all__ = ["ForwardTrace", "ForwardTracer"]


class ForwardTracer(Tracer):
    """A value together with its tangent (directional derivative)."""

    __slots__ = ("tangent",)

    def __init__(self, value, tangent, trace):
        self.value = value
        self.tangent = tangent
        self._trace = trace


class ForwardTrace(Differentiation):
    """A forward-mode sweep in progress: tracers carry tangents, nothing is recorded."""

    __slots__ = ()

    def process(self, prim, args, kwargs):
        """Apply `prim` to the values and push the tangents through its JVP rules."""
        vals = []
        tangents = []
        nested = False
        for a in args:
            if isinstance(a, Tracer):
                if a._trace is self:
                    tangents.append((len(vals), a.tangent))
                    a = a.value
                nested = nested or isinstance(a, Tracer)
            vals.append(a)
        ans = call_inner(prim, vals, kwargs) if nested else prim.fun(*vals, **kwargs)
        jvps = prim.jvps
        tangent = None
        for argnum, t in tangents:
            rule = jvps.get(argnum)
            if rule is None:
                raise missing_rule(prim, argnum, "forward")
            contribution = rule(t, ans, *vals, **kwargs)
            tangent = contribution if tangent is None else tangent + contribution
        shape = ans.shape if hasattr(ans, "shape") else ()
        if (tangent.shape if hasattr(tangent, "shape") else ()) != shape:
            tangent = tangent + _np.zeros(shape)  # a broadcast input: spread its tangent out
        return ForwardTracer(ans, tangent, self)
