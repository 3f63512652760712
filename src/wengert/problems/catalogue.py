"""The test functions: one constructor each, with its formula, minimum, start, box and source.

Every constructor returns a `Problem` whose minimum is known: ``x_star``
holds every known global minimizer (one per row), ``f_star`` the minimum
value. `get` finds one by name, `names` lists them.

Sources: M. Jamil and X.-S. Yang, "A literature survey of benchmark functions
for global optimization problems", Int. J. Math. Model. Numer. Optim. 4(2), 2013
(cited as [Jamil & Yang]); S. Surjanovic and D. Bingham, Virtual Library of
Simulation Experiments, https://www.sfu.ca/~ssurjano/optimization.html (cited as
[SFU]); and https://en.wikipedia.org/wiki/Test_functions_for_optimization
(cited as [Wikipedia]).
"""

from __future__ import annotations

import functools
import re

import numpy as _np

from . import objectives
from .problem import Problem

__all__ = ["get", "names", "ackley", "beale", "booth", "easom", "goldstein_price", "himmelblau",
           "ill_conditioned_quadratic", "levy", "matyas", "mccormick", "rastrigin", "rosenbrock",
           "sphere", "styblinski_tang", "three_hump_camel"]


# name -> constructor; filled by @_register in the order of this file
_REGISTRY = {}
_VARIABLE_DIM = set()


def _register(variable_dim=False):
    def decorate(constructor):
        _REGISTRY[constructor.__name__] = constructor
        if variable_dim:
            _VARIABLE_DIM.add(constructor.__name__)
        return constructor
    return decorate


def names():
    """Names of all test functions, in the order they are defined.

    Returns
    -------
    list of str
    """
    return list(_REGISTRY)


def get(name, dim=None, **kwargs):
    """The test function called `name`.

    Parameters
    ----------
    name : str
        One of `names()`; a dimension suffix is understood (``"rosenbrock-10d"``).
    dim : int, optional
        Number of variables, for the functions defined in any dimension
        (default 2). The 2-D classics accept only ``None`` or 2.
    **kwargs
        Passed to the constructor (``cond`` for ``ill_conditioned_quadratic``).

    Returns
    -------
    Problem

    Examples
    --------
    >>> get("himmelblau").x_star.shape
    (4, 2)
    """
    match = re.fullmatch(r"(.+)-(\d+)d", name)
    if match and match.group(1) in _REGISTRY:
        name, suffix_dim = match.group(1), int(match.group(2))
        if dim is not None and dim != suffix_dim:
            raise ValueError(f"{match.group(0)!r} names dimension {suffix_dim}, but dim={dim}")
        dim = suffix_dim
    key = name.lower().replace("-", "_")
    if key not in _REGISTRY:
        raise ValueError(f"unknown test function {name!r}; known: {', '.join(names())}")
    if key in _VARIABLE_DIM:
        return _REGISTRY[key](**({} if dim is None else {"dim": dim}), **kwargs)
    if dim not in (None, 2):
        raise ValueError(f"{key} is defined in 2 dimensions only; got dim={dim}")
    return _REGISTRY[key](**kwargs)


def _dim_name(name, dim):
    if not isinstance(dim, (int, _np.integer)) or dim < 1:
        raise ValueError(f"{name}: dim must be a positive integer; got {dim!r}")
    return name if dim == 2 else f"{name}-{dim}d"


def _known(name, fun, x0, x_star, f_star, bounds, **details):
    """A `Problem` whose minimizers and minimum are known (every test function's case)."""
    return Problem(fun, x0, name=name, f_star=f_star, x_star=x_star, bounds=bounds, **details)


# ---------------------------------------------------------------- constructors

