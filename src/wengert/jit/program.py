"""From a recording to a straight-line program: simplify, then write it out as Python source.

The passes, in order, each a compiler's textbook pass on a list with no loops:

1. *Simplify* (`_simplify`): multiplying by a unit seed, adding zero, ``x ** 1``,
   ``broadcast_to`` an array's own shape and ``zeros_like`` of a known shape fold
   away; a constant array holding one number becomes that number; a chain of
   scalings (``100.0 * (2.0 * x)``, a negation) becomes one where the bits are
   the same; a line computing what an earlier line computed (a common
   subexpression) is replaced by that line.
2. *Dead code* (`_live_steps`): only lines that reach an output or a guard stay.
3. *Representation* (`_Emitter`): a float64 number whose every step has a
   Python-float form runs on Python floats and `math` (a NumPy scalar
   operation costs ~20x more); a vector of such numbers read one index at a
   time is read from a list; cotangents added index by index (the reverse of
   ``x[i]``) accumulate in place, into a list or an array.
4. *Memory*: an elementwise step whose argument dies there, and is an array of
   the program's own with the same shape and dtype, writes into it (``out=``);
   a large intermediate array is written into a buffer made once and kept
   across calls (a fresh 8 MB temporary costs as much as its arithmetic, in
   page faults). The arrays a call returns are always new; a buffered program
   runs one call at a time, and a second call meanwhile runs the same program
   without buffers.

Not done: fusing elementwise chains into one loop (numexpr measured slower here;
`experiments/benchmarks/fusion.py`).
"""

from __future__ import annotations

import keyword
import math
import operator
import threading

import numpy as _np

from .staging import Staged

__all__ = ["Miss", "compile_program", "Program", "identifier"]


class Miss(Exception):
    """A guard of the program saw another value than at tracing: this path does not apply."""


