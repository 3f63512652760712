"""`wg.jit`: compiled programs give the eager results, bit for bit or to 1e-15 relative.

Every case of `test_rules` runs through jit as itself and as `value_and_grad` of a
scalarized version (twice: at its arguments, which traces, and at other values of
the same shapes, which runs the compiled program); the random graphs of
`test_random_graphs` run through jit as `value_and_grad` and as `hessian`. Then:
guards (branches, loops, `int()`, indexing by a traced int, boolean masks, the path
cap), escapes to eager, constants, composition with transforms, `static_argnums`,
pytrees and kwargs, `source()`, the scalar program's edge cases, and inputs never
written into by a program.
"""

import math
import re
import warnings

import numpy as onp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wengert as wg
import wengert.numpy as np
from wengert.jit import MAX_PATHS, EagerFallback
from wengert.tree import flatten

import test_rules  # tests/ is on sys.path under pytest, as for test_plot's import
import test_random_graphs
from test_random_graphs import build, step

_state = test_rules.rng.bit_generator.state
RULE_CASES = list(test_rules.cases())
test_rules.rng.bit_generator.state = _state  # test_rules draws the same values with or without us
UNARY = test_rules.UNARY
UNARY_IDS = {f"{name}-{shape}" for name, _, _ in UNARY for shape in [(), (3,), (2, 3)]}
UNARY_CASES = [p for p in RULE_CASES if p.id in UNARY_IDS]
assert len(UNARY_CASES) == len(UNARY_IDS) == 3 * len(UNARY)


# -- helpers -----------------------------------------------------------------------------
def assert_same(actual, expected, what="", exact_types=False):
    """`actual` has `expected`'s pytree structure, and each leaf its shape and dtype (with
    `exact_types`, its type too: a NumPy scalar, a 0-d array or a Python number), and values
    equal to 1e-15 relative (atol: 1e-15 times the largest |expected|), nan where it has nan."""
    la, sa = flatten(actual)
    le, se = flatten(expected)
    assert sa == se, f"{what}: structure {sa!r}, eager {se!r}"
    for k, (a, e) in enumerate(zip(la, le)):
        where = f"{what} leaf {k}"
        if exact_types:
            assert type(a) is type(e), f"{where}: type {type(a).__name__}, eager {type(e).__name__}"
        else:
            assert isinstance(a, onp.ndarray) == isinstance(e, onp.ndarray), \
                f"{where}: type {type(a).__name__}, eager {type(e).__name__}"
        assert onp.shape(a) == onp.shape(e), f"{where}: shape {onp.shape(a)}, eager {onp.shape(e)}"
        assert onp.result_type(a) == onp.result_type(e), \
            f"{where}: dtype {onp.result_type(a)}, eager {onp.result_type(e)}"
        scale = float(onp.nanmax(onp.abs(e))) if onp.size(e) and not onp.all(onp.isnan(e)) else 0.0
        scale = scale if math.isfinite(scale) else 0.0
        onp.testing.assert_allclose(a, e, rtol=1e-15, atol=1e-15 * scale, equal_nan=True,
                                    err_msg=where)


def scalarize(f):
    """A real scalar of every output leaf of `f` (cos of the real part, imag part squared)."""
    def s(*args):
        leaves, _ = flatten(f(*args))
        total = 0.0
        for out in leaves:
            total = total + np.sum(np.cos(np.real(out)))
            if np.iscomplexobj(out):
                total = total + np.sum(np.imag(out) ** 2)
        return total
    return s


def perturb(a):
    """Other values of the same shape and dtype (inexact arguments times 1.01)."""
    if type(a) in (float, complex):
        return a * 1.01
    if isinstance(a, onp.ndarray) and a.dtype.kind in "fc":
        return a * 1.01
    return a


def copies(args):
    return [onp.array(a, copy=True) if isinstance(a, onp.ndarray) else a for a in args]


def assert_unchanged(args, before):
    for a, b in zip(args, before):
        if isinstance(a, onp.ndarray):
            onp.testing.assert_array_equal(a, b, err_msg="the program wrote into an input")


class Counted:
    """`fun`, counting its calls (the traces of a jitted function)."""

    def __init__(self, fun):
        self.fun, self.calls = fun, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.fun(*args, **kwargs)


def fallbacks(record):
    return [w for w in record if issubclass(w.category, EagerFallback)]