@_register(variable_dim=True)
def sphere(dim=2):
    r"""Sphere: the easiest test, a perfectly conditioned quadratic bowl.

    .. math:: f(x) = \sum_{i=1}^{n} x_i^2

    Minimum ``f(0) = 0``; box ``[-5.12, 5.12]^n``; start ``(3, ..., 3)``
    (chosen here). Source: [SFU] "Sphere Function"; [Wikipedia].
    """
    return _known(_dim_name("sphere", dim), objectives.sphere, _np.full(dim, 3.0),
                  _np.zeros((1, dim)), 0.0, [[-5.12, 5.12]] * dim,
                  summary="sum x_i^2; one round bowl", family="sphere")


@_register(variable_dim=True)
def ill_conditioned_quadratic(dim=2, cond=100.0):
    r"""Ill-conditioned quadratic: a rotated, stretched bowl.

    .. math:: f(x) = \tfrac12 x^\top Q \,\mathrm{diag}(d)\, Q^\top x,
              \qquad d_i = \kappa^{(i-1)/(n-1)}

    The Hessian's eigenvalues run log-evenly from 1 to ``cond`` (κ), so its
    condition number is ``cond``. ``Q`` is a fixed orthogonal matrix (QR of a
    Gaussian matrix drawn with seed 0): rotating the axes keeps the problem
    from being solved by per-coordinate step sizes alone (Adam, RMSprop).
    Minimum ``f(0) = 0``; box ``[-5, 5]^n``; start ``(3, ..., 3)`` (chosen
    here). Source: the standard model problem for gradient descent, e.g.
    J. Nocedal and S. J. Wright, Numerical Optimization, 2nd ed., section 3.3.
    """
    if cond < 1:
        raise ValueError(f"cond is a condition number, at least 1; got {cond}")
    q, r = _np.linalg.qr(_np.random.default_rng(0).standard_normal((dim, dim)))
    q = q * _np.sign(_np.diag(r))  # a unique Q, whatever LAPACK's sign convention
    d = cond ** (_np.arange(dim) / max(dim - 1, 1))
    A = (q * d) @ q.T
    A = (A + A.T) / 2
    name = _dim_name("ill_conditioned_quadratic", dim)
    if cond != 100.0:
        name += f"-cond{cond:g}"
    return _known(name, functools.partial(objectives.quadratic, A=A), _np.full(dim, 3.0),
                  _np.zeros((1, dim)), 0.0, [[-5.0, 5.0]] * dim,
                  summary=f"x'Ax/2, condition number {cond:g}; rotated narrow valley",
                  family="ill_conditioned_quadratic")


@_register(variable_dim=True)
def rosenbrock(dim=2):
    r"""Rosenbrock: a curved, flat-bottomed banana-shaped valley.

    .. math:: f(x) = \sum_{i=1}^{n-1} \left[100\,(x_{i+1} - x_i^2)^2 + (1 - x_i)^2\right]

    Minimum ``f(1, ..., 1) = 0`` (for ``n >= 4`` there is also a local minimum
    near ``(-1, 1, ..., 1)``). Start ``(-1.2, 1)``, repeated as
    ``(-1.2, 1, -1.2, 1, ...)`` in higher dimensions; box ``[-2, 2] x [-1, 3]``
    in 2-D and ``[-2, 2]^n`` otherwise. Source: H. H. Rosenbrock, "An automatic
    method for finding the greatest or least value of a function", The
    Computer Journal 3(3), 1960; chained form as in [SFU] and
    ``scipy.optimize.rosen``.
    """
    if dim < 2:
        raise ValueError(f"rosenbrock needs dim >= 2; got {dim}")
    x0 = _np.where(_np.arange(dim) % 2 == 0, -1.2, 1.0)
    bounds = [[-2.0, 2.0], [-1.0, 3.0]] if dim == 2 else [[-2.0, 2.0]] * dim
    return _known(_dim_name("rosenbrock", dim), objectives.rosenbrock, x0, _np.ones((1, dim)),
                  0.0, bounds, summary="sum 100(x_{i+1} - x_i^2)^2 + (1 - x_i)^2; curved valley",
                  family="rosenbrock")


