"""Compare optimizers on your own objective: a robust curve fit whose minimum nobody knows.

The objective fits a damped oscillation A exp(-k t) cos(w t + phi) to noisy
data with outliers under the Cauchy loss, which shrugs off the outliers but is
not convex. Its minimum is unknown, so every gap is measured to the best value
any run reached, f - f_best, and the table says so.

Run: python examples/compare_your_objective.py [OUT_DIR]
     (writes table.md, table.csv, runs.json and convergence.png to OUT_DIR,
     by default wengert-results/compare_your_objective/ under the current directory)

The same from the command line, on the function of this file:
     wengert compare examples/compare_your_objective.py:cauchy_fit --x0 1,0.1,1.5,0
"""

import pathlib
import sys

import matplotlib
import numpy

matplotlib.use("Agg")

import wengert as wg  # noqa: E402
import wengert.numpy as wnp  # noqa: E402

# The data: module-level, so that the objective pickles for a process pool as it is.
rng = numpy.random.default_rng(0)
t = numpy.linspace(0.0, 10.0, 200)
y = 2.0 * numpy.exp(-0.3 * t) * numpy.cos(1.7 * t + 0.4) + 0.05 * rng.standard_normal(t.size)
outliers = rng.choice(t.size, 15, replace=False)
y[outliers] += rng.normal(0.0, 2.0, outliers.size)

x0 = [1.0, 0.1, 1.5, 0.0]   # (A, k, w, phi); `wengert compare FILE.py:cauchy_fit` reads it too


def cauchy_fit(p):
    """Cauchy loss of the model A exp(-k t) cos(w t + phi), p = (A, k, w, phi), scale 0.1."""
    residuals = y - p[0] * wnp.exp(-p[1] * t) * wnp.cos(p[2] * t + p[3])
    return wnp.sum(wnp.log1p((residuals / 0.1) ** 2))


if __name__ == "__main__":
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "wengert-results/compare_your_objective")
    out.mkdir(parents=True, exist_ok=True)

    # Only fun and x0 are needed; the box for random starts defaults to x0 +- max(1, |x0|).
    problem = wg.problems.Problem(cauchy_fit, x0)
    print(problem, "box:", problem.bounds.tolist())
    # wg.compare(cauchy_fit, methods, x0=x0) is the same; learning rates are tuned (tune=True).
    runs = wg.compare(problem, ["adam", "momentum", "L-BFGS-B", "Newton-CG"], maxiter=300,
                      n_starts=4, seed=0, progress=False)
    table = runs.table(target=1e-6)
    print(table)

    best = min(runs, key=lambda run: run.fun.min())
    print(f"best value {best.fun.min():.6g} ({best.method}, start {best.start}): "
          f"A, k, w, phi = {numpy.round(best.x, 3).tolist()} (the data: 2, 0.3, 1.7, 0.4)")

    (out / "table.md").write_text(table.to_markdown())
    table.to_csv(out / "table.csv")
    runs.to_json(out / "runs.json")
    wg.plot.convergence(runs, x="evaluations").savefig(out / "convergence.png", dpi=80)
    print(f"wrote table.md, table.csv, runs.json and convergence.png to {out}/")
