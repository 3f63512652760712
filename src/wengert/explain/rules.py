"""How to write each primitive and its local derivatives as formulas.

The engine's rules (``wengert.numpy``) compute derivatives; these tables only
*write* them, the way a textbook would: ``d sin(a)/da = cos(a)``. They are
used twice, with the same formulas:

- in the trace tables, with the tape's names as arguments (``w̄4·cos(w1)``);
- in `Trace.symbolic`, with each argument's expression in the inputs
  (``cos(x1)``), which is how intermediate values are substituted away.

Elementwise rules hold for arrays too (elementwise). Primitives that move or
reduce array elements (``sum``, ``getitem``, ``matmul``...) have a written-out
form for arrays in `array_term`. Any other primitive is written generically,
``w̄5·∂name/∂w3``.
"""

from __future__ import annotations

import numpy as _np

from .algebra import ONE, ZERO, add, call, div, is_num, mul, neg, num, pow_, sub

__all__ = ["FORWARD_INFIX", "forward_expr", "partial", "is_identity_on_scalars", "array_term",
           "FUNCTIONS_USED"]

_HALF = num(0.5)


def _sq(a):
    return pow_(a, num(2.0))


# d f(a) / da for one-argument primitives
UNARY = {
    "negative": lambda a: num(-1.0),
    "positive": lambda a: ONE,
    "exp": lambda a: call("exp", a),
    "exp2": lambda a: mul(num(_np.log(2.0)), call("exp2", a)),
    "expm1": lambda a: call("exp", a),
    "log": lambda a: div(ONE, a),
    "log2": lambda a: div(ONE, mul(num(_np.log(2.0)), a)),
    "log10": lambda a: div(ONE, mul(num(_np.log(10.0)), a)),
    "log1p": lambda a: div(ONE, add(ONE, a)),
    "sqrt": lambda a: div(_HALF, call("sqrt", a)),
    "cbrt": lambda a: div(ONE, mul(num(3.0), _sq(call("cbrt", a)))),
    "square": lambda a: mul(num(2.0), a),
    "reciprocal": lambda a: neg(pow_(a, num(-2.0))),
    "absolute": lambda a: call("sign", a),
    "fabs": lambda a: call("sign", a),
    "sin": lambda a: call("cos", a),
    "cos": lambda a: neg(call("sin", a)),
    "tan": lambda a: div(ONE, _sq(call("cos", a))),
    "arcsin": lambda a: div(ONE, call("sqrt", sub(ONE, _sq(a)))),
    "arccos": lambda a: neg(div(ONE, call("sqrt", sub(ONE, _sq(a))))),
    "arctan": lambda a: div(ONE, add(ONE, _sq(a))),
    "sinh": lambda a: call("cosh", a),
    "cosh": lambda a: call("sinh", a),
    "tanh": lambda a: sub(ONE, _sq(call("tanh", a))),
    "arcsinh": lambda a: div(ONE, call("sqrt", add(_sq(a), ONE))),
    "arccosh": lambda a: div(ONE, call("sqrt", sub(_sq(a), ONE))),
    "arctanh": lambda a: div(ONE, sub(ONE, _sq(a))),
    "deg2rad": lambda a: num(_np.pi / 180.0),
    "rad2deg": lambda a: num(180.0 / _np.pi),
    "sinc": lambda a: div(sub(call("cos", mul(num(_np.pi), a)), call("sinc", a)), a),
}


def _winner(a, b):
    """1 where `a` beats `b`, 1/2 on a tie: the engine's subgradient of maximum."""
    return call("heaviside", sub(a, b), _HALF)