@_register()
def beale():
    r"""Beale: steep walls and flat arms meeting at a narrow minimum.

    .. math:: f(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2

    Minimum ``f(3, 0.5) = 0``; box ``[-4.5, 4.5]^2``; start ``(1, 1)``.
    Source: E. M. L. Beale, "On an iterative method for finding a local
    minimum of a function of more than one variable", 1958; start from
    J. J. Moré, B. S. Garbow and K. E. Hillstrom, "Testing unconstrained
    optimization software", ACM TOMS 7(1), 1981; [SFU].
    """
    return _known("beale", objectives.beale, [1.0, 1.0], [[3.0, 0.5]], 0.0, [[-4.5, 4.5]] * 2,
                  summary="sum of three squared polynomials; flat arms, sharp minimum")


@_register()
def booth():
    r"""Booth: a well-conditioned quadratic (a 2x2 linear least-squares problem).

    .. math:: f(x, y) = (x + 2y - 7)^2 + (2x + y - 5)^2

    Minimum ``f(1, 3) = 0``; box ``[-10, 10]^2``; start ``(-5, -5)`` (chosen
    here). Source: [SFU] "Booth Function"; [Jamil & Yang] no. 23.
    """
    return _known("booth", objectives.booth, [-5.0, -5.0], [[1.0, 3.0]], 0.0, [[-10.0, 10.0]] * 2,
                  summary="(x + 2y - 7)^2 + (2x + y - 5)^2; a plain quadratic")


@_register()
def matyas():
    r"""Matyas: a quadratic with a long, shallow valley along ``x = y``.

    .. math:: f(x, y) = 0.26\,(x^2 + y^2) - 0.48\,xy

    Hessian eigenvalues 0.04 and 1 (condition number 25). Minimum
    ``f(0, 0) = 0``; box ``[-10, 10]^2``; start ``(8, 2)`` (chosen here).
    Source: [SFU] "Matyas Function"; [Jamil & Yang] no. 71.
    """
    return _known("matyas", objectives.matyas, [8.0, 2.0], [[0.0, 0.0]], 0.0, [[-10.0, 10.0]] * 2,
                  summary="0.26(x^2 + y^2) - 0.48xy; shallow diagonal valley")


@_register()
def himmelblau():
    r"""Himmelblau: four global minima of equal value.

    .. math:: f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2

    Minima, all with ``f = 0``: ``(3, 2)``, ``(-2.805118..., 3.131312...)``,
    ``(-3.779310..., -3.283185...)``, ``(3.584428..., -1.848126...)`` (roots
    polished to 20 digits with mpmath). Box ``[-5, 5]^2``; start ``(0, 0)``
    (chosen here). Source: D. M. Himmelblau, Applied Nonlinear Programming,
    McGraw-Hill, 1972; [Wikipedia].
    """
    x_star = [[3.0, 2.0],
              [-2.8051180869527448531, 3.1313125182505729658],
              [-3.7793102533777468919, -3.2831859912861694123],
              [3.5844283403304917449, -1.8481265269644035535]]
    return _known("himmelblau", objectives.himmelblau, [0.0, 0.0], x_star, 0.0, [[-5.0, 5.0]] * 2,
                  summary="(x^2 + y - 11)^2 + (x + y^2 - 7)^2; four equal minima")


@_register()
def three_hump_camel():
    r"""Three-hump camel: a global minimum between two local ones.

    .. math:: f(x, y) = 2x^2 - 1.05x^4 + x^6/6 + xy + y^2

    Minimum ``f(0, 0) = 0``; local minima near ``±(1.748, -0.874)``. Box
    ``[-2, 2]^2`` (the usual ``[-5, 5]^2`` is dominated by the ``x^6`` walls);
    start ``(-1, -1.5)`` (chosen here). Source: [SFU] "Three-Hump Camel
    Function"; [Jamil & Yang] no. 29.
    """
    return _known("three_hump_camel", objectives.three_hump_camel, [-1.0, -1.5], [[0.0, 0.0]], 0.0,
                  [[-2.0, 2.0]] * 2, summary="2x^2 - 1.05x^4 + x^6/6 + xy + y^2; three valleys")


