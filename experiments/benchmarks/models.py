"""wengert.models against scikit-learn on the data sets it ships: iterations, time, accuracy.

Run: python experiments/benchmarks/models.py  [--repeats N]

For each case, scikit-learn's estimator with its defaults, then (where that
stops with a ConvergenceWarning) with max_iter raised until it converges, and
wengert's with its defaults. The fits of a case alternate, repeat after
repeat, so load on the machine touches them alike; a ratio is the median of
the per-repeat ratios of a fit's time to the reference's (scikit-learn's
first fit that converges). Every fit runs with one BLAS thread
(threadpoolctl): on two busy cores OpenBLAS's default thread per core made
scikit-learn's lbfgs a hundred times slower in some runs. |grad| is the norm
of the gradient of scikit-learn's own objective, per sample, at the fit:
how close each fit is to the one minimizer.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings

import numpy as _np
import sklearn
from sklearn import linear_model
from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits, load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

import wengert as wg
import wengert.numpy as wnp
from wengert.models import LinearRegression, LogisticRegression
from wengert.scipy.special import logsumexp


def logistic_gradient_norm(model, X, y, C):
    """|gradient| of scikit-learn's objective, mean cross-entropy + ||W||^2 / (2 C n)."""
    n_classes = model.classes_.size
    labels = _np.searchsorted(model.classes_, y)

    def objective(params):
        z = wnp.matmul(X, wnp.transpose(params["coef"])) + params["intercept"]
        if n_classes == 2:
            loss = wnp.logaddexp(0.0, z[:, 0]) - labels * z[:, 0]
        else:
            loss = logsumexp(z, axis=1) - wnp.sum(_np.eye(n_classes)[labels] * z, axis=1)
        return wnp.mean(loss) + wnp.sum(params["coef"] ** 2) / (2.0 * C * len(y))

    g = wg.grad(objective)({"coef": model.coef_, "intercept": _np.atleast_1d(model.intercept_)})
    return float(_np.sqrt(_np.sum(g["coef"] ** 2) + _np.sum(g["intercept"] ** 2)))


def ridge_gradient_norm(model, X, y, alpha):
    """|gradient| of Ridge's objective divided by n: mean squared residual + alpha ||w||^2 / n."""
    def objective(params):
        r = y - wnp.matmul(X, params["coef"]) - params["intercept"]
        return wnp.mean(r * r) + alpha * wnp.sum(params["coef"] ** 2) / len(y)

    g = wg.grad(objective)({"coef": model.coef_, "intercept": float(model.intercept_)})
    return float(_np.sqrt(_np.sum(g["coef"] ** 2) + g["intercept"] ** 2))


def cases():
    """(case, X, y, gradient norm at a fit, scikit-learn's class, wengert's class, parameters)."""
    bc_X, bc_y = load_breast_cancer(return_X_y=True)
    iris_X, iris_y = load_iris(return_X_y=True)
    digits_X, digits_y = load_digits(return_X_y=True)
    diabetes_X, diabetes_y = load_diabetes(return_X_y=True)

    def logistic(C):
        return lambda model, X, y: logistic_gradient_norm(model, X, y, C)

    return [
        ("breast_cancer, raw (569 x 30), C=1", bc_X, bc_y, logistic(1.0),
         linear_model.LogisticRegression, LogisticRegression, {}),
        ("breast_cancer, standardized, C=1", StandardScaler().fit_transform(bc_X), bc_y,
         logistic(1.0), linear_model.LogisticRegression, LogisticRegression, {}),
        ("iris, raw (150 x 4, 3 classes), C=1", iris_X, iris_y, logistic(1.0),
         linear_model.LogisticRegression, LogisticRegression, {}),
        ("digits, raw (1797 x 64, 10 classes), C=1", digits_X, digits_y, logistic(1.0),
         linear_model.LogisticRegression, LogisticRegression, {}),
        ("diabetes (442 x 10), ridge alpha=1", diabetes_X, diabetes_y,
         lambda model, X, y: ridge_gradient_norm(model, X, y, 1.0),
         linear_model.Ridge, LinearRegression, {"alpha": 1.0}),
    ]


def fit(make, X, y):
    """Fit once: (model, seconds, whether a ConvergenceWarning was raised)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        start = time.perf_counter()
        model = make().fit(X, y)
        seconds = time.perf_counter() - start
    return model, seconds, any(issubclass(w.category, ConvergenceWarning) for w in caught)


def iterations(model):
    n_iter = getattr(model, "n_iter_", None)
    return "direct" if n_iter is None else str(int(_np.max(n_iter)))


def run_case(name, X, y, gradient_norm, theirs, ours, params, repeats):
    """The rows of one case; the fits alternate within each repeat."""
    fits = [(f"scikit-learn {theirs.__name__}, defaults", lambda: theirs(**params))]
    _, _, warned = fit(fits[0][1], X, y)
    if warned:  # raise max_iter until scikit-learn converges (x10 each time)
        max_iter = 1000
        while fit(lambda: theirs(max_iter=max_iter, **params), X, y)[2]:
            max_iter *= 10
        fits.append((f"scikit-learn, max_iter={max_iter}",
                     lambda m=max_iter: theirs(max_iter=m, **params)))
    fits.append((f"wengert {ours.__name__}, defaults", lambda: ours(**params)))
    # At about scikit-learn's tolerance: what the default's last digits cost.
    fits.append(("wengert, tol=1e-4", lambda: ours(tol=1e-4, **params)))
    times = {label: [] for label, _ in fits}
    results = {}
    for _ in range(repeats):
        for label, make in fits:
            model, seconds, warned = fit(make, X, y)
            times[label].append(seconds)
            results[label] = (model, warned)
    reference = fits[1][0] if fits[1][0].startswith("scikit-learn") else fits[0][0]
    rows = []
    for label, _ in fits:
        model, warned = results[label]
        ratio = statistics.median(t / r for t, r in zip(times[label], times[reference]))
        rows.append((name, label, iterations(model), "no" if warned else "yes",
                     f"{gradient_norm(model, X, y):.1e}",
                     f"{statistics.median(times[label]) * 1e3:.1f}",
                     f"{min(times[label]) * 1e3:.1f}", f"{ratio:.2f}"))
    return rows


def table(header, rows):
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["| " + " | ".join(str(h).ljust(w) for h, w in zip(header, widths)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += ["| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |"
              for row in rows]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    rows = []
    with threadpool_limits(1):
        for case in cases():
            rows += run_case(*case, repeats=args.repeats)
    print(f"wengert.models against scikit-learn {sklearn.__version__}, one BLAS thread, "
          f"median of {args.repeats} alternating repeats")
    print(table(("case", "fit", "iterations", "converged", "|grad|", "median ms", "best ms",
                 "ratio"), rows))
    print("(ratio: median per-repeat time over scikit-learn's first fit that converges; "
          "wengert's iterations are Newton steps, each a few conjugate-gradient steps of one "
          "Hessian-vector product)")


if __name__ == "__main__":
    main()
