"""``wengert.models``: small regression models and ``curve_fit``, fitted with exact gradients.

Estimators follow scikit-learn's conventions (``fit`` / ``predict`` / ``score``,
hyperparameters in ``__init__``, fitted attributes ending in ``_``) and are
fitted with `wengert.minimize`; `curve_fit` follows `scipy.optimize.curve_fit`.
"""

from __future__ import annotations

from .curve_fit import curve_fit

__all__ = ["curve_fit"]
