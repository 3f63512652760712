"""`wengert explain "x1*x2 + sin(x1)" x1=2 x2=3`: the trace tables of a formula.

The formula is read by `wengert.expr` (parsed and checked, never executed),
then explained by `wengert.explain`: forward pass, reverse pass, gradient and
the symbolic derivatives.
"""

from __future__ import annotations

import argparse
import sys
import textwrap

import numpy as _np

from ..explain import SeedError, explain
from ..expr import FUNCTIONS, ExpressionError, parse

HELP = ("show the forward and reverse passes of reverse-mode AD for a formula, "
        "e.g. wengert explain \"x1*x2 + sin(x1)\" x1=2 x2=3")

EPILOG = """\
The formula may use numbers, its variables, pi, e, + - * / ** and these functions:
{functions}.
Nothing else is accepted (no attributes, other names or calls, lambdas, subscripts).
A variable may be a vector, x=1,2,3; a vector-valued formula needs --seed.
A formula starting with a minus goes after --:  wengert explain -- "-x**2" x=3
"""


def configure(parser):
    """Add the arguments of `wengert explain` to `parser`."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = EPILOG.format(functions=textwrap.fill(", ".join(sorted(FUNCTIONS)), 79))
    parser.add_argument("formula", help='the function z, e.g. "x1*x2 + sin(x1)"')
    parser.add_argument("values", nargs="*", metavar="NAME=VALUE",
                        help="the point, one variable each: x1=2 x2=3 (or x=1,2,3 for a vector)")
    parser.add_argument("--seed", metavar="V",
                        help="seed of the reverse pass, shaped like z (e.g. 1,0,0); default 1")
    parser.add_argument("--dot", metavar="PATH",
                        help="also save the graph: .dot text, or .png / .svg with Graphviz")
    parser.add_argument("--all", action="store_true",
                        help="print every line of a long trace")


def run(args):
    """Print the tables and symbolic derivatives; 0 on success, 2 for a refused input."""
    try:
        names, point = _read_values(args.values)
        formula = parse(args.formula, names)
        seed = None if args.seed is None else _read_numbers(args.seed, "--seed")
        with _np.errstate(all="ignore"):   # log(-1) shows as nan in the table; no warning spam
            trace = explain(formula.function(), *point, seed=seed)
    except ExpressionError as err:
        return _fail(str(err))
    except SeedError as err:
        if args.seed is not None:
            return _fail(str(err))
        example = ",".join(["1"] + ["0"] * (int(_np.prod(err.shape)) - 1))
        return _fail(f"z is an array of shape {err.shape}; choose the combination of outputs "
                     f"to differentiate with --seed, e.g. --seed {example} (the first output)")
    except (ValueError, TypeError) as err:
        return _fail(str(err).splitlines()[0])
    print(f"z = {args.formula.strip()}")
    print()
    print(trace.format(max_lines=None if args.all else 100))
    print()
    print("Symbolic derivatives (intermediate values substituted)")
    try:
        symbolic = trace.symbolic()
    except ValueError as err:
        print(f"  not available: {err}")
    else:
        z = "d(v·z)" if args.seed is not None else "dz"
        labels = {name: f"{z}/d{name}" for name in symbolic}
        width = max(map(len, labels.values()), default=0)
        for name, text in symbolic.items():
            print(f"  {labels[name]:>{width}} = {text}")
    if args.dot:
        try:
            trace.save(args.dot)
        except (RuntimeError, ValueError, OSError) as err:
            return _fail(str(err))
        print(f"\ngraph saved to {args.dot}")
    return 0


def _fail(message):
    print(f"wengert explain: {message}", file=sys.stderr)
    return 2


def _read_values(items):
    """``["x1=2", "x=1,2"]`` -> names in order and their values."""
    names, point = [], []
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ValueError(f"refused {item!r}: give each variable as NAME=VALUE, e.g. x1=2")
        if name in names:
            raise ValueError(f"refused {item!r}: {name} is given twice")
        names.append(name)
        point.append(_read_numbers(text, name))
    return names, point


def _read_numbers(text, what):
    """``"2"`` -> 2.0, ``"1,2,3"`` -> array; numbers only, read with float() (never evaluated)."""
    parts = [p.strip() for p in text.split(",")]
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise ValueError(f"refused value {text!r} for {what}: give a number (2, -0.5, 1e-3) "
                         "or numbers separated by commas (1,2,3)") from None
    return _np.float64(numbers[0]) if len(numbers) == 1 else _np.array(numbers)
