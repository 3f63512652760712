"""Rosenbrock's banana valley, minimized through wengert.minimize's one entry point.

The objective is written once with wengert.numpy. SciPy's quasi-Newton and
trust-region methods get its exact gradient (and Hessian-vector products, or
the Hessian) from the AD engine; wengert's own optimizers (Adam here, with a
warmup-then-cosine learning-rate schedule) run through the same call. Every
result carries a history, and a run cut short by a callback, a NaN or Ctrl-C
still returns the best point it saw.

Run: python examples/minimize_rosenbrock.py
"""

import numpy as np
import scipy.optimize

import wengert as wg
import wengert.numpy as wnp
from wengert.optim import schedules


def rosen(x):
    """Rosenbrock's function in any dimension, minimum 0 at (1, ..., 1)."""
    return wnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


x0 = np.array([-1.2, 1.0])

print("method        success  nit  nfev  nhev           f        |x - 1|")
runs = {m: {} for m in ["L-BFGS-B", "BFGS", "CG", "Newton-CG", "trust-ncg", "trust-exact"]}
runs["adam"] = dict(lr=schedules.warmup_cosine(0.05, warmup_steps=50, total_steps=2000),
                    betas=(0.9, 0.99), maxiter=2000, gtol=1e-6)
for method, options in runs.items():
    res = wg.minimize(rosen, x0, method=method, **options)
    print(f"{method:12s} {res.success!s:>8} {res.nit:4d} {res.nfev:5d} {res.nhev:5d} "
          f"{res.fun:11.3e} {np.max(np.abs(res.x - 1)):12.2e}")

# The same iterations as SciPy given the hand-written derivative.
ours = wg.minimize(rosen, x0, method="L-BFGS-B")
theirs = scipy.optimize.minimize(scipy.optimize.rosen, x0, jac=scipy.optimize.rosen_der,
                                 method="L-BFGS-B")
print(f"\nL-BFGS-B: wengert nit={ours.nit} nfev={ours.nfev}; "
      f"SciPy with rosen_der nit={theirs.nit} nfev={theirs.nfev}")

# The first iterates, from the history (entry 0 is x0).
h = ours.history
print("\n  k          f    |grad|  step size")
for k in range(5):
    print(f"{k:3d} {h['fun'][k]:10.4f} {h['grad_norm'][k]:9.3f} {h['step_size'][k]:10.4f}")

# A pytree start: the parameters as a dict, the answer in the same structure.
res = wg.minimize(lambda p: rosen(wnp.stack([p["x"], p["y"]])), {"x": -1.2, "y": 1.0},
                  method="BFGS")
print(f"\npytree x0 -> res.x = {{'x': {res.x['x']:.6f}, 'y': {res.x['y']:.6f}}}")


# A callback that stops the run once f < 1e-3: the result keeps what was reached.
def stop_when_close(intermediate_result):
    if intermediate_result.fun < 1e-3:
        raise StopIteration


res = wg.minimize(rosen, np.tile(x0, 10), method="L-BFGS-B", callback=stop_when_close)
print(f"\nn=20, stopped by the callback after {res.nit} iterations: f = {res.fun:.2e} "
      f"({res.message})")
