"""Fitting an ODE model to data with exact gradients: predators and prey (Lotka-Volterra).

    d prey / dt      = alpha * prey - beta * prey * predators
    d predators / dt = delta * prey * predators - gamma * predators

The solution comes from wengert.scipy.integrate.odeint (SciPy's LSODA), and its
derivatives in the parameters from the adjoint method (a backward ODE solve,
reverse mode) or from forward sensitivities (forward mode), never from
differentiating the solver's steps. Two fits of the same noisy populations:

1. the negative log-likelihood of Gaussian noise, written with
   wengert.scipy.stats.norm, minimized by wg.minimize (L-BFGS-B; its gradient
   is one forward and one adjoint solve per point);
2. least squares with wengert.models.curve_fit (rates kept in (0, 2), so SciPy's
   trust-region method), whose Jacobian comes by forward sensitivities, against
   scipy.optimize.curve_fit's finite differences.

Run: python examples/ode_fit.py
"""

import time

import numpy as np
import scipy.optimize

import wengert as wg
import wengert.numpy as wnp
from wengert.models import curve_fit
from wengert.scipy.integrate import odeint
from wengert.scipy.stats import norm

NAMES = ("alpha", "beta", "delta", "gamma")
TRUTH = np.array([1.0, 0.4, 0.1, 0.8])
Y0 = np.array([10.0, 5.0])
TOL = dict(rtol=1e-7, atol=1e-7)


def lotka_volterra(y, t, alpha, beta, delta, gamma):
    prey, predators = y[0], y[1]
    return wnp.stack([alpha * prey - beta * prey * predators, delta * prey * predators - gamma * predators])


def populations(t, alpha, beta, delta, gamma):
    """Both populations at the times t, flattened (the model curve_fit sees)."""
    return wnp.ravel(odeint(lotka_volterra, Y0, t, args=(alpha, beta, delta, gamma), **TOL))


rng = np.random.default_rng(0)
t = np.linspace(0.0, 15.0, 16)
noise = 0.5
data = populations(t, *TRUTH) + noise * rng.standard_normal(2 * len(t))
start = np.array([0.8, 0.3, 0.15, 0.6])


# 1. maximum likelihood: parameters and the noise level, on a log scale so they stay positive
def negative_log_likelihood(log_theta):
    theta = wnp.exp(log_theta)
    return -wnp.sum(norm.logpdf(data, populations(t, *theta[:4]), theta[4]))


tic = time.perf_counter()
res = wg.minimize(negative_log_likelihood, np.log(np.append(start, 1.0)), method="L-BFGS-B")
mle_seconds = time.perf_counter() - tic
mle = np.exp(res.x)
print(f"1. maximum likelihood with wg.minimize (L-BFGS-B, adjoint gradients): {res.message}")
print(f"   {res.nit} iterations, {res.nfev} evaluations, {mle_seconds:.2f} s; final gradient norm "
      f"{np.linalg.norm(res.jac):.1e}")
print(f"   {'':>6} {'fit':>8} {'truth':>8}")
for name, value, true in zip(NAMES + ("sigma",), mle, np.append(TRUTH, noise)):
    print(f"   {name:>6} {value:8.4f} {true:8.4f}")

# the same gradient two ways: the adjoint (reverse) and forward sensitivities, one per parameter
x = np.log(np.append(start, 1.0))
reverse = wg.grad(negative_log_likelihood)(x)
forward = wg.jacobian(negative_log_likelihood, mode="fwd")(x)
print(f"   gradient at the start, adjoint against forward sensitivities: "
      f"{np.max(np.abs(reverse - forward)) / np.max(np.abs(forward)):.1e} (relative; the solves' "
      f"rtol = atol = 1e-7)")

# 2. least squares: curve_fit with the exact Jacobian, against SciPy's finite differences
tic = time.perf_counter()
popt, pcov, info, _, _ = curve_fit(populations, t, data, p0=start, bounds=(0.0, 2.0), full_output=True)
ours = time.perf_counter() - tic
tic = time.perf_counter()
popt_s, pcov_s, info_s, _, _ = scipy.optimize.curve_fit(populations, t, data, p0=start, bounds=(0.0, 2.0),
                                                         full_output=True)
theirs = time.perf_counter() - tic
print("2. least squares with wengert.models.curve_fit (Jacobian by forward sensitivities)")
print(f"   {'':>6} {'fit':>8} {'± std err':>10} {'truth':>8}")
for name, value, err, true in zip(NAMES, popt, info["perr"], TRUTH):
    print(f"   {name:>6} {value:8.4f} {err:10.4f} {true:8.4f}")
print(f"   against scipy.optimize.curve_fit: popt differs by {np.max(np.abs(popt - popt_s) / popt_s):.1e}, "
      f"pcov by {np.max(np.abs(pcov - pcov_s)) / np.max(np.abs(pcov_s)):.1e} (relative)")
print(f"   ours: {info['nfev']} solves and {info['njev']} exact Jacobians, 4 sensitivity solves each "
      f"({ours:.2f} s);\n   SciPy's: {info_s['nfev']} solves and as many finite-difference Jacobians, "
      f"4 more solves each ({theirs:.2f} s)")
