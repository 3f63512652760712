"""Random expression graphs (hypothesis): any composition of rules differentiates correctly.

A graph is a list of steps; each step applies a unary or binary operation to
earlier values (so values are reused along several paths), and the output is
the sum of every step's value, so reverse mode sees a scalar and every step lies on a path. Indexing reads
(elements, slices, masks, `take`) mix with whole-array uses of the same value,
so an adjoint is built from scattered and from dense cotangents, plain or
traced, in every order (issue 16 was a bug in exactly that bookkeeping).
"""

import numpy as onp
from hypothesis import given, settings
from hypothesis import strategies as st

import wengert as wg
import wengert.numpy as np

# smooth on the whole real line, and bounded in growth so values stay moderate
UNARY = {
    "sin": np.sin, "cos": np.cos, "tanh": np.tanh, "arctan": np.arctan,
    "softplus": lambda x: np.logaddexp(0.0, x), "square": lambda x: 0.5 * x * x,
    "sqrt1p": lambda x: np.sqrt(1.0 + x * x), "neg": np.negative,
    "sum_keep": lambda x: np.sum(x, keepdims=True) + 0.0 * x, "flip": lambda x: x[::-1],
    "cumsum": np.cumsum, "sort": np.sort,
    # indexed reads next to whole-array uses of the same value
    "plus_first": lambda x: x + x[0], "times_last": lambda x: x * x[-1],
    "slice_sum": lambda x: 0.5 * x[1:].sum() + x, "mask": lambda x: np.sum(x[MASK] ** 2) + x,
    "take": lambda x: np.take(x, [2, 0, 0]), "gather": lambda x: x[[1, 1, 0]],
}
MASK = onp.array([True, False, True])
BINARY = {
    "add": np.add, "sub": np.subtract, "mul": np.multiply,
    "div": lambda x, y: x / (1.5 + np.sin(y)), "hypot": lambda x, y: np.hypot(x, 1.0 + y * y),
    "dot": lambda x, y: np.dot(x, y) * np.ones(len(x)), "logaddexp": np.logaddexp,
}

step = st.one_of(
    st.tuples(st.just(1), st.sampled_from(sorted(UNARY)), st.integers(0, 100)),
    st.tuples(st.just(2), st.sampled_from(sorted(BINARY)), st.integers(0, 100), st.integers(0, 100)),
)


def build(steps):
    def f(x, y):
        values = [x, y]
        for s in steps:
            if s[0] == 1:
                values.append(UNARY[s[1]](values[s[2] % len(values)]))
            else:
                values.append(BINARY[s[1]](values[s[2] % len(values)], values[s[3] % len(values)]))
        return sum(np.sum(v) for v in values[2:])  # every step reaches the output
    return f


@settings(max_examples=60, deadline=None)
@given(st.lists(step, min_size=1, max_size=8), st.integers(0, 2 ** 32 - 1))
def test_random_expression_graph_matches_central_differences(steps, seed):
    rng = onp.random.default_rng(seed)
    x, y = rng.uniform(-1, 1, 3), rng.uniform(-1, 1, 3)
    wg.check_grad(build(steps), x, y, modes=("rev", "fwd"), order=2, rtol=1e-4, atol=1e-5)


@settings(max_examples=30, deadline=None)
@given(st.lists(step, min_size=1, max_size=8), st.integers(0, 2 ** 32 - 1))
def test_random_graph_gradient_is_the_same_in_both_modes(steps, seed):
    rng = onp.random.default_rng(seed)
    x, y = rng.uniform(-1, 1, 3), rng.uniform(-1, 1, 3)
    f = build(steps)
    reverse = wg.grad(f)(x, y)
    forward = wg.jacobian(lambda x: f(x, y), mode="fwd")(x)
    onp.testing.assert_allclose(reverse, forward, rtol=1e-12, atol=1e-12)


@settings(max_examples=150, deadline=None)
@given(st.lists(step, min_size=3, max_size=12), st.integers(0, 2 ** 32 - 1))
def test_random_graph_hessian_by_every_route(steps, seed):
    """hessian, jacobian(grad) in both modes, grad of a jvp and hvp all agree with
    central differences of the gradient, and with each other."""
    rng = onp.random.default_rng(seed)
    x, y = rng.uniform(-1, 1, 3), rng.uniform(-1, 1, 3)
    f2 = build(steps)

    def f(x):
        return f2(x, y)

    g = wg.grad(f)
    eps = 1e-5
    numeric = onp.stack([(g(x + eps * e) - g(x - eps * e)) / (2 * eps) for e in onp.eye(3)], -1)
    h = wg.hessian(f)(x)
    onp.testing.assert_allclose(h, numeric, rtol=1e-4, atol=1e-5, err_msg="hessian")
    for mode in ("fwd", "rev"):
        onp.testing.assert_allclose(wg.jacobian(g, mode=mode)(x), h, rtol=1e-10, atol=1e-10,
                                    err_msg=f"jacobian(grad, mode={mode!r})")
    v = rng.standard_normal(3)
    onp.testing.assert_allclose(wg.grad(lambda z: wg.jvp(f, (z,), (v,))[1])(x), h @ v,
                                rtol=1e-10, atol=1e-10, err_msg="grad of jvp")
    onp.testing.assert_allclose(wg.hvp(f)(x, v), h @ v, rtol=1e-10, atol=1e-10, err_msg="hvp")
