"""The NIST StRD nonlinear-regression problems: a reader for their .dat files and the 27 models.

NIST's Statistical Reference Datasets (https://www.itl.nist.gov/div898/strd/nls/nls_main.shtml)
give, for each problem, the data, two starting points (start 1 far from the
solution, start 2 nearer) and the certified parameters, standard errors and
residual sum of squares, computed in 128-bit arithmetic. The files are in
``tests/data/nist/`` (see its README for their source). The tests, the benchmark
``experiments/benchmarks/least_squares.py`` and the README's table read them here.

Each model is written with ``wengert.numpy``, so it runs on plain arrays too
(for ``scipy.optimize.curve_fit``), and takes ``model(x, b1, b2, ...)`` as
``curve_fit`` does.
"""

from __future__ import annotations

import pathlib
import re
from dataclasses import dataclass

import numpy as np

import wengert.numpy as wnp

DATA = pathlib.Path(__file__).resolve().parent / "data" / "nist"

# NIST's own order: lower, average, then higher level of difficulty.
NAMES = ("Misra1a", "Chwirut2", "Chwirut1", "Lanczos3", "Gauss1", "Gauss2", "DanWood", "Misra1b",
         "Kirby2", "Hahn1", "Nelson", "MGH17", "Lanczos1", "Lanczos2", "Gauss3", "Misra1c",
         "Misra1d", "Roszman1", "ENSO", "MGH09", "Thurber", "BoxBOD", "Rat42", "MGH10",
         "Eckerle4", "Rat43", "Bennett5")


def _exponential_sum(x, b1, b2, b3, b4, b5, b6):
    return b1 * wnp.exp(-b2 * x) + b3 * wnp.exp(-b4 * x) + b5 * wnp.exp(-b6 * x)


def _gaussians(x, b1, b2, b3, b4, b5, b6, b7, b8):
    return (b1 * wnp.exp(-b2 * x) + b3 * wnp.exp(-(x - b4) ** 2 / b5 ** 2)
            + b6 * wnp.exp(-(x - b7) ** 2 / b8 ** 2))


def _chwirut(x, b1, b2, b3):
    return wnp.exp(-b1 * x) / (b2 + b3 * x)


def _saturation(x, b1, b2):
    return b1 * (1 - wnp.exp(-b2 * x))


def _danwood(x, b1, b2):
    return b1 * x ** b2


def _misra1b(x, b1, b2):
    return b1 * (1 - (1 + b2 * x / 2) ** -2)


def _misra1c(x, b1, b2):
    return b1 * (1 - (1 + 2 * b2 * x) ** -0.5)


def _misra1d(x, b1, b2):
    return b1 * b2 * x / (1 + b2 * x)


def _kirby2(x, b1, b2, b3, b4, b5):
    return (b1 + b2 * x + b3 * x ** 2) / (1 + b4 * x + b5 * x ** 2)


def _cubic_over_cubic(x, b1, b2, b3, b4, b5, b6, b7):
    return (b1 + b2 * x + b3 * x ** 2 + b4 * x ** 3) / (1 + b5 * x + b6 * x ** 2 + b7 * x ** 3)


def _nelson(x, b1, b2, b3):
    """log(y) = b1 - b2 x1 exp(-b3 x2): the response is the logarithm (see `Problem.y`)."""
    return b1 - b2 * x[0] * wnp.exp(-b3 * x[1])


def _mgh17(x, b1, b2, b3, b4, b5):
    return b1 + b2 * wnp.exp(-x * b4) + b3 * wnp.exp(-x * b5)


def _roszman1(x, b1, b2, b3, b4):
    return b1 - b2 * x - wnp.arctan(b3 / (x - b4)) / np.pi


def _enso(x, b1, b2, b3, b4, b5, b6, b7, b8, b9):
    w = 2 * np.pi * x
    return (b1 + b2 * wnp.cos(w / 12) + b3 * wnp.sin(w / 12)
            + b5 * wnp.cos(w / b4) + b6 * wnp.sin(w / b4)
            + b8 * wnp.cos(w / b7) + b9 * wnp.sin(w / b7))


def _mgh09(x, b1, b2, b3, b4):
    return b1 * (x ** 2 + x * b2) / (x ** 2 + x * b3 + b4)


def _rat42(x, b1, b2, b3):
    return b1 / (1 + wnp.exp(b2 - b3 * x))


def _mgh10(x, b1, b2, b3):
    return b1 * wnp.exp(b2 / (x + b3))


def _eckerle4(x, b1, b2, b3):
    return (b1 / b2) * wnp.exp(-0.5 * ((x - b3) / b2) ** 2)


