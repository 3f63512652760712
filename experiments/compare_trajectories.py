"""Paths of the optimizers over the contour plots of the 2-D test functions (README figure).

    python experiments/compare_trajectories.py [--out DIR]   # -> figures/compare_trajectories*.png

From each function's customary start, with learning rates tuned per problem.
``compare_trajectories.png`` shows six functions (the README figure),
``compare_trajectories_all.png`` all of them.
"""

from __future__ import annotations

import wengert as wg
from wengert.compare import process_pool

from outdir import output_dir  # experiments/outdir.py, beside this script

METHODS = ["sgd", "momentum", "nesterov", "adam", "rmsprop", "L-BFGS-B", "Newton-CG"]
README = ["rosenbrock", "beale", "himmelblau", "goldstein_price", "ill_conditioned_quadratic",
          "three_hump_camel"]


def main():
    out = output_dir(__doc__)
    problems = [wg.problems.get(name) for name in wg.problems.names()]
    with process_pool() as executor:
        runs = wg.compare(problems, METHODS, maxiter=300, tune=True, executor=executor,
                          progress=True)
    chosen = [p for p in problems if p.name in README]
    wg.plot.trajectories(chosen, runs, cols=3).savefig(out / "compare_trajectories.png",
                                                       dpi=60)
    wg.plot.trajectories(problems, runs, cols=5).savefig(
        out / "compare_trajectories_all.png", dpi=50)


if __name__ == "__main__":
    main()