class _Const:
    """A value the program uses as a constant (a folded step)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


_MULTIPLY = {operator.mul, _np.multiply}
_ADD = {operator.add, _np.add}
_SUBTRACT = {operator.sub, _np.subtract}
_POWER = {operator.pow, _np.power}
_SHAPE_ONLY = {_np.zeros_like, _np.ones_like}

# Python operators and the ufunc each computes on arrays (for writing into a buffer)
_OPERATOR_UFUNC = {operator.add: _np.add, operator.sub: _np.subtract, operator.mul: _np.multiply,
                   operator.truediv: _np.true_divide, operator.neg: _np.negative,
                   operator.pow: _np.power}
_BINARY_SYMBOL = {operator.add: "+", operator.sub: "-", operator.mul: "*", operator.truediv: "/",
                  _np.add: "+", _np.subtract: "-", _np.multiply: "*", _np.divide: "/",
                  _np.less: "<", _np.less_equal: "<=", _np.greater: ">", _np.greater_equal: ">=",
                  _np.equal: "==", _np.not_equal: "!="}
# the elementwise steps (Python operators on arrays and NumPy's ufuncs): fun -> ufunc
_ELEMENTWISE = {**{u: u for u in vars(_np).values()
                   if isinstance(u, _np.ufunc) and u.nout == 1 and u.signature is None},
                **_OPERATOR_UFUNC}
# steps that can write into a buffer: the elementwise ones, and matrix products
_BUFFERED = {**_ELEMENTWISE, _np.matmul: _np.matmul, operator.matmul: _np.matmul}
_BUFFER_SIZE = 4096  # arrays this large get a buffer kept across calls: a fresh one costs page faults
_COMPARISONS = {_np.less, _np.less_equal, _np.greater, _np.greater_equal, _np.equal, _np.not_equal}
# math's functions that give NumPy's float64 results bit for bit (checked by the tests);
# exp, log, tanh... differ from NumPy's in the last bit on some inputs, so they stay NumPy's
_MATH = {_np.sin: "sin", _np.cos: "cos", _np.sqrt: "sqrt"}
_FLOAT = (float, _np.float64)
_FRESH = {"untake", "matmul", "dot", "sum"}  # wengert primitives whose output is always new


def _is_constant_number(x, number):
    """`x` is a constant equal to `number` everywhere (a scalar, or a broadcast/filled array)."""
    if isinstance(x, Staged):
        return False
    if type(x) in (float, int, _np.float64, _np.float32, _np.int64):
        return x == number
    if type(x) is _np.ndarray and x.dtype.kind in "fiu":
        flat = x if x.size <= 64 or any(x.strides) else x.flat[:1]
        return bool(_np.all(flat == number))
    return False


class Program:
    """A compiled path: `run(*leaves)` gives the outputs, `source` is its text, and
    `kept_bytes` the memory of the buffers it keeps across calls."""

    def __init__(self, run, source, scalar_run=None, kept_bytes=0):
        self.run = run
        self.source = source
        self.scalar_run = scalar_run
        self.kept_bytes = kept_bytes


def compile_program(staging, inputs, outputs, structure, name="program"):
    """Compile the recording of `staging` into a `Program`.

    `inputs` lists ``(var, name)`` for each argument leaf that is an input,
    `outputs` the output leaves (staged values or constants) and `structure`
    their pytree structure.
    """
    alias = _simplify(staging)
    copies = _outputs_to_copy(staging, alias, outputs)
    outputs = [_resolve(alias, o) for o in outputs]
    live = _live_steps(staging, alias, outputs)

    def emitter(**how):
        return _Emitter(staging, alias, inputs, outputs, structure, live, copies=copies, **how)

    buffered = emitter(scalars=False, buffered=True)
    written = buffered.write(name)
    run, source = _exec(written), written.text
    if buffered.buffers:  # a concurrent call runs the same program without them
        run = _locked(run, _exec(emitter(scalars=False).write(name)))
    scalar = emitter(scalars=True)
    kept = sum(_np.prod(shape, dtype=int) * dtype.itemsize for shape, dtype in buffered.buffers.values())
    if not scalar.uses_scalars:
        return Program(run, source, kept_bytes=kept)
    written = scalar.write(name)
    return Program(run, written.text, _exec(written), kept_bytes=kept)


def _outputs_to_copy(staging, alias, outputs):
    """Output positions whose array the program must copy to return what an eager call does:
    a new array where folding made it an input (``grad`` of ``x * y`` is ``y``) or another
    output, and a writeable one where it is a broadcast view."""
    copies = set()
    for k, o in enumerate(outputs):
        if not isinstance(o, Staged):
            continue
        r = _resolve(alias, o)
        value = staging.values[o.var]
        if isinstance(r, Staged) and type(staging.values[r.var]) is _np.ndarray and (
                r.var != o.var or not staging.values[r.var].flags.writeable
                or type(value) is _np.ndarray and not value.flags.writeable):
            copies.add(k)
    return copies


def _locked(buffered, fresh):
    """`buffered` for one call at a time (its buffers are shared); `fresh` for a second
    call meanwhile, from another thread or from inside the first."""
    lock = threading.Lock()

    def run(*leaves):
        if not lock.acquire(blocking=False):
            return fresh(*leaves)
        try:
            return buffered(*leaves)
        finally:
            lock.release()

    return run


def _exec(written):
    namespace = dict(written.namespace)
    exec(compile(written.text, f"<wg.jit {written.name}>", "exec"), namespace)  # noqa: S102
    return namespace[written.name]


# -- 1. simplify -------------------------------------------------------------------------
def _resolve(alias, x):
    """`x` with the staged values that folded away replaced by what they became."""
    if isinstance(x, Staged):
        seen = alias.get(x.var)
        while seen is not None:
            x = seen
            seen = alias.get(x.var) if isinstance(x, Staged) else None
        return x
    return x


def _simplify(staging):
    """{var: what it became} for the steps that fold away or repeat an earlier step."""
    alias = {}
    values = staging.values
    seen = {}
    scaled = {}  # var -> (c, y): the var is c * y, c a number
    for step in staging.steps:
        if step.kind != "call":
            continue
        out = step.out
        args = tuple(_resolve(alias, a) if isinstance(a, Staged) else a for a in step.args)
        if any(v in staging.dynamic for v in _vars_in(args, {})) or out in staging.dynamic:
            continue  # shapes known only when the program runs: nothing folds on them
        if not step.kwargs and _ELEMENTWISE.get(step.fun) is not None:
            args = step.args = _scalar_constants(args, values[out])
        folded = _fold(step.fun, args, step.kwargs, values[out], staging)
        if folded is not None:
            alias[out] = folded
            continue
        args = _merge_scalings(step, args, values, scaled)
        key = _key(step.fun, args, step.kwargs, alias)
        if key is not None:
            earlier = seen.get(key)
            if earlier is not None:
                alias[out] = earlier
                continue
            seen[key] = Staged(values[out], out, staging)
    return alias


def _merge_scalings(step, args, values, scaled):
    """``c2 * (c1 * y)`` as ``(c1 * c2) * y`` and ``-(c * y)`` as ``(-c) * y``: one pass over y
    instead of two (a rule's ``2.0 * x`` then the seed's ``100.0``, then a negation).

    Only where it gives the same bits: float64 throughout, and c1 or c2 a power of two
    (scaling by one is exact) with both at least 1 in size, so an overflow in between
    overflows at the end as well. Returns the step's (possibly new) arguments.
    """
    fun, out = step.fun, step.out
    if step.kwargs or values[out].__class__ is not _np.ndarray or values[out].dtype != _np.float64:
        return args
    if fun in (operator.neg, _np.negative) and len(args) == 1 and isinstance(args[0], Staged):
        inner = scaled.get(args[0].var)
        if inner is not None:
            c, y = inner
            step.fun, step.name, step.args = _np.multiply, "multiply", (-c, y)
            scaled[out] = (-c, y)
            return step.args
        y = args[0]
        if type(y.value) is _np.ndarray and y.value.dtype == _np.float64:
            scaled[out] = (-1.0, y)  # -y is (-1) * y, for the multiplication that reads it
        return args
    if fun not in _MULTIPLY or len(args) != 2:
        return args
    for c, y in ((args[0], args[1]), (args[1], args[0])):
        if type(c) in (float, _np.float64) and isinstance(y, Staged) \
                and type(y.value) is _np.ndarray and y.value.dtype == _np.float64:
            inner = scaled.get(y.var)
            if inner is not None and _exact_product(inner[0], c):
                c, y = _np.float64(inner[0] * c), inner[1]
                step.args = (c, y)
            scaled[out] = (c, y)
            return step.args if inner is not None and step.args[1] is y else args
    return args


def _exact_product(c1, c2):
    def power_of_two(c):
        return math.isfinite(c) and c != 0 and math.frexp(abs(c))[0] == 0.5
    return abs(c1) >= 1 and abs(c2) >= 1 and (power_of_two(c1) or power_of_two(c2))


def _scalar_constants(args, value):
    """An elementwise step's constant arrays holding one number, as that number.

    A cotangent such as ``100 * ones(n)`` (a seed spread over a sum, then
    scaled) is one number: multiplying by the number reads n fewer elements.
    Only where the other arguments already give the output its shape.
    """
    shape = _np.shape(value)
    out = list(args)
    for k, a in enumerate(args):
        if type(a) is not _np.ndarray or a.ndim == 0 or a.dtype.kind not in "fc":
            continue
        others = [_np.shape(b.value if isinstance(b, Staged) else b)
                  for j, b in enumerate(args) if j != k]
        if (_np.broadcast_shapes(*others) if others else ()) != shape:
            continue
        first = a.flat[0]
        if not any(a.strides) or bool(_np.all(a == first)):
            out[k] = a.dtype.type(first)
    return tuple(out)


def _same_kind(a, b):
    """`a` may stand for `b`: the same shape and dtype, both arrays or both numbers."""
    if not isinstance(a, _np.ndarray) and type(a) is not type(b):
        return False  # a Python float is not a NumPy float64 (NumPy promotes them apart)
    return (isinstance(a, _np.ndarray) == isinstance(b, _np.ndarray)
            and _np.shape(a) == _np.shape(b) and _np.result_type(a) == _np.result_type(b))


def _fold(fun, args, kwargs, value, staging):
    """What the step ``fun(*args)`` folds into (a staged value or a `_Const`), or None."""
    if kwargs:
        return None
    if fun in _SHAPE_ONLY and len(args) == 1 and isinstance(args[0], Staged) \
            and args[0].var not in staging.dynamic:
        return _Const(value)
    if fun is _np.broadcast_to and len(args) == 2 and isinstance(args[0], Staged) \
            and args[0].var not in staging.dynamic and _same_kind(args[0].value, value):
        return args[0]  # already of that shape (a cotangent spread over a sum is read only)
    if len(args) != 2:
        return None
    a, b = args
    if fun in _MULTIPLY:
        for unit, other in ((a, b), (b, a)):
            if isinstance(other, Staged) and _is_constant_number(unit, 1) \
                    and _same_kind(other.value, value):
                return other
    elif fun in _ADD:
        for zero, other in ((a, b), (b, a)):
            if isinstance(other, Staged) and _is_constant_number(zero, 0) \
                    and _same_kind(other.value, value):
                return other
    elif fun in _SUBTRACT or fun in _POWER:
        if isinstance(a, Staged) and _is_constant_number(b, 0 if fun in _SUBTRACT else 1) \
                and _same_kind(a.value, value):
            return a
    return None


def _key(fun, args, kwargs, alias):
    """A hashable description of the step for spotting repeats, or None if it has none."""
    try:
        key = (fun, _part(args, alias), _part(tuple(sorted(kwargs.items())), alias))
        hash(key)
    except TypeError:
        return None
    return key


def _part(x, alias):
    if isinstance(x, Staged):
        x = _resolve(alias, x)
        return ("var", x.var) if isinstance(x, Staged) else ("const", id(x.value))
    if isinstance(x, (tuple, list)):
        return (type(x).__name__,) + tuple(_part(v, alias) for v in x)
    if isinstance(x, dict):
        return ("dict",) + tuple((k, _part(v, alias)) for k, v in x.items())
    if isinstance(x, slice):
        return ("slice", _part(x.start, alias), _part(x.stop, alias), _part(x.step, alias))
    if isinstance(x, _np.ndarray):
        return ("array", id(x))
    if isinstance(x, (int, float, complex, str, bytes, type(None), _np.generic, _np.dtype, type)):
        return (type(x), x)
    return ("object", id(x))


# -- 2. dead code ----------------------------------------------------------------------
def _vars_in(x, alias):
    """The vars `x` reads, after folding."""
    if isinstance(x, Staged):
        r = _resolve(alias, x)
        return [r.var] if isinstance(r, Staged) else []
    if isinstance(x, (tuple, list)):
        return [v for item in x for v in _vars_in(item, alias)]
    if isinstance(x, dict):
        return [v for item in x.values() for v in _vars_in(item, alias)]
    if isinstance(x, slice):
        return _vars_in((x.start, x.stop, x.step), alias)
    return []


def _live_steps(staging, alias, outputs):
    """The steps that reach an output or a guard, in order."""
    needed = {o.var for o in outputs if isinstance(o, Staged)}
    live = []
    for step in reversed(staging.steps):
        if step.kind == "call" and (step.out in alias or step.out not in needed):
            continue
        live.append(step)
        needed.update(_vars_in((step.args, step.kwargs), alias))
    live.reverse()
    return live


# -- 3 and 4. write the program --------------------------------------------------------
class _Written:
    def __init__(self, name, text, namespace):
        self.name, self.text, self.namespace = name, text, namespace


class _Emitter:
    """Writes the live steps as Python source, choosing each value's representation."""

    def __init__(self, staging, alias, inputs, outputs, structure, live, scalars, buffered=False,
                 copies=frozenset()):
        self.staging, self.alias, self.values = staging, alias, staging.values
        self.inputs, self.outputs, self.structure = inputs, outputs, structure
        self.copies = copies
        self.live = live
        self.names = {}
        self.rep = {}          # var -> "np" (as traced), "py" (Python float or bool), "list"
        self.owned = set()     # vars holding a fresh array that no one else sees
        self.namespace = {"np": _np, "float64": _np.float64, "Miss": Miss}
        self.constants = {}
        self.header = []
        self.lines = []
        self.count = 0
        self.scalars = scalars
        self.buffered = buffered
        self.buffers = {}      # name -> (shape, dtype) of the buffers kept across calls
        self.free_buffers = {}
        self.holder = {}       # buffer name -> the var it holds now
        self.uses_scalars = False
        self.listed = set()    # arrays read index by index, as lists
        self.reserved = {n for _, n in inputs} | {"math"}
        self._plan()

    # -- planning: last uses and representations
    def _plan(self):
        alias = self.alias
        last = {}
        for k, step in enumerate(self.live):
            for v in _vars_in((step.args, step.kwargs), alias):
                last[v] = k
        end = len(self.live)
        for o in self.outputs:
            if isinstance(o, Staged):
                last[o.var] = end
        # a view keeps the array it looks into alive as long as itself
        views = {}  # var -> the vars whose memory it may share
        for k in range(len(self.live) - 1, -1, -1):
            step = self.live[k]
            if step.kind != "call":
                continue
            value = self.values[step.out]
            for v in _vars_in((step.args, step.kwargs), alias):
                if _shares_memory(value, self.values[v]):
                    last[v] = max(last.get(v, -1), last.get(step.out, end))
                    views.setdefault(step.out, []).append(v)
        self.last = last
        # what the caller receives, and all it looks into, is never a kept buffer
        escaping = {o.var for o in self.outputs if isinstance(o, Staged)}
        stack = list(escaping)
        while stack:
            for v in views.get(stack.pop(), ()):
                if v not in escaping:
                    escaping.add(v)
                    stack.append(v)
        self.escaping = escaping
        use_count = {}
        for step in self.live:
            for v in _vars_in((step.args, step.kwargs), alias):
                use_count[v] = use_count.get(v, 0) + 1
        for o in self.outputs:
            if isinstance(o, Staged):
                use_count[o.var] = use_count.get(o.var, 0) + 1
        self.use_count = use_count
        self.producer = {step.out: step for step in self.live if step.kind == "call"}
        self.absorbed = set()  # untake steps written as `A[idx] += g` into an accumulator
        self.accumulate = {}   # index of an add step -> (A, U) it becomes `A[idx] += g` for
        if self.scalars:
            self._plan_scalars()
            for k, step in enumerate(self.live):
                if self.rep.get(step.out) == "list" and step.name == "add":
                    self.absorbed.add(_resolve(self.alias, step.args[1]).var)
        self._plan_accumulators()

    def _plan_accumulators(self):
        """``A + untake(g, idx)`` with a fresh A dying there: ``A[idx] += g``, in place."""
        for k, step in enumerate(self.live):
            if step.kind != "call" or step.fun not in _ADD or step.kwargs or len(step.args) != 2:
                continue
            if self.rep.get(step.out, "np") != "np":
                continue
            first, second = (_resolve(self.alias, a) for a in step.args)
            if not (isinstance(first, Staged) and isinstance(second, Staged)):
                continue
            # A + untake(g), or untake(g) + A: addition gives the same bits either way
            for acc, piece in ((first, second), (second, first)):
                if self._accumulator(k, step, acc, piece):
                    self.accumulate[k] = (acc, piece)
                    self.absorbed.add(piece.var)
                    break

    def _accumulator(self, k, step, acc, piece):
        """`acc` may take `piece`, an untake read nowhere else, in place: ``acc[idx] += g``."""
        maker = self.producer.get(piece.var)
        source = self.producer.get(acc.var)
        value = self.values[step.out]
        return not (maker is None or maker.name != "untake" or source is None
                    or self.use_count.get(piece.var) != 1 or self.last.get(acc.var) != k
                    or self.use_count.get(acc.var) != 1 or acc.var == piece.var
                    or not self.fresh_array(source, source.args)
                    or not _same_kind(self.values[acc.var], value)
                    or not _same_kind(self.values[piece.var], value)
                    or step.out in self.staging.dynamic)

    def _plan_scalars(self):
        rep = self.rep
        values = self.values
        for var, _ in self.inputs:
            if type(values[var]) in _FLOAT:
                rep[var] = "py"
        for step in self.live:
            if step.kind != "call" or step.kwargs:
                continue
            value = values[step.out]
            if step.out in self.staging.dynamic:
                continue
            form = self._scalar_form(step, value)
            if form is not None:
                rep[step.out] = form
        self.uses_scalars = any(r in ("py", "list") for r in rep.values())

    def _scalar_form(self, step, value):
        """"py" or "list" when the step has a Python form on floats, else None."""
        fun, args = step.fun, [_resolve(self.alias, a) for a in step.args]
        rep = self.rep
        py = [isinstance(a, Staged) and rep.get(a.var) == "py" for a in args]
        numbers = [isinstance(a, Staged) and rep.get(a.var) == "py"
                   or type(a) in (float, int) or type(a) is _np.float64 for a in args]
        if type(value) in _FLOAT:
            if step.name == "getitem" and len(args) == 2 and isinstance(args[0], Staged) \
                    and type(args[1]) is int:
                x = self.values[args[0].var]
                return "py" if type(x) is _np.ndarray and x.dtype == _np.float64 and x.ndim == 1 \
                    else None
            if not any(py) or not all(numbers):
                return None
            if fun in _BINARY_SYMBOL and fun not in _COMPARISONS and len(args) == 2:
                return "py"
            if fun in (operator.neg, _np.negative) and len(args) == 1:
                return "py"
            if fun in _POWER and len(args) == 2 and not isinstance(args[1], Staged) \
                    and float(args[1]).is_integer() and abs(args[1]) < 64:
                return "py"
            if fun in _MATH and len(args) == 1:
                return "py"
            return None
        if type(value) is _np.bool_ and fun in _COMPARISONS and any(py) and all(numbers):
            return "py"
        if step.name == "untake" and len(args) == 3 and isinstance(args[0], Staged) \
                and rep.get(args[0].var) == "py" and type(args[1]) is int \
                and type(value) is _np.ndarray and value.ndim == 1 and value.dtype == _np.float64:
            return "list"
        if step.name == "add" and type(value) is _np.ndarray and self._accumulates(step, args):
            return "list"
        return None

    def _accumulates(self, step, args):
        """``A + untake(g, i)``: a list accumulator A gets one more number at index i."""
        if len(args) != 2 or not all(isinstance(a, Staged) for a in args):
            return False
        acc, piece = args
        return (self.rep.get(acc.var) == "list" and self.rep.get(piece.var) == "list"
                and self.use_count.get(acc.var) == 1 and self.use_count.get(piece.var) == 1)

    # -- names and constants
    def constant(self, value, hint="c"):
        key = id(value)
        if key in self.constants:
            return self.constants[key][0]
        name = f"{hint}{len(self.constants) + 1}"
        self.constants[key] = (name, value)
        self.namespace[name] = value
        if isinstance(value, _np.ndarray):
            self.header.append(f"# {name}: an array of shape {value.shape}, {value.dtype}")
        elif not callable(value):
            self.header.append(f"# {name} = {value!r}")
        return name

    def render(self, x, want="np"):
        """Python source for the argument `x` (a staged value, a constant or a container)."""
        if isinstance(x, Staged):
            x = _resolve(self.alias, x)
            if isinstance(x, _Const):
                return self.render_constant(x.value)
            name = self.names[x.var]
            if want == "np" and self.rep.get(x.var) == "py":
                return f"float64({name})" if type(self.values[x.var]) in _FLOAT else \
                    f"np.bool_({name})"
            return name
        if isinstance(x, _Const):
            return self.render_constant(x.value)
        if type(x) is tuple:
            inner = ", ".join(self.render(v, want) for v in x)
            return f"({inner},)" if len(x) == 1 else f"({inner})"
        if type(x) is list:
            return "[" + ", ".join(self.render(v, want) for v in x) + "]"
        if type(x) is dict and all(type(k) is str for k in x):
            return "{" + ", ".join(f"{k!r}: {self.render(v, want)}" for k, v in x.items()) + "}"
        if type(x) is slice:
            return f"slice({self.render(x.start)}, {self.render(x.stop)}, {self.render(x.step)})"
        if want == "py" and type(x) is _np.float64 and math.isfinite(x):
            return repr(float(x))  # a Python float: NumPy scalars would slow the arithmetic
        return self.render_constant(x)

    def render_constant(self, x):
        if x is None or x is Ellipsis or type(x) in (bool, int, str):
            return "..." if x is Ellipsis else repr(x)
        if type(x) is float and math.isfinite(x):
            return repr(x)
        return self.constant(x)

    def subscript(self, idx):
        """`idx` as it is written between brackets: ``1:``, ``:, 0``, ``...``."""
        parts = idx if type(idx) is tuple else (idx,)
        if type(idx) is tuple and not idx:
            return "()"
        out = []
        for p in parts:
            if type(p) is slice:
                def bound(b):
                    return "" if b is None else self.render(b)
                text = f"{bound(p.start)}:{bound(p.stop)}"
                if p.step is not None:
                    text += f":{bound(p.step)}"
                out.append(text)
            elif p is None:
                out.append("None")
            else:
                out.append(self.render(p))
        return ", ".join(out) + ("," if type(idx) is tuple and len(idx) == 1 else "")

    def function(self, fun, name):
        """How the source calls `fun`: ``np.sin``, ``np.add.reduce`` or a name bound to it."""
        if isinstance(fun, _np.ufunc) and getattr(_np, fun.__name__, None) is fun:
            return f"np.{fun.__name__}"
        owner = getattr(fun, "__self__", None)
        if isinstance(owner, _np.ufunc) and getattr(_np, owner.__name__, None) is owner:
            return f"np.{owner.__name__}.{fun.__name__}"
        module_name = getattr(fun, "__name__", None)
        if module_name and getattr(_np, module_name, None) is fun:
            return f"np.{module_name}"
        if module_name and getattr(_np.linalg, module_name, None) is fun:
            return f"np.linalg.{module_name}"
        base = "".join(c if c.isalnum() else "_" for c in (name or "f")).strip("_") or "f"
        for existing, value in self.namespace.items():
            if value is fun and (existing == base or existing.startswith(base + "_")):
                return existing
        unique, k = base, 1
        while unique in self.namespace or unique in self.reserved:
            k += 1
            unique = f"{base}_{k}"
        self.namespace[unique] = fun
        return unique

    # -- writing
    def fresh(self):
        self.count += 1
        return f"w{self.count}"

    def write(self, name):
        for var, input_name in self.inputs:
            self.names[var] = input_name
        lines = self.lines
        for k, step in enumerate(self.live):
            if step.kind == "call":
                self.emit_call(k, step)
            else:
                self.emit_guard(step)
            if self.buffered:
                self.release(k)
        lines.append("return " + self.render_outputs())
        params = ", ".join(n for _, n in self.inputs)
        mode = ("numbers on Python floats, " if self.scalars else "") + "arrays on NumPy"
        doc = [f"# wg.jit program for {name}: {mode}"] + self.header
        function = identifier(name)
        while function in self.namespace or function in self.reserved:
            function += "_program"  # not the name of a function it calls, nor of an input
        text = "\n".join(doc) + f"\ndef {function}({params}):\n" + \
            "\n".join("    " + line for line in lines) + "\n"
        return _Written(function, text, self.namespace)

    def emit_guard(self, step):
        x = step.args[0]
        value = self.render(x, want="py")
        if step.kind == "bool":
            test = f"not {value}" if step.expected else value
        elif step.kind == "int":
            test = f"int({value}) != {step.expected!r}"
        else:
            test = f"{value}.shape != {step.expected!r}"
        self.lines.append(f"if {test}: raise Miss")

    def emit_call(self, k, step):
        out = step.out
        if out in self.absorbed:
            return  # written where its accumulator takes it
        rep = self.rep.get(out, "np")
        args = [_resolve(self.alias, a) if isinstance(a, Staged) else a for a in step.args]
        if rep == "py":
            self.uses_scalars = True
            return self.emit_scalar(step, args)
        if rep == "list":
            return self.emit_list(step, args)
        for a in args:  # a list of numbers read as an array from here on
            if isinstance(a, Staged) and self.rep.get(a.var) == "list" and a.var not in self.absorbed:
                self.lines.append(f"{self.names[a.var]} = np.array({self.names[a.var]})")
                self.rep[a.var] = "np"
                self.owned.add(a.var)
        if k in self.accumulate:
            return self.emit_accumulate(step, *self.accumulate[k])
        inplace = self.inplace_target(k, step, args)
        if inplace is not None:
            return self.emit_inplace(step, args, inplace)
        if self.buffered and self.bufferable(step):
            return self.emit_buffered(k, step, args)
        name = self.names[out] = self.fresh()
        self.lines.append(f"{name} = {self.expression(step, args)}")
        if self.fresh_array(step, args):
            self.owned.add(out)

    def expression(self, step, args):
        fun, kwargs = step.fun, step.kwargs
        if step.name == "getitem" and len(args) == 2 and not kwargs:
            return f"{self.render(args[0])}[{self.subscript(args[1])}]"
        if fun in (operator.add, operator.sub, operator.mul, operator.truediv) and not kwargs:
            return f"{self.render(args[0])} {_BINARY_SYMBOL[fun]} {self.render(args[1])}"
        if fun is operator.neg and not kwargs:
            return f"-{self.render(args[0])}"
        if fun is operator.pow and not kwargs:
            return f"{self.render(args[0])} ** {self.render(args[1])}"
        call = self.function(fun, step.name)
        parts = [self.render(a) for a in args] + [f"{key}={self.render(v)}" for key, v in kwargs.items()]
        return f"{call}({', '.join(parts)})"

    def emit_scalar(self, step, args):
        fun = step.fun
        name = self.names[step.out] = self.fresh()
        if step.name == "getitem":
            array = args[0].var
            listed = f"{self.names[array]}_list"
            if listed not in self.listed:
                self.lines.append(f"{listed} = {self.names[array]}.tolist()")
                self.listed.add(listed)
            self.lines.append(f"{name} = {listed}[{args[1]}]")
            return
        py = [self.render(a, want="py") for a in args]
        units = [k for k, a in enumerate(args) if _is_constant_number(a, 1)]
        if fun in _MULTIPLY and units:
            text = f"float({py[1 - units[0]]})"  # a number made a float64 (a unit seed, an input)
        elif fun in _BINARY_SYMBOL:
            text = f"{py[0]} {_BINARY_SYMBOL[fun]} {py[1]}"
        elif fun in (operator.neg, _np.negative):
            text = f"-{py[0]}"
        elif fun in _POWER:
            text = f"{py[0]} ** {int(args[1])}"
        else:
            self.namespace["math"] = math
            text = f"math.{_MATH[fun]}({py[0]})"
        self.lines.append(f"{name} = {text}")

    def emit_list(self, step, args):
        if step.name == "untake":
            name = self.names[step.out] = self.fresh()
            n = self.values[step.out].shape[0]
            self.lines.append(f"{name} = [0.0] * {n}")
            self.lines.append(f"{name}[{args[1]}] = {self.render(args[0], want='py')}")
            return
        acc, piece = args  # piece is an untake whose list holds one number: add that number
        piece_step = self.producer[piece.var]
        g, i = _resolve(self.alias, piece_step.args[0]), piece_step.args[1]
        self.names[step.out] = self.names[acc.var]
        self.lines.append(f"{self.names[acc.var]}[{i}] += {self.render(g, want='py')}")

    def emit_accumulate(self, step, acc, piece):
        maker = self.producer[piece.var]
        g, idx = _resolve(self.alias, maker.args[0]), maker.args[1]
        name = self.names[step.out] = self.names[acc.var]
        self.owned.add(step.out)
        if _advanced_index(idx) or _vars_in(idx, self.alias):  # repeated indices must add up
            self.lines.append(f"np.add.at({name}, {self.render(idx)}, {self.render(g)})")
        else:
            self.lines.append(f"{name}[{self.subscript(idx)}] += {self.render(g)}")

    def fresh_array(self, step, args):
        """The step's output is an array of its own, which later steps may write into."""
        value = self.values[step.out]
        if type(value) is not _np.ndarray or value.base is not None or not value.flags.owndata:
            return False
        if _ELEMENTWISE.get(step.fun) is None and step.name not in _FRESH:
            return False  # only steps that always make a new array (a reshape may return a view)
        if step.out in self.staging.dynamic:
            return False
        for v in _vars_in((args, step.kwargs), self.alias):
            if self.values[v] is value:
                return False
        for a in _constants_in((args, step.kwargs)):
            if a is value:
                return False
        return True

    def inplace_target(self, k, step, args):
        """An argument the elementwise step may overwrite with its result, or None."""
        fun = _OPERATOR_UFUNC.get(step.fun, step.fun)
        if not isinstance(fun, _np.ufunc) or fun.nout != 1 or step.kwargs:
            return None
        value = self.values[step.out]
        if type(value) is not _np.ndarray:
            return None
        for a in args:
            if isinstance(a, Staged) and a.var in self.owned and self.last.get(a.var) == k \
                    and self.use_count.get(a.var) == sum(
                        1 for b in args if isinstance(b, Staged) and b.var == a.var) \
                    and _same_kind(self.values[a.var], value):
                return a
        return None

    def bufferable(self, step):
        value = self.values[step.out]
        fun = _BUFFERED.get(step.fun)
        return (fun is not None and not step.kwargs and type(value) is _np.ndarray
                and value.size >= _BUFFER_SIZE and step.out not in self.escaping
                and step.out not in self.staging.dynamic)

    def emit_buffered(self, k, step, args):
        """``ufunc(..., out=b)`` into a buffer made once, whose last holder is dead."""
        value = self.values[step.out]
        kind = (value.shape, value.dtype)
        free = self.free_buffers.setdefault(kind, [])
        if free:
            name = free.pop()
        else:
            name = f"b{len(self.buffers) + 1}"
            self.buffers[name] = kind
            self.namespace[name] = _np.empty(value.shape, value.dtype)
            self.header.append(f"# {name}: a buffer of shape {value.shape}, {value.dtype}, kept"
                               " across calls")
        self.holder[name] = step.out
        self.names[step.out] = name
        self.owned.add(step.out)
        fun = _BUFFERED[step.fun]
        parts = ", ".join(self.render(a) for a in args)
        self.lines.append(f"{self.function(fun, fun.__name__)}({parts}, out={name})")

    def release(self, k):
        """Buffers whose value is read by no step after step `k` are free again."""
        for name, var in list(self.holder.items()):
            if self.last.get(var, -1) <= k:
                del self.holder[name]
                self.free_buffers.setdefault(self.buffers[name], []).append(name)

    def emit_inplace(self, step, args, target):
        fun = _OPERATOR_UFUNC.get(step.fun, step.fun)
        parts = ", ".join(self.render(a) for a in args)
        name = self.names[target.var]
        self.names[step.out] = name
        self.owned.add(step.out)
        if self.holder.get(name) == target.var:
            self.holder[name] = step.out
        self.lines.append(f"{self.function(fun, fun.__name__)}({parts}, out={name})")

    def render_outputs(self):
        leaves = iter(enumerate(self.outputs))
        return self._render_structure(self.structure, leaves)

    def _render_structure(self, s, leaves):
        kind = s.kind
        if kind == "leaf":
            return self.render_output(next(leaves))
        if kind == "none":
            return "None"
        children = [self._render_structure(c, leaves) for c in s.children]
        if kind == "dict":
            return "{" + ", ".join(f"{self.render_constant(k)}: {c}"
                                   for k, c in zip(s.meta, children)) + "}"
        if kind == "list":
            return "[" + ", ".join(children) + "]"
        if kind == "namedtuple":
            return f"{self.constant(s.meta, 'T')}({', '.join(children)})"
        return "(" + ", ".join(children) + ("," if len(children) == 1 else "") + ")"

    def render_output(self, indexed):
        k, leaf = indexed
        if k in self.copies and isinstance(leaf, Staged) and self.rep.get(leaf.var, "np") == "np":
            return f"{self.names[leaf.var]}.copy()"
        if isinstance(leaf, _Const):
            leaf = leaf.value
        if isinstance(leaf, Staged):
            rep = self.rep.get(leaf.var, "np")
            name = self.names[leaf.var]
            if rep == "list":
                return f"np.array({name})"
            if rep == "py" and type(self.values[leaf.var]) is _np.float64:
                return f"float64({name})"
            if rep == "py" and type(self.values[leaf.var]) is _np.bool_:
                return f"np.bool_({name})"
            return name
        if isinstance(leaf, _np.ndarray):
            return f"{self.constant(leaf)}.copy()"  # the caller's own array, as in eager calls
        return self.render_constant(leaf)


def _arrays_in(x):
    if type(x) is _np.ndarray:
        return [x]
    if isinstance(x, (tuple, list)):  # a step with several results (broadcast_arrays, eigh...)
        return [a for item in x for a in _arrays_in(item)]
    return []


def _shares_memory(x, y):
    """`x` may be a view into `y` (either may be a tuple of arrays)."""
    return any(_np.may_share_memory(a, b) for a in _arrays_in(x) for b in _arrays_in(y))


def _advanced_index(idx):
    parts = idx if isinstance(idx, tuple) else (idx,)
    return any(isinstance(p, (list, _np.ndarray)) for p in parts)


def _constants_in(x):
    if isinstance(x, (tuple, list)):
        for v in x:
            yield from _constants_in(v)
    elif isinstance(x, dict):
        for v in x.values():
            yield from _constants_in(v)
    elif not isinstance(x, Staged):
        yield x


def identifier(name, prefix="f"):
    """`name` as a Python identifier (``value_and_grad(f)`` -> ``value_and_grad_f``)."""
    text = "".join(c if c.isalnum() else "_" for c in str(name)).strip("_") or prefix
    return text if not text[0].isdigit() and not keyword.iskeyword(text) else f"{prefix}_{text}"

