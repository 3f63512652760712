"""`least_squares`: nonlinear least squares with SciPy's arguments and the engine's Jacobian.

- `solve`: `least_squares` itself: the checks, the choice of method, the restart;
- `residuals`: the user's residual function, counted, with its Jacobian (dense,
  or as a `LinearOperator`) and second directional derivative from the engine;
- `geodesic`: Levenberg-Marquardt with geodesic acceleration, the default solver.
"""

from __future__ import annotations

from .geodesic import ACCELERATION_RATIO, geodesic_lm
from .residuals import Residuals
from .solve import (DEFAULT_TOL, OPERATOR_ABOVE, check_bounds, kept_singular_values,
                    least_squares, rank_deficiency)

__all__ = ["least_squares", "geodesic_lm", "Residuals", "rank_deficiency", "check_bounds",
           "kept_singular_values", "DEFAULT_TOL", "OPERATOR_ABOVE", "ACCELERATION_RATIO"]
