"""A user-defined primitive with its own derivative rules.

`log1pexp(x) = log(1 + exp(x))` (softplus) overflows when written naively for
large x. As a primitive it is computed stably by NumPy, and its derivative
rules are given directly: the reverse rule (a VJP maker, as in autograd: given
the output and the input, it returns the map from the output cotangent g to
g * sigmoid(x)) and the forward rule (JVP: the input tangent t to
t * sigmoid(x)). Because the rules are written with wengert.numpy, second
derivatives work too.

Run: python examples/custom_primitive.py
"""

import numpy

import wengert as wg
import wengert.numpy as np


@wg.primitive
def log1pexp(x):
    """softplus, stable for large |x|: log(1 + exp(x)) = logaddexp(0, x)."""
    return numpy.logaddexp(0.0, x)


def sigmoid(x):
    return 0.5 * (np.tanh(0.5 * x) + 1.0)  # differentiable, so rules can be differentiated again


wg.defvjp(log1pexp, lambda ans, x: lambda g: g * sigmoid(x))
wg.defjvp(log1pexp, lambda t, ans, x: t * sigmoid(x))


def loss(w):
    return np.sum(log1pexp(w * 800.0)) / 800.0  # large arguments: exp(800) would overflow


if __name__ == "__main__":
    w = numpy.array([-1.0, 0.0, 1.0])
    print("loss:", loss(w))
    print("gradient (reverse):", wg.grad(loss)(w))
    print("directional derivative (forward):", wg.jvp(loss, (w,), (numpy.ones(3),))[1])
    print("second derivative of log1pexp at 0:", wg.grad(wg.grad(log1pexp))(0.0), "(exact: 0.25)")
    wg.check_grad(lambda x: np.sum(log1pexp(x)), numpy.array([-2.0, 0.5, 3.0]))
    print("check_grad: reverse and forward rules agree with central differences, to order 2")