# -- 1. every rule case through jit ------------------------------------------------------
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("route", ["value", "value_and_grad"])
@pytest.mark.parametrize("fun, args", RULE_CASES)
def test_rule_case_through_jit(fun, args, route):
    counted = Counted(fun)
    if route == "value":
        jitted, eager = counted, fun
    else:
        nums = tuple(range(len(args)))
        jitted = wg.value_and_grad(scalarize(counted), argnums=nums)
        eager = wg.value_and_grad(scalarize(fun), argnums=nums)
    fast = wg.jit(jitted)
    other = tuple(perturb(a) for a in args)
    before, before_other = copies(args), copies(other)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        first = fast(*args)        # traces
        second = fast(*other)      # runs the compiled program
        third = fast(*args)        # the program again, at the first point
    assert_same(first, eager(*args), "first call (trace)", exact_types=True)
    assert_same(second, eager(*other), "second call (program, other values)", exact_types=True)
    assert_same(third, eager(*args), "third call (program, first values)", exact_types=True)
    assert_unchanged(args, before)
    assert_unchanged(other, before_other)
    if not fallbacks(record):
        assert counted.calls == 1, "a compiled call ran the function again"


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("fun, args", UNARY_CASES)
def test_rule_case_hvp_through_jit(fun, args):
    s = scalarize(fun)
    (x,) = args
    rng = onp.random.default_rng(1)
    v = float(rng.standard_normal()) if type(x) is float else rng.standard_normal(onp.shape(x))
    fast = wg.jit(wg.hvp(s))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EagerFallback)
        first = fast(x, v)
        second = fast(perturb(x), 0.5 * v)
    assert_same(first, wg.hvp(s)(x, v), "hvp at x")
    assert_same(second, wg.hvp(s)(perturb(x), 0.5 * v), "hvp at other values")


# -- 2. random graphs through jit ---------------------------------------------------------
@settings(max_examples=100, deadline=None)
@given(st.lists(step, min_size=1, max_size=8), st.integers(0, 2 ** 32 - 1))
def test_random_graph_value_and_grad_through_jit(steps, seed):
    rng = onp.random.default_rng(seed)
    f = build(steps)
    eager = wg.value_and_grad(f, argnums=(0, 1))
    fast = wg.jit(wg.value_and_grad(f, argnums=(0, 1)))
    for _ in range(2):
        x, y = rng.uniform(-1, 1, 3), rng.uniform(-1, 1, 3)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", EagerFallback)
            assert_same(fast(x, y), eager(x, y), "value_and_grad")


@settings(max_examples=100, deadline=None)
@given(st.lists(step, min_size=3, max_size=12), st.integers(0, 2 ** 32 - 1))
def test_random_graph_hessian_through_jit(steps, seed):
    rng = onp.random.default_rng(seed)
    f = build(steps)
    fast = wg.jit(wg.hessian(f))
    for _ in range(2):
        x, y = rng.uniform(-1, 1, 3), rng.uniform(-1, 1, 3)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", EagerFallback)
            assert_same(fast(x, y), wg.hessian(f)(x, y), "hessian")


def test_random_graph_programs_are_compiled_not_retraced():
    """A graph using every operation of the random graphs compiles (no fallback) for
    value_and_grad and hessian, and each program is traced once for three points."""
    steps = [(1, name, k) for k, name in enumerate(sorted(test_random_graphs.UNARY))]
    steps += [(2, name, k, 3 * k + 1) for k, name in enumerate(sorted(test_random_graphs.BINARY))]
    f = Counted(build(steps))
    rng = onp.random.default_rng(5)
    for transform in (lambda g: wg.value_and_grad(g, argnums=(0, 1)), wg.hessian):
        fast = wg.jit(transform(f))
        with warnings.catch_warnings():
            warnings.simplefilter("error", EagerFallback)
            for k in range(3):
                x, y = rng.uniform(-1, 1, 3), rng.uniform(-1, 1, 3)
                assert_same(fast(x, y), transform(f.fun)(x, y))
                if k == 0:
                    traced = f.calls  # the trace (hessian calls f once per column)
        assert f.calls == traced, "a compiled call ran the function again"


# -- 3. guards ---------------------------------------------------------------------------
def test_if_on_a_traced_scalar_compiles_both_branches():
    def f(x):
        if x > 0:
            return x * np.sin(x)
        return -x ** 3 + np.cos(x)

    counted = Counted(f)
    fast = wg.jit(counted)
    assert_same(fast(2.0), f(2.0))
    assert_same(fast(3.0), f(3.0))
    assert counted.calls == 1
    assert_same(fast(-1.5), f(-1.5))
    assert counted.calls == 2
    for x in (-0.25, 0.5, -3.0, 7.0, 1e-300, -1e-300):
        assert_same(fast(x), f(x), f"x={x}")
    assert counted.calls == 2
    assert_same(fast(0.0), f(0.0))  # x > 0 false: the second branch
    assert counted.calls == 2

    grad = wg.jit(wg.value_and_grad(f))
    for x in (2.0, -1.5, 0.7, -0.2):
        assert_same(grad(x), wg.value_and_grad(f)(x), f"value_and_grad x={x}")


