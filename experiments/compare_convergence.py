"""Convergence of seven optimizers on every test function (README figure).

    python experiments/compare_convergence.py   # -> experiments/figures/compare_convergence.png

Every test function of `wengert.problems` in 2-D, plus Rosenbrock in 10 and
100 dimensions, from five starts each (the customary one and four random
points of the box, seed 0). The learning rate of each first-order method is
tuned per problem (`tune=True`), so each line is that method at its best on
that problem. Prints the table too.
"""

from __future__ import annotations

import pathlib

import wengert as wg
from wengert.compare import process_pool

FIGURES = pathlib.Path(__file__).parent / "figures"
PROBLEMS = wg.problems.names() + ["rosenbrock-10d", "rosenbrock-100d"]
METHODS = ["sgd", "momentum", "nesterov", "adam", "rmsprop", "L-BFGS-B", "Newton-CG"]


def main():
    with process_pool() as executor:
        runs = wg.compare(PROBLEMS, METHODS, maxiter=500, n_starts=5, seed=0, tune=True,
                          executor=executor, progress=True)
    print(runs.table())
    FIGURES.mkdir(exist_ok=True)
    fig = wg.plot.convergence(runs, title="|f - f*| per iteration: median over 5 starts, "
                                          "band 25-75%, learning rates tuned per problem")
    fig.savefig(FIGURES / "compare_convergence.png", dpi=65)


if __name__ == "__main__":
    main()
