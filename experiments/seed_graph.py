"""Draw the seed example's computational graph (values and adjoints) with Graphviz.

Run: python experiments/seed_graph.py   (needs the `dot` program: apt-get install graphviz)
Writes experiments/figures/seed_graph.png, shown in the README.
"""

import pathlib

import wengert as wg
import wengert.numpy as np


def z(x1, x2):
    return x1 * x2 + np.sin(x1)


if __name__ == "__main__":
    out = pathlib.Path(__file__).parent / "figures" / "seed_graph.png"
    wg.explain(z, 2.0, 3.0).save(out)
    print(f"wrote {out}")