def test_if_on_an_array_reduction():
    def f(x):
        if np.sum(x) > 0:
            return np.sum(np.exp(x))
        return np.sum(x ** 2)

    counted = Counted(f)
    fast = wg.jit(wg.value_and_grad(counted))
    for x in ([1.0, 2.0, -0.5], [-1.0, -2.0, 0.5], [0.3, 0.1, 0.2], [-3.0, 1.0, 1.0]):
        x = onp.array(x)
        assert_same(fast(x), wg.value_and_grad(f)(x))
    assert counted.calls == 2


def newton_sqrt(a):
    x = a
    while abs(x * x - a) > 1e-12 * a:
        x = 0.5 * (x + a / x)
    return x


def iterations(a):
    x, n = a, 0
    while abs(x * x - a) > 1e-12 * a:
        x, n = 0.5 * (x + a / x), n + 1
    return n


def test_while_loop_on_a_residual():
    counted = Counted(newton_sqrt)
    fast = wg.jit(counted)
    first = (2.0, 10.0, 100.0, 1.5, 1.0, 0.9, 50.0)
    counts = {iterations(a) for a in first}
    assert len(counts) == 7 <= MAX_PATHS  # 5, 6, 8, 4, 0, 3 and 7 iterations
    for a in first:
        assert_same(fast(a), newton_sqrt(a), f"a={a}")
    assert counted.calls == len(counts)  # one trace per iteration count
    later = (5.0, 7.0, 20.0, 0.5, 4.0, 1.1, 70.0)
    assert {iterations(a) for a in later} <= counts
    for a in first + later:
        assert_same(fast(a), newton_sqrt(a), f"a={a}")
    assert counted.calls == len(counts)

    grad = wg.jit(wg.value_and_grad(newton_sqrt))
    for a in (2.0, 100.0, 2.5, 1e4):
        assert_same(grad(a), wg.value_and_grad(newton_sqrt)(a), f"value_and_grad a={a}")


def test_int_of_a_traced_value_as_a_range_bound():
    def f(x):
        acc = x[1]
        for _ in range(int(x[0])):
            acc = np.sin(acc) * x[2] + x[1]
        return acc

    counted = Counted(f)
    fast = wg.jit(counted)
    vg = wg.jit(wg.value_and_grad(f))
    points = [[2.5, 0.3, 0.7], [3.7, 0.4, 0.2], [2.1, -0.5, 1.5], [0.4, 1.0, 2.0], [3.2, 0.9, -1.0]]
    for p in points:
        x = onp.array(p)
        assert_same(fast(x), f(x), f"x={p}")
        assert_same(vg(x), wg.value_and_grad(f)(x), f"value_and_grad x={p}")
    assert counted.calls == 3  # 2, 3 and 0 iterations


def test_indexing_by_a_traced_integer():
    def f(x, i):
        return x[i] * np.sin(x[i]) + np.sum(x) * i

    counted = Counted(f)
    fast = wg.jit(counted)
    vg = wg.jit(wg.value_and_grad(f))
    x = onp.array([0.5, -1.0, 2.0, 0.25])
    for i in (0, 2, 0, -1, 2, 3):
        assert_same(fast(x, i), f(x, i), f"i={i}")
        assert_same(fast(1.5 * x, i), f(1.5 * x, i), f"i={i}, other x")
        assert_same(vg(x, i), wg.value_and_grad(f)(x, i), f"value_and_grad i={i}")
    assert counted.calls <= 4  # at most one trace per index (0, 2, -1, 3)


def test_boolean_mask_with_a_length_that_varies():
    def f(x):
        return x[x > 0].sum() / len(x[x > 0])

    counted = Counted(f)
    fast = wg.jit(counted)
    vg = wg.jit(wg.value_and_grad(f))
    points = [[1.0, -2.0, 3.0, 4.0], [-1.0, 2.0, -3.0, 4.0], [5.0, 6.0, -7.0, 8.0],
              [0.5, -0.1, -0.2, 0.25], [-1.0, -2.0, -3.0, 9.0], [1.0, 2.0, 3.0, 4.0]]
    for p in points:
        x = onp.array(p)
        assert_same(fast(x), f(x), f"x={p}")
        with warnings.catch_warnings():  # the reverse of x[mask] runs eagerly (a known fallback)
            warnings.simplefilter("ignore", EagerFallback)
            assert_same(vg(x), wg.value_and_grad(f)(x), f"value_and_grad x={p}")
    assert counted.calls == 4  # 3, 2, 1 and 4 positive elements


def test_more_paths_than_the_cap_run_eagerly_with_one_warning():
    def f(x):
        return x * int(x) + np.sin(x)

    counted = Counted(f)
    fast = wg.jit(counted)
    values = [k + 0.5 for k in range(MAX_PATHS + 3)]
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        for x in values:
            assert_same(fast(x), f(x), f"x={x}")
        assert counted.calls == MAX_PATHS + 3
        for x in values[:MAX_PATHS]:  # compiled paths still run, without calling f
            assert_same(fast(x + 0.25), f(x + 0.25), f"x={x + 0.25}")
        assert counted.calls == MAX_PATHS + 3
        for x in values[MAX_PATHS:]:  # beyond the cap: eager
            assert_same(fast(x + 0.25), f(x + 0.25), f"x={x + 0.25}")
    assert len(fallbacks(record)) == 1
    assert str(MAX_PATHS) in str(fallbacks(record)[0].message)


