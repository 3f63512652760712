"""Each input's derivative as one formula in the inputs (`Trace.symbolic`).

The reverse sweep is replayed on expressions instead of numbers: every line's
value becomes a formula in the inputs (walking the recording forwards), then
every adjoint becomes the sum over its uses of the user's adjoint times the
local derivative from `rules` (walking it backwards), with `algebra`
simplifying as it goes. Because each argument is replaced by its formula,
intermediate values disappear and the result reads as ordinary calculus.
"""

from __future__ import annotations

import numpy as _np

from . import algebra, render, rules

__all__ = ["symbolic", "MAX_SYMBOLIC_SIZE"]

MAX_SYMBOLIC_SIZE = 2000   # expression nodes; past this a formula is no help to anyone


def symbolic(rec):
    """Input name -> its derivative as text (Python syntax), from recording `rec`.

    See `Trace.symbolic`; raises ValueError for arrays, a primitive without a
    formula, or a formula too large or too deep to be of use.
    """
    try:
        exprs = _adjoints(rec)
        return {line.input_name: algebra.to_text(exprs.get(line.number, algebra.ZERO))
                for line in rec.inputs}
    except RecursionError:
        raise ValueError("the trace is too deep to write as one formula; the tables "
                         "(print(trace)) show it step by step") from None


def _adjoints(rec):
    """Line number -> its adjoint as a formula in the inputs (pulled from its uses)."""
    if rec.out is None:
        return {}
    _check_scalar(rec.out)
    if _np.ndim(rec.seed):
        raise ValueError("symbolic() writes scalar derivatives; the seed is an array")
    forward = _values(rec)
    adjoint = {rec.out.number: algebra.num(rec.seed) if rec.seeded else algebra.ONE}
    for line in reversed(rec.lines[:rec.out.number - 1]):
        if not line.reaches:
            continue
        _check_scalar(line)
        terms = []
        for u, k in line.uses:
            user = rec.line(u)
            if not user.reaches:
                continue
            args = _args(user, forward)
            if rules.is_identity_on_scalars(user.op, (), user.shape):
                d = algebra.ONE
            else:
                d = rules.partial(user.op, args, k)
            if d is None:
                raise ValueError(f"symbolic() has no formula for the derivative of "
                                 f"{user.op} ({user.name} in the trace)")
            terms.append(algebra.mul(adjoint[u], d))
        what = f"the formula of {render.derivative_name(line.name, rec.seeded)}"
        adjoint[line.number] = _unless_error(_bounded(algebra.add(*terms), what))
    return adjoint


def _values(rec):
    """Line number -> its value as a formula in the inputs, in evaluation order.

    A line that cannot be written (an array, a primitive without a formula, a
    formula too large) gets the error instead, raised only if the line is used.
    """
    forward = {}
    for line in rec.lines[:rec.out.number]:
        try:
            _check_scalar(line)
            if line.op == "input":
                e = algebra.var(line.input_name)
            else:
                e = _value(line, _args(line, forward))
            forward[line.number] = _bounded(e, f"the formula of {line.name}")
        except ValueError as err:
            forward[line.number] = err
    return forward


def _value(line, args):
    parents = [a for a, (kind, _) in zip(args, line.args) if kind == "w"]
    if rules.is_identity_on_scalars(line.op, (), line.shape) and parents:
        return parents[0]
    if line.op == "where" and len(args) == 3 and algebra.is_num(args[0]):
        return args[1] if args[0][1] else args[2]   # the branch that ran
    e = rules.forward_expr(line.op, args)
    if e is None:
        raise ValueError(f"symbolic() has no formula for {line.op} ({line.name} in the trace)")
    return e


def _check_scalar(line):
    if _np.ndim(line.value):
        raise ValueError(f"symbolic() writes formulas for scalar programs; {line.name} "
                         f"({line.op}) has shape {render.shape_text(line.shape)}. "
                         "The tables (print(trace)) show array programs.")


def _args(line, forward):
    """The arguments of `line` as formulas: earlier lines' formulas, constants as numbers."""
    return [_unless_error(forward[what]) if kind == "w" else _constant(what)
            for kind, what in line.args]


def _constant(c):
    if _np.ndim(c) or _np.asarray(c).dtype.kind not in "biuf":
        raise ValueError(f"symbolic() writes scalar formulas; a constant "
                         f"{render.format_constant(c)} is not a number")
    return algebra.num(c)


def _unless_error(e):
    """`e`, or raise it when it is the error met while writing that formula."""
    if isinstance(e, ValueError):
        raise e
    return e


def _bounded(e, what):
    """`e`, or an error when it is too large to help anyone."""
    if algebra.size(e, MAX_SYMBOLIC_SIZE) > MAX_SYMBOLIC_SIZE:
        return ValueError(f"{what} grows past {MAX_SYMBOLIC_SIZE} terms; the tables "
                          "(print(trace)) are the readable form of this derivative")
    return e
