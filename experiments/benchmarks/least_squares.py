"""The NIST StRD nonlinear regressions: wengert's curve_fit against SciPy's, from both starts.

    python experiments/benchmarks/least_squares.py              # per-case table and summary
    python experiments/benchmarks/least_squares.py --perturbed  # + 216 perturbed starts (~2 min)
    python experiments/benchmarks/least_squares.py --markdown   # the tables as the README has them

27 problems (tests/data/nist/, read by tests/nist_strd.py), each from NIST's two
starts: 54 cases. A case is solved when every parameter agrees with NIST's
certified value to 4 significant digits (LRE >= 4, the log relative error); the
standard errors sqrt(diag(pcov)) are scored the same way. Every fitter gets its
defaults and nothing else, the same for every problem.

The contenders, all fed the same model functions (written with wengert.numpy):

- wengert curve_fit: `wengert.models.curve_fit`, defaults (geodesic
  Levenberg-Marquardt, trf restart);
- scipy curve_fit: `scipy.optimize.curve_fit`, defaults (MINPACK's lm with
  finite differences);
- scipy lm + exact J: ``wengert.models.curve_fit(method='lm')``, SciPy's lm with
  SciPy's defaults fed the engine's exact Jacobian (wengert's curve_fit before
  it had its own least_squares);
- scipy trf + exact J: ``method='trf'`` (`scipy.optimize.least_squares`' default
  method), likewise;
- two ablations of wengert's default: 'geodesic' alone (no restart), and the
  restart kept but the acceleration removed (r_vv = 0: plain Levenberg-Marquardt
  with the same scaling and damping).

"model calls" counts every call of the model function: residual evaluations,
finite differences, and the engine's sweeps (a forward-mode Jacobian calls the
model once per parameter, the geodesic second derivative once). Times are
medians over repeats of the same fit, the contenders taking turns inside each
repeat; the ratio is against scipy curve_fit in the same run.

--perturbed starts each problem from 8 more points: each NIST start with every
parameter multiplied by 10^u, u uniform in [-0.5, 0.5] (seed 0). Some of these
starts lie in another basin (the Gauss peaks, the ENSO periods), so no fitter
solves all; a start counts as solved when the residual sum of squares comes
within 1e-7 (relative) of the certified one, which also credits a permuted
solution (Lanczos' exponentials, Eckerle4's sign of b2).
"""

from __future__ import annotations

import argparse
import math
import pathlib
import statistics
import sys
import time
import warnings

import numpy as np
import scipy.optimize

from wengert.models import curve_fit
from wengert.models.least_squares import residuals as residuals_module

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tests"))
from nist_strd import NAMES, load, lre  # noqa: E402


class Counted:
    """The model, counting its calls (traced ones included)."""

    def __init__(self, model):
        self.model, self.calls = model, 0

    def __call__(self, x, *params):
        self.calls += 1
        return self.model(x, *params)


def _without_acceleration(self, x, v, r, J):
    """Stands in for `Residuals.second_derivative`: r_vv = 0 makes plain Levenberg-Marquardt."""
    self.nfvv += 1
    return np.zeros(self.m)


def _wengert(model, x, y, p0, **options):
    return curve_fit(model, x, y, p0=p0, **options)


def _plain_lm(model, x, y, p0):
    exact = residuals_module.Residuals.second_derivative
    residuals_module.Residuals.second_derivative = _without_acceleration
    try:
        return curve_fit(model, x, y, p0=p0)
    finally:
        residuals_module.Residuals.second_derivative = exact


CONTENDERS = {
    "wengert curve_fit": _wengert,
    "scipy curve_fit": lambda model, x, y, p0: scipy.optimize.curve_fit(model, x, y, p0=p0),
    "scipy lm + exact J": lambda model, x, y, p0: _wengert(model, x, y, p0, method="lm"),
    "scipy trf + exact J": lambda model, x, y, p0: _wengert(model, x, y, p0, method="trf"),
    "wengert, 'geodesic' alone": lambda model, x, y, p0: _wengert(model, x, y, p0,
                                                                    method="geodesic"),
    "wengert, no acceleration": _plain_lm,
}


def fit(name, problem, p0):
    """One fit: (popt or None, pcov or None, model calls, seconds)."""
    model = Counted(problem.model)
    start = time.perf_counter()
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            popt, pcov = CONTENDERS[name](model, problem.x, problem.y, p0)
        except RuntimeError:  # "Optimal parameters not found"
            popt = pcov = None
    return popt, pcov, model.calls, time.perf_counter() - start