# -- 4. escapes --------------------------------------------------------------------------
def _float_inside(x):
    return np.sum(np.sin(x)) * float(x[0])


def _setitem_inside(x):
    y = x * 2.0
    y[0] = 1.0
    return np.sum(y ** 2)


def _asarray_inside(x):
    return np.sum(np.exp(x)) + onp.sum(onp.asarray(x) ** 2)


@pytest.mark.parametrize("f", [_float_inside, _setitem_inside, _asarray_inside])
def test_escapes_run_eagerly_with_one_warning(f):
    fast = wg.jit(f)
    rng = onp.random.default_rng(3)
    points = [rng.standard_normal(4) for _ in range(4)]
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        for x in points:
            before = x.copy()
            assert_same(fast(x), f(before.copy()))
            onp.testing.assert_array_equal(x, before)
    assert len(fallbacks(record)) == 1, [str(w.message) for w in record]


def test_float_of_a_scalar_argument_escapes():
    def f(x):
        return np.sin(x) + float(x) ** 2

    fast = wg.jit(f)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        for x in (0.5, 1.5, -2.0):
            assert_same(fast(x), f(x))
    assert len(fallbacks(record)) == 1


def test_exception_handler_cannot_swallow_an_escape():
    def f(x):
        try:
            scale = float(x[0])
        except Exception:
            scale = 2.0
        return np.sum(x) * scale

    fast = wg.jit(f)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        for x in (onp.array([1.0, 2.0]), onp.array([3.0, -1.0])):
            assert_same(fast(x), f(x))
    assert len(fallbacks(record)) == 1


# -- 5. constants and inputs -------------------------------------------------------------
def test_closure_values_are_constants_of_the_program():
    scale = 2.0
    fast = wg.jit(lambda x: scale * np.sin(x))
    x = onp.array([0.5, 1.0])
    assert_same(fast(x), 2.0 * np.sin(x))
    scale = 5.0
    # documented, as in JAX: the program compiled for this signature keeps 2.0
    assert_same(fast(x), 2.0 * np.sin(x))
    assert_same(fast(3 * x), 2.0 * np.sin(3 * x))
    # a new signature is traced now, and reads the closure as it is now
    y = onp.array([0.5, 1.0, 1.5])
    assert_same(fast(y), 5.0 * np.sin(y))
    assert scale == 5.0


def test_number_arguments_are_inputs():
    def f(x, s, n):
        return s * np.sin(x) + n

    counted = Counted(f)
    fast = wg.jit(counted)
    x = onp.array([0.5, 1.0])
    assert_same(fast(x, 2.0, 1), f(x, 2.0, 1))
    assert_same(fast(x, 5.0, 3), f(x, 5.0, 3))
    assert_same(fast(x, -1.25, -7), f(x, -1.25, -7))
    assert counted.calls == 1
    scalar = wg.jit(lambda a, b: a * b + np.cos(a))
    assert_same(scalar(2.0, 3.0), 2.0 * 3.0 + np.cos(2.0))
    assert_same(scalar(0.5, -4.0), 0.5 * -4.0 + np.cos(0.5))


# -- 6. composition, static arguments, pytrees, kwargs ----------------------------------
def _objective(x, y):
    return np.sum(np.sin(x) * y + np.exp(-x ** 2)) + np.prod(y)


def test_grad_of_jit_is_grad():
    fast = wg.jit(_objective)
    x, y = onp.array([0.3, -1.2, 2.0]), onp.array([1.5, 0.5, -0.7])
    for nums in (0, 1, (0, 1)):
        assert_same(wg.grad(fast, argnums=nums)(x, y), wg.grad(_objective, argnums=nums)(x, y))
    assert_same(wg.hessian(fast)(x, y), wg.hessian(_objective)(x, y))
    assert_same(wg.jit(wg.grad(fast))(x, y), wg.grad(_objective)(x, y))
    assert_same(wg.jit(wg.grad(fast))(2 * x, y), wg.grad(_objective)(2 * x, y))


def test_jit_of_jacobian_and_hessian():
    def f(x):
        return np.sin(x) * np.sum(x ** 2) + np.cumsum(x)

    def scalar(x, y):
        return np.sum(np.exp(x) * y) + np.prod(x)

    jac = wg.jit(wg.jacobian(f))
    hess = wg.jit(wg.hessian(scalar, argnums=(0, 1)))
    rng = onp.random.default_rng(11)
    for _ in range(3):
        x, y = rng.standard_normal(3), rng.standard_normal(3)
        assert_same(jac(x), wg.jacobian(f)(x))
        assert_same(hess(x, y), wg.hessian(scalar, argnums=(0, 1))(x, y))


