"""A small computer algebra for scalar expressions: build, simplify as you go, print.

`explain` writes local derivatives (``w̄3·w2``, ``w̄4·cos(w1)``) and the
symbolic gradient (``x2 + cos(x1)``) with it. An expression is a tuple:

- ``("num", value)``: a number,
- ``("var", name)``: a named value (an input ``x1``, a tape value ``w3``, an adjoint ``w̄3``),
- ``("add", terms)`` and ``("mul", factors)``: n-ary sums and products,
- ``("pow", base, exponent)``,
- ``("call", name, args)``: a function such as ``sin`` or ``heaviside``.

There is no subtraction or division node: ``a - b`` is ``a + (-1)*b`` and
``a / b`` is ``a * b**-1``, so one rule set simplifies both, and the printer
turns them back into ``-`` and ``/``. The constructors (`add`, `mul`, `pow_`,
`call`) simplify as they build: numbers are folded, ``0 + x``, ``1*x``, ``x**1``
disappear, like terms and like factors are collected (``x + x`` is ``2*x``,
``x * x**-1`` is ``1``), and a number times a sum is distributed so that
expressions from loops stay flat. Nothing cleverer: the aim is a short,
correct expression, not a canonical one.
"""

from __future__ import annotations

import numpy as _np

__all__ = ["num", "var", "add", "sub", "mul", "div", "neg", "pow_", "call", "is_num", "to_text",
           "size"]

ZERO, ONE = ("num", 0.0), ("num", 1.0)


def num(value):
    """A number (stored as a Python float)."""
    return ("num", float(value))


def var(name):
    """A named value."""
    return ("var", name)


def is_num(e, value=None):
    """True when `e` is a number (equal to `value`, when given)."""
    return e[0] == "num" and (value is None or e[1] == value)


# -- sums -----------------------------------------------------------------------------
def _split_coefficient(e):
    """``3*x*y`` -> ``(3, x*y)``: a term as its numeric coefficient and the rest."""
    if e[0] == "mul" and e[1][0][0] == "num":
        rest = e[1][1:]
        return e[1][0][1], rest[0] if len(rest) == 1 else ("mul", rest)
    return 1.0, e


def add(*terms):
    """The sum of `terms`, flattened, with numbers folded and like terms collected.

    Terms keep the order in which they first appear, so the sum reads in the
    order the reverse sweep met its contributions (``x2 + cos(x1)``).
    """
    constant = 0.0
    coefficients = {}   # canonical key of a term's non-numeric part -> [coefficient, part]
    for term in _flatten("add", terms):
        if term[0] == "num":
            constant += term[1]
            continue
        c, part = _split_coefficient(term)
        slot = coefficients.setdefault(_key(part), [0.0, part])
        slot[0] += c
    out = [_scale(c, part) for c, part in coefficients.values() if c != 0.0]
    if constant != 0.0 or not out:
        out.append(num(constant))
    return out[0] if len(out) == 1 else ("add", tuple(out))


def _flatten(kind, items):
    for e in items:
        if e[0] == kind:
            yield from e[1]
        else:
            yield e


def _scale(c, part):
    if c == 1.0:
        return part
    factors = part[1] if part[0] == "mul" else (part,)
    return ("mul", (num(c),) + tuple(factors))


def neg(e):
    """``-e``."""
    return mul(num(-1.0), e)


def sub(a, b):
    """``a - b``."""
    return add(a, neg(b))


# -- products -------------------------------------------------------------------------
def mul(*factors):
    """The product of `factors`, flattened, with numbers folded and like bases collected.

    ``x * x`` becomes ``x**2`` and ``x / x`` becomes 1; a number times a single
    sum is distributed (``2*(x + 1)`` -> ``2*x + 2``), which keeps loops flat.
    """
    coefficient = 1.0
    exponents = {}   # canonical key of a base -> [base, list of exponents]
    for f in _flatten("mul", factors):
        if f[0] == "num":
            coefficient *= f[1]
            continue
        base, exponent = (f[1], f[2]) if f[0] == "pow" else (f, ONE)
        exponents.setdefault(_key(base), [base, []])[1].append(exponent)
    if coefficient == 0.0:
        return ZERO
    powers = [pow_(base, add(*exps)) for base, exps in exponents.values()]
    if any(p[0] == "mul" for p in powers):   # (a*b)**0.5 * (a*b)**0.5 came back as a*b
        return mul(num(coefficient), *powers)
    rest = []
    for p in powers:
        if p[0] == "num":
            coefficient *= p[1]
        else:
            rest.append(p)
    if not rest:
        return num(coefficient)
    if len(rest) == 1 and rest[0][0] == "add" and coefficient != 1.0:
        return add(*[mul(num(coefficient), t) for t in rest[0][1]])
    rest.sort(key=_factor_order)
    if coefficient != 1.0:
        rest.insert(0, num(coefficient))
    return rest[0] if len(rest) == 1 else ("mul", tuple(rest))


