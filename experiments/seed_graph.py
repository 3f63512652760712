"""Draw the seed example's computational graph (values and adjoints) with Graphviz.

Run: python experiments/seed_graph.py [--out DIR]
(needs the `dot` program: apt-get install graphviz)
Writes experiments/figures/seed_graph.png, shown in the README.
"""

import wengert as wg
import wengert.numpy as np

from outdir import output_dir  # experiments/outdir.py, beside this script


def z(x1, x2):
    return x1 * x2 + np.sin(x1)


if __name__ == "__main__":
    out = output_dir(__doc__) / "seed_graph.png"
    wg.explain(z, 2.0, 3.0).save(out)
    print(f"wrote {out}")
