"""Small data sets for the examples, generated in code with fixed seeds.

Every data set here is synthetic: drawn from a stated model with known
parameters (kept in ``truth``), so a fit can be checked against the truth.
They are generated on each call, with NumPy's PCG64 generator and a fixed seed,
so the package ships no data files and every call returns the same numbers.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as _np

__all__ = ["Dataset", "load_plants", "load_blobs", "load_decay", "load_sine"]


class Dataset(SimpleNamespace):
    """A data set: ``X`` (or ``x``), ``y``, ``truth`` (the generating parameters), ``description``."""


def load_plants():
    """Biomass of 120 plants against light, water and temperature: a linear model.

    ``biomass = 2.0 + 1.5 * light + 0.03 * water - 0.4 * temperature + noise`` with
    light in hours/day (6-14), water in ml/day (100-400), temperature in °C
    (15-30) and Gaussian noise of standard deviation 2 g. The features have very
    different scales on purpose.

    Returns
    -------
    Dataset
        ``X`` (120, 3), ``y`` (120,), ``feature_names``, ``truth`` with ``coef``
        and ``intercept``, ``description``.
    """
    rng = _np.random.default_rng(20240601)
    n = 120
    X = _np.column_stack([rng.uniform(6.0, 14.0, n), rng.uniform(100.0, 400.0, n),
                         rng.uniform(15.0, 30.0, n)])
    coef, intercept = _np.array([1.5, 0.03, -0.4]), 2.0
    y = X @ coef + intercept + 2.0 * rng.standard_normal(n)
    return Dataset(X=X, y=y, feature_names=["light (h/day)", "water (ml/day)", "temperature (°C)"],
                   truth={"coef": coef, "intercept": intercept},
                   description="Synthetic: plant biomass (g), linear in light, water and temperature.")


def load_blobs():
    """Three classes of 50 points each in the plane: Gaussian blobs for logistic regression.

    Class k is drawn from a normal distribution with mean ``centers[k]`` and
    standard deviation ``scales[k]`` (isotropic); the blobs overlap a little, so
    no classifier is perfect.

    Returns
    -------
    Dataset
        ``X`` (150, 2), ``y`` (150,) with labels ``"a"``, ``"b"``, ``"c"``,
        ``truth`` with ``centers`` and ``scales``, ``description``.
    """
    rng = _np.random.default_rng(20240602)
    centers = _np.array([[-1.5, 0.0], [1.5, 1.0], [0.5, -1.8]])
    scales = _np.array([0.8, 0.9, 0.7])
    X = _np.vstack([c + s * rng.standard_normal((50, 2)) for c, s in zip(centers, scales)])
    y = _np.repeat(_np.array(["a", "b", "c"]), 50)
    return Dataset(X=X, y=y, truth={"centers": centers, "scales": scales},
                   description="Synthetic: three overlapping Gaussian blobs, 50 points each.")


def load_decay():
    """Counts from a decaying radioactive source over a constant background, every 15 s for 10 min.

    ``counts = A * exp(-k * t) + c`` with ``A = 480``, ``k = 0.35 /min``,
    ``c = 25``, and Poisson noise (drawn as a Poisson count per interval), so
    the standard deviation of each point is about the square root of its mean;
    ``sigma`` holds ``sqrt(max(counts, 1))``, the usual estimate.

    Returns
    -------
    Dataset
        ``x`` (41,) times in minutes, ``y`` (41,) counts, ``sigma`` (41,),
        ``truth`` with ``A``, ``k``, ``c``, ``description``.
    """
    rng = _np.random.default_rng(20240603)
    t = _np.linspace(0.0, 10.0, 41)
    A, k, c = 480.0, 0.35, 25.0
    counts = rng.poisson(A * _np.exp(-k * t) + c).astype(float)
    return Dataset(x=t, y=counts, sigma=_np.sqrt(_np.maximum(counts, 1.0)),
                   truth={"A": A, "k": k, "c": c},
                   description="Synthetic: Poisson counts of a decaying source plus background.")


def load_sine():
    """Forty noisy samples of ``sin(x)`` on ``[-3, 3]``, for polynomial and MLP fits.

    Returns
    -------
    Dataset
        ``X`` (40, 1), ``y`` (40,) with Gaussian noise of standard deviation 0.1,
        ``truth`` with the noise level, ``description``.
    """
    rng = _np.random.default_rng(20240604)
    x = _np.sort(rng.uniform(-3.0, 3.0, 40))
    y = _np.sin(x) + 0.1 * rng.standard_normal(x.size)
    return Dataset(X=x.reshape(-1, 1), y=y, truth={"noise": 0.1},
                   description="Synthetic: noisy samples of sin(x).")