def test_many_signatures():
    counted = Counted(lambda x: np.sum(np.sin(x)) * 2.0)
    fast = wg.jit(counted)
    for n in range(1, 45):
        x = onp.linspace(-1.0, 1.0, n)
        assert_same(fast(x), counted.fun(x), f"n={n}")
        assert_same(fast(2 * x), counted.fun(2 * x), f"n={n}")
    assert counted.calls == 44


def test_jit_of_jit():
    counted = Counted(_objective)
    inner = wg.jit(counted)
    outer = wg.jit(inner)
    x, y = onp.array([0.3, -1.2, 2.0]), onp.array([1.5, 0.5, -0.7])
    assert_same(outer(x, y), _objective(x, y))
    assert_same(outer(x + 1, y), _objective(x + 1, y))
    assert_same(inner(x - 1, y), _objective(x - 1, y))
    assert counted.calls == 1
    twice = wg.jit(wg.jit(_objective, static_argnums=()), static_argnums=(1,))
    assert_same(twice(x, (1.0, 2.0, 3.0)), _objective(x, (1.0, 2.0, 3.0)))


def test_static_argnums_are_part_of_the_signature():
    def f(x, name, power):
        return getattr(np, name)(x) ** power

    counted = Counted(f)
    fast = wg.jit(counted, static_argnums=(1, 2))
    x = onp.array([0.5, 1.0, 2.0])
    assert_same(fast(x, "sin", 2), f(x, "sin", 2))
    assert_same(fast(x, "cos", 2), f(x, "cos", 2))
    assert_same(fast(x, "sin", 3), f(x, "sin", 3))
    assert counted.calls == 3
    assert_same(fast(2 * x, "sin", 2), f(2 * x, "sin", 2))
    assert_same(fast(2 * x, "cos", 2), f(2 * x, "cos", 2))
    assert counted.calls == 3
    assert "np.sin" in fast.source(x, "sin", 2) and "np.cos" not in fast.source(x, "sin", 2)
    assert "np.cos" in fast.source(x, "cos", 2)
    single = wg.jit(f, static_argnums=1)  # one int as well as a tuple
    assert_same(single(x, "tan", 2), f(x, "tan", 2))
    with pytest.raises(ValueError, match="static_argnums"):
        wg.jit(f, static_argnums=(-1,))


def test_unhashable_static_value_works_or_raises_a_clear_error():
    def f(x, sizes):
        return x * len(sizes) + sum(sizes)

    fast = wg.jit(f, static_argnums=1)
    try:
        first = fast(2.0, [1, 2])
    except (TypeError, ValueError) as e:  # a clear error names the static argument
        assert "static" in str(e), f"unclear error for an unhashable static argument: {e!r}"
        return
    assert_same(first, f(2.0, [1, 2]))
    assert_same(fast(3.0, [1, 2, 3]), f(3.0, [1, 2, 3]))
    assert_same(fast(3.0, [4]), f(3.0, [4]))


def test_pytree_arguments_and_outputs():
    def loss(params, x):
        h = np.tanh(x @ params["w"] + params["b"])
        return np.sum(h ** 2) * params["scale"]

    def outputs(params, x):
        return {"h": np.tanh(x @ params["w"]), "pair": (params["b"] * 2, [np.sum(x), params["scale"]])}

    rng = onp.random.default_rng(7)
    params = {"w": rng.standard_normal((3, 2)), "b": rng.standard_normal(2), "scale": 1.5}
    x = rng.standard_normal((4, 3))
    counted = Counted(loss)
    fast = wg.jit(wg.value_and_grad(counted))
    out = fast(params, x)
    assert set(out[1]) == {"w", "b", "scale"}
    assert_same(out, wg.value_and_grad(loss)(params, x))
    other = {"w": params["w"] * 0.5, "b": params["b"] + 1, "scale": -2.0}
    assert_same(fast(other, 2 * x), wg.value_and_grad(loss)(other, 2 * x))
    assert counted.calls == 1
    tree = wg.jit(outputs)
    assert_same(tree(params, x), outputs(params, x))
    assert_same(tree(other, x), outputs(other, x))


def test_keyword_arguments():
    def f(x, scale=1.0, shift=0.0):
        return np.sum(np.sin(x) * scale) + shift

    counted = Counted(f)
    fast = wg.jit(counted)
    x = onp.array([0.5, 1.0, -2.0])
    assert_same(fast(x, scale=2.0), f(x, scale=2.0))
    assert_same(fast(x, scale=3.0), f(x, scale=3.0))
    assert_same(fast(2 * x, scale=-1.0), f(2 * x, scale=-1.0))
    assert counted.calls == 1
    assert_same(fast(x, scale=2.0, shift=onp.array([1.0, 2.0])), f(x, scale=2.0, shift=onp.array([1.0, 2.0])))
    assert_same(fast(x, shift=0.5, scale=2.0), f(x, scale=2.0, shift=0.5))
    assert_same(fast(x), f(x))
    vg = wg.jit(wg.value_and_grad(f))
    assert_same(vg(x, scale=2.0), wg.value_and_grad(f)(x, scale=2.0))
    assert_same(vg(x, scale=-4.0), wg.value_and_grad(f)(x, scale=-4.0))


