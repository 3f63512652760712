"""`wg.jit`: record a function once per signature and run it as a straight-line NumPy program.

>>> import wengert as wg, wengert.numpy as wnp
>>> fast = wg.jit(wg.value_and_grad(lambda x: wnp.sum(x ** 2)))
>>> fast(wnp.array([1.0, 2.0]))
(np.float64(5.0), array([2., 4.]))

The first call with a new signature (the pytree structure of the arguments, the
shape and dtype of each array, the type of each number, and the values of the
static arguments) runs the function on staged values (`staging`), which write
down every step it takes: the forward sweep, and the reverse one when the
function is a transform. `program` compiles that recording into Python source
with one NumPy call per step, and later calls run the source alone, with no
tracers, tape or rule lookups.

Arrays and numbers among the arguments (Python floats and ints too) are
inputs of the program; booleans, strings and other objects are constants, part
of the signature by value (so they must be hashable).

Limits, as in JAX:

- Values captured from outside (a closure's variables, globals) are
  constants of the program. After ``scale = 2.0; f = wg.jit(lambda x: scale * x)``,
  changing ``scale`` does not change ``f``: pass it as an argument instead.
- Python side effects (``print``, appending to a list) happen while tracing
  only, once per signature and path.
- An ``if`` or ``while`` on a traced value, ``int()`` of one or indexing by one
  is a guard: a call whose values take another path traces that path too
  (up to `MAX_PATHS` of them per signature; beyond, the function runs eagerly).
  So is the shape of a result that depends on values (``x[x > 0]``, ``nonzero``,
  ``unique``, ``bincount``: the list is `staging._DYNAMIC_SHAPE`).
- Converting a traced value to a plain one (``float(x)``, ``numpy.asarray(x)``),
  or writing into an array in place, cannot be compiled: the function then runs
  eagerly for that signature, with one `EagerFallback` warning.
"""

from __future__ import annotations

import functools
import warnings

import numpy as _np

from ..tracer import Tracer
from ..transforms import parameter_names
from ..tree import flatten, unflatten
from .program import Miss, compile_program, identifier
from .staging import Escape, Staged, Staging, concrete

__all__ = ["jit", "Jitted", "EagerFallback", "MAX_PATHS", "MAX_SIGNATURES"]

MAX_PATHS = 8          # paths (outcomes of guards) compiled per signature
MAX_SIGNATURES = 32    # signatures kept per jitted function; the oldest is dropped


class EagerFallback(UserWarning):
    """`wg.jit` met something it cannot compile and runs the function eagerly instead."""


def jit(fun, static_argnums=()):
    """Compile `fun` into a straight-line NumPy program, once per signature of its arguments.

    ``wg.jit(f)(*args)`` gives ``f(*args)``. `static_argnums` names positional
    arguments whose *values* are part of the signature (a method name, a size),
    rather than inputs of the program. `fun` may be a transform:
    ``wg.jit(wg.value_and_grad(f))`` compiles the forward and the reverse sweep
    into one program. ``fast.source(*args)`` shows the program for `args`.
    Under another transform (``wg.grad(wg.jit(f))``) the jitted function is `f`.
    """
    if not callable(fun):
        raise TypeError(f"wg.jit needs a function; got {type(fun).__name__} {fun!r}.")
    if isinstance(fun, Jitted) and not static_argnums:
        return fun
    return Jitted(fun, static_argnums)


class _Entry:
    """The compiled paths of one signature, or the reason it runs eagerly."""

    __slots__ = ("paths", "eager")

    def __init__(self):
        self.paths = []
        self.eager = None