def div(a, b):
    """``a / b``."""
    return mul(a, pow_(b, num(-1.0)))


def _factor_order(f):
    """Adjoints first (``w̄3·w2``), then names, then calls, then sums; within each, powers
    with a symbolic exponent after the rest (``b*a**(b - 1)``)."""
    base = f[1] if f[0] == "pow" else f
    if base[0] == "var":
        rank = 0 if "\u0304" in base[1] else 1
    else:
        rank = {"call": 2, "add": 3}.get(base[0], 4)
    symbolic_exponent = f[0] == "pow" and f[2][0] != "num"
    return rank, symbolic_exponent, repr(_key(base))


# -- powers and calls -------------------------------------------------------------------
def pow_(base, exponent):
    """``base ** exponent``, folded when both are numbers and the result is a real number."""
    if is_num(exponent, 0.0) or is_num(base, 1.0):
        return ONE
    if is_num(exponent, 1.0):
        return base
    if base[0] == "num" and exponent[0] == "num":
        folded = _fold(_np.power, base[1], exponent[1])
        if folded is not None:
            return folded
    integer = exponent[0] == "num" and float(exponent[1]).is_integer()
    if base[0] == "pow" and base[2][0] == "num" and integer:
        return pow_(base[1], num(base[2][1] * exponent[1]))   # (x**a)**n = x**(a*n) for integer n
    if base[0] == "mul" and integer:
        return mul(*[pow_(f, exponent) for f in base[1]])
    return ("pow", base, exponent)


def call(name, *args):
    """``name(*args)``, folded to a number when every argument is a number."""
    if all(a[0] == "num" for a in args):
        folded = _fold(getattr(_np, name, None), *[a[1] for a in args])
        if folded is not None:
            return folded
    return ("call", name, tuple(args))


def _fold(fun, *values):
    """``fun(*values)`` as a number, or None when it is not a finite real number."""
    if fun is None:
        return None
    with _np.errstate(all="ignore"):
        out = fun(*values)
    if _np.ndim(out) or not _np.isfinite(out) or _np.iscomplexobj(out):
        return None
    return num(out)


def _key(e):
    """A canonical form of `e`, so ``x*y`` and ``y*x`` are recognised as the same."""
    kind = e[0]
    if kind in ("num", "var"):
        return e
    if kind == "add":
        return ("add", tuple(sorted(map(_key, e[1]), key=repr)))
    if kind == "mul":
        return ("mul", tuple(sorted(map(_key, e[1]), key=repr)))
    if kind == "pow":
        return ("pow", _key(e[1]), _key(e[2]))
    return ("call", e[1], tuple(map(_key, e[2])))


def size(e, limit=None):
    """The number of nodes in `e`, counting stops past `limit` (trees from loops can be huge)."""
    count, stack = 0, [e]
    while stack:
        e = stack.pop()
        count += 1
        if limit is not None and count > limit:
            return count
        kind = e[0]
        if kind in ("add", "mul"):
            stack.extend(e[1])
        elif kind == "pow":
            stack.extend((e[1], e[2]))
        elif kind == "call":
            stack.extend(e[2])
    return count


# -- printing ---------------------------------------------------------------------------
# binding strength, as in Python: sums < products < unary minus < powers < atoms
_ADD, _MUL, _NEG, _POW, _ATOM = 1, 2, 3, 4, 5


