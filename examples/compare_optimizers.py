"""Compare optimizers on test functions from Python: a table, and a convergence plot.

The command-line version is `wengert compare` (the README's main job).

Run: python examples/compare_optimizers.py   (writes compare_example.png here)
"""

import matplotlib

matplotlib.use("Agg")

import wengert as wg  # noqa: E402

if __name__ == "__main__":
    problems = ["beale", "himmelblau", wg.problems.get("rosenbrock", dim=5)]
    methods = ["adam", ("momentum", "momentum", {"lr": 1e-3}), "L-BFGS-B", "Newton-CG"]
    runs = wg.compare(problems, methods, maxiter=300, n_starts=3, seed=0, tune=True,
                      progress=False)
    print(runs.table())                          # per (problem, method): gaps, success, cost
    figure = wg.plot.convergence(runs, x="evaluations")
    figure.savefig("compare_example.png", dpi=80)
    print("wrote compare_example.png")
