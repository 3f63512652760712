"""Every kind of derivative of one function: gradient, Jacobian, Hessian, products, checks.

Run: python examples/derivatives.py
"""

import numpy

import wengert as wg
import wengert.numpy as np


def rosen(x):
    """Rosenbrock's function: a scalar of a vector."""
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def residuals(x):
    """A vector of a vector: the terms Rosenbrock squares and sums."""
    return np.concatenate([10.0 * (x[1:] - x[:-1] ** 2), 1.0 - x[:-1]])


x = numpy.array([-1.2, 1.0, 0.5])
v = numpy.array([1.0, 0.0, -1.0])

value, g = wg.value_and_grad(rosen)(x)          # one forward and one reverse pass
print("f(x) =", value)
print("gradient          ", g)
print("Jacobian (rev)    ", wg.jacobian(residuals, mode="rev")(x).shape, "= out.shape + in.shape")
print("Jacobian fwd == rev:", numpy.allclose(wg.jacobian(residuals, mode="fwd")(x),
                                             wg.jacobian(residuals, mode="rev")(x)))
H = wg.hessian(rosen)(x)
print("Hessian\n", H)
print("Hessian-vector product", wg.hvp(rosen)(x, v), "== H @ v", H @ v)

out, vjp_fn = wg.vjp(residuals, x)               # reverse mode, any seed
print("vjp with seed e_0:", vjp_fn(numpy.eye(4)[0])[0], "(row 0 of the Jacobian)")
_, tangent = wg.jvp(residuals, (x,), (v,))       # forward mode, input seed v
print("jvp along v:      ", tangent, "(the Jacobian times v)")

print("third derivative of sin at 0:", wg.grad(wg.grad(wg.grad(np.sin)))(0.0), "(exact: -1)")
wg.check_grad(rosen, x)                           # central differences, both modes, order 2
print("check_grad: reverse and forward mode agree with central differences, to order 2")
