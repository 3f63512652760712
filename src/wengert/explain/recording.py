"""Recording one evaluation on the engine's own tape, and keeping every line of it.

The engine's tape (`wengert.reverse.ReverseTrace`) is used as it is, with
``keep_values=True`` so that no value is thinned out, and its sweep is asked
for every node's adjoint (``keep_all=True``): what is shown is what the engine
computed, not a re-implementation of it. This module only numbers the tape's
lines (``w1``, ``w2``...) and keeps, for each, its primitive, arguments, uses,
value and adjoint. It writes nothing: the tables (`render`), the symbolic
derivatives (`symbolic`) and the graph (`dot`) are written from a `Recording`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as _np

from ..reverse import ReverseTrace, ReverseTracer
from ..tracer import raw
from ..transforms import as_input, parameter_names
from ..tree import flatten, unflatten

__all__ = ["record", "Recording", "Line", "Step", "SeedError", "BAR"]

BAR = "\u0304"          # combining macron: "w" + BAR + "3" prints as w̄3


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


class Line:
    """What the recording keeps of one tape entry (more than `Step` shows)."""

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


class Recording:
    """One evaluation, line by line: everything the tables, formulas and graph are written from.

    Attributes
    ----------
    lines : list of Line
        In evaluation order; line number ``n`` is ``lines[n - 1]`` (see `line`).
    inputs : list of Line
        The input lines, in the order of the arguments.
    out : Line or None
        The output's line; None when z does not depend on the inputs.
    value : float or numpy.ndarray
        The output z.
    seed : float or numpy.ndarray
        The seed of the reverse pass.
    seeded : bool
        True when the caller gave the seed (the derivatives are then of v·z).
    """

    __slots__ = ("lines", "inputs", "out", "value", "seed", "seeded")

    def __init__(self, lines, inputs, out, value, seed, seeded):
        self.lines = lines
        self.inputs = inputs
        self.out = out
        self.value = value
        self.seed = seed
        self.seeded = seeded

    def line(self, number):
        """The line numbered `number` (``w3`` is ``line(3)``)."""
        return self.lines[number - 1]

    def input_names(self, line):
        """The names of the traced values `line` was computed from (an input: its own name)."""
        if line.op == "input":
            return (line.input_name,)
        return tuple(self.line(ref).name for kind, ref in line.args if kind == "w")


def record(fun, *args, seed=None):
    """Evaluate `fun(*args)` on a tape that keeps every value, sweep it back, keep every line.

    The arguments and `seed` are those of `wengert.explain`, which wraps the
    result in a `Trace`.

    Returns
    -------
    Recording

    Raises
    ------
    SeedError
        For an array output without a seed, or a seed not shaped like the output.
    TypeError
        When `fun` returns more than one value.
    """
    names = parameter_names(fun, len(args))
    tape = ReverseTrace(keep_values=True)
    lines, input_lines, by_node = [], [], {}
    boxed_args = []
    for name, arg in zip(names, args):
        leaves, structure = flatten(arg)
        boxed = []
        for leaf_name, leaf in zip(_leaf_names(name, arg), leaves):
            b = tape.new_input(as_input(leaf, leaf_name))
            line = Line(len(lines) + 1, "input", (), {}, raw(b.value), input_name=leaf_name)
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
        line = Line(len(lines) + 1, node.prim.__name__, tuple(line_args), dict(node.kwargs),
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
    # a node of this tape (not of an enclosing one) is one of ours: by_node holds them all
    out_node = z.node if isinstance(z, ReverseTracer) and z.node in by_node else None
    value = raw(z)
    seed, seeded = _seed(seed, value)

    adjoints = tape.backward([(out_node, seed)], keep_all=True) if out_node is not None else {}
    for node, line in by_node.items():
        g = adjoints.get(node)
        line.reaches = g is not None
        line.adjoint = raw(g) if g is not None else _zero_like(line.value)
    return Recording(lines, input_lines, by_node.get(out_node), value, seed, seeded)


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


def _leaf_names(name, tree):
    """Names of the leaves of argument `name`, in `flatten` order: ``p['a']``, ``p[0]``."""
    if isinstance(tree, dict):
        return [n for k in sorted(tree) for n in _leaf_names(f"{name}[{k!r}]", tree[k])]
    if isinstance(tree, (list, tuple)):
        return [n for k, t in enumerate(tree) for n in _leaf_names(f"{name}[{k}]", t)]
    if tree is None:
        return []
    return [name]
