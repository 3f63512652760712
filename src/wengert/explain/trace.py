"""`explain` and the `Trace` it returns: one evaluation, shown as tables, formulas or a graph.

`Trace` holds a `recording.Recording` (the engine's own tape, kept line by
line) and hands each way of showing it to the module whose job it is:
`render` (the tables), `symbolic` (derivatives as formulas), `dot` (Graphviz).
"""

from __future__ import annotations

from . import dot, recording, render, symbolic
from .recording import SeedError, Step

__all__ = ["explain", "Trace", "Step", "SeedError"]


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

    def __init__(self, rec):
        self._rec = rec                     # a recording.Recording
        self.value = rec.value
        self.seed = rec.seed
        self.gradient = {line.input_name: line.adjoint for line in rec.inputs}

    @property
    def nodes(self):
        """The lines as `Step` records, in evaluation order."""
        rec = self._rec
        return [Step(line.name, line.op, rec.input_names(line), line.value, line.adjoint,
                     render.forward_formula(rec, line), render.adjoint_formula(rec, line))
                for line in rec.lines]

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
        return render.format_trace(self._rec, max_lines)

    def __str__(self):
        return self.format()

    def __repr__(self):
        names = ", ".join(line.input_name for line in self._rec.inputs)
        return f"<Trace of z({names}): {len(self._rec.lines)} lines; print() it to see them>"

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
        return symbolic.symbolic(self._rec)

    def to_dot(self):
        """The graph as Graphviz DOT text; each node shows its primitive, value and adjoint.

        Returns
        -------
        str
        """
        return dot.to_dot(self._rec)

    def save(self, path):
        """Save the graph: ``.dot`` / ``.gv`` as text, ``.png`` / ``.svg`` / ``.pdf`` rendered.

        Rendering needs Graphviz's ``dot`` program; without it a clear
        `RuntimeError` says how to install it (DOT text is always available).

        Parameters
        ----------
        path : str or os.PathLike
        """
        dot.save(self._rec, path)


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
    return Trace(recording.record(fun, *args, seed=seed))
