"""Random expression graphs (hypothesis): any composition of rules differentiates correctly.

A graph is a list of steps; each step applies a unary or binary operation to
earlier values (so values are reused along several paths), and the output is
the sum of the last value, so reverse mode sees a scalar.
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
}
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
        return np.sum(values[-1])
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
