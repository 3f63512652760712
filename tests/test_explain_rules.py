"""explain's written derivatives (`wengert.explain.rules`) agree with the engine's (`wengert.numpy`).

`rules` writes each elementwise primitive's local derivative as a formula
(d sin(a)/da = cos(a)), beside the numeric partials the engine differentiates
with. Formulas cannot be derived from the engine's lambdas, so the two are
checked against each other instead: every formula, evaluated with NumPy at
random points, equals the engine's derivative there; and every elementwise
primitive of `wengert.numpy` has a formula, or is listed in
`SHOWN_WITHOUT_FORMULA` (explain then shows it generically, ``w̄5·∂name/∂w3``).
"""

import numpy as _np
import pytest

import wengert as wg
import wengert.numpy as wnp
from wengert.explain import algebra, rules

# Elementwise primitives of wengert.numpy that explain shows without a formula, and why.
SHOWN_WITHOUT_FORMULA = {
    name: "a complex-number primitive (explain's formulas are written for real numbers)"
    for name in ("real", "imag", "conjugate", "angle")}

# Where a primitive is differentiable, per argument; (-2, 2) otherwise.
DOMAINS = {
    "log": [(0.1, 3.0)], "log2": [(0.1, 3.0)], "log10": [(0.1, 3.0)], "sqrt": [(0.1, 3.0)],
    "log1p": [(-0.9, 3.0)], "arcsin": [(-0.9, 0.9)], "arccos": [(-0.9, 0.9)],
    "arctanh": [(-0.9, 0.9)], "arccosh": [(1.1, 3.0)], "tan": [(-1.4, 1.4)],
    "power": [(0.1, 3.0), (-2.0, 2.0)], "remainder": [(-3.0, 3.0), (0.3, 2.0)],
}

# Points on a kink where the engine's subgradient has a documented value the formula must match.
KINKS = {
    "maximum": [(0.5, 0.5)], "minimum": [(0.5, 0.5)], "fmax": [(-1.0, -1.0)],
    "fmin": [(-1.0, -1.0)], "absolute": [(0.0,)], "fabs": [(0.0,)],
}

ARITY = {**dict.fromkeys(rules.UNARY, 1), **dict.fromkeys(rules.BINARY, 2)}
NAMES = ("a", "b")


def evaluate(e, values):
    """An `algebra` expression as a number: variables from `values`, functions from NumPy."""
    kind = e[0]
    if kind == "num":
        return e[1]
    if kind == "var":
        return values[e[1]]
    if kind == "add":
        return sum(evaluate(t, values) for t in e[1])
    if kind == "mul":
        out = 1.0
        for f in e[1]:
            out = out * evaluate(f, values)
        return out
    if kind == "pow":
        return _np.power(evaluate(e[1], values), evaluate(e[2], values))
    if kind == "call":
        return getattr(_np, e[1])(*[evaluate(a, values) for a in e[2]])
    raise ValueError(f"unknown expression node {kind!r}")


def primitives():
    """wengert.numpy's primitives, by the name explain shows them under (their ``__name__``)."""
    out = {}
    for name in wnp.__all__:
        f = getattr(wnp, name)
        if getattr(f, "is_primitive", False):
            out.setdefault(f.__name__, f)
    return out


PRIMITIVES = primitives()


def is_elementwise(f, arity):
    """True when `f` of `arity` arrays is `f` of their elements, element by element."""
    rng = _np.random.default_rng(1)
    xs = [rng.uniform(0.1, 0.9, size=4) for _ in range(arity)]
    with _np.errstate(all="ignore"):
        try:
            whole = _np.asarray(f(*xs))
            each = [f(*[x[i] for x in xs]) for i in range(4)]
        except Exception:   # broadcast_to wants a shape, tensordot more axes...: not elementwise
            return False
    return whole.shape == (4,) and _np.allclose(whole, each, equal_nan=True)


def points(name, n=5):
    rng = _np.random.default_rng(sum(map(ord, name)))
    domains = DOMAINS.get(name, [(-2.0, 2.0)] * ARITY[name])
    random = [tuple(float(rng.uniform(lo, hi)) for lo, hi in domains) for _ in range(n)]
    return random + KINKS.get(name, [])


def engine_derivatives(name, point):
    """The engine's partial derivatives of primitive `name` at `point` (`wg.grad`)."""
    f = PRIMITIVES[name]
    if len(point) == 1:
        return [float(wg.grad(f)(*point))]
    return [float(d) for d in wg.grad(f, argnums=tuple(range(len(point))))(*point)]


@pytest.mark.parametrize("name", sorted(ARITY))
def test_each_written_derivative_equals_the_engines_at_random_points(name):
    args = [algebra.var(v) for v in NAMES[:ARITY[name]]]
    formulas = [rules.partial(name, args, k) for k in range(ARITY[name])]
    for point in points(name):
        values = dict(zip(NAMES, point))
        with _np.errstate(all="ignore"):
            written = [float(evaluate(d, values)) for d in formulas]
        expected = engine_derivatives(name, point)
        _np.testing.assert_allclose(
            written, expected, rtol=1e-10, atol=1e-12,
            err_msg=f"d{name}: {[algebra.to_text(d) for d in formulas]} at {values}")


@pytest.mark.parametrize("name", sorted(ARITY))
def test_each_written_value_equals_the_primitives(name):
    """`symbolic()` substitutes these for intermediate values, so they must be right too."""
    args = [algebra.var(v) for v in NAMES[:ARITY[name]]]
    formula = rules.forward_expr(name, args)
    for point in points(name):
        values = dict(zip(NAMES, point))
        _np.testing.assert_allclose(float(evaluate(formula, values)), PRIMITIVES[name](*point),
                                    rtol=1e-12, err_msg=f"{name}: {algebra.to_text(formula)}")


def test_every_written_rule_is_an_elementwise_primitive_of_the_engine():
    stale = {name for name in ARITY
             if name not in PRIMITIVES or sorted(PRIMITIVES[name].vjps) != list(range(ARITY[name]))
             or not is_elementwise(PRIMITIVES[name], ARITY[name])}
    assert not stale, f"rules.py writes derivatives of {sorted(stale)}, which wengert.numpy " \
                      "has under no such name, arity or elementwise rule"


def test_every_elementwise_primitive_has_a_written_derivative():
    elementwise = {name for name, f in PRIMITIVES.items()
                   if f.vjps and is_elementwise(f, max(f.vjps) + 1)}
    assert len(elementwise) >= 40   # the check finds them: sin, add, maximum...
    missing = elementwise - set(ARITY) - set(SHOWN_WITHOUT_FORMULA)
    assert not missing, (f"explain/rules.py has no formula for {sorted(missing)}: add one to "
                         "UNARY or BINARY, or list it in SHOWN_WITHOUT_FORMULA")
    assert not set(SHOWN_WITHOUT_FORMULA) & set(ARITY), "listed as without formula, yet has one"
    assert set(SHOWN_WITHOUT_FORMULA) <= elementwise, "listed, but not an elementwise primitive"


def test_the_evaluator_reads_every_kind_of_node():
    x, y = algebra.var("x"), algebra.var("y")
    e = algebra.add(algebra.mul(algebra.num(2.0), x), algebra.pow_(y, x), algebra.call("sin", y))
    assert evaluate(e, {"x": 2.0, "y": 3.0}) == pytest.approx(4.0 + 9.0 + _np.sin(3.0))
