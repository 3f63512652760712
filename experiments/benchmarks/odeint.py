"""Gradients of an ODE solution: the adjoint method against forward sensitivities and central
differences, at several solver tolerances.

    python experiments/benchmarks/odeint.py

The problem: Lotka-Volterra with four rates and two initial populations (six
inputs), observed at 16 times over [0, 15]; the loss is the sum of squared
populations. For each tolerance (rtol = atol of LSODA, used by the forward
and by the derivative solves alike) the table gives each method's error in
the gradient, relative to its largest component, against a reference: the
adjoint gradient at rtol = atol = 1e-12 (which forward sensitivities at 1e-12
match to the figure printed above the table). Times are medians over repeats,
the contenders taking turns within each repeat, and ratios are to the loss
alone, measured in the same repeats.

A second table shows how the costs grow with the number of parameters: the
dynamics dy/dt = tanh(W y) - y with an n x n matrix W (n^2 parameters),
observed at 8 times, rtol = atol = 1e-8. One adjoint solve serves every
parameter; forward sensitivities and central differences need one solve (or
two) per parameter.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

import wengert as wg
import wengert.numpy as wnp
from wengert.scipy.integrate import odeint

T = np.linspace(0.0, 15.0, 16)
X0 = np.array([1.0, 0.4, 0.1, 0.8, 10.0, 5.0])   # alpha, beta, delta, gamma, prey(0), predators(0)


def lotka_volterra(y, t, alpha, beta, delta, gamma):
    prey, predators = y[0], y[1]
    return wnp.stack([alpha * prey - beta * prey * predators, delta * prey * predators - gamma * predators])


def loss(x, tol):
    y = odeint(lotka_volterra, x[4:], T, args=(x[0], x[1], x[2], x[3]), rtol=tol, atol=tol)
    return wnp.sum(y * y)


def central(x, tol, h):
    steps = h * np.maximum(1.0, np.abs(x))
    return np.array([(loss(x + s * e, tol) - loss(x - s * e, tol)) / (2 * s) for s, e in zip(steps, np.eye(len(x)))])


def times(contenders, repeats=3):
    samples = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, fn in contenders.items():
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(s) for name, s in samples.items()}


def main():
    reference = wg.grad(loss)(X0, 1e-12)
    forward_ref = wg.jacobian(loss, mode="fwd")(X0, 1e-12)
    scale = np.max(np.abs(reference))
    print(f"Lotka-Volterra, 6 inputs, 16 observation times; gradient of the sum of squares.")
    print(f"Reference: the adjoint gradient at rtol = atol = 1e-12; forward sensitivities there "
          f"differ from it by {np.max(np.abs(forward_ref - reference)) / scale:.1e}.")
    rows = []
    for tol in (1e-6, 1e-8, 1e-10):
        methods = {
            "loss": lambda: loss(X0, tol),
            "adjoint": lambda: wg.grad(loss)(X0, tol),
            "forward": lambda: wg.jacobian(loss, mode="fwd")(X0, tol),
            "central 1e-3": lambda: central(X0, tol, 1e-3),
            "central 1e-6": lambda: central(X0, tol, 1e-6),
        }
        elapsed = times(methods)
        for name, fn in methods.items():
            if name == "loss":
                continue
            err = np.max(np.abs(fn() - reference)) / scale
            rows.append((f"{tol:.0e}", name, f"{err:.1e}", f"{elapsed[name] * 1e3:.0f}",
                         f"{elapsed[name] / elapsed['loss']:.0f}x"))
    header = ("rtol = atol", "gradient by", "error", "ms", "x loss")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(c.rjust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    print("\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)]))
    print()
    print(scaling())


def network(y, t, w):
    return wnp.tanh(wnp.dot(w, y)) - y


def scaling():
    rows = []
    t = np.linspace(0.0, 2.0, 8)
    for n in (2, 4, 8):
        rng = np.random.default_rng(n)
        w0, y0 = rng.standard_normal((n, n)) / np.sqrt(n), rng.standard_normal(n)

        def net_loss(w):
            return wnp.sum(odeint(network, y0, t, args=(w,), rtol=1e-8, atol=1e-8) ** 2)

        def net_central():
            out = np.zeros(n * n)
            for k, e in enumerate(np.eye(n * n)):
                e = e.reshape(n, n) * 1e-6
                out[k] = (net_loss(w0 + e) - net_loss(w0 - e)) / 2e-6
            return out

        elapsed = times({"loss": lambda: net_loss(w0), "adjoint": lambda: wg.grad(net_loss)(w0),
                         "forward": lambda: wg.jacobian(net_loss, mode="fwd")(w0),
                         "central": net_central})
        rows.append((f"{n}", f"{n * n}", *(f"{elapsed[k] * 1e3:.0f} ({elapsed[k] / elapsed['loss']:.0f}x)"
                                           for k in ("adjoint", "forward", "central"))))
    header = ("n", "parameters", "adjoint ms (x loss)", "forward ms (x loss)", "central ms (x loss)")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(c.rjust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


if __name__ == "__main__":
    main()
