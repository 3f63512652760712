"""`wengert compare`: test functions x optimizers -> plots and tables in a directory."""

from __future__ import annotations

import ast
import contextlib
import os
import time

from wengert import problems
from wengert.compare import Runs, compare, process_pool

HELP = ("compare optimizers on test functions; writes PNG plots and Markdown/CSV tables to "
        "--out and prints the table")

# The default suite: the smooth 2-D classics, plus Rosenbrock in 10 and 100 dimensions.
DEFAULT_PROBLEMS = ["rosenbrock", "beale", "booth", "matyas", "himmelblau", "three_hump_camel",
                    "goldstein_price", "mccormick", "ill_conditioned_quadratic",
                    "styblinski_tang", "rosenbrock-10d", "rosenbrock-100d"]
DEFAULT_METHODS = ["sgd", "momentum", "nesterov", "adam", "rmsprop", "L-BFGS-B", "Newton-CG"]


def configure(parser):
    """Add the options of `wengert compare` to `parser`."""
    parser.add_argument("--problems", nargs="+", default=DEFAULT_PROBLEMS, metavar="NAME",
                        help="test functions (see `wengert problems`); a dimension as a suffix, "
                             "e.g. rosenbrock-10d (default: %(default)s)")
    parser.add_argument("--methods", nargs="+", default=DEFAULT_METHODS, metavar="METHOD",
                        help="optimizers of wengert.optim or scipy.optimize.minimize methods, "
                             "with hyperparameters after a colon, e.g. adam:lr=0.01,amsgrad=True "
                             "(default: %(default)s)")
    parser.add_argument("--maxiter", type=int, default=1000, help="iterations per run "
                        "(default: %(default)s)")
    parser.add_argument("--starts", type=int, default=1, help="starts per problem: the "
                        "customary one, then random points of the box (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random starts")
    parser.add_argument("--target", type=float, default=1e-6, help="gap f - f* that counts as "
                        "solved (default: %(default)s)")
    parser.add_argument("--no-tune", dest="tune", action="store_false",
                        help="use the default learning rates instead of tuning them per problem")
    parser.add_argument("--workers", type=int, default=None, help="worker processes "
                        "(default: one per CPU; 1 runs serially)")
    parser.add_argument("--out", default="wengert-results", help="output directory "
                        "(default: %(default)s/)")


def parse_method(text):
    """A method spec from the command line: ``name`` or ``name:key=value,key=value``.

    Values are Python literals (numbers, booleans, tuples), read with
    `ast.literal_eval`; anything else stays a string.

    Examples
    --------
    >>> parse_method("adam:lr=0.01,betas=(0.8,0.99)")
    ('adam:lr=0.01,betas=(0.8,0.99)', 'adam', {'lr': 0.01, 'betas': (0.8, 0.99)})
    """
    name, _, rest = text.partition(":")
    hyperparameters = {}
    for item in _split_top_level(rest):
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"hyperparameters are key=value; got {item!r} in {text!r}")
        try:
            hyperparameters[key.strip()] = ast.literal_eval(value.strip())
        except (ValueError, SyntaxError):
            hyperparameters[key.strip()] = value.strip()
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
    """Run the comparison, write the results to ``args.out`` and print the table.

    Returns
    -------
    int
        Exit code: 0, 2 for an unknown problem or method, 130 after Ctrl-C
        (what finished before it is still written).
    """
    try:
        return _compare(args)
    except KeyboardInterrupt:
        print(f"\nInterrupted (Ctrl-C); what was being written to {args.out}/ may be incomplete.")
        return 130


def _compare(args):
    """`run`'s work; Ctrl-C during the runs is handled by `wengert.compare` itself.

    Returns
    -------
    int
        Exit code: 0, or 2 for an unknown problem or method.
    """
    try:
        suite = [problems.get(name) for name in args.problems]
        methods = [parse_method(m) for m in args.methods]
    except ValueError as error:
        print(f"wengert compare: {error}")
        return 2
    os.makedirs(args.out, exist_ok=True)
    workers = args.workers or os.cpu_count() or 1
    began = time.perf_counter()
    print(f"Comparing {len(methods)} methods on {len(suite)} problems, {args.starts} start(s) "
          f"each, {args.maxiter} iterations" + (", learning rates tuned per problem" if args.tune
                                                else "") + f", {workers} worker(s).", flush=True)
    with process_pool(workers) if workers > 1 else contextlib.nullcontext() as executor:
        runs = compare(suite, methods, maxiter=args.maxiter, n_starts=args.starts,
                          seed=args.seed, tune=args.tune, target=args.target,
                          executor=executor, progress=True)
        elapsed = time.perf_counter() - began
        if runs.interrupted and not runs.runs:
            print("Interrupted (Ctrl-C) while tuning learning rates: no comparison run to show.")
            return 130
        table = runs.table(target=args.target)
        written = _write(args.out, runs, table, suite, executor)
    print()
    print(table)
    print(f"{len(runs)} runs in {elapsed:.1f} s. Wrote {', '.join(written)} to {args.out}/")
    if runs.interrupted:
        print("Interrupted (Ctrl-C): the table and files hold the runs that finished.")
        return 130
    return 0


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