# -- 7. source -----------------------------------------------------------------------------
def _body(text):
    lines = text.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith("def "))
    return lines[start], [line.strip() for line in lines[start + 1:] if line.strip()]


def test_source_compiles_and_names_the_inputs():
    def f(alpha, beta):
        return np.sin(alpha) * beta + np.exp(beta)

    fast = wg.jit(f)
    a, b = onp.array([0.5, 1.0]), onp.array([2.0, -1.0])
    text = fast.source(a, b)
    compile(text, "<source>", "exec")
    header, body = _body(text)
    assert re.match(r"def \w+\(alpha, beta\):", header), header
    assert "np.sin(alpha" in text and "np.exp(beta" in text
    assert body[-1].startswith("return ")
    assert_same(fast(a, b), f(a, b))
    vg_text = wg.jit(wg.value_and_grad(lambda x: np.sum(np.sin(x)))).source(a)
    compile(vg_text, "<source>", "exec")
    assert "np.sin" in vg_text and "np.cos" in vg_text


def test_source_of_grad_is_straight_line():
    def seed(x1, x2):
        return x1 * x2 + np.sin(x1)

    for args in ((2.0, 3.0), (onp.array([2.0, 0.5]), onp.array([3.0, 1.0]))):
        grad = wg.grad(lambda x1, x2: np.sum(seed(x1, x2)), argnums=(0, 1))
        fast = wg.jit(grad)
        text = fast.source(*args)
        compile(text, "<source>", "exec")
        for word in ("Tracer", "Node", "tape", "Staged", "wengert."):
            assert word not in text, (word, text)
        header, body = _body(text)
        assert re.match(r"def \w+\(x1, x2\):", header), header
        for line in body:
            assert re.fullmatch(r"(w\d+ = .+|np\.\w+\(.+, out=w\d+\)|return .+)", line), line
        assert "cos" in text  # d/dx1 of sin(x1)
        assert_same(fast(*args), grad(*args))
    text = wg.jit(wg.grad(seed)).source(2.0, 3.0)
    assert "math.cos(" in text and "Tracer" not in text and "Node" not in text


# -- 8. the scalar program's edge cases ---------------------------------------------------
def test_division_by_zero_gives_inf_like_numpy():
    def f(x):
        return 1.0 / x

    vg = wg.value_and_grad(f)
    fast = wg.jit(vg)
    assert_same(fast(2.0), vg(2.0))
    with pytest.warns(RuntimeWarning):
        expected = vg(0.0)
    assert onp.isinf(expected[0]) and onp.isinf(expected[1])
    with pytest.warns(RuntimeWarning):
        assert_same(fast(0.0), expected)
    assert_same(fast(4.0), vg(4.0))
    # on a value traced at 0 first as well
    fresh = wg.jit(vg)
    with pytest.warns(RuntimeWarning):
        assert_same(fresh(0.0), expected)


def test_plain_division_by_zero_under_jit_gives_inf():
    fast = wg.jit(lambda x: np.divide(1.0, x))
    assert_same(fast(2.0), np.divide(1.0, 2.0))
    with pytest.warns(RuntimeWarning):
        assert_same(fast(0.0), np.divide(1.0, onp.float64(0.0)))
    operator_form = wg.jit(lambda x: 1.0 / x)
    assert operator_form(2.0) == 0.5
    with pytest.warns(RuntimeWarning):
        out = operator_form(0.0)
    assert out == onp.inf


def test_fractional_power_of_a_negative_float_is_nan():
    def f(x):
        return x ** 0.5

    fast = wg.jit(f)
    assert fast(4.0) == 2.0
    with pytest.warns(RuntimeWarning):
        out = fast(-4.0)
    assert not isinstance(out, complex) and onp.isnan(out)
    vg = wg.value_and_grad(f)
    jvg = wg.jit(vg)
    assert_same(jvg(4.0), vg(4.0))
    with pytest.warns(RuntimeWarning):
        expected = vg(-4.0)
    with pytest.warns(RuntimeWarning):
        assert_same(jvg(-4.0), expected)
    assert onp.isnan(expected[0]) and onp.isnan(expected[1])


def test_sqrt_of_a_negative_float_is_nan():
    vg = wg.value_and_grad(lambda x: np.sqrt(x) * x)
    fast = wg.jit(vg)
    assert_same(fast(4.0), vg(4.0))
    with pytest.warns(RuntimeWarning):
        expected = vg(-1.0)
    with pytest.warns(RuntimeWarning):
        assert_same(fast(-1.0), expected)


