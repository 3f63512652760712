"""The seed example: reverse-mode AD of z = x1*x2 + sin(x1) at x1 = 2, x2 = 3, step by step.

This is the worked example the project grew from: what goes into the
computational graph, how the reverse pass processes it, and what comes out.

Run:  python examples/seed_example.py
Same on the command line:  wengert explain "x1*x2 + sin(x1)" x1=2 x2=3
"""

import wengert as wg
import wengert.numpy as np


def z(x1, x2):
    return x1 * x2 + np.sin(x1)


def main():
    dx1, dx2 = wg.grad(z, argnums=(0, 1))(2.0, 3.0)
    print("z = x1*x2 + sin(x1) at x1 = 2, x2 = 3")
    print(f"wg.grad gives dz/dx1 = {float(dx1)!r}, dz/dx2 = {float(dx2)!r}; wg.explain shows how:")
    print()
    trace = wg.explain(z, 2.0, 3.0)
    print(trace)
    print()
    print("Symbolic derivatives (intermediate values substituted)")
    for name, formula in trace.symbolic().items():
        print(f"  dz/d{name} = {formula}")


if __name__ == "__main__":
    main()