@_register()
def goldstein_price():
    r"""Goldstein-Price: an eighth-degree polynomial spanning six orders of magnitude.

    .. math:: f(x, y) = [1 + (x + y + 1)^2 (19 - 14x + 3x^2 - 14y + 6xy + 3y^2)]
              \,[30 + (2x - 3y)^2 (18 - 32x + 12x^2 + 48y - 36xy + 27y^2)]

    Minimum ``f(0, -1) = 3``, with local minima around it. Box ``[-2, 2]^2``;
    start ``(0.5, 0.5)`` (chosen here). Source: A. A. Goldstein and J. F. Price,
    "On descent from local minima", Mathematics of Computation 25(115), 1971;
    [SFU].
    """
    return _known("goldstein_price", objectives.goldstein_price, [0.5, 0.5], [[0.0, -1.0]], 3.0,
                  [[-2.0, 2.0]] * 2, summary="degree-8 polynomial, values from 3 to 1e6")


@_register(variable_dim=True)
def styblinski_tang(dim=2):
    r"""Styblinski-Tang: separable, with ``2^n`` local minima.

    .. math:: f(x) = \tfrac12 \sum_{i=1}^{n} (x_i^4 - 16x_i^2 + 5x_i)

    Minimum ``f = -39.16616570377142 n`` at ``x_i = -2.903534027771177``
    (the root of ``4t^3 - 32t + 5`` polished with mpmath). Box ``[-5, 5]^n``;
    start ``(0, ..., 0)`` (chosen here). Source: M. A. Styblinski and T.-S.
    Tang, "Experiments in nonconvex optimization: stochastic approximation
    with function smoothing and simulated annealing", Neural Networks 3(4),
    1990; [SFU].
    """
    t = -2.9035340277711770951
    return _known(_dim_name("styblinski_tang", dim), objectives.styblinski_tang, _np.zeros(dim),
                  _np.full((1, dim), t), -39.166165703771415464 * dim, [[-5.0, 5.0]] * dim,
                  summary="sum (x_i^4 - 16x_i^2 + 5x_i)/2; 2^n local minima",
                  family="styblinski_tang")


@_register(variable_dim=True)
def rastrigin(dim=2):
    r"""Rastrigin: a bowl covered in a regular grid of local minima.

    .. math:: f(x) = 10n + \sum_{i=1}^{n} \left[x_i^2 - 10 \cos(2\pi x_i)\right]

    Minimum ``f(0) = 0``; a local minimum near every integer point. Box
    ``[-5.12, 5.12]^n``; start ``(2.5, ..., 2.5)`` (chosen here). Source:
    L. A. Rastrigin, Systems of Extremal Control, 1974; [SFU].
    """
    return _known(_dim_name("rastrigin", dim), objectives.rastrigin, _np.full(dim, 2.5),
                  _np.zeros((1, dim)), 0.0, [[-5.12, 5.12]] * dim,
                  summary="10n + sum x_i^2 - 10cos(2 pi x_i); egg-crate of local minima",
                  family="rastrigin")


@_register(variable_dim=True)
def ackley(dim=2):
    r"""Ackley: a nearly flat, bumpy plateau around a sharp central funnel.

    .. math:: f(x) = -20 \exp\!\left(-0.2 \sqrt{\tfrac1n \textstyle\sum x_i^2}\right)
              - \exp\!\left(\tfrac1n \textstyle\sum \cos 2\pi x_i\right) + 20 + e

    Minimum ``f(0) = 0``, where ``f`` is not differentiable (the square root
    of the mean square has a cone point), so ``smooth`` is False. Box
    ``[-5, 5]^n`` (the usual ``[-32.768, 32.768]^n`` hides the funnel in a
    plot); start ``(2.5, ..., 2.5)`` (chosen here). Source: D. H. Ackley, A
    Connectionist Machine for Genetic Hillclimbing, Kluwer, 1987; [SFU].
    """
    return _known(_dim_name("ackley", dim), objectives.ackley, _np.full(dim, 2.5),
                  _np.zeros((1, dim)), 0.0, [[-5.0, 5.0]] * dim, smooth=False,
                  summary="exponential of a distance and of cosines; bumpy, with a cone",
                  family="ackley")