def test_overflow_gives_inf_like_numpy():
    vg = wg.value_and_grad(lambda x: x ** 2 + x)
    fast = wg.jit(vg)
    assert_same(fast(3.0), vg(3.0))
    with pytest.warns(RuntimeWarning):
        expected = vg(1e200)
    assert onp.isinf(expected[0])
    with pytest.warns(RuntimeWarning):
        assert_same(fast(1e200), expected)


def test_result_types_are_numpy_float64_like_eager():
    def f(x):
        return x * x + np.sin(x)

    grad = wg.jit(wg.grad(f))
    assert type(wg.grad(f)(2.0)) is onp.float64
    for x in (2.0, 3.0):
        out = grad(x)
        assert type(out) is onp.float64
        assert_same(out, wg.grad(f)(x), exact_types=True)
    vg = wg.jit(wg.value_and_grad(f))
    for x in (2.0, 3.0):
        assert_same(vg(x), wg.value_and_grad(f)(x), exact_types=True)
    value = wg.jit(lambda x: np.sqrt(x) + 1.0)
    for x in (4.0, 9.0):
        assert_same(value(x), np.sqrt(x) + 1.0, exact_types=True)


@pytest.mark.parametrize("f", [lambda x: 1.0 / x, lambda x: x ** 2 + x, lambda x: -x, lambda x: x * 3.0,
                               newton_sqrt],
                         ids=["reciprocal", "square-plus", "negative", "times", "newton"])
def test_value_and_grad_of_python_operators_gives_eager_types(f):
    """Eager value_and_grad computes on tracers, through NumPy: its value is a float64."""
    vg = wg.value_and_grad(f)
    fast = wg.jit(vg)
    for x in (2.0, 3.0):
        assert_same(fast(x), vg(x), f"x={x}", exact_types=True)


@pytest.mark.parametrize("f", [np.negative, lambda x: np.multiply(x, 2.0), lambda x: np.power(x, 2.0)],
                         ids=["negative", "multiply", "power"])
def test_numpy_functions_of_a_float_give_eager_types(f):
    fast = wg.jit(f)
    for x in (2.0, 3.0):
        assert_same(fast(x), f(x), f"x={x}", exact_types=True)


# -- 9. inputs are never written into; outputs are the caller's --------------------------
def test_inputs_are_not_mutated_and_outputs_do_not_alias():
    def f(x, y):
        z = np.exp(x) * x + x ** 2
        return np.sum(np.sin(z) * 2.0 + 1.0) + np.sum(x * 0.0)

    fast = wg.jit(wg.value_and_grad(f, argnums=(0, 1)))
    x = onp.linspace(-1.0, 1.0, 5)
    y = onp.array([1.0, 2.0])
    x0, y0 = x.copy(), y.copy()
    first = fast(x, y)
    second = fast(x, y)
    third = fast(x, y)
    onp.testing.assert_array_equal(x, x0)
    onp.testing.assert_array_equal(y, y0)
    expected = wg.value_and_grad(f, argnums=(0, 1))(x0, y0)
    for out in (first, second, third):
        assert_same(out, expected)
    arrays = [a for out in (first, second, third) for a in flatten(out)[0] if isinstance(a, onp.ndarray)]
    for i, a in enumerate(arrays):
        assert not onp.shares_memory(a, x) and not onp.shares_memory(a, y)
        for b in arrays[i + 1:]:
            assert not onp.shares_memory(a, b)
    # what the caller does with the returned arrays does not reach later calls
    for a in flatten(second)[0]:
        if isinstance(a, onp.ndarray):
            a[...] = 123.0
    assert_same(fast(x, y), expected)
    onp.testing.assert_array_equal(x, x0)


def test_a_gradient_equal_to_an_input_is_a_new_array():
    """d/dy sum(x * y) is x: eager returns a new array, and so must the program (writing
    into the gradient, as an optimizer does, must not change the caller's x)."""
    def f(x, y):
        return np.sum(x * y)

    grad = wg.grad(f, argnums=(0, 1))
    fast = wg.jit(grad)
    x, y = onp.array([1.0, 2.0]), onp.array([3.0, 4.0])
    for _ in range(3):
        gx, gy = fast(x, y)
        assert_same((gx, gy), grad(x, y))
        assert not onp.shares_memory(gx, y) and not onp.shares_memory(gy, x)
        gx *= 0.0
        gy *= 0.0
        onp.testing.assert_array_equal(x, [1.0, 2.0])
        onp.testing.assert_array_equal(y, [3.0, 4.0])
    scalar = wg.jit(wg.grad(lambda a, b: a * b + np.sin(a), argnums=(0, 1)))
    for _ in range(2):
        assert_same(scalar(2.0, 3.0), wg.grad(lambda a, b: a * b + np.sin(a), argnums=(0, 1))(2.0, 3.0),
                    exact_types=True)