class Jitted:
    """A function compiled by `jit`; call it like the function, or ask for its `source`."""

    def __init__(self, fun, static_argnums=()):
        nums = (static_argnums,) if isinstance(static_argnums, int) else tuple(static_argnums)
        for n in nums:
            if type(n) is not int or n < 0:
                raise ValueError(f"static_argnums must be non-negative ints (positions of "
                                 f"positional arguments); got {static_argnums!r}.")
        self.fun = fun
        self.static_argnums = frozenset(nums)
        self.cache = {}
        self.warned = False
        self.__name__ = getattr(fun, "__name__", "fun")
        functools.update_wrapper(self, fun, updated=())

    def __repr__(self):
        return f"<wg.jit of {self.__name__}>"

    def __get__(self, instance, owner=None):
        """As a method (``@wg.jit`` in a class body): the instance is a constant of the program."""
        return self if instance is None else functools.partial(self, instance)

    def __call__(self, *args, **kwargs):
        key, leaves = self._signature(args, kwargs)
        if key is None:  # traced arguments: under a transform, or inside another jit
            return self.fun(*args, **kwargs)
        entry = self.cache.get(key)
        if entry is not None:
            for program in entry.paths:
                try:
                    if program.scalar_run is not None:
                        try:
                            return program.scalar_run(*leaves)
                        except (ArithmeticError, ValueError):
                            pass  # 1/0, exp(1000) on Python floats: NumPy's form gives inf
                    return program.run(*leaves)
                except Miss:
                    continue
            if entry.eager is not None:
                return self.fun(*args, **kwargs)
        return self._trace(key, entry, args, kwargs)

    # -- signatures
    def _signature(self, args, kwargs):
        """(key, dynamic leaves): the key of the compiled program, None when traced."""
        if not kwargs and not self.static_argnums:
            parts = []
            for a in args:
                kind = type(a)
                if kind is _np.ndarray:
                    parts.append((a.shape, a.dtype))
                elif kind is float or kind is _np.float64 or kind is int:
                    parts.append(kind)
                else:
                    break
            else:
                return tuple(parts), args
        key, leaves = [], []
        for i, a in enumerate(args):
            if i in self.static_argnums:
                key.append(("static", _hashable(a, f"static argument {i}")))
                continue
            part = _leaf_keys(a, leaves)
            if part is None:
                return None, None
            key.append(part)
        for name in sorted(kwargs):
            part = _leaf_keys(kwargs[name], leaves)
            if part is None:
                return None, None
            key.append((name, part))
        return ("general",) + tuple(key), tuple(leaves)

    # -- tracing
    def _trace(self, key, entry, args, kwargs):
        if entry is None:
            if len(self.cache) >= MAX_SIGNATURES:
                self.cache.pop(next(iter(self.cache)))
            entry = self.cache[key] = _Entry()
        if len(entry.paths) >= MAX_PATHS:
            return self._eager(entry, f"its guards took more than {MAX_PATHS} paths", args, kwargs)
        staging = Staging()
        names = parameter_names(self.fun, len(args))
        inputs = []
        staged_args = [a if i in self.static_argnums else
                       _stage(staging, a, names[i], inputs) for i, a in enumerate(args)]
        staged_kwargs = {k: _stage(staging, v, identifier(k, 'x'), inputs) for k, v in kwargs.items()}
        try:
            out = self.fun(*staged_args, **staged_kwargs)
        except Escape:
            return self._eager(entry, staging.escaped, args, kwargs)
        except Exception:
            if staging.escaped is not None:  # NumPy turned the escape into its own error
                return self._eager(entry, staging.escaped, args, kwargs)
            raise
        if staging.escaped is not None:
            return self._eager(entry, staging.escaped, args, kwargs)
        out_leaves, structure = flatten(out)
        for leaf in out_leaves:
            if isinstance(leaf, Tracer) and not (isinstance(leaf, Staged) and leaf._trace is staging):
                # the output depends on a value traced outside (a closure over a tracer)
                return self.fun(*args, **kwargs)
        entry.paths.append(compile_program(staging, _unique_names(inputs), out_leaves,
                                           structure, self.__name__))
        return unflatten(structure, [concrete(leaf) for leaf in out_leaves])

    def _eager(self, entry, why, args, kwargs):
        entry.eager = why
        if not self.warned:
            self.warned = True
            warnings.warn(f"wg.jit({self.__name__}): cannot compile {why}; running "
                          f"{self.__name__} eagerly for arguments like these (same results, "
                          "without the speed-up). Keep traced values as arrays and compute "
                          "with wengert.numpy, or call the function without wg.jit.",
                          EagerFallback, stacklevel=4)  # the caller of the jitted function
        return self.fun(*args, **kwargs)

    def source(self, *args, **kwargs):
        """The Python source of the program that runs for these arguments."""
        key, leaves = self._signature(args, kwargs)
        if key is None:
            raise TypeError("source() needs plain arguments (arrays and numbers); these are "
                            "traced by another transform.")
        entry = self.cache.get(key)
        if entry is None or not entry.paths:
            self(*args, **kwargs)
            entry = self.cache[key]
        for program in entry.paths:
            try:
                program.run(*leaves)
                return program.source
            except Miss:
                continue
        if entry.eager is not None:
            raise RuntimeError(f"{self.__name__} runs eagerly for these arguments ({entry.eager});"
                               " there is no program to show.")
        self(*args, **kwargs)
        return self.source(*args, **kwargs)


