"""Convergence of seven optimizers on every test function (README figure).

    python experiments/compare_convergence.py [--out DIR]   # -> figures/compare_convergence.png

Every test function of `wengert.problems` in 2-D, plus Rosenbrock in 10 and
100 dimensions, from five starts each (the customary one and four random
points of the box, seed 0). The learning rate of each first-order method is
tuned per problem (`tune=True`), so each line is that method at its best on
that problem. Prints the table too.
"""

from __future__ import annotations

import wengert as wg
from wengert.compare import process_pool

from outdir import output_dir  # experiments/outdir.py, beside this script

PROBLEMS = wg.problems.names() + ["rosenbrock-10d", "rosenbrock-100d"]
METHODS = ["sgd", "momentum", "nesterov", "adam", "rmsprop", "L-BFGS-B", "Newton-CG"]


def main():
    out = output_dir(__doc__)
    with process_pool() as executor:
        runs = wg.compare(PROBLEMS, METHODS, maxiter=500, n_starts=5, seed=0, tune=True,
                          executor=executor, progress=True)
    print(runs.table())
    fig = wg.plot.convergence(runs, title="|f - f*| per iteration from 5 starts, learning rates "
                                          "tuned per problem")
    fig.savefig(out / "compare_convergence.png", dpi=65)


if __name__ == "__main__":
    main()
