"""`wengert compare`: objectives x optimizers -> plots and tables in a directory.

Everything the user typed is checked before the first run (`Comparison`
refuses bad input with one line), so that a mistake costs a second, not a
learning-rate search followed by a traceback from a worker.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import os
import sys
import textwrap
import time

from wengert import problems
from wengert.compare import Comparison, Runs, did_you_mean, first_line, process_pool

from .objective import X0_SYNTAX, is_file_spec, parse_x0, read_objective

HELP = ("compare optimizers on test functions or on your own objective (FILE.py:FUNCTION); "
        "writes PNG plots and Markdown/CSV tables to --out and prints the table")

EPILOG = """\
Your own objective: wengert compare FILE.py:FUNCTION --x0 1,2
  FUNCTION(x) takes a 1-D array and returns a number, written with wengert.numpy
  (import wengert.numpy as wnp) so that it can be differentiated. FILE.py is
  imported as `python FILE.py` would see it (its folder first on sys.path), but
  its `if __name__ == "__main__":` block does not run.
  --x0 is numbers separated by commas, one per variable: --x0 1,2.5; a start
  that begins with a minus goes after an equals sign: --x0=-1.2,1. Without
  --x0, a module-level x0 = [...] in FILE.py is the start.
  Its minimum being unknown, gaps are measured to the best value any run
  reached, and the table says f - f_best.

Method hyperparameters are Python literals: adam:lr=0.01,betas=(0.8,0.99),amsgrad=True.
"""

# The default suite: the smooth 2-D classics, plus Rosenbrock in 10 and 100 dimensions.
DEFAULT_PROBLEMS = ["rosenbrock", "beale", "booth", "matyas", "himmelblau", "three_hump_camel",
                    "goldstein_price", "mccormick", "ill_conditioned_quadratic",
                    "styblinski_tang", "rosenbrock-10d", "rosenbrock-100d"]
DEFAULT_METHODS = ["sgd", "momentum", "nesterov", "adam", "rmsprop", "L-BFGS-B", "Newton-CG"]

# Seconds to wait for a dask scheduler to answer before refusing --dask ADDRESS.
DASK_TIMEOUT = 10


def _whole_number(low):
    def read(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{value} is not accepted: give {low} or more")
        return value
    return read


def _positive_number(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text} is not accepted: give a positive number, "
                                         "e.g. 1e-6")
    return value


def configure(parser):
    """Add the options of `wengert compare` to `parser`."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = textwrap.fill(HELP, 79)
    parser.epilog = EPILOG
    parser.add_argument("objectives", nargs="*", metavar="FILE.py:FUNCTION",
                        help="your own objective(s), started from --x0; test function names "
                             "work here too")
    parser.add_argument("--problems", nargs="+", default=None, metavar="NAME",
                        help="test functions (see `wengert problems`); a dimension as a suffix, "
                             "e.g. rosenbrock-10d (default, without FILE.py:FUNCTION: "
                             f"{' '.join(DEFAULT_PROBLEMS)})")
    parser.add_argument("--x0", metavar="X0", help="start of FILE.py:FUNCTION: " + X0_SYNTAX)
    parser.add_argument("--methods", nargs="+", default=DEFAULT_METHODS, metavar="METHOD",
                        help="optimizers of wengert.optim or scipy.optimize.minimize methods, "
                             "with hyperparameters after a colon, e.g. adam:lr=0.01,amsgrad=True "
                             "(default: %(default)s)")
    parser.add_argument("--maxiter", type=_whole_number(1), default=1000,
                        help="iterations per run (default: %(default)s)")
    parser.add_argument("--starts", type=_whole_number(1), default=1, help="starts per problem: "
                        "the customary one, then random points of the box (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random starts")
    parser.add_argument("--target", type=_positive_number, default=1e-6,
                        help="gap f - f* that counts as solved (default: %(default)s)")
    parser.add_argument("--no-tune", dest="tune", action="store_false",
                        help="use the default learning rates instead of tuning them per problem")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_whole_number(1), default=None,
                       help="worker processes (default: one per CPU; 1 runs serially)")
    where.add_argument("--dask", metavar="ADDRESS", help="run on the dask.distributed scheduler "
                       "at ADDRESS, e.g. tcp://10.0.0.5:8786 (needs wengert[distributed])")
    parser.add_argument("--out", default="wengert-results", help="output directory "
                        "(default: %(default)s/)")


