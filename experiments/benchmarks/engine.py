"""Engine benchmark: wengert against hand-written NumPy gradients and autograd (when installed).

Run: python experiments/benchmarks/engine.py  [--quick] [--jit-only]

Every ratio is measured in this one run, on this machine: samples of wengert
and of the baseline alternate, and the ratio is the median of the per-pair
ratios. Times are medians. Peak memory is measured with tracemalloc (NumPy
reports its allocations to it). The targets of the eager rows are issue 2's;
the jit rows (`wg.jit`, issue 15) compare the compiled program with hand-written
NumPy, with the eager engine and with `jax.jit` (float64) when JAX is installed,
and state each program's compile time (its first call).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import tracemalloc

import numpy as onp
from scipy.optimize import rosen, rosen_der, rosen_hess_prod
from scipy.special import expit as _expit

import wengert as wg
import wengert.numpy as np
from wengert.reverse import ReverseTrace
from wengert.scipy.special import logsumexp

try:
    import autograd
    import autograd.numpy as anp
except ImportError:  # autograd is only ever a benchmark comparison
    autograd = None

try:
    import jax
    import jax.numpy as jnp
    from jax.scipy.special import logsumexp as jlogsumexp
    jax.config.update("jax_enable_x64", True)  # the same float64 work as NumPy's
except ImportError:  # JAX is only ever a benchmark comparison
    jax = None


def _calls_per_sample(fun, min_time):
    fun()
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fun()
        if time.perf_counter() - t0 >= min_time:
            return n
        n *= 2


def _sample(fun, n):
    gc.collect()
    t0 = time.perf_counter()
    for _ in range(n):
        fun()
    return (time.perf_counter() - t0) / n


def paired(ours, baseline, repeat=9, min_time=0.05):
    """Median seconds per call of each, and the median of their per-pair ratios.

    Samples alternate between the two functions, so load on the machine
    touches both alike and the ratio stays honest even when the times move.
    """
    n_ours, n_base = _calls_per_sample(ours, min_time), _calls_per_sample(baseline, min_time)
    t_ours, t_base = [], []
    for _ in range(repeat):
        t_ours.append(_sample(ours, n_ours))
        t_base.append(_sample(baseline, n_base))
    ratio = statistics.median(a / b for a, b in zip(t_ours, t_base))
    return statistics.median(t_ours), statistics.median(t_base), ratio


def peak_memory(fun):
    gc.collect()
    tracemalloc.start()
    fun()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def count_nodes(fun, *args):
    trace = ReverseTrace()
    fun(*[trace.new_input(a) for a in args])
    return len(trace.nodes)


# -- the functions --------------------------------------------------------------
def seed(x1, x2, np=np):
    return x1 * x2 + np.sin(x1)


def rosen_loop(x):
    total = 0.0
    for i in range(len(x) - 1):
        total = total + 100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1.0 - x[i]) ** 2
    return total


def rosen_vec(x, np=np):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def logistic_loss(w, X, y, np=np):
    return np.sum(np.logaddexp(0.0, -y * (X @ w)))


def logistic_by_hand(w, X, y):
    z = X @ w
    loss = onp.sum(onp.logaddexp(0.0, -y * z))
    return loss, X.T @ (-y * _expit(-y * z))


def mlp_loss(params, X, labels, np=np, logsumexp=logsumexp):
    h = np.tanh(X @ params["W1"] + params["b1"])
    logits = h @ params["W2"] + params["b2"]
    logp = logits - logsumexp(logits, axis=1, keepdims=True)
    return -np.sum(logp[onp.arange(len(labels)), labels]) / len(labels)


def rosen_loop_by_hand(x):
    """The Rosenbrock loop's gradient written out on Python floats (W2's baseline)."""
    n = len(x)
    g = [0.0] * n
    for i in range(n - 1):
        a = x[i + 1] - x[i] * x[i]
        b = 1.0 - x[i]
        g[i] += -400.0 * a * x[i] - 2.0 * b
        g[i + 1] += 200.0 * a
    return g


def mlp_by_hand(params, X, labels):
    n = len(labels)
    a1 = X @ params["W1"] + params["b1"]
    h = onp.tanh(a1)
    logits = h @ params["W2"] + params["b2"]
    m = logits.max(axis=1, keepdims=True)
    lse = m + onp.log(onp.sum(onp.exp(logits - m), axis=1, keepdims=True))
    logp = logits - lse
    loss = -onp.sum(logp[onp.arange(n), labels]) / n
    dlogits = onp.exp(logp)
    dlogits[onp.arange(n), labels] -= 1.0
    dlogits /= n
    dh = dlogits @ params["W2"].T
    da1 = dh * (1.0 - h * h)
    return loss, {"W1": X.T @ da1, "b1": da1.sum(0), "W2": h.T @ dlogits, "b2": dlogits.sum(0)}


# -- the table --------------------------------------------------------------------
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller repeats (for a smoke run)")
    parser.add_argument("--jit-only", action="store_true", help="only the wg.jit rows")
    args = parser.parse_args(argv)
    repeat = 3 if args.quick else 15
    rows = []
    rng = onp.random.default_rng(0)
    if args.jit_only:
        jit_rows(rows, repeat)
        print(render(rows))
        return rows

    def row(case, ours, baseline_name, baseline, target):
        """A timed row: `ours` and `baseline` are functions, measured in alternation."""
        t_ours, t_base, ratio = paired(ours, baseline, repeat)
        rows.append((case, t_ours, baseline_name, t_base, ratio, target, "time"))
        return t_ours

    # 1. the seed function
    g_seed = wg.grad(seed, argnums=(0, 1))
    if autograd:
        a_seed = autograd.grad(lambda x1, x2: seed(x1, x2, anp), argnum=(0, 1))
        row("1. seed z = x1*x2 + sin(x1), grad", lambda: g_seed(2.0, 3.0), "autograd",
            lambda: a_seed(2.0, 3.0), "<= 0.2 (5x below)")

    # 2. scalar-loop Rosenbrock, n = 100
    x100 = rng.standard_normal(100)
    nodes = count_nodes(rosen_loop, x100)
    g_loop = wg.grad(rosen_loop)
    if autograd:
        a_loop = autograd.grad(rosen_loop)
        t_loop = row(f"2. Rosenbrock loop n=100 ({nodes} nodes), grad", lambda: g_loop(x100), "autograd",
                     lambda: a_loop(x100), "<= 0.2 (5x below)")
        rows.append(("   ... per recorded node", t_loop / nodes, "autograd", rows[-1][3] / nodes,
                     rows[-1][4], "<= 0.2", "time"))

    # 3. vectorized Rosenbrock, n = 10^6
    x6 = rng.standard_normal(10 ** 6)
    g_vec = wg.grad(rosen_vec)
    row("3. Rosenbrock vectorized n=1e6, grad", lambda: g_vec(x6), "rosen_der", lambda: rosen_der(x6), "<= 1.5")
    vg_vec = wg.value_and_grad(rosen_vec)
    row("   ... value_and_grad", lambda: vg_vec(x6), "rosen + rosen_der", lambda: (rosen(x6), rosen_der(x6)), "")
    ours, base = peak_memory(lambda: g_vec(x6)), peak_memory(lambda: rosen_der(x6))
    rows.append(("   ... peak memory of the gradient call", ours, "rosen_der", base, ours / base, "<= 1.3", "bytes"))
    if autograd:
        a_vec = autograd.grad(lambda x: rosen_vec(x, anp))
        row("   ... autograd, for reference", lambda: a_vec(x6), "rosen_der", lambda: rosen_der(x6), "")

    # 4. logistic regression, X 50,000 x 200
    X = rng.standard_normal((50_000, 200))
    y = onp.sign(rng.standard_normal(50_000))
    w = rng.standard_normal(200) * 0.1
    vg_log = wg.value_and_grad(logistic_loss)
    row("4. logistic loss X 50000x200, value_and_grad", lambda: vg_log(w, X, y), "by hand",
        lambda: logistic_by_hand(w, X, y), "<= 1.1")

    # 5. MLP 784-256-10, batch 512
    Xb = rng.standard_normal((512, 784))
    labels = rng.integers(0, 10, 512)
    params = {"W1": rng.standard_normal((784, 256)) * 0.05, "b1": onp.zeros(256),
              "W2": rng.standard_normal((256, 10)) * 0.05, "b2": onp.zeros(10)}
    vg_mlp = wg.value_and_grad(mlp_loss)
    row("5. MLP 784-256-10 batch 512, value_and_grad", lambda: vg_mlp(params, Xb, labels), "by hand",
        lambda: mlp_by_hand(params, Xb, labels), "<= 1.1")

    # 6. Hessian-vector product of vectorized Rosenbrock, n = 10^5
    x5, v5 = rng.standard_normal(10 ** 5), rng.standard_normal(10 ** 5)
    hvp = wg.hvp(rosen_vec)
    row("6. Rosenbrock n=1e5, Hessian-vector product", lambda: hvp(x5, v5), "rosen_hess_prod",
        lambda: rosen_hess_prod(x5, v5), "<= 5")

    jit_rows(rows, repeat)
    print(render(rows))
    return rows


def _compile_time(fun, *args):
    """Seconds of the first call of a fresh wg.jit: tracing and compiling."""
    fast = wg.jit(fun)
    t0 = time.perf_counter()
    fast(*args)
    return time.perf_counter() - t0, fast


def _jax_ready(fun):
    def call(*args):
        return jax.block_until_ready(fun(*args))
    return call


def jit_rows(rows, repeat):
    """The wg.jit rows (issue 15): the compiled program against NumPy, the engine and jax.jit."""
    rng = onp.random.default_rng(0)

    def row(case, ours, baseline_name, baseline, target):
        t_ours, t_base, ratio = paired(ours, baseline, repeat)
        rows.append((case, t_ours, baseline_name, t_base, ratio, target, "time"))

    def compile_row(case, seconds):
        rows.append((case, seconds, "", float("nan"), float("nan"), "stated", "time"))

    # W1 the seed function: latency
    g_seed = wg.grad(seed, argnums=(0, 1))
    seconds, j_seed = _compile_time(g_seed, 2.0, 3.0)
    row("W1 jit seed grad, latency", lambda: j_seed(2.0, 3.0), "eager", lambda: g_seed(2.0, 3.0), "<= 0.2")
    if jax:
        x_seed = jax.jit(jax.grad(lambda x1, x2: seed(x1, x2, jnp), argnums=(0, 1)))
        a1, a2 = jnp.float64(2.0), jnp.float64(3.0)
        row("   ... against jax.jit", lambda: j_seed(2.0, 3.0), "jax.jit",
            _jax_ready(lambda: x_seed(a1, a2)), "<= 0.25")
    compile_row("   ... compile (first call)", seconds)

    # W2 scalar loop, n = 100
    x100 = rng.standard_normal(100)
    g_loop = wg.grad(rosen_loop)
    seconds, j_loop = _compile_time(g_loop, x100)
    x100_list = x100.tolist()
    row("W2 jit Rosenbrock loop n=100, grad", lambda: j_loop(x100), "float loop",
        lambda: rosen_loop_by_hand(x100_list), "<= 5")
    row("   ... against the eager engine", lambda: j_loop(x100), "eager", lambda: g_loop(x100), "")
    if jax:
        x_loop = jax.jit(jax.grad(rosen_loop))
        jx100 = jnp.asarray(x100)
        row("   ... against jax.jit", lambda: j_loop(x100), "jax.jit", _jax_ready(lambda: x_loop(jx100)), "")
    compile_row("   ... compile (first call)", seconds)

    # W3 vectorized Rosenbrock, n = 10^6
    x6 = rng.standard_normal(10 ** 6)
    g_vec = wg.grad(rosen_vec)
    seconds, j_vec = _compile_time(g_vec, x6)
    row("W3 jit Rosenbrock vectorized n=1e6, grad", lambda: j_vec(x6), "rosen_der", lambda: rosen_der(x6), "<= 1.0")
    ours, base = peak_memory(lambda: j_vec(x6)), peak_memory(lambda: rosen_der(x6))
    rows.append(("   ... peak memory of a call", ours, "rosen_der", base, ours / base, "<= 1.0", "bytes"))
    program = next(iter(j_vec.cache.values())).paths[0]
    kept = program.kept_bytes
    rows.append(("   ... buffers the program keeps across calls", kept, "", float("nan"), float("nan"),
                 "stated", "bytes"))
    if jax:
        x_vec = jax.jit(jax.grad(lambda x: rosen_vec(x, jnp)))
        jx6 = jnp.asarray(x6)
        row("   ... against jax.jit", lambda: j_vec(x6), "jax.jit", _jax_ready(lambda: x_vec(jx6)), "")
    compile_row("   ... compile (first call)", seconds)

    # W4 logistic regression and W5 MLP: value_and_grad
    X = rng.standard_normal((50_000, 200))
    y = onp.sign(rng.standard_normal(50_000))
    w = rng.standard_normal(200) * 0.1
    seconds, j_log = _compile_time(wg.value_and_grad(logistic_loss), w, X, y)
    row("W4 jit logistic X 50000x200, value_and_grad", lambda: j_log(w, X, y), "by hand",
        lambda: logistic_by_hand(w, X, y), "")
    compile_row("   ... compile (first call)", seconds)
    Xb = rng.standard_normal((512, 784))
    labels = rng.integers(0, 10, 512)
    params = {"W1": rng.standard_normal((784, 256)) * 0.05, "b1": onp.zeros(256),
              "W2": rng.standard_normal((256, 10)) * 0.05, "b2": onp.zeros(10)}
    seconds, j_mlp = _compile_time(wg.value_and_grad(mlp_loss), params, Xb, labels)
    row("W5 jit MLP 784-256-10 batch 512, value_and_grad", lambda: j_mlp(params, Xb, labels), "by hand",
        lambda: mlp_by_hand(params, Xb, labels), "<= 1.0")
    if jax:
        x_mlp = jax.jit(jax.value_and_grad(lambda p, X, l: mlp_loss(p, X, l, jnp, jlogsumexp)))
        jparams = {k: jnp.asarray(v) for k, v in params.items()}
        jXb, jlabels = jnp.asarray(Xb), jnp.asarray(labels)
        row("   ... against jax.jit", lambda: j_mlp(params, Xb, labels), "jax.jit",
            _jax_ready(lambda: x_mlp(jparams, jXb, jlabels)), "")
    compile_row("   ... compile (first call)", seconds)

    # W8 Hessian-vector product, n = 10^5
    x5, v5 = rng.standard_normal(10 ** 5), rng.standard_normal(10 ** 5)
    hvp = wg.hvp(rosen_vec)
    seconds, j_hvp = _compile_time(hvp, x5, v5)
    row("W8 jit Rosenbrock n=1e5, Hessian-vector product", lambda: j_hvp(x5, v5), "rosen_hess_prod",
        lambda: rosen_hess_prod(x5, v5), "<= 1.5")
    if jax:
        f = jax.grad(lambda x: rosen_vec(x, jnp))
        x_hvp = jax.jit(lambda x, v: jax.jvp(f, (x,), (v,))[1])
        jx5, jv5 = jnp.asarray(x5), jnp.asarray(v5)
        row("   ... against jax.jit", lambda: j_hvp(x5, v5), "jax.jit", _jax_ready(lambda: x_hvp(jx5, jv5)), "")
    compile_row("   ... compile (first call)", seconds)


def _fmt(value, unit):
    if value != value:
        return "-"
    if unit == "bytes":
        return f"{value / 2 ** 20:.1f} MiB"
    for scale, name in ((1, "s"), (1e-3, "ms"), (1e-6, "µs")):
        if value >= scale:
            return f"{value / scale:.3g} {name}"
    return f"{value * 1e9:.3g} ns"


def render(rows):
    lines = ["| case | wengert | baseline | baseline value | ratio | target |",
             "|---|---:|---|---:|---:|---|"]
    for case, ours, name, base, ratio, target, unit in rows:
        ratio_text = "-" if ratio != ratio else f"{ratio:.2f}"
        lines.append(f"| {case} | {_fmt(ours, unit)} | {name} | {_fmt(base, unit)} | {ratio_text} | {target} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main(sys.argv[1:])
