"""`wengert problems`: list the test functions."""

from __future__ import annotations

import inspect
import sys

from wengert import problems

HELP = "list the test functions (name, dimension, minimum, start, box)"


def configure(parser):
    """Add the options of `wengert problems` to `parser`."""
    parser.add_argument("names", nargs="*", metavar="name",
                        help="show these functions in full (formula and source)")


def _fmt(values):
    return "(" + ", ".join(f"{v:.4g}" for v in values) + ")"


def run(args):
    """List the test functions, or print the docstrings of the named ones.

    Returns
    -------
    int
        Exit code: 0, or 2 for an unknown name.
    """
    if args.names:
        for name in args.names:
            try:
                problem = problems.get(name)
            except ValueError as error:
                print(f"wengert problems: {error}", file=sys.stderr)
                return 2
            print(f"{problem.name}\n{'=' * len(problem.name)}")
            print(_dedent(getattr(problems, problem.family).__doc__))
        return 0

    rows = [("name", "dim", "f*", "minimizers", "start x0", "box", "description")]
    for name in problems.names():
        p = problems.get(name)
        dim = "any" if name in problems._VARIABLE_DIM else str(p.dim)
        minimizers = _fmt(p.x_star[0]) + (f" +{len(p.x_star) - 1}" if len(p.x_star) > 1 else "")
        box = " x ".join(f"[{lo:g}, {hi:g}]" for lo, hi in p.bounds)
        # the one minimum that grows with the dimension is shown per variable
        f_star = (f"{p.f_star / p.dim:.6g} x dim" if dim == "any" and p.f_star
                  else f"{p.f_star:.6g}")
        rows.append((name, dim, f_star, minimizers, _fmt(p.x0), box, p.summary))
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    print("\nFunctions of any dimension take it as a suffix, e.g. rosenbrock-10d; values "
          "shown in 2-D.\n`wengert problems NAME` prints a function's formula and source.")
    return 0


def _dedent(doc):
    return inspect.cleandoc(doc)
