"""Where an experiment writes its figures: experiments/figures/ (the README's), or ``--out DIR``.

Every script here takes ``--out`` so a figure can be redrawn elsewhere without
touching the README's; none writes into the directory it is run from.
"""

from __future__ import annotations

import argparse
import pathlib

FIGURES = pathlib.Path(__file__).resolve().parent / "figures"


def output_dir(doc, argv=None):
    """Parse ``--out`` (with ``--help`` showing the script's docstring) and make the directory."""
    parser = argparse.ArgumentParser(description=doc,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=pathlib.Path, default=FIGURES, metavar="DIR",
                        help="directory to write the figures into (default: experiments/figures, "
                             "the README's)")
    out = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    return out
