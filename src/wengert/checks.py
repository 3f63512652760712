"""`check_grad`: compare AD with central differences along random directions.

For each argument in turn, a random direction ``v`` is pushed through the
function by central differences, ``(f(x + h v) - f(x - h v)) / 2h``, and
compared with forward mode (``jvp`` along ``v``) and with reverse mode (the
identity ``<u, J v> = <J^T u, v>`` for a random cotangent ``u``). At order 2
the same is done to the derivative functions themselves, so second-order
rules (``grad(grad(f))``, ``hvp``) are checked too.
"""

from __future__ import annotations

import numpy as _np

from .transforms import as_input, jvp, vjp
from .tree import flatten, tree_map

__all__ = ["check_grad"]


def check_grad(fun, *args, modes=("rev", "fwd"), order=2, eps=1e-6, rtol=1e-5, atol=1e-6, seed=0):
    """Check the derivatives of `fun` at `args` against central differences.

    Parameters
    ----------
    fun : callable
        Written with ``wengert.numpy``; arguments and result may be pytrees.
    *args
        The point. Every argument is checked.
    modes : tuple of {"rev", "fwd"}
        Which modes to check.
    order : int
        1 checks first derivatives; 2 also checks the derivatives of the
        derivative functions (reverse and forward), and so on.

    Raises
    ------
    AssertionError
        Naming the argument, the mode, the order and the worst error.

    Examples
    --------
    >>> import wengert as wg, wengert.numpy as np
    >>> wg.check_grad(lambda x: np.sum(np.tanh(x) ** 2), np.linspace(-1, 1, 5))
    """
    for mode in modes:
        if mode not in ("rev", "fwd"):
            raise ValueError(f"modes must be among 'rev' and 'fwd'; got {mode!r}")
    args = tuple(tree_map(lambda a: as_input(a, "check_grad argument"), a) for a in args)
    rng = _np.random.default_rng(seed)
    _check(fun, args, tuple(modes), order, eps, rtol, atol, rng, "f")


def _check(fun, args, modes, order, eps, rtol, atol, rng, label):
    for i in range(len(args)):
        x = args[i]

        def f_i(xi, i=i):
            return fun(*args[:i], xi, *args[i + 1:])

        v = tree_map(lambda a: _direction(a, rng), x)
        plus = _flat(f_i(tree_map(lambda a, d: a + eps * d, x, v)))
        minus = _flat(f_i(tree_map(lambda a, d: a - eps * d, x, v)))
        numeric = (plus - minus) / (2 * eps)
        where = f"argument {i} of {label}"

        out, vjp_fn = vjp(f_i, x)
        u = tree_map(lambda o: _direction(o, rng), out)
        if "rev" in modes:  # <u, J v> = <J^T u, v>, pairing complex values by Re(sum(a * b))
            reverse = _np.dot(_flat(vjp_fn(u)[0]), _flat(v)).real
            _compare(_np.atleast_1d(reverse), _np.atleast_1d(_np.dot(_flat(u), numeric).real),
                     rtol, atol, f"reverse mode, {where}")
        if "fwd" in modes:
            forward = _flat(jvp(f_i, (x,), (v,))[1])
            _compare(forward, numeric, rtol, atol, f"forward mode, {where}")
        if order > 1:
            if "rev" in modes:
                _check(lambda *a, i=i, u=u: vjp(lambda xi: fun(*a[:i], xi, *a[i + 1:]), a[i])[1](u)[0],
                       args, modes, order - 1, eps, rtol, atol, rng,
                       f"the reverse-mode derivative of {label} in argument {i}")
            if "fwd" in modes:
                _check(lambda *a, i=i, v=v: jvp(lambda xi: fun(*a[:i], xi, *a[i + 1:]), (a[i],), (v,))[1],
                       args, modes, order - 1, eps, rtol, atol, rng,
                       f"the forward-mode derivative of {label} in argument {i}")


def _direction(a, rng):
    """A random direction for `a`: complex values move off the real axis too."""
    d = rng.standard_normal(_np.shape(a))
    return d + 1j * rng.standard_normal(_np.shape(a)) if _np.iscomplexobj(a) else d


def _flat(tree):
    leaves, _ = flatten(tree)
    if not leaves:
        return _np.zeros(0)
    arrays = [_np.ravel(_np.asarray(leaf)) for leaf in leaves]
    dtype = complex if any(_np.iscomplexobj(a) for a in arrays) else float
    return _np.concatenate([a.astype(dtype) for a in arrays])


def _compare(ad, numeric, rtol, atol, where):
    if _np.iscomplexobj(ad) or _np.iscomplexobj(numeric):  # real and imaginary parts each
        ad, numeric = (_np.concatenate([_np.real(a), _np.imag(a)]) for a in (ad, numeric))
    err = _np.abs(ad - numeric)
    bound = atol + rtol * _np.abs(numeric)
    if not _np.all(err <= bound):  # also fails on NaN
        k = int(_np.nanargmax(_np.where(_np.isnan(err), _np.inf, err - bound)))
        raise AssertionError(
            f"derivative check failed ({where}): AD gives {ad[k]!r} but central differences "
            f"give {numeric[k]!r} at element {k} (abs error {err[k]:.3g}, allowed {bound[k]:.3g}; "
            f"worst of {err.size}).")
