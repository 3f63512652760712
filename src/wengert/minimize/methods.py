"""SciPy's method table (what each `scipy.optimize.minimize` method uses and takes), and its checks.

The sets are public because other layers ask the same questions (the models
set no gradient tolerance for a `DERIVATIVE_FREE` method); keys are lower case.
"""

from __future__ import annotations

from .. import optim

__all__ = ["SCIPY_METHODS", "CANONICAL", "DERIVATIVE_FREE", "USES_HESSP", "USES_HESS",
           "TAKES_BOUNDS", "TAKES_CONSTRAINTS", "NATIVE_GTOL", "NO_NATIVE_MAXITER",
           "valid_methods", "scipy_options"]

#: The `scipy.optimize.minimize` methods, in SciPy's spelling (any case is accepted).
SCIPY_METHODS = ("Nelder-Mead", "Powell", "CG", "BFGS", "Newton-CG", "L-BFGS-B", "TNC",
                 "COBYLA", "COBYQA", "SLSQP", "trust-constr", "dogleg", "trust-ncg",
                 "trust-exact", "trust-krylov")
#: Lower-case name -> SciPy's spelling.
CANONICAL = {m.lower(): m for m in SCIPY_METHODS}

# What each SciPy method uses and takes (from SciPy's documentation of minimize).
#: Methods that use no gradient (so no gradient tolerance applies to them).
DERIVATIVE_FREE = frozenset({"nelder-mead", "powell", "cobyla", "cobyqa"})
#: Methods given Hessian-vector products (``hessp``).
USES_HESSP = frozenset({"newton-cg", "trust-ncg", "trust-krylov", "trust-constr"})
#: Methods given the whole Hessian (``hess``).
USES_HESS = frozenset({"trust-exact", "dogleg"})
TAKES_BOUNDS = frozenset({"nelder-mead", "powell", "l-bfgs-b", "tnc", "slsqp", "trust-constr",
                          "cobyla", "cobyqa"})
TAKES_CONSTRAINTS = frozenset({"cobyla", "cobyqa", "slsqp", "trust-constr"})
#: Methods with a ``gtol`` option of their own; minimize tests ``|g| <= gtol`` for the others.
NATIVE_GTOL = frozenset({"cg", "bfgs", "l-bfgs-b", "tnc", "trust-constr", "dogleg", "trust-ncg",
                         "trust-exact", "trust-krylov"})
#: TNC counts function evaluations (``maxfun``) instead of iterations.
NO_NATIVE_MAXITER = frozenset({"tnc"})


def valid_methods():
    """Every method name `minimize` accepts, for an error message."""
    return ", ".join([repr(n) for n in optim.names()] + [repr(m) for m in SCIPY_METHODS])


def scipy_options(key, settings, options):
    """SciPy's solver options for method `key`, with `maxiter` and `gtol` where it reads them.

    Raises ValueError, before any work, for bounds, constraints or a gtol the
    method cannot use, and for maxiter or gtol given both as a keyword and in
    `options`. Options the method does not know are left for SciPy to refuse.
    """
    name = CANONICAL[key]
    if settings.bounds is not None and key not in TAKES_BOUNDS:
        raise ValueError(f"{name} does not take bounds; methods that do: "
                         f"{', '.join(CANONICAL[m] for m in sorted(TAKES_BOUNDS))}")
    if settings.constraints and key not in TAKES_CONSTRAINTS:
        raise ValueError(f"{name} does not take constraints; methods that do: "
                         f"{', '.join(CANONICAL[m] for m in sorted(TAKES_CONSTRAINTS))}")
    if settings.gtol is not None and key in DERIVATIVE_FREE:
        raise ValueError(f"{name} does not use gradients, so gtol does not apply")
    for option, value in (("maxiter", settings.maxiter), ("gtol", settings.gtol)):
        if value is not None and option in options:
            raise ValueError(f"{option} given both as a keyword and in options")
    options = dict(options)
    if settings.maxiter is not None and key not in NO_NATIVE_MAXITER:
        options["maxiter"] = settings.maxiter
    if settings.gtol is not None and key in NATIVE_GTOL:
        options["gtol"] = settings.gtol
    return options
