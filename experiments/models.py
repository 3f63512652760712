"""Plots of the wengert.models fits and of the optimizers' convergence on them.

    python experiments/models.py [--out DIR]   # writes experiments/figures/models_*.png

- models_fits.png: a linear fit (predicted against observed), polynomial and
  MLP fits of a noisy sine, and the decision regions of a softmax regression.
- models_curve_fit.png: the decay fit with its one-sigma band, and the
  evaluations of the model curve_fit needs with the exact Jacobian against
  scipy.optimize.curve_fit's finite differences, for lm, trf and dogbox. An
  AD Jacobian costs no evaluation of the residuals, but it is not free: it
  takes one forward-mode sweep per parameter (shown as "+ J").
- models_convergence.png: objective minus the best objective found, against
  iteration, for several `wengert.minimize` methods on three models.

All data are the package's own generated data sets (wengert.models.datasets).
"""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import scipy.optimize  # noqa: E402

import wengert as wg  # noqa: E402
import wengert.numpy as wnp  # noqa: E402
from wengert.models import (ConvergenceWarning, LinearRegression, LogisticRegression,  # noqa: E402
                            MLPRegressor, PolynomialRegression, curve_fit, datasets)
from wengert.plot.gaps import draw_gaps, exact_handles  # noqa: E402
from wengert.plot.layout import styles  # noqa: E402

from outdir import output_dir  # noqa: E402  (experiments/outdir.py, beside this script)


def decay(t, A, k, c):
    return A * wnp.exp(-k * t) + c