# (d f(a, b)/da, d f(a, b)/db) for two-argument primitives
BINARY = {
    "add": (lambda a, b: ONE, lambda a, b: ONE),
    "subtract": (lambda a, b: ONE, lambda a, b: num(-1.0)),
    "multiply": (lambda a, b: b, lambda a, b: a),
    "divide": (lambda a, b: div(ONE, b), lambda a, b: neg(div(a, _sq(b)))),
    "power": (lambda a, b: mul(b, pow_(a, sub(b, ONE))),
              lambda a, b: mul(pow_(a, b), call("log", a))),
    "maximum": (lambda a, b: _winner(a, b), lambda a, b: _winner(b, a)),
    "fmax": (lambda a, b: _winner(a, b), lambda a, b: _winner(b, a)),
    "minimum": (lambda a, b: _winner(b, a), lambda a, b: _winner(a, b)),
    "fmin": (lambda a, b: _winner(b, a), lambda a, b: _winner(a, b)),
    "arctan2": (lambda a, b: div(b, add(_sq(a), _sq(b))),
                lambda a, b: neg(div(a, add(_sq(a), _sq(b))))),
    "hypot": (lambda a, b: div(a, call("hypot", a, b)), lambda a, b: div(b, call("hypot", a, b))),
    "logaddexp": (lambda a, b: call("exp", sub(a, call("logaddexp", a, b))),
                  lambda a, b: call("exp", sub(b, call("logaddexp", a, b)))),
    "logaddexp2": (lambda a, b: call("exp2", sub(a, call("logaddexp2", a, b))),
                   lambda a, b: call("exp2", sub(b, call("logaddexp2", a, b)))),
    "remainder": (lambda a, b: ONE, lambda a, b: neg(call("floor", div(a, b)))),
}

# written between their operands in the forward table: w3 = w1 * w2
FORWARD_INFIX = {"add": "+", "subtract": "-", "multiply": "*", "divide": "/", "power": "**",
                 "matmul": "@", "remainder": "%"}

# value-as-formula for the primitives that are not a plain call of their own name
_FORWARD = {
    "add": add, "subtract": sub, "multiply": mul, "divide": div, "power": pow_,
    "negative": neg, "positive": lambda a: a,
    "square": lambda a: pow_(a, num(2.0)), "reciprocal": lambda a: pow_(a, num(-1.0)),
    "absolute": lambda a: call("abs", a), "fabs": lambda a: call("abs", a),
    "deg2rad": lambda a: mul(num(_np.pi / 180.0), a),
    "rad2deg": lambda a: mul(num(180.0 / _np.pi), a),
}

# reductions and reshapes that leave a scalar as it is
_IDENTITY_ON_SCALARS = {"sum", "max", "min", "prod", "reshape", "transpose", "broadcast_to",
                        "squeeze", "expand_dims", "ravel", "getitem", "cumsum", "cumprod"}

# every function name a formula may contain: the expression parser must accept them all
FUNCTIONS_USED = sorted(
    {n for n in list(UNARY) + list(BINARY) if n not in _FORWARD}
    | {"abs", "sign", "heaviside", "floor", "cos", "sin", "exp", "exp2", "sqrt", "cbrt", "log",
       "tanh", "hypot", "logaddexp", "logaddexp2", "sinc"})


def is_identity_on_scalars(name, in_shape, out_shape):
    """True when primitive `name` just passes a scalar through (``sum`` of a number)."""
    return name in _IDENTITY_ON_SCALARS and in_shape == () and out_shape == ()


def forward_expr(name, args):
    """The value of primitive `name` applied to expressions `args`, or None if unknown."""
    if name in _FORWARD:
        return _FORWARD[name](*args)
    if name in UNARY or name in BINARY:
        return call(name, *args)
    return None


def partial(name, args, argnum):
    """The local derivative of primitive `name` w.r.t. argument `argnum`, or None if unknown.

    `args` are the arguments as expressions; the result is an expression in them.
    ``where(c, a, b)`` with a number `c` takes the branch that ran.
    """
    if name == "where" and len(args) == 3 and is_num(args[0]):
        chosen = 1 if args[0][1] else 2
        return ONE if argnum == chosen else ZERO
    if name in UNARY and len(args) == 1 and argnum == 0:
        return UNARY[name](args[0])
    if name in BINARY and len(args) == 2 and argnum in (0, 1):
        return BINARY[name][argnum](*args)
    return None


