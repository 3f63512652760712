"""`explain`: run a function once on a tape that keeps every value, and show both passes.

The engine's own tape (`wengert.reverse.ReverseTrace`) is used as it is, with
``keep_values=True`` so that no value is thinned out, and its sweep is asked
for every node's adjoint (``keep_all=True``). This module only numbers the
tape's lines (``w1``, ``w2``...) and writes them down.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import numpy as _np

from ..reverse import ReverseTrace, ReverseTracer
from ..tracer import raw
from ..transforms import as_input
from ..tree import flatten, unflatten
from . import algebra, render, rules

__all__ = ["explain", "Trace", "Step", "SeedError"]

BAR = "\u0304"          # combining macron: "w" + BAR + "3" prints as w̄3
MAX_SYMBOLIC_SIZE = 2000   # expression nodes; past this a formula is no help to anyone


@dataclass(frozen=True)
class Step:
    """One line of the trace: a value, how it was made, and its adjoint.

    Attributes
    ----------
    name : str
        The line's name, ``w1``, ``w2``...
    op : str
        The primitive (``"multiply"``, ``"sin"``...), or ``"input"``.
    inputs : tuple of str
        The names of the traced values it was computed from (``("w1", "w2")``);
        an input's own name (``("x1",)``) for an input.
    value : float or numpy.ndarray
        Its value in the forward pass.
    adjoint : float or numpy.ndarray
        dz/d(this value) from the reverse pass; zero when it does not lead to the output.
    expr : str
        The forward formula, ``"w1 * w2"`` (the input's name for an input).
    adjoint_expr : str
        The reverse formula, ``"w̄3·w2 + w̄4·cos(w1)"``: one term per use of the value.
    """

    name: str
    op: str
    inputs: tuple
    value: object
    adjoint: object
    expr: str
    adjoint_expr: str


class SeedError(ValueError):
    """An array output without a seed, or a seed not shaped like the output."""

    def __init__(self, message, shape):
        super().__init__(message)
        self.shape = shape   # the output's shape


class _Line:
    """What the trace keeps of one tape entry (more than `Step` shows)."""

    __slots__ = ("number", "op", "args", "kwargs", "value", "adjoint", "reaches", "uses",
                 "input_name")

    def __init__(self, number, op, args, kwargs, value, input_name=None):
        self.number = number
        self.op = op
        self.args = args          # positional arguments: ("w", line number) or ("c", constant)
        self.kwargs = kwargs
        self.value = value
        self.adjoint = None
        self.reaches = False      # does this value lead to the output?
        self.uses = []            # (user line number, argnum), in evaluation order
        self.input_name = input_name

    @property
    def name(self):
        return f"w{self.number}"

    @property
    def bar(self):
        return f"w{BAR}{self.number}"

    @property
    def shape(self):
        return _np.shape(self.value)


class Trace:
    """The forward and reverse passes of one evaluation, line by line (see `explain`).

    Attributes
    ----------
    nodes : list of Step
        The lines in evaluation order: inputs first, then one per primitive.
    value : float or numpy.ndarray
        The output z.
    gradient : dict
        Each input's name -> its derivative (d(v·z)/dx with a seed v).
    seed : float or numpy.ndarray
        The seed of the reverse pass.
    """

    def __init__(self, lines, input_lines, output, out_line, seed, seeded):
        self._lines = lines                 # line number - 1 -> _Line
        self._inputs = input_lines
        self._out = out_line                # None when z does not depend on the inputs
        self.value = output
        self.seed = seed
        self._seeded = seeded               # True when the caller gave the seed
        self.gradient = {line.input_name: line.adjoint for line in input_lines}

    # -- records ------------------------------------------------------------------------
    @property
    def nodes(self):
        """The lines as `Step` records, in evaluation order."""
        return [Step(line.name, line.op, self._input_names(line), line.value, line.adjoint,
                     self._forward_text(line), self._reverse_text(line))
                for line in self._lines]

    def _input_names(self, line):
        if line.op == "input":
            return (line.input_name,)
        return tuple(self._lines[ref - 1].name for kind, ref in line.args if kind == "w")

    # -- the tables ------------------------------------------------------------------------
    def _d(self, name):
        """``dz/dx1``, or ``d(v·z)/dx1`` when the caller chose the seed v."""
        return f"d(v·z)/d{name}" if self._seeded else f"dz/d{name}"

    def format(self, max_lines=100):
        """The trace tables as text.

        Parameters
        ----------
        max_lines : int or None
            Longest table shown in full; a longer one keeps its first and last
            lines. None shows everything.

        Returns
        -------
        str
        """
        forward = [(line.name, self._forward_text(line), render.format_value(line.value))
                   for line in self._lines]
        if self._out is None:
            forward.append(("z", "", render.format_value(self.value)
                            + "   (a constant: z does not depend on the inputs)"))
        else:
            forward.append(("z", self._out.name, render.format_value(self.value)))
        out = ["Forward pass: evaluate one primitive per line, keep every value"]
        out += render.table(forward, max_lines)
        out.append("")
        if self._seeded:
            out.append("Reverse pass: adjoints w̄i = d(v·z)/dwi, where the seed v (the "
                       "cotangent of z)")
            out.append(f"picks which combination of the outputs is differentiated: "
                       f"v·z = {_combination(self.seed)}")
        else:
            out.append("Reverse pass: adjoints w̄i = dz/dwi, from the seed dz/dz = 1 back "
                       "to the inputs;")
            out.append("each adjoint sums (adjoint of a use)·(local derivative) over the "
                       "uses of its value")
        out += render.table(self._reverse_rows(), max_lines)
        out.append("")
        out.append("Gradient")
        out += render.table([(self._d(line.input_name), "", render.format_value(line.adjoint))
                             for line in self._inputs])
        return "\n".join(out)

    def __str__(self):
        return self.format()

    def __repr__(self):
        names = ", ".join(line.input_name for line in self._inputs)
        return f"<Trace of z({names}): {len(self._lines)} lines; print() it to see them>"

    def _reverse_rows(self):
        rows = []
        if self._out is not None:
            rows.append((self._out.bar, self._reverse_text(self._out),
                         render.format_value(self._out.adjoint)))
        for line in reversed(self._lines):
            if line is self._out:
                continue
            value = render.format_value(line.adjoint)
            if not line.reaches:
                value += "   (does not lead to z)"
            rows.append((line.bar, self._reverse_text(line), value))
        return rows

    def _forward_text(self, line):
        if line.op == "input":
            return line.input_name
        texts = [self._arg_text(a) for a in line.args]
        name = line.op
        if name in rules.FORWARD_INFIX and len(texts) == 2:
            return f"{_paren(texts[0])} {rules.FORWARD_INFIX[name]} {_paren(texts[1])}"
        if name == "negative":
            return f"-{_paren(texts[0])}"
        if name == "getitem":
            return f"{texts[0]}[{rules.index_text(line.args[1][1])}]"
        if name == "concatenate":   # the engine's primitive takes the axis first
            return f"concatenate([{', '.join(texts[1:])}], axis={texts[0]})"
        while texts and texts[-1] == "None":   # transpose(w1, None) is transpose(w1)
            texts.pop()
        texts += [f"{k}={render.format_constant(v)}" for k, v in line.kwargs.items()
                  if v is not None and v is not False and not (k == "order" and v == "C")]
        return f"{name}({', '.join(texts)})"

    def _arg_text(self, arg):
        kind, what = arg
        return self._lines[what - 1].name if kind == "w" else render.format_constant(what)

    def _reverse_text(self, line):
        if line is self._out:
            return "v" if self._seeded else "dz/dz"
        terms = [self._term(line, self._lines[u - 1], k) for u, k in line.uses
                 if self._lines[u - 1].reaches]
        terms = [t for t in terms if t != "0"] or ["0"]
        text = terms[0]
        for t in terms[1:]:
            text += f" - {t[1:]}" if t.startswith("-") else f" + {t}"
        return text

    def _term(self, line, user, argnum):
        """The contribution of one use: adjoint of the user times the local derivative."""
        g = user.bar
        name = user.op
        shapes = [self._arg_shape(a) for a in user.args]
        if rules.is_identity_on_scalars(name, line.shape, user.shape):
            return g
        exprs = [self._arg_expr_text(a) for a in user.args]
        d = rules.partial(name, exprs, argnum)
        if d is not None:
            term = algebra.to_text(algebra.mul(algebra.var(g), d), "·", render.format_number)
            if line.shape != user.shape:   # broadcast in the forward pass: summed back
                if line.shape == ():
                    return f"sum({term})"
                return f"({term}) summed back to {render.shape_text(line.shape)}"
            return term
        texts = [self._arg_text(a) for a in user.args]
        raws = [self._lines[v - 1].value if k == "w" else v for k, v in user.args]
        term = rules.array_term(name, g, texts, raws, user.kwargs, argnum, shapes)
        return term if term is not None else f"{g}·∂{name}/∂{line.name}"

    def _arg_shape(self, arg):
        kind, what = arg
        return self._lines[what - 1].shape if kind == "w" else _np.shape(what)

    def _arg_expr_text(self, arg):
        """An argument as an algebra expression for the tables: a name or a number."""
        kind, what = arg
        if kind == "w":
            return algebra.var(self._lines[what - 1].name)
        if _np.ndim(what) == 0 and _np.asarray(what).dtype.kind in "biuf":
            return algebra.num(what)
        return algebra.var(render.format_constant(what))

    # -- symbolic ------------------------------------------------------------------------
    def symbolic(self):
        """Each input's derivative as a formula in the inputs, simplified.

        Intermediate values are replaced by their formulas, so the result
        reads as ordinary calculus and can be evaluated at other points (with
        ``wengert.expr``): ``{'x1': 'x2 + cos(x1)', 'x2': 'x1'}`` for
        ``z = x1*x2 + sin(x1)``. For loops and branches it is the derivative of
        the path that ran.

        Returns
        -------
        dict
            Input name -> derivative as text (Python syntax).

        Raises
        ------
        ValueError
            When a value on the path is an array, a primitive has no formula
            here, or the formula grows too large to be of use.
        """
        try:
            exprs = self._symbolic_adjoints()
            return {line.input_name: algebra.to_text(exprs.get(line.number, algebra.ZERO))
                    for line in self._inputs}
        except RecursionError:
            raise ValueError("the trace is too deep to write as one formula; the tables "
                             "(print(trace)) show it step by step") from None

    def _symbolic_adjoints(self):
        """Line number -> its adjoint as a formula in the inputs (pulled from its uses)."""
        if self._out is None:
            return {}
        self._check_scalar(self._out)
        if _np.ndim(self.seed):
            raise ValueError("symbolic() writes scalar derivatives; the seed is an array")
        forward = self._symbolic_values()
        adjoint = {self._out.number: algebra.num(self.seed) if self._seeded else algebra.ONE}
        for line in reversed(self._lines[:self._out.number - 1]):
            if not line.reaches:
                continue
            self._check_scalar(line)
            terms = []
            for u, k in line.uses:
                user = self._lines[u - 1]
                if not user.reaches:
                    continue
                args = _symbolic_args(user, forward)
                if rules.is_identity_on_scalars(user.op, (), user.shape):
                    d = algebra.ONE
                else:
                    d = rules.partial(user.op, args, k)
                if d is None:
                    raise ValueError(f"symbolic() has no formula for the derivative of "
                                     f"{user.op} ({user.name} in the trace)")
                terms.append(algebra.mul(adjoint[u], d))
            adjoint[line.number] = _unless_error(_bounded(algebra.add(*terms),
                                                          f"the formula of {self._d(line.name)}"))
        return adjoint

    def _symbolic_values(self):
        """Line number -> its value as a formula in the inputs, in evaluation order.

        A line that cannot be written (an array, a primitive without a formula, a
        formula too large) gets the error instead, raised only if the line is used.
        """
        forward = {}
        for line in self._lines[:self._out.number]:
            try:
                self._check_scalar(line)
                if line.op == "input":
                    e = algebra.var(line.input_name)
                else:
                    args = _symbolic_args(line, forward)
                    e = self._symbolic_value(line, args)
                forward[line.number] = _bounded(e, f"the formula of {line.name}")
            except ValueError as err:
                forward[line.number] = err
        return forward

    def _symbolic_value(self, line, args):
        parents = [a for a, (kind, _) in zip(args, line.args) if kind == "w"]
        if rules.is_identity_on_scalars(line.op, (), line.shape) and parents:
            return parents[0]
        if line.op == "where" and len(args) == 3 and algebra.is_num(args[0]):
            return args[1] if args[0][1] else args[2]   # the branch that ran
        e = rules.forward_expr(line.op, args)
        if e is None:
            raise ValueError(f"symbolic() has no formula for {line.op} ({line.name} in the trace)")
        return e

    def _check_scalar(self, line):
        if _np.ndim(line.value):
            raise ValueError(f"symbolic() writes formulas for scalar programs; {line.name} "
                             f"({line.op}) has shape {render.shape_text(line.shape)}. "
                             "The tables (print(trace)) show array programs.")

    # -- graph -----------------------------------------------------------------------------
    def to_dot(self):
        """The graph as Graphviz DOT text; each node shows its primitive, value and adjoint.

        Returns
        -------
        str
        """
        from .dot import to_dot
        return to_dot(self)

    def save(self, path):
        """Save the graph: ``.dot`` / ``.gv`` as text, ``.png`` / ``.svg`` / ``.pdf`` rendered.

        Rendering needs Graphviz's ``dot`` program; without it a clear
        `RuntimeError` says how to install it (DOT text is always available).

        Parameters
        ----------
        path : str or os.PathLike
        """
        from .dot import save
        save(self, path)


def _symbolic_args(line, forward):
    """The arguments of `line` as formulas: earlier lines' formulas, constants as numbers."""
    return [_unless_error(forward[what]) if kind == "w" else _symbolic_constant(what)
            for kind, what in line.args]


def _symbolic_constant(c):
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


def _combination(seed, most=6):
    """The combination of outputs a seed selects, ``z[1]`` or ``2·z[0] - z[2]``."""
    seed = _np.asarray(seed)
    if seed.ndim == 0:
        return "z" if seed == 1 else f"{render.format_number(seed)}·z"
    where = _np.flatnonzero(seed)
    if len(where) == 0:
        return "0 (a zero seed: every adjoint is zero)"
    if len(where) > most:
        return f"the sum of v[i]·z[i] over {len(where)} outputs"
    terms = []
    for k in where:
        index = ", ".join(map(str, _np.unravel_index(k, seed.shape)))
        c = float(seed.flat[k])
        coefficient = "" if abs(c) == 1 else f"{render.format_number(abs(c))}·"
        terms.append((c < 0, f"{coefficient}z[{index}]"))
    text = ("-" if terms[0][0] else "") + terms[0][1]
    for negative, term in terms[1:]:
        text += (" - " if negative else " + ") + term
    return text


def _paren(text):
    """A negative constant as an operand: ``w1 * (-2)``."""
    return f"({text})" if text.startswith("-") else text


# -- recording ------------------------------------------------------------------------------
def explain(fun, *args, seed=None):
    """Evaluate `fun(*args)` and show its forward and reverse passes step by step.

    Parameters
    ----------
    fun : callable
        A function of the arguments, written with ``wengert.numpy``, returning
        one float or array z. Loops and branches are fine: the trace shows the
        path that ran.
    *args : float, array or pytree
        The point; every argument is an input. Inputs are named after `fun`'s
        parameters (``x1``, ``x2``), pytree leaves after their place (``p['a']``).
    seed : float or array, optional
        The seed v of the reverse pass, shaped like z: the trace then shows the
        derivatives of v·z, the combination of outputs v selects. Default 1 for
        a scalar z; an array z needs a seed.

    Returns
    -------
    Trace
        ``print(trace)`` shows the tables; ``trace.symbolic()``, ``trace.to_dot()``,
        ``trace.nodes`` and ``trace.gradient`` give the rest.

    Examples
    --------
    >>> import wengert as wg, wengert.numpy as np
    >>> trace = wg.explain(lambda x1, x2: x1 * x2 + np.sin(x1), 2.0, 3.0)
    >>> trace.symbolic()
    {'x1': 'x2 + cos(x1)', 'x2': 'x1'}
    >>> print(trace)
    Forward pass: evaluate one primitive per line, keep every value
      w1 = x1 = 2
      w2 = x2 = 3
      w3 = w1 * w2 = 6
      w4 = sin(w1) = 0.9093
      w5 = w3 + w4 = 6.909
       z = w5 = 6.909
    <BLANKLINE>
    Reverse pass: adjoints w̄i = dz/dwi, from the seed dz/dz = 1 back to the inputs;
    each adjoint sums (adjoint of a use)·(local derivative) over the uses of its value
      w̄5 = dz/dz = 1
      w̄4 = w̄5 = 1
      w̄3 = w̄5 = 1
      w̄2 = w̄3·w1 = 2
      w̄1 = w̄3·w2 + w̄4·cos(w1) = 2.584
    <BLANKLINE>
    Gradient
      dz/dx1 = 2.584
      dz/dx2 = 2
    """
    names = _parameter_names(fun, len(args))
    tape = ReverseTrace(keep_values=True)
    lines, input_lines, by_node = [], [], {}
    boxed_args = []
    for name, arg in zip(names, args):
        leaves, structure = flatten(arg)
        boxed = []
        for leaf_name, leaf in zip(_leaf_names(name, arg), leaves):
            b = tape.new_input(as_input(leaf, leaf_name))
            line = _Line(len(lines) + 1, "input", (), {}, raw(b.value), input_name=leaf_name)
            lines.append(line)
            input_lines.append(line)
            by_node[b.node] = line
            boxed.append(b)
        boxed_args.append(unflatten(structure, boxed))

    out = fun(*boxed_args)

    for node in tape.nodes:
        line_args = []
        parents = dict(node.parents)
        for i, a in enumerate(node.args):
            line_args.append(("w", by_node[parents[i]].number) if i in parents else ("c", raw(a)))
        line = _Line(len(lines) + 1, node.prim.__name__, tuple(line_args), dict(node.kwargs),
                     raw(node.ans))
        lines.append(line)
        by_node[node] = line
        for i, parent in node.parents:
            by_node[parent].uses.append((line.number, i))

    out_leaves, _ = flatten(out)
    if len(out_leaves) != 1:
        raise TypeError(f"explain needs a function returning one float or array; this one "
                        f"returned a {type(out).__name__} of {len(out_leaves)} values. Return "
                        "the one you want explained (or their sum).")
    z = out_leaves[0]
    out_node = z.node if isinstance(z, ReverseTracer) and z._trace is tape else None
    value = raw(z)
    seed, seeded = _seed(seed, value)

    adjoints = tape.backward([(out_node, seed)], keep_all=True) if out_node is not None else {}
    for node, line in by_node.items():
        g = adjoints.get(node)
        line.reaches = g is not None
        line.adjoint = raw(g) if g is not None else _zero_like(line.value)
    return Trace(lines, input_lines, value, by_node.get(out_node), seed, seeded)


def _seed(seed, value):
    shape = _np.shape(value)
    if seed is None:
        if shape not in ((), (1,)):
            raise SeedError(f"the function returns an array of shape {shape}; give a seed "
                            f"shaped like it (a one-hot seed picks one output) to choose "
                            "which combination of outputs the reverse pass differentiates.",
                            shape)
        return (_np.ones(shape) if shape else _np.float64(1.0)), False
    seed = _np.asarray(raw(seed), dtype=float)
    if seed.shape != shape:
        raise SeedError(f"the seed has shape {seed.shape} but the output has shape {shape}; "
                        "the seed must be shaped like the output.", shape)
    return (seed if seed.ndim else _np.float64(seed)), True


def _zero_like(value):
    return _np.zeros_like(value, dtype=float) if _np.ndim(value) else _np.float64(0.0)


def _parameter_names(fun, n):
    """The names of `fun`'s first `n` positional parameters (``x1``, ``x2``... if unknown)."""
    try:
        params = list(inspect.signature(fun).parameters.values())
    except (TypeError, ValueError):
        params = []
    names = []
    for p in params:
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            names.append(p.name)
        elif p.kind == p.VAR_POSITIONAL:
            break   # f(*args): number the rest, x2, x3... (args[1] would not read as a name)
    names += [f"x{k + 1}" for k in range(len(names), n)]
    return names[:n]


def _leaf_names(name, tree):
    """Names of the leaves of argument `name`, in `flatten` order: ``p['a']``, ``p[0]``."""
    if isinstance(tree, dict):
        return [n for k in sorted(tree) for n in _leaf_names(f"{name}[{k!r}]", tree[k])]
    if isinstance(tree, (list, tuple)):
        return [n for k, t in enumerate(tree) for n in _leaf_names(f"{name}[{k}]", t)]
    if tree is None:
        return []
    return [name]
