"""What ``wengert.scipy`` says when it meets a traced value it cannot differentiate.

Two cases, each refused before any work: a SciPy function wengert does not
cover (named, with the covered relative when there is one), and an argument
that has no derivative by nature (an integer order, a count) given as a traced
value.
"""

from __future__ import annotations

from .. import extend
from ..extend import contains_traced, nondiff

__all__ = ["uncovered", "constant_args", "refuse_traced", "scipy_attribute"]


def uncovered(fun, qualname, listing, hint=""):
    """SciPy's `fun`, working on plain values and refused with a clear error on traced ones.

    `listing` names the module whose ``__all__`` lists what is covered; `hint`
    is a sentence naming a covered relative, or why `fun` is not covered.
    """
    return extend.uncovered(fun, qualname, (f"{hint} " if hint else "") + (
        f"What is covered is listed in {listing}.__all__; anything else can be made a "
        "primitive with wengert.primitive and given its rules with wengert.defvjp / defjvp."))


def refuse_traced(value, qualname, argname, why):
    """Raise when `value`, an argument without a derivative, is traced."""
    if contains_traced(value):  # a value wg.jit stages has no derivative to lose
        raise TypeError(
            f"{qualname} is not differentiable in its argument {argname!r} ({why}), but "
            f"{argname} was given a traced value. Pass {argname} as a plain number or array, "
            f"outside the arguments you differentiate.")


def constant_args(prim, qualname, constants, doc=None):
    """`prim` behind a check that its arguments without a derivative are not traced.

    `constants` maps a position to ``(name, why)``, e.g. ``{0: ("n", "an integer order")}``.
    """
    def f(*args, **kwargs):
        for i, (argname, why) in constants.items():
            if i < len(args):
                refuse_traced(args[i], qualname, argname, why)
        return prim(*args, **kwargs)

    name = qualname.rpartition(".")[2]
    f.__name__ = f.__qualname__ = name
    f.__doc__ = doc or prim.__doc__
    f.__wrapped__ = prim
    return f


def scipy_attribute(module, name, coverage, listing):
    """What a wengert module gives for a name of the SciPy `module` it does not define: values
    as they are, a function without a derivative by nature as a `nondiff` one, and any other
    function guarded by `uncovered` (with the coverage listing's hint)."""
    value = getattr(module, name)
    if not callable(value) or isinstance(value, type):
        return value
    if name in coverage.no_derivative:
        return nondiff(value, name)
    return uncovered(value, f"{module.__name__}.{name}", listing, coverage.hint(name))
