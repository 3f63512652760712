"""Writing differentiable functions of your own: the layer ``wengert.scipy`` builds on.

As autograd's ``extend``: `primitive`, `defvjp` and `defjvp` make any function
a step of the trace with its own rules; the helpers below make the common
kinds of rule one line each, with NumPy's broadcasting undone for you.

>>> import numpy, wengert as wg
>>> from wengert.extend import elementwise
>>> softplus = elementwise(lambda x: numpy.logaddexp(0.0, x), lambda ans, x: 1.0 - numpy.exp(-ans),
...                        name="softplus")
>>> float(wg.grad(softplus)(0.0))
0.5

The rules of an `elementwise` function are written with ``wengert.numpy``
when they should differentiate again (higher orders).
"""

from .numpy._broadcasting import broadcast_to, shape_of, sum_to, unbroadcast
from .numpy._reductions import spread
from .numpy._wrapping import (contains_traced, contains_tracer, elementwise, is_complex, linear,
                              multilinear, nondiff, raw_array, uncovered, wrap)
from .tracer import Tracer, defjvp, defvjp, is_traced, primitive, raw

__all__ = ["primitive", "defvjp", "defjvp", "is_traced", "raw", "Tracer", "wrap", "elementwise",
           "linear", "multilinear", "nondiff", "uncovered", "contains_tracer", "contains_traced",
           "raw_array", "shape_of",
           "broadcast_to", "sum_to", "unbroadcast", "spread", "is_complex"]
