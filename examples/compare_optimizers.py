"""Compare optimizers on test functions from Python: a table, and a convergence plot.

The command-line version is `wengert compare` (the README's main job).

Run: python examples/compare_optimizers.py [OUT_DIR]
(writes compare_example.png into OUT_DIR, by default wengert-results/, the folder
`wengert compare` writes to, never into the directory it is run from)
"""

import pathlib
import sys

import matplotlib

matplotlib.use("Agg")

import wengert as wg  # noqa: E402

if __name__ == "__main__":
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "wengert-results")
    problems = ["beale", "himmelblau", wg.problems.get("rosenbrock", dim=5)]
    methods = ["adam", ("momentum", "momentum", {"lr": 1e-3}), "L-BFGS-B", "Newton-CG"]
    runs = wg.compare(problems, methods, maxiter=300, n_starts=3, seed=0, tune=True,
                      progress=False)
    print(runs.table())                          # per (problem, method): gaps, success, cost
    figure = wg.plot.convergence(runs, x="evaluations")
    out.mkdir(parents=True, exist_ok=True)
    figure.savefig(out / "compare_example.png", dpi=80)
    print(f"wrote {out / 'compare_example.png'}")
