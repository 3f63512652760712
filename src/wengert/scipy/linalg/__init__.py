"""``wengert.scipy.linalg``: SciPy's linear algebra with derivatives.

Same names, arguments and values as ``scipy.linalg``; every function below is
differentiable in its array arguments, by rules that call differentiable
functions again (higher orders work). Any other ``scipy.linalg`` function works
on plain values and, on a traced value, raises an error naming it.
"""

from __future__ import annotations

import scipy.linalg as _sl

from ..coverage import LINALG
from ..guards import scipy_attribute
from .basic import (coshm, det, eigh, eigvalsh, inv, norm, pinv, sinhm, solve, solve_continuous_lyapunov,
                    solve_lyapunov, tanhm)
from .matrix_functions import expm, expm_frechet, solve_sylvester, sqrtm
from .structured import block_diag, circulant, hankel, khatri_rao, solve_banded, toeplitz
from .triangular import cho_factor, cho_solve, cholesky, solve_triangular

__all__ = ["solve_triangular", "cholesky", "cho_factor", "cho_solve", "sqrtm", "expm",
           "expm_frechet", "solve_sylvester", "solve_banded", "block_diag", "solve", "inv", "det",
           "pinv", "norm", "eigh", "eigvalsh", "solve_continuous_lyapunov", "solve_lyapunov", "coshm",
           "sinhm", "tanhm", "toeplitz", "hankel", "circulant", "khatri_rao"]


def __getattr__(name):
    """Anything else ``scipy.linalg`` has: plain values pass, traced ones are refused by name."""
    return scipy_attribute(_sl, name, LINALG, "wengert.scipy.linalg")