@_register(variable_dim=True)
def levy(dim=2):
    r"""Lévy (function no. 13 in its n-dimensional form): many local minima.

    .. math:: f(x) = \sin^2(\pi w_1) + \sum_{i=1}^{n-1} (w_i - 1)^2
              \left[1 + 10 \sin^2(\pi w_i + 1)\right]
              + (w_n - 1)^2 \left[1 + \sin^2(2\pi w_n)\right],
              \qquad w_i = 1 + \frac{x_i - 1}{4}

    Minimum ``f(1, ..., 1) = 0``; box ``[-10, 10]^n``; start
    ``(-4, ..., -4)`` (chosen here). Source: [SFU] "Levy Function"; A. V.
    Levy and A. Montalvo, "The tunneling algorithm for the global minimization
    of functions", SIAM J. Sci. Stat. Comput. 6(1), 1985.
    """
    return _known(_dim_name("levy", dim), objectives.levy, _np.full(dim, -4.0),
                  _np.ones((1, dim)), 0.0, [[-10.0, 10.0]] * dim,
                  summary="sines of w = 1 + (x - 1)/4; ridges of minima",
                  family="levy")


@_register()
def easom():
    r"""Easom: a single narrow well in a flat plane.

    .. math:: f(x, y) = -\cos x \cos y \exp\!\left(-(x - \pi)^2 - (y - \pi)^2\right)

    Minimum ``f(\pi, \pi) = -1``; the gradient is almost zero a few units away
    from it. Box ``[-1, 7]^2`` (the usual ``[-100, 100]^2`` shows only the
    plane); start ``(1.8, 2.2)`` (chosen here). Source: E. E. Easom, "A survey
    of global optimization techniques", M.Eng. thesis, Univ. of Louisville,
    1990; [SFU].
    """
    return _known("easom", objectives.easom, [1.8, 2.2], [[_np.pi, _np.pi]], -1.0,
                  [[-1.0, 7.0]] * 2,
                  summary="-cos x cos y exp(-|x - (pi, pi)|^2); a well in a plane")


@_register()
def mccormick():
    r"""McCormick: a sine ridge on a tilted plane, minimized over a box.

    .. math:: f(x, y) = \sin(x + y) + (x - y)^2 - 1.5x + 2.5y + 1

    Minimum over the box ``[-1.5, 4] x [-3, 4]``: ``f = -\sqrt3/2 - \pi/3
    = -1.9132229549810362`` at ``(1/2 - \pi/3, -1/2 - \pi/3)`` (solving
    ``cos(x + y) = -1/2``, ``x - y = 1``). Outside the box ``f`` is unbounded
    below (along ``x - y = 1`` it is ``sin s + s/2`` with ``s = x + y``), so
    an unconstrained run that crosses ``x + y = -4π/3`` runs away and its
    gap turns negative. Start ``(0, 0)`` (chosen here). Source: G. P.
    McCormick, "Computability of global solutions to factorable nonconvex
    programs", Mathematical Programming 10, 1976; [SFU].
    """
    third = _np.pi / 3
    return _known("mccormick", objectives.mccormick, [0.0, 0.0], [[0.5 - third, -0.5 - third]],
                  -_np.sqrt(3) / 2 - third, [[-1.5, 4.0], [-3.0, 4.0]],
                  summary="sin(x + y) + (x - y)^2 - 1.5x + 2.5y + 1 on a box")