def _rat43(x, b1, b2, b3, b4):
    return b1 / (1 + wnp.exp(b2 - b3 * x)) ** (1 / b4)


def _bennett5(x, b1, b2, b3):
    return b1 * (b2 + x) ** (-1 / b3)


MODELS = {
    "Misra1a": _saturation, "Chwirut2": _chwirut, "Chwirut1": _chwirut,
    "Lanczos3": _exponential_sum, "Gauss1": _gaussians, "Gauss2": _gaussians,
    "DanWood": _danwood, "Misra1b": _misra1b, "Kirby2": _kirby2, "Hahn1": _cubic_over_cubic,
    "Nelson": _nelson, "MGH17": _mgh17, "Lanczos1": _exponential_sum,
    "Lanczos2": _exponential_sum, "Gauss3": _gaussians, "Misra1c": _misra1c,
    "Misra1d": _misra1d, "Roszman1": _roszman1, "ENSO": _enso, "MGH09": _mgh09,
    "Thurber": _cubic_over_cubic, "BoxBOD": _saturation, "Rat42": _rat42, "MGH10": _mgh10,
    "Eckerle4": _eckerle4, "Rat43": _rat43, "Bennett5": _bennett5,
}


@dataclass(frozen=True)
class Problem:
    """One NIST problem: data, both starts, and the certified results.

    ``x`` has shape (M,), or (k, M) with k predictors (Nelson), as
    ``curve_fit`` wants it; ``y`` is the response the model predicts
    (Nelson's model predicts log y, so ``y`` holds the logarithms).
    """

    name: str
    model: object
    x: np.ndarray
    y: np.ndarray
    starts: tuple            # (start 1, start 2), each an (N,) array
    certified: np.ndarray    # the certified parameters
    std_errors: np.ndarray   # their certified standard deviations
    rss: float               # the certified residual sum of squares
    difficulty: str          # "Lower", "Average" or "Higher"


def _line_range(header, what):
    """NIST's header gives each block's lines, 1-based and inclusive: ``Data (lines 61 to 97)``."""
    found = re.search(rf"{what}\s+\(lines\s+(\d+)\s+to\s+(\d+)\)", header)
    if found is None:
        raise ValueError(f"no '{what} (lines a to b)' entry in the file's header")
    return int(found.group(1)) - 1, int(found.group(2))


def read(path):
    """Read a NIST StRD nonlinear-regression .dat file into a `Problem`.

    The format fixes nothing but the header's line ranges: the parameter lines
    read ``b1 = start1 start2 certified std_error``, the certified block goes on
    with ``Residual Sum of Squares: value``, and the data lines hold ``y x``
    (``y x1 x2`` for two predictors).
    """
    path = pathlib.Path(path)
    lines = path.read_text().splitlines()
    header = "\n".join(lines[:20])
    name = re.search(r"Dataset Name:\s+(\S+)", header).group(1)
    first, last = _line_range(header, "Starting Values")
    params = np.array([[float(v) for v in line.split("=")[1].split()]
                       for line in lines[first:last]])
    if params.shape[1] != 4:
        raise ValueError(f"{path.name}: parameter lines should hold 2 starts, a certified value "
                         f"and a standard deviation; got {params.shape[1]} numbers")
    first, last = _line_range(header, "Certified Values")
    rss = next(float(line.split(":")[1]) for line in lines[first:last]
               if line.startswith("Residual Sum of Squares"))
    first, last = _line_range(header, "Data")
    data = np.array([[float(v) for v in line.split()] for line in lines[first:last]])
    difficulty = re.search(r"(Lower|Average|Higher) Level of Difficulty", "\n".join(lines)).group(1)
    y, x = data[:, 0], (data[:, 1] if data.shape[1] == 2 else data[:, 1:].T)
    if name == "Nelson":
        y = np.log(y)
    return Problem(name, MODELS[name], x, y, (params[:, 0], params[:, 1]), params[:, 2],
                   params[:, 3], rss, difficulty)


def load(name):
    """The problem `name` (one of `NAMES`) from ``tests/data/nist/``."""
    return read(DATA / f"{name}.dat")


def lre(estimate, certified):
    """Log relative error, the StRD's score: about the number of digits that agree.

    ``-log10(|estimate - certified| / |certified|)``, capped at 11 (where double
    precision and the certified values' own digits run out), 0 below zero or
    for NaN.
    """
    estimate, certified = np.asarray(estimate, float), np.asarray(certified, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        err = np.abs(estimate - certified) / np.abs(certified)
        digits = -np.log10(err)
    return np.clip(np.nan_to_num(digits, nan=0.0, posinf=11.0), 0.0, 11.0)