def _is_input(leaf):
    """Arrays and numbers are inputs of the program; booleans and other objects are constants."""
    kind = type(leaf)
    if kind is _np.ndarray or kind is float or kind is int or kind is complex:
        return True
    return isinstance(leaf, _np.generic) and not isinstance(leaf, (bool, _np.bool_)) \
        or isinstance(leaf, _np.ndarray)


def _leaf_keys(tree, leaves):
    """The signature of one argument; appends its input leaves to `leaves`. None if traced."""
    flat, structure = flatten(tree)
    keys = []
    for leaf in flat:
        if isinstance(leaf, Tracer):
            return None
        if _is_input(leaf):
            leaves.append(leaf)
            keys.append((type(leaf), _np.shape(leaf), _np.result_type(leaf)) if isinstance(
                leaf, (_np.ndarray, _np.generic)) else type(leaf))
        else:
            keys.append(("constant", _hashable(leaf, "an argument")))
    return structure, tuple(keys)


def _hashable(value, what):
    try:
        hash(value)
    except TypeError:
        raise TypeError(f"wg.jit: {what} is a {type(value).__name__}, which cannot be hashed; its "
                        "value is part of the signature the program is compiled for. Pass a "
                        "hashable value (a tuple instead of a list), or make it an array "
                        "input.") from None
    return value


def _stage(staging, tree, name, inputs):
    flat, structure = flatten(tree)
    out = []
    names = _leaf_names(name, tree)
    for leaf, leaf_name in zip(flat, names):
        if _is_input(leaf):
            staged = staging.new_input(leaf)
            inputs.append((staged.var, leaf_name))
            out.append(staged)
        else:
            out.append(leaf)
    return unflatten(structure, out)


def _leaf_names(name, tree):
    if isinstance(tree, dict):
        return [n for k in sorted(tree) for n in _leaf_names(f"{name}_{k}", tree[k])]
    if isinstance(tree, (list, tuple)):
        return [n for k, t in enumerate(tree) for n in _leaf_names(f"{name}_{k}", t)]
    return [identifier(name, 'x')]


_RESERVED = {"np", "float64", "Miss"}


def _unique_names(inputs):
    """Input names that clash with nothing in the program (w1, c1, np... are its own)."""
    used = set()
    out = []
    for var, name in inputs:
        base = name
        if base in _RESERVED or (base[:1] in "wcT" and base[1:].isdigit()):
            base = f"{base}_"
        unique, k = base, 1
        while unique in used:
            k += 1
            unique = f"{base}_{k}"
        used.add(unique)
        out.append((var, unique))
    return out
