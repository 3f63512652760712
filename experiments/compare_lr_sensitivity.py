"""Final gap against learning rate for the first-order optimizers (README figure).

    python experiments/compare_lr_sensitivity.py [--out DIR]  # figures/compare_lr_sensitivity.png

Each first-order method runs at every rate of `wengert.compare.LR_GRID` for the
full budget on nine test functions; the figure shows the final gap (median over
three starts). It also prints, per method, the rate with the best median rank
over the problems: the source of `wengert.compare.DEFAULT_LR`.
"""

from __future__ import annotations

import numpy as np

import wengert as wg
from wengert.compare import LR_GRID, process_pool

from outdir import output_dir  # experiments/outdir.py, beside this script

PROBLEMS = ["rosenbrock", "beale", "booth", "himmelblau", "goldstein_price",
            "ill_conditioned_quadratic", "three_hump_camel", "mccormick", "rosenbrock-10d"]
BASES = ["sgd", "momentum", "nesterov", "adam", "rmsprop", "adagrad"]


def main():
    out = output_dir(__doc__)
    methods = [(f"{base} lr={lr:.1e}", base, {"lr": lr}) for base in BASES for lr in LR_GRID]
    with process_pool() as executor:
        runs = wg.compare(PROBLEMS, methods, maxiter=500, n_starts=3, executor=executor,
                          progress=True)
    wg.plot.lr_sensitivity(runs).savefig(out / "compare_lr_sensitivity.png", dpi=60)

    rows = runs.table().rows
    for base in BASES:
        ranks = []
        for problem in runs.problems:
            gaps = [r["final_gap"] for r in rows if r["problem"] == problem
                    and r["method"].startswith(base + " ")]
            ranks.append(np.argsort(np.argsort(gaps)))
        best = int(np.argmin(np.median(ranks, axis=0)))
        print(f"{base:10s} best median rank at lr = {LR_GRID[best]:.3g}")


if __name__ == "__main__":
    main()
