"""Second order when an input is read by indexing and also used whole (issue 16).

The reverse sweep builds such an input's adjoint from scattered cotangents
(written in place into a buffer it owns) and from traced ones (higher-order
sweeps); every transform that differentiates a gradient must give the Hessian
computed by central differences of the first-order gradient.
"""

import numpy as onp
import pytest

import wengert as wg
import wengert.numpy as np

MASK = onp.array([True, False, True, True])
X = onp.array([0.5, 1.0, -0.7, 0.3])

VARIANTS = {
    "issue (scatter first)": lambda x: np.sum(x) + np.sum(x ** 3) + x[0],
    "scatter last": lambda x: x[0] + np.sum(x ** 3) + np.sum(x),
    "scatter between": lambda x: np.sum(x) + x[-1] * 2.0 + np.sum(x ** 3),
    "several indexed reads": lambda x: x[0] + np.sum(x ** 3) + x[1:3].sum() ** 2 + x[-1] + np.sum(x),
    "repeated index": lambda x: np.sum(x[[0, 0, 2]]) + np.sum(np.sin(x)) + np.sum(x),
    "boolean mask": lambda x: np.sum(x) + np.sum(x[MASK] ** 2) * x[1] + np.sum(np.exp(x)),
    "take": lambda x: np.sum(np.take(x, [3, 0, 0]) * x[:3]) + np.sum(x * x) + np.sum(x),
    "index times whole": lambda x: x[0] * np.sum(x ** 2) + np.sum(x),
    "matrix rows": lambda x: np.sum(x.reshape(2, 2)[0] ** 3) + np.sum(x) + x.reshape(2, 2)[1, 1],
}


def reference_hessian(f, x, eps=1e-5):
    """Central differences of the first-order gradient (which issue 16 left correct)."""
    g = wg.grad(f)
    cols = []
    for k in range(x.size):
        e = onp.zeros_like(x)
        e[k] = eps
        cols.append((g(x + e) - g(x - e)) / (2 * eps))
    return onp.stack(cols, axis=-1)


def second_order_transforms(f, x):
    """The Hessian by every route a user can take, both orders of transform."""
    n = x.size
    basis = onp.eye(n)
    return {
        "hessian": wg.hessian(f)(x),
        "jacobian(grad, fwd)": wg.jacobian(wg.grad(f), mode="fwd")(x),
        "jacobian(grad, rev)": wg.jacobian(wg.grad(f), mode="rev")(x),
        "jvp(grad)": onp.stack([wg.jvp(wg.grad(f), (x,), (v,))[1] for v in basis], axis=-1),
        "grad(grad . v)": onp.stack([wg.grad(lambda z, v=v: np.sum(wg.grad(f)(z) * v))(x)
                                     for v in basis]),
        "grad(jvp)": onp.stack([wg.grad(lambda z, v=v: wg.jvp(f, (z,), (v,))[1])(x)
                                for v in basis]),
        "hvp": onp.stack([wg.hvp(f)(x, v) for v in basis]),
    }


def test_the_issue_case_gives_the_exact_hessian():
    f = VARIANTS["issue (scatter first)"]
    x = onp.array([0.5, 1.0])
    v = onp.array([1.0, 0.0])
    onp.testing.assert_array_equal(wg.hessian(f)(x), [[3.0, 0.0], [0.0, 6.0]])
    onp.testing.assert_array_equal(wg.jvp(wg.grad(f), (x,), (v,))[1], [3.0, 0.0])
    onp.testing.assert_array_equal(wg.grad(lambda z: np.sum(wg.grad(f)(z) * v))(x), [3.0, 0.0])


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_every_second_order_route_gives_the_hessian(name):
    f = VARIANTS[name]
    expected = reference_hessian(f, X)
    for route, h in second_order_transforms(f, X).items():
        onp.testing.assert_allclose(h, expected, rtol=1e-6, atol=1e-7, err_msg=f"{name}: {route}")


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_the_first_order_gradient_is_not_disturbed(name):
    f = VARIANTS[name]
    wg.check_grad(f, X, order=2)
