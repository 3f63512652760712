"""``wengert.scipy.linalg``: SciPy's linear algebra with derivatives."""

from __future__ import annotations

from .triangular import cho_factor, cho_solve, cholesky, solve_triangular

__all__ = ["solve_triangular", "cholesky", "cho_factor", "cho_solve"]