def test_elementwise_chain_on_an_input_leaves_it_alone():
    def f(x):
        return np.tanh(np.exp(-x) * 3.0 - 1.0) + x

    fast = wg.jit(f)
    vjp = wg.jit(wg.value_and_grad(lambda x: np.sum(f(x) ** 2)))
    x = onp.array([0.1, 0.2, 0.3])
    x0 = x.copy()
    outs = [fast(x) for _ in range(3)] + [vjp(x)[1] for _ in range(3)]
    onp.testing.assert_array_equal(x, x0)
    for i, a in enumerate(outs):
        assert not onp.shares_memory(a, x)
        for b in outs[i + 1:]:
            assert not onp.shares_memory(a, b)
    assert_same(outs[0], f(x0))
    assert_same(outs[-1], wg.grad(lambda x: np.sum(f(x) ** 2))(x0))


def test_merged_scalings_keep_eager_bits_at_overflow_and_in_float32():
    """``c2 * (c1 * y)`` runs as one multiplication only where that gives the same bits:
    not when the first product overflows and the second would bring it back, nor in float32."""
    for f in (lambda x: 0.5 * (2.0 * x), lambda x: 100.0 * (2.0 * x), lambda x: -(3.0 * x),
              lambda x: 4.0 * -(x * 0.1)):
        fast = wg.jit(f)
        for x in (onp.array([1.5e308, -1.5e308, 1e-310, 3.0]),
                  onp.array([1.5e38, 3.0, 1e-40], dtype=onp.float32)):
            with onp.errstate(over="ignore"):
                fast(x)
                got, want = fast(x * 1), f(x * 1)
            assert got.dtype == want.dtype
            onp.testing.assert_array_equal(got, want)


def test_output_shapes_that_depend_on_values_are_guarded():
    """bincount's length is the largest label + 1: a call with a larger label takes a new path."""
    def f(x, labels):
        counts = np.bincount(labels)
        return np.sum(x[: len(counts)]) * len(counts)

    fast = wg.jit(f)
    x = onp.arange(6.0)
    for labels in (onp.array([0, 1, 1]), onp.array([0, 4, 2]), onp.array([2, 0, 1])):
        assert fast(x, labels) == f(x, labels)


def test_views_inside_several_results_keep_their_array_alive():
    """broadcast_arrays returns views of its arguments inside a list: the array they look
    into must not be overwritten (in place, or as a reused buffer) while they are read."""
    def f(x, y):
        a = np.exp(x)
        b, _ = onp.broadcast_arrays(a, y)
        c = np.sin(a) * 2.0
        e = np.cos(x)  # a buffer made free too early would be a's, overwritten here
        return np.sum(b * c * e)

    fast = wg.jit(f)
    for n in (8, 5000):
        x, y = onp.linspace(0, 1, n), onp.ones((3, n))
        fast(x, y)
        assert fast(x * 1.5, y) == f(x * 1.5, y)


def test_a_jitted_method_sees_its_instance():
    class Model:
        def __init__(self, scale):
            self.scale = scale

        @wg.jit
        def energy(self, x):
            return self.scale * np.sum(np.sin(x))

    x = onp.array([0.5, 1.0])
    assert Model(2.0).energy(x) == 2.0 * onp.sum(onp.sin(x))
    assert Model(3.0).energy(x) == 3.0 * onp.sum(onp.sin(x))


def test_concurrent_calls_of_a_buffered_program_stay_right():
    """A program with kept buffers runs one call at a time; others meanwhile run unbuffered."""
    import threading

    vg = wg.value_and_grad(lambda x: np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))
    fast = wg.jit(vg)
    rng = onp.random.default_rng(3)
    xs = [rng.standard_normal(20_000) for _ in range(6)]
    fast(xs[0])
    assert "kept across calls" in fast.source(xs[0])
    results, errors = {}, []

    def work(k):
        try:
            for _ in range(20):
                results[k] = fast(xs[k])
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(xs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for k, x in enumerate(xs):
        assert_same(results[k], vg(x), f"thread {k}")


def test_writing_traced_values_into_a_plain_array_runs_eagerly():
    """NumPy turns the escape of ``y[0] = x[0]`` into its own ValueError; jit still sees it,
    and runs the function eagerly, where the assignment works."""
    def one(x):
        y = onp.zeros(3)
        y[0] = x[0]
        return y

    def some(x):
        y = onp.zeros(3)
        y[1:] = x[:2]
        return y

    x = onp.array([2.0, 3.0, 4.0])
    for f in (one, some):
        fast = wg.jit(f)
        with pytest.warns(EagerFallback):
            onp.testing.assert_array_equal(fast(x), f(x))
        onp.testing.assert_array_equal(fast(x * 2), f(x * 2))
