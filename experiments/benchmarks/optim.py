"""Benchmarks of wengert.optim and wengert.minimize against NumPy, torch, SciPy and autograd.

    python experiments/benchmarks/optim.py            # both sections
    python experiments/benchmarks/optim.py adam       # one Adam step on 10^6 parameters
    python experiments/benchmarks/optim.py minimize   # L-BFGS-B on Rosenbrock

Every number in a table is measured in the same run; the contenders take
turns inside each repeat, so a slow moment of the machine hits them alike.
The tables report the median over repeats, and the best as well.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import wengert as wg


def _interleaved_times(contenders, repeats, number):
    """Median and best seconds per call of each contender.

    Each repeat times all of them in turn. The median is the headline; the best
    is shown too, because on a shared machine other work only ever adds time.
    """
    samples = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, fn in contenders.items():
            start = time.perf_counter()
            for _ in range(number):
                fn()
            samples[name].append((time.perf_counter() - start) / number)
    return {name: (statistics.median(s), min(s)) for name, s in samples.items()}


def _table(header, rows):
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(c).rjust(w) for c, w in zip(r, widths)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), sep, *map(line, rows)])


# -- one Adam step on a million parameters ------------------------------------------------


class _NaiveAdam:
    """Adam as one would first write it in NumPy: every expression makes a new array."""

    def __init__(self, p, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.p, self.lr, self.betas, self.eps = p, lr, betas, eps
        self.m, self.v, self.t = np.zeros_like(p), np.zeros_like(p), 0

    def step(self, g):
        b1, b2 = self.betas
        self.t += 1
        self.m = b1 * self.m + (1 - b1) * g
        self.v = b2 * self.v + (1 - b2) * g * g
        m_hat = self.m / (1 - b1**self.t)
        v_hat = self.v / (1 - b2**self.t)
        self.p = self.p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


def bench_adam(n=10**6, repeats=31, number=10):
    """One Adam step on `n` float64 parameters: wengert.optim vs naive NumPy vs torch.optim."""
    rng = np.random.default_rng(0)
    p0, g = rng.standard_normal(n), rng.standard_normal(n)

    opt = wg.optim.Adam(lr=1e-3)
    carried = [p0, opt.init(p0)]

    def ours():
        carried[0], carried[1] = opt.step(carried[0], g, carried[1])

    from wengert.optim import _threads
    cores = _threads.num_threads

    def ours_one_thread():
        _threads.num_threads = lambda: 1  # the same kernel, unsplit
        try:
            ours()
        finally:
            _threads.num_threads = cores

    naive = _NaiveAdam(p0.copy())
    contenders = {"wengert.optim.Adam": ours,
                  "wengert.optim.Adam, one thread": ours_one_thread,
                  "NumPy Adam with temporaries": lambda: naive.step(g)}
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        tp = torch.tensor(p0.copy(), requires_grad=True)
        tp.grad = torch.tensor(g)
        topt = torch.optim.Adam([tp], lr=1e-3)
        contenders["torch.optim.Adam (default)"] = topt.step

    for fn in contenders.values():  # warm up: first-touch page faults, lazy state
        fn()
    times = _interleaved_times(contenders, repeats, number)
    base = "torch.optim.Adam (default)" if torch is not None else "wengert.optim.Adam"
    med0, best0 = times[base]
    rows = [(name, f"{med * 1e3:.2f}", f"{med / med0:.2f}x", f"{best * 1e3:.2f}",
             f"{best / best0:.2f}x") for name, (med, best) in times.items()]
    print(f"One Adam step on {n:,} float64 parameters, {cores()} cores "
          f"(median of {repeats} repeats x {number} steps"
          + (f"; torch {torch.__version__}, {torch.get_num_threads()} threads)" if torch else ")"))
    print(_table(("implementation", "median ms", "ratio", "best ms", "ratio"), rows))
    print(f"(ratios against {base})")
    return times


# -- L-BFGS-B on Rosenbrock: minimize vs SciPy with hand-written derivatives ------------------


def rosen(x):
    """Rosenbrock, vectorized with wengert.numpy (the formula of scipy.optimize.rosen)."""
    import wengert.numpy as wnp
    return wnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def bench_minimize(sizes=(2, 1000), repeats=(21, 7)):
    """Whole L-BFGS-B runs: wengert.minimize (compiled by wg.jit, and eager) vs
    scipy.optimize.minimize(rosen, jac=rosen_der). Each run compiles its objective anew,
    so a compiled run's time includes its compile (first call)."""
    import scipy.optimize as so

    try:
        import autograd
        import autograd.numpy as anp
    except ImportError:
        autograd = None

    def rosen_autograd(x):
        return anp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)

    print("L-BFGS-B on Rosenbrock from (-1.2, 1, -1.2, 1, ...), whole run "
          "(median over repeats; SciPy's defaults)")
    rows = []
    for n, reps in zip(sizes, repeats):
        x0 = np.tile([-1.2, 1.0], n // 2)
        contenders = {
            "scipy + rosen/rosen_der": lambda: so.minimize(so.rosen, x0, jac=so.rosen_der,
                                                           method="L-BFGS-B"),
            "wengert.minimize (jit, the default)": lambda: wg.minimize(rosen, x0, method="L-BFGS-B"),
            "wengert.minimize jit=False": lambda: wg.minimize(rosen, x0, method="L-BFGS-B", jit=False),
        }
        if autograd is not None:
            vg = autograd.value_and_grad(rosen_autograd)
            contenders["scipy + autograd value_and_grad"] = lambda: so.minimize(
                vg, x0, jac=True, method="L-BFGS-B")
        results = {name: fn() for name, fn in contenders.items()}  # also a warm-up
        times = _interleaved_times(contenders, reps, 1)
        med0, best0 = times["scipy + rosen/rosen_der"]
        for name, res in results.items():
            med, best = times[name]
            rows.append((n, name, res.nit, res.nfev, f"{res.fun:.2e}", f"{med * 1e3:.1f}",
                         f"{med / med0:.2f}x", f"{best * 1e3:.1f}", f"{best / best0:.2f}x"))
    print(_table(("n", "gradient from", "nit", "nfev", "f", "median ms", "ratio", "best ms",
                  "ratio"), rows))
    print("(ratios against scipy + rosen/rosen_der)")
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("section", nargs="?", default="all", choices=("all", "adam", "minimize"))
    args = parser.parse_args(argv)
    if args.section in ("all", "adam"):
        bench_adam()
        print()
    if args.section in ("all", "minimize"):
        bench_minimize()


if __name__ == "__main__":
    main()
