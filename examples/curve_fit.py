"""A nonlinear fit: radioactive decay over a background, with wengert.models.curve_fit.

The model is written with wengert.numpy, so curve_fit gets its exact Jacobian
from the AD engine; SciPy's curve_fit on the same data differentiates it by
finite differences. Both report the same parameters and covariance; the exact
Jacobian saves the residual evaluations spent on differencing.

The data (wengert.models.datasets.load_decay) are synthetic Poisson counts with
known parameters, so the fit can be checked against the truth.

Run: python examples/curve_fit.py
"""

import numpy as np
import scipy.optimize

import wengert.numpy as wnp
from wengert.models import curve_fit, datasets


def decay(t, A, k, c):
    """Expected counts at time t (minutes): amplitude A, decay rate k (1/min), background c."""
    return A * wnp.exp(-k * t) + c


data = datasets.load_decay()
p0 = [100.0, 1.0, 0.0]
popt, pcov, info, mesg, ier = curve_fit(decay, data.x, data.y, p0=p0, sigma=data.sigma,
                                        absolute_sigma=True, full_output=True)

print(data.description)
print(f"{'':>4} {'fit':>10} {'± std err':>10} {'truth':>8}")
for name, value, err in zip("Akc", popt, info["perr"]):
    print(f"{name:>4} {value:10.4f} {err:10.4f} {data.truth[name]:8.3f}")
print(f"half-life: {np.log(2) / popt[1]:.3f} min    R^2 = {info['r_squared']:.4f}")

popt_s, pcov_s, info_s, _, _ = scipy.optimize.curve_fit(
    decay, data.x, data.y, p0=p0, sigma=data.sigma, absolute_sigma=True, full_output=True)
popt_diff = np.max(np.abs(popt - popt_s) / np.abs(popt_s))
pcov_diff = np.max(np.abs(pcov - pcov_s)) / np.max(np.abs(pcov_s))
print(f"relative difference from scipy.optimize.curve_fit: popt {popt_diff:.1e}, pcov {pcov_diff:.1e}")
print(f"residual evaluations: {info['nfev']} with the exact Jacobian ({info['njev']} Jacobians), "
      f"{info_s['nfev']} for scipy's finite-difference lm")