def parse_method(text):
    """A method spec from the command line: ``name`` or ``name:key=value,key=value``.

    Values are Python literals (numbers, booleans, tuples, quoted strings),
    read with `ast.literal_eval`; anything else is refused.

    Examples
    --------
    >>> parse_method("adam:lr=0.01,betas=(0.8,0.99)")
    ('adam:lr=0.01,betas=(0.8,0.99)', 'adam', {'lr': 0.01, 'betas': (0.8, 0.99)})
    """
    name, _, rest = text.partition(":")
    hyperparameters = {}
    for item in _split_top_level(rest):
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"method {text!r}: hyperparameters are key=value, e.g. "
                             f"{name}:lr=0.01; got {item!r}")
        try:
            hyperparameters[key.strip()] = ast.literal_eval(value.strip())
        except (ValueError, SyntaxError):
            raise ValueError(f"method {text!r}: {key.strip()}={value.strip()} is not a number; "
                             "values are numbers (0.01, 1e-3), booleans (True), tuples "
                             "((0.9, 0.999)) or quoted strings ('text')") from None
    return (text, name, hyperparameters)


def _split_top_level(text):
    """Split on commas outside parentheses and brackets."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char in "([" and 1 or (-1 if char in ")]" else 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    if current.strip():
        parts.append(current)
    return parts


def run(args):
    """Check everything, run the comparison, write the results to ``args.out``, print the table.

    Returns
    -------
    int
        Exit code: 0; 2 for input refused before any work (one line on
        stderr); 130 after Ctrl-C (what finished before it is still written).
    """
    try:
        comparison = _comparison(args)
        client = _dask_client(args.dask) if args.dask else None
    except ValueError as error:
        return fail(str(error))
    try:
        with _executor(args, client) as (executor, where):
            return _compare(args, comparison, executor, where)
    except KeyboardInterrupt:
        print(f"\nInterrupted (Ctrl-C); what was being written to {args.out}/ may be incomplete.")
        return 130


def fail(message):
    """Print the one-line refusal on stderr; return exit code 2."""
    print(f"wengert compare: {message}", file=sys.stderr)
    return 2


def _comparison(args):
    """The checked `Comparison` the command line asks for (ValueError, one line, if none)."""
    specs = list(args.objectives) + list(args.problems or [])
    files = [s for s in specs if is_file_spec(s)]
    x0 = None if args.x0 is None else parse_x0(args.x0)
    if x0 is not None and not files:
        raise ValueError("--x0 is the start of your own objective, FILE.py:FUNCTION; the test "
                         "functions have their own")
    suite = [read_objective(s, x0) if is_file_spec(s) else _test_function(s)
             for s in specs or DEFAULT_PROBLEMS]
    methods = [parse_method(m) for m in args.methods]
    return Comparison(suite, methods, maxiter=args.maxiter, n_starts=args.starts, seed=args.seed,
                      tune=args.tune, target=args.target)


def _test_function(name):
    try:
        return problems.get(name)
    except ValueError as error:
        if "unknown test function" not in str(error):
            raise ValueError(f"problem {name!r}: {error}") from None
        raise ValueError(f"unknown problem {name!r}{did_you_mean(name, problems.names())}: give "
                         "a test function (`wengert problems` lists them; a dimension as a "
                         "suffix, e.g. rosenbrock-10d) or your own objective as "
                         "FILE.py:FUNCTION") from None


@contextlib.contextmanager
def _executor(args, client):
    """``(executor, description)``: the dask `client`'s, a process pool, or None (serial)."""
    if client is not None:
        try:
            workers = _count(len(client.scheduler_info().get("workers", {})), "worker")
            yield client.get_executor(), f"the dask scheduler at {args.dask} ({workers})"
        finally:
            client.close()
        return
    workers = args.workers or os.cpu_count() or 1
    if workers == 1:
        yield None, "1 worker"
        return
    with process_pool(workers) as executor:
        yield executor, f"{workers} workers"


