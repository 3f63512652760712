"""Should wg.jit fuse elementwise chains with numexpr? Its programs against the same chain
run by numexpr, which fuses the chain into one blocked, threaded loop.

Run: python experiments/benchmarks/fusion.py   (needs `pip install numexpr`; never a dependency)

The chain is the elementwise part of the vectorized Rosenbrock gradient (W3), as the
compiled program computes it with `out=` buffers, and as one numexpr expression.
Times are medians of alternating samples; the ratio is numexpr / NumPy.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as onp

try:
    import numexpr
except ImportError:
    sys.exit("numexpr is not installed: pip install numexpr")


def numpy_chain(x, b1, b2, b3, out):
    """What the compiled program runs: one pass per step, into kept buffers."""
    a, c = x[:-1], x[1:]
    onp.power(a, 2, out=b1)
    onp.subtract(c, b1, out=b1)
    onp.subtract(1.0, a, out=b2)
    onp.multiply(-2.0, b2, out=b2)
    onp.multiply(200.0, b1, out=b1)
    onp.multiply(-2.0, a, out=b3)
    onp.multiply(b1, b3, out=b3)
    onp.add(b2, b3, out=out[:-1])
    out[-1] = 0.0
    out[1:] += b1
    return out


def numexpr_chain(x, out):
    a, c = x[:-1], x[1:]
    numexpr.evaluate("-2.0 * (1.0 - a) - 400.0 * (c - a ** 2) * a", out=out[:-1])
    out[-1] = 0.0
    out[1:] += numexpr.evaluate("200.0 * (c - a ** 2)")
    return out


def median_time(fun, repeat=15, number=20):
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fun()
        samples.append((time.perf_counter() - t0) / number)
    return samples


def main():
    print("| n | threads | NumPy out= | numexpr | ratio |")
    print("|---:|---:|---:|---:|---:|")
    for n in (10 ** 4, 10 ** 5, 10 ** 6):
        x = onp.random.default_rng(0).standard_normal(n)
        b1, b2, b3 = (onp.empty(n - 1) for _ in range(3))
        out1, out2 = onp.empty(n), onp.empty(n)
        ref = numpy_chain(x, b1, b2, b3, out1).copy()
        onp.testing.assert_allclose(numexpr_chain(x, out2), ref, rtol=1e-12)
        for threads in (1, 2):
            numexpr.set_num_threads(threads)
            t_np, t_ne = [], []
            for _ in range(5):  # alternate, so load on the machine touches both alike
                t_np += median_time(lambda: numpy_chain(x, b1, b2, b3, out1), repeat=3)
                t_ne += median_time(lambda: numexpr_chain(x, out2), repeat=3)
            a, b = statistics.median(t_np), statistics.median(t_ne)
            print(f"| {n:.0e} | {threads} | {a * 1e3:.3f} ms | {b * 1e3:.3f} ms | {b / a:.2f} |")


if __name__ == "__main__":
    main()