# -- arrays: how the adjoint g is moved back for primitives that rearrange elements --------
def _shape_text(shape):
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def index_text(idx):
    """An index as it is written in code: ``0``, ``1:3``, ``:, 0``, ``[0, 2]``."""
    parts = idx if isinstance(idx, tuple) else (idx,)
    out = []
    for p in parts:
        if isinstance(p, slice):
            s = "" if p.start is None else str(p.start)
            s += ":" + ("" if p.stop is None else str(p.stop))
            if p.step is not None:
                s += ":" + str(p.step)
            out.append(s)
        elif p is None:
            out.append("None")
        elif p is Ellipsis:
            out.append("...")
        elif _np.ndim(p):
            out.append(_np.array2string(_np.asarray(p), separator=", ", threshold=6, edgeitems=2))
        else:
            out.append(str(p))
    return ", ".join(out)


def array_term(name, g, texts, raw_args, kwargs, argnum, arg_shapes):
    """How the adjoint `g` reaches argument `argnum` of an array primitive, as text, or None.

    Parameters
    ----------
    name : str
        The primitive's name.
    g : str
        The adjoint's name (``w̄5``).
    texts : list of str
        The positional arguments as written in the forward table (``w3``, ``2``).
    raw_args : list
        The positional arguments themselves (an index, an axis...).
    kwargs : dict
        The primitive's keyword arguments (axis, keepdims...).
    argnum : int
        Which argument receives the contribution.
    arg_shapes : list of tuple
        The shapes of the positional arguments.
    """
    shape = _shape_text(arg_shapes[argnum])
    if name == "sum":
        axis, keepdims = kwargs.get("axis"), kwargs.get("keepdims", False)
        if axis is not None and not keepdims:
            return f"broadcast_to(expand_dims({g}, {axis}), {shape})"
        return f"broadcast_to({g}, {shape})"
    if name in ("max", "min"):
        return f"{g} at arg{name}({texts[0]})"
    if name == "getitem":
        return f"{g} at [{index_text(raw_args[1])}]"
    if name == "reshape":
        return f"reshape({g}, {shape})"
    if name == "transpose":
        axes = raw_args[1] if len(raw_args) > 1 else kwargs.get("axes")
        if axes is None:
            return f"transpose({g})"
        return f"transpose({g}, {tuple(int(i) for i in _np.argsort(axes))})"
    if name == "broadcast_to":
        return f"{g} summed back to {shape}"
    if name == "where" and argnum in (1, 2):
        return f"where({texts[0]}, {g}, 0)" if argnum == 1 else f"where({texts[0]}, 0, {g})"
    if name == "cumsum":
        return f"flip(cumsum(flip({g})))"
    if name == "concatenate" and argnum >= 1:
        axis = raw_args[0]
        start = sum(s[axis] for s in arg_shapes[1:argnum])
        stop = start + arg_shapes[argnum][axis]
        return f"{g}[{':, ' * (axis % len(arg_shapes[argnum]))}{start}:{stop}]"
    if name == "matmul" and len(arg_shapes) == 2:
        return _matmul_term(g, texts, argnum, arg_shapes)
    return None


def _matmul_term(g, args, argnum, arg_shapes):
    a, b = args
    a_vec, b_vec = len(arg_shapes[0]) == 1, len(arg_shapes[1]) == 1
    if a_vec and b_vec:                  # a @ b is a dot product
        return f"{g}·{b}" if argnum == 0 else f"{g}·{a}"
    if argnum == 0:
        if b_vec:
            return f"outer({g}, {b})"
        return f"{b} @ {g}" if a_vec else f"{g} @ {b}.T"
    if a_vec:
        return f"outer({a}, {g})"
    return f"{a}.T @ {g}"