def to_text(e, times="*", number=None):
    """`e` as text: Python syntax when ``times="*"``, or with ``·`` for the tables.

    Parameters
    ----------
    e : tuple
        An expression.
    times : str
        The multiplication sign (``"*"``, ``" * "`` or ``"·"``); division and
        addition get matching spacing (``a/b`` next to ``a*b``).
    number : callable, optional
        How to write a number; default: the shortest text that reads back as
        the same float (``2`` for 2.0).
    """
    number = number or format_number
    return _text(e, times, number)[0]


def format_number(x):
    """The shortest text for float `x` that reads back as the same value (``2`` for 2.0)."""
    if float(x).is_integer() and abs(x) < 1e16:
        return str(int(x))
    return repr(float(x))


def _text(e, times, number):
    """Return ``(text, strength)``; strength decides where a parent needs parentheses."""
    kind = e[0]
    if kind == "num":
        s = number(e[1])
        return s, (_NEG if s.startswith("-") else _ATOM)
    if kind == "var":
        return e[1], _ATOM
    if kind == "call":
        return f"{e[1]}({', '.join(_text(a, times, number)[0] for a in e[2])})", _ATOM
    if kind == "add":
        return _sum_text(e[1], times, number), _ADD
    if kind == "pow" and e[2][0] == "num" and e[2][1] < 0:
        return _product_text((e,), times, number)
    if kind == "pow":
        base, s_base = _text(e[1], times, number)
        exponent, s_exp = _text(e[2], times, number)
        if s_base <= _POW:  # (-2)**x, (x**2)**y: Python's ** is right-associative
            base = f"({base})"
        if s_exp < _NEG or (s_exp == _NEG and e[2][0] != "num"):
            exponent = f"({exponent})"
        return f"{base}**{exponent}", _POW
    return _product_text(e[1], times, number)


def _sum_text(terms, times, number):
    plus, minus = (" + ", " - ")
    first_positive = next((i for i, t in enumerate(terms) if not _is_negative(t)), 0)
    terms = (terms[first_positive],) + terms[:first_positive] + terms[first_positive + 1:]
    out = ""
    for i, t in enumerate(terms):
        c, part = _split_coefficient(t)
        negative = _is_negative(t)
        if negative:
            t = num(-t[1]) if t[0] == "num" else _scale(-c, part)
        s, strength = _text(t, times, number)
        if strength <= _ADD:
            s = f"({s})"
        if i == 0:
            out = ("-" if negative else "") + s
        else:
            out += (minus if negative else plus) + s
    return out


def _is_negative(term):
    """True for a term printed with a leading minus (``-2*x``, ``-3``)."""
    return _split_coefficient(term)[0] < 0 or (term[0] == "num" and term[1] < 0)


def _product_text(factors, times, number):
    slash = times.replace("*", "/").replace("·", "/")
    coefficient = 1.0
    above, below = [], []
    for f in factors:
        if f[0] == "num":
            coefficient *= f[1]
        elif f[0] == "pow" and f[2][0] == "num" and f[2][1] < 0:
            below.append(pow_(f[1], num(-f[2][1])))
        else:
            above.append(f)
    sign = "-" if coefficient < 0 else ""
    coefficient = abs(coefficient)
    denominator = [_factor_text(f, times, number, _MUL) for f in below]
    divisor = _divisor(coefficient)
    if divisor:   # 0.5*x/y reads better as x/(2*y)
        coefficient = 1.0
        denominator.insert(0, str(divisor))
    parts = [] if coefficient == 1.0 else [number(coefficient)]
    parts += [_factor_text(f, times, number, _MUL) for f in above]
    text = times.join(parts) or "1"
    if len(denominator) == 1:
        text += slash + (denominator[0] if divisor else _factor_text(below[0], times, number, _POW))
    elif denominator:
        text += slash + "(" + times.join(denominator) + ")"
    return sign + text, (_NEG if sign else _MUL)


def _divisor(c, largest=1000):
    """n when `c` is 1/n for a whole n from 2 to `largest` (to within rounding), else None."""
    if not 0.0 < c < 1.0:
        return None
    n = round(1.0 / c)
    return n if 2 <= n <= largest and abs(1.0 / c - n) <= 1e-9 * n else None


def _factor_text(f, times, number, needs):
    """`f` as a factor, in parentheses when it binds less strongly than `needs`."""
    s, strength = _text(f, times, number)
    return f"({s})" if strength < needs else s
