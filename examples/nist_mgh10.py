"""A hard nonlinear fit: NIST's MGH10, from both of NIST's starts, with wengert.models.curve_fit.

MGH10 (Meyer's thermistor model, y = b1 * exp(b2 / (x + b3))) is one of the
"higher difficulty" problems of NIST's Statistical Reference Datasets: from
NIST's first start the parameters must travel four orders of magnitude along a
narrow curved valley. NIST certifies the solution and its standard errors to 11
digits; a fit is scored by how many digits it gets right (the log relative
error, LRE).

wengert's curve_fit, with its defaults, reaches the certified values from both
starts; scipy.optimize.curve_fit, with its defaults, stops from the first start
when its evaluation budget runs out.

Run: python examples/nist_mgh10.py
"""

import pathlib
import warnings

import numpy as np
import scipy.optimize

import wengert.numpy as wnp
from wengert.models import curve_fit

DATA = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "nist" / "MGH10.dat"


def mgh10(x, b1, b2, b3):
    """Meyer's thermistor model: resistance (ohms) against temperature (x, degrees)."""
    return b1 * wnp.exp(b2 / (x + b3))


def read_nist(path):
    """Both starts, the certified values and standard errors, and the data of a NIST .dat file.

    MGH10.dat's header says where each block is: parameters on lines 41-43
    (``b1 = start1 start2 certified std_error``), data on lines 61-76 (``y x``).
    """
    lines = path.read_text().splitlines()
    table = np.array([[float(v) for v in line.split("=")[1].split()] for line in lines[40:43]])
    y, x = np.loadtxt(lines[60:76], unpack=True)
    return table.T, x, y


def lre(estimate, certified):
    """Digits that agree with the certified value (capped at 11, where doubles run out)."""
    err = np.abs(estimate - certified) / np.abs(certified)
    with np.errstate(divide="ignore"):
        return np.clip(-np.log10(err), 0.0, 11.0)


(start1, start2, certified, std_errors), x, y = read_nist(DATA)
print(f"MGH10: {y.size} observations, y = b1 * exp(b2 / (x + b3))\n")
for number, p0 in ((1, start1), (2, start2)):
    popt, pcov, info, message, _ = curve_fit(mgh10, x, y, p0=p0, full_output=True)
    print(f"start {number}: p0 = {p0}")
    print(f"  {'':>3} {'certified':>16} {'wengert curve_fit':>18} {'LRE':>5} "
          f"{'std error LRE':>14}")
    for k, name in enumerate(("b1", "b2", "b3")):
        digits, error_digits = lre(popt[k], certified[k]), lre(info["perr"][k], std_errors[k])
        print(f"  {name:>3} {certified[k]:16.10e} {popt[k]:18.10e} {digits:5.1f} "
              f"{error_digits:14.1f}")
    print(f"  {info['nfev']} residual evaluations, {info['njev']} Jacobians; "
          f"method '{info['result'].method}'")
    print(f"  {message}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SciPy warns about the covariance when it goes astray
        try:
            popt_s, _ = scipy.optimize.curve_fit(mgh10, x, y, p0=p0)
            print(f"  scipy.optimize.curve_fit: LRE {lre(popt_s, certified).min():.1f}\n")
        except RuntimeError as err:
            print(f"  scipy.optimize.curve_fit: {err}\n")