def run_nist(repeats):
    """{(problem, start, contender): (LRE params, LRE standard errors, model calls, seconds)}."""
    results = {}
    for name in NAMES:
        problem = load(name)
        for start in (1, 2):
            p0 = problem.starts[start - 1]
            times = {c: [] for c in CONTENDERS}
            for _ in range(repeats):
                for contender in CONTENDERS:
                    popt, pcov, calls, seconds = fit(contender, problem, p0)
                    times[contender].append(seconds)
            for contender in CONTENDERS:
                popt, pcov, calls, _ = fit(contender, problem, p0)
                digits = (0.0, 0.0) if popt is None else (
                    lre(popt, problem.certified).min(),
                    lre(np.sqrt(np.abs(np.diag(pcov))), problem.std_errors).min())
                results[name, start, contender] = (*digits, calls,
                                                   statistics.median(times[contender]))
    return results


def _table(header, rows, markdown):
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(c).rjust(w) for c, w in zip(r, widths)) + " |"  # noqa
    rule = "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|" if markdown else \
        "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *map(line, rows)])


def _digits(lre_value):
    """One decimal, rounded down: 3.96 digits shows as 3.9, not as a passing 4.0."""
    return f"{math.floor(lre_value * 10) / 10:.1f}"


def per_case_table(results, markdown):
    rows = []
    for name in NAMES:
        for start in (1, 2):
            row = [name, start]
            for contender in ("wengert curve_fit", "scipy curve_fit"):
                lp, le, calls, seconds = results[name, start, contender]
                row += ["yes" if lp >= 4 else "**no**" if markdown else "NO",
                        f"{_digits(lp)} / {_digits(le)}", calls, f"{seconds * 1e3:.1f}"]
            rows.append(row)
    header = ("problem", "start", "wengert", "LRE p / se", "calls", "ms",
              "scipy", "LRE p / se", "calls", "ms")
    return _table(header, rows, markdown)


def summary_table(results, markdown):
    base = sum(r[3] for k, r in results.items() if k[2] == "scipy curve_fit")
    rows = []
    for contender in CONTENDERS:
        mine = [r for k, r in results.items() if k[2] == contender]
        seconds = sum(r[3] for r in mine)
        rows.append((contender, sum(r[0] >= 4 for r in mine),
                     sum(r[0] >= 4 and r[1] >= 4 for r in mine), sum(r[2] for r in mine),
                     f"{seconds:.2f}", f"{seconds / base:.2f}x"))
    header = ("fitter (defaults)", "solved /54", "and s.e. /54", "model calls", "seconds",
              "ratio")
    return _table(header, rows, markdown)


def run_perturbed(markdown, seed=0, per_start=4):
    rng = np.random.default_rng(seed)
    rows = []
    solved = {c: 0 for c in CONTENDERS}
    calls = {c: 0 for c in CONTENDERS}
    seconds = {c: 0.0 for c in CONTENDERS}
    for name in NAMES:
        problem = load(name)
        starts = [s * 10 ** rng.uniform(-0.5, 0.5, s.size) for s in problem.starts
                  for _ in range(per_start)]
        for p0 in starts:
            for contender in CONTENDERS:
                popt, _, n, t = fit(contender, problem, p0)
                calls[contender] += n
                seconds[contender] += t
                if popt is not None:
                    with np.errstate(all="ignore"):
                        rss = np.sum((problem.y - problem.model(problem.x, *popt)) ** 2)
                    solved[contender] += bool(rss <= problem.rss * (1 + 1e-7))
    total = 2 * per_start * len(NAMES)
    for contender in CONTENDERS:
        rows.append((contender, f"{solved[contender]}/{total}", calls[contender],
                     f"{seconds[contender]:.1f}"))
    return _table(("fitter (defaults)", "solved", "model calls", "seconds"), rows, markdown)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats of each fit")
    parser.add_argument("--perturbed", action="store_true", help="also the 216 perturbed starts")
    parser.add_argument("--markdown", action="store_true", help="Markdown tables")
    args = parser.parse_args(argv)
    results = run_nist(args.repeats)
    print("NIST StRD, 27 problems x 2 starts: LRE of the parameters / of the standard errors "
          f"(solved: parameters to >= 4 digits); median of {args.repeats} timed repeats\n")
    print(per_case_table(results, args.markdown))
    print()
    print(summary_table(results, args.markdown))
    print("(ratio: total time against scipy curve_fit, measured in the same run)")
    if args.perturbed:
        print("\nPerturbed starts: NIST's starts times 10^U(-0.5, 0.5) per parameter, 4 each "
              "(seed 0); solved: RSS within 1e-7 of the certified\n")
        print(run_perturbed(args.markdown))


if __name__ == "__main__":
    main()