def plot_fits(path):
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))

    plants = datasets.load_plants()
    model = LinearRegression().fit(plants.X, plants.y)
    ax = axes[0]
    ax.scatter(plants.y, model.predict(plants.X), s=14, alpha=0.7, label="plants")
    lims = [plants.y.min(), plants.y.max()]
    ax.plot(lims, lims, "k--", lw=1, label="predicted = observed")
    ax.set(xlabel="observed biomass (g)", ylabel="predicted biomass (g)",
           title=f"LinearRegression on 3 features, $R^2$ = {model.score(plants.X, plants.y):.3f}")
    ax.legend(loc="upper left")

    sine = datasets.load_sine()
    grid = np.linspace(-3.2, 3.2, 300).reshape(-1, 1)
    ax = axes[1]
    ax.scatter(sine.X[:, 0], sine.y, s=14, color="k", label="noisy sin(x)", zorder=3)
    for degree in (1, 3, 7):
        poly = PolynomialRegression(degree=degree).fit(sine.X, sine.y)
        ax.plot(grid[:, 0], poly.predict(grid), label=f"polynomial, degree {degree}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # an MLP rarely meets a tight gtol
        mlp = MLPRegressor(hidden=(16,), alpha=1e-3, random_state=0, max_iter=300).fit(sine.X, sine.y)
    ax.plot(grid[:, 0], mlp.predict(grid), lw=2, label="MLP, 16 tanh units")
    ax.plot(grid[:, 0], np.sin(grid[:, 0]), "k:", label="sin(x)")
    ax.set(xlabel="x", ylabel="y", ylim=(-2.7, 1.6), title="PolynomialRegression and MLPRegressor")
    ax.legend(loc="lower right", fontsize=8, ncol=2)

    blobs = datasets.load_blobs()
    clf = LogisticRegression(C=1.0).fit(blobs.X, blobs.y)
    ax = axes[2]
    xx, yy = np.meshgrid(np.linspace(-4.0, 4.5, 300), np.linspace(-4.0, 3.5, 300))
    grid2 = np.column_stack([xx.ravel(), yy.ravel()])
    region = np.searchsorted(clf.classes_, clf.predict(grid2)).reshape(xx.shape)
    colors = ["tab:blue", "tab:orange", "tab:green"]
    ax.contourf(xx, yy, region, levels=[-0.5, 0.5, 1.5, 2.5], colors=colors, alpha=0.2)
    for label, color in zip(clf.classes_, colors):
        mask = blobs.y == label
        ax.scatter(blobs.X[mask, 0], blobs.X[mask, 1], s=14, color=color, label=f"class {label}")
    ax.set(xlabel="$x_1$", ylabel="$x_2$",
           title=f"LogisticRegression (softmax), accuracy {clf.score(blobs.X, blobs.y):.2f}")
    ax.legend(loc="lower left")

    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_curve_fit(path):
    data = datasets.load_decay()
    p0 = [300.0, 0.5, 10.0]
    popt, pcov, info, _, _ = curve_fit(decay, data.x, data.y, p0=p0, sigma=data.sigma,
                                       absolute_sigma=True, full_output=True)
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.6), gridspec_kw={"width_ratios": [1.4, 1]})

    ax = axes[0]
    t = np.linspace(0.0, 10.0, 300)
    J = wg.jacobian(lambda p: decay(t, *p))(popt)
    band = np.sqrt(np.einsum("ij,jk,ik->i", J, pcov, J))  # one-sigma band of the fitted curve
    fit = decay(t, *popt)
    ax.errorbar(data.x, data.y, yerr=data.sigma, fmt="o", ms=3, color="k", label="counts ± √counts")
    ax.plot(t, fit, color="tab:red",
            label=f"fit: A={popt[0]:.0f}, k={popt[1]:.3f}/min, c={popt[2]:.1f}")
    ax.fill_between(t, fit - band, fit + band, color="tab:red", alpha=0.25, label="± 1σ of the fit")
    ax.set(xlabel="time (min)", ylabel="counts per 15 s", title=f"curve_fit, $R^2$ = {info['r_squared']:.3f}")
    ax.legend()

    ax = axes[1]
    methods = ["lm", "trf", "dogbox"]
    ours, jacobians, theirs = [], [], []
    for method in methods:
        *_, info_m, _, _ = curve_fit(decay, data.x, data.y, p0=p0, sigma=data.sigma, method=method,
                                     full_output=True)
        calls = []

        def counted(x, *p):
            calls.append(1)
            return decay(x, *p)

        scipy.optimize.curve_fit(counted, data.x, data.y, p0=p0, sigma=data.sigma, method=method)
        ours.append(info_m["nfev"])
        jacobians.append(info_m["njev"])
        theirs.append(len(calls))
    pos = np.arange(len(methods))
    ax.bar(pos - 0.2, ours, 0.4, label="wengert: exact Jacobian (AD)")
    ax.bar(pos + 0.2, theirs, 0.4, label="scipy: finite differences")
    for x, n, j in zip(pos - 0.2, ours, jacobians):
        ax.text(x, n, f"{n}\n+ {j} J", ha="center", va="bottom")
    for x, n in zip(pos + 0.2, theirs):
        ax.text(x, n, str(n), ha="center", va="bottom")
    ax.set_xticks(pos, methods)
    ax.set_ylim(0, 1.4 * max(theirs))
    ax.set(xlabel="least_squares method", ylabel="calls of the model f(x, *p)",
           title="Model evaluations to converge (J: AD Jacobians)")
    ax.legend(loc="upper left")

    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_convergence(path):
    plants, blobs, sine = datasets.load_plants(), datasets.load_blobs(), datasets.load_sine()
    problems = [
        ("ridge regression (alpha=10)", lambda m: LinearRegression(alpha=10.0, method=m, max_iter=300),
         plants.X, plants.y),
        ("softmax regression (C=1)", lambda m: LogisticRegression(C=1.0, method=m, max_iter=300),
         blobs.X, blobs.y),
        ("MLP, 16 tanh units (local minima differ)",
         lambda m: MLPRegressor(hidden=(16,), random_state=0, method=m, tol=1e-7, max_iter=300),
         sine.X, sine.y),
    ]
    methods = ["L-BFGS-B", "BFGS", "CG", "Newton-CG", "trust-ncg", wg.optim.Adam(lr=0.05)]
    fig, axes = plt.subplots(1, 3, figsize=(15, 5.2), layout="constrained")
    reached = False
    for ax, (title, make, X, y) in zip(axes, problems):
        curves = {}
        for method in methods:
            name = method if isinstance(method, str) else "Adam (lr=0.05)"
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                model = make(method).fit(X, y)
            curves[name] = np.asarray(model.history_["fun"], dtype=float)
        best = min(c.min() for c in curves.values())
        style = styles(list(curves))
        for name, fun in curves.items():
            # the best run reaches a gap of zero: its line ends there with a triangle on the
            # bottom edge, instead of plunging to a floor value it never had
            reached |= draw_gaps(ax, np.arange(1, fun.size + 1), fun - best, label=name, lw=1.6,
                                 **style[name])
        ax.set(xlabel="iteration", ylabel="objective − best objective (standardized units)",
               title=title, xscale="log", yscale="log")
    # one legend for the three panels, under them, where it hides no curve
    handles, labels = axes[0].get_legend_handles_labels()
    for handle, label in exact_handles({"the best objective"} if reached else ()):
        handles.append(handle)
        labels.append(label)
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), frameon=False)
    fig.suptitle("wengert.minimize methods fitting the models (exact gradients, Hessian-vector "
                 "products for Newton-CG and trust-ncg)")
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main():
    out = output_dir(__doc__)
    for name, plot in [("fits", plot_fits), ("curve_fit", plot_curve_fit),
                       ("convergence", plot_convergence)]:
        path = out / f"models_{name}.png"
        plot(path)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