def _dask_client(address):
    """A `distributed.Client` connected to `address`; ValueError (one line) if there is none."""
    try:
        # imported here: dask is the optional `distributed` extra, needed by --dask only
        import distributed
    except ImportError:
        raise ValueError("--dask needs dask.distributed: pip install 'wengert[distributed]'"
                         ) from None
    try:
        return distributed.Client(address, timeout=DASK_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as error:
        raise ValueError(f"--dask {address}: no scheduler answered ({first_line(error)}); "
                         "give the address a dask scheduler prints, e.g. tcp://10.0.0.5:8786"
                         ) from None


def _compare(args, comparison, executor, where):
    """`run`'s work, once the input is checked; Ctrl-C during runs is handled by `compare`."""
    os.makedirs(args.out, exist_ok=True)
    began = time.perf_counter()
    print(f"Comparing {_count(len(comparison.methods), 'method')} on "
          f"{_count(len(comparison.problems), 'problem')}, {_count(args.starts, 'start')} each, "
          f"{args.maxiter} iterations" + (", learning rates tuned per problem" if args.tune
                                         else "") + f", on {where}.", flush=True)
    runs = comparison.run(executor, progress=True)
    elapsed = time.perf_counter() - began
    if runs.interrupted and not runs.runs:
        print("Interrupted (Ctrl-C) while tuning learning rates: no comparison run to show.")
        return 130
    table = runs.table(target=args.target)
    # figures are drawn on a process pool's workers; a dask cluster's may not share our disk
    written = _write(args.out, runs, table, comparison.problems,
                     None if args.dask else executor)
    print()
    print(table)
    print(f"{len(runs)} runs in {elapsed:.1f} s. Wrote {', '.join(written)} to {args.out}/")
    if runs.interrupted:
        print("Interrupted (Ctrl-C): the table and files hold the runs that finished.")
        return 130
    return 0


def _count(n, word):
    return f"{n} {word}" + ("" if n == 1 else "s")


def _save_figure(path, make, args, kwargs):
    """Make a figure and save it (a job for a worker process)."""
    make(*args, **kwargs).savefig(path, dpi=80)


def _write(out, runs, table, suite, executor):
    """Write the tables, histories and plots; return the file names.

    Drawing a figure of a dozen panels takes matplotlib a few seconds, so the
    figures are drawn on the workers while this process writes the tables.
    """
    from wengert import plot  # matplotlib takes 0.3 s to import: not for `wengert explain` too

    figures = [("convergence.png", plot.convergence, (runs,), {"x": "iteration"}),
               ("convergence-evaluations.png", plot.convergence, (runs,), {"x": "evaluations"}),
               ("convergence-seconds.png", plot.convergence, (runs,), {"x": "seconds"})]
    flat = [p for p in suite if p.dim == 2]
    if flat:
        figures.append(("trajectories.png", plot.trajectories, (flat, runs), {}))
    if runs.tuning:
        figures.append(("lr-sensitivity.png", plot.lr_sensitivity, (runs,), {}))
    jobs = [(os.path.join(out, name), make, args, kwargs) for name, make, args, kwargs in figures]
    if executor is None:
        for job in jobs:
            _save_figure(*job)
        pending = []
    else:
        pending = [executor.submit(_save_figure, *job) for job in jobs]

    files = [name for name, *_ in figures]
    images = "\n".join(f"![{name[:-4]}]({name})" for name in files)
    with open(os.path.join(out, "table.md"), "w") as f:
        f.write(f"# Optimizer comparison\n\n{table.to_markdown()}\n{images}\n")
    table.to_csv(os.path.join(out, "table.csv"))
    # histories of the comparison as CSV; with the tuning runs too as JSON
    # (wengert.compare.Runs.from_json loads it back, to re-plot)
    Runs(runs.runs).to_csv(os.path.join(out, "runs.csv"))
    runs.to_json(os.path.join(out, "runs.json"))
    for future in pending:
        future.result()
    return ["table.md", "table.csv", "runs.csv", "runs.json"] + files
