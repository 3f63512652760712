"""Plots of a comparison (`wengert.compare`): convergence, trajectories, learning-rate sensitivity.

Each function returns a `matplotlib.figure.Figure` made without pyplot, so it
works on any backend, Agg included, and leaves no global state behind: save it
with ``fig.savefig("name.png")`` (in Jupyter it shows itself). ``wengert``
imports this module, and so matplotlib, only when ``wg.plot`` is first used.

>>> import wengert as wg
>>> runs = wg.compare(["booth"], ["adam", "L-BFGS-B"], maxiter=100)   # doctest: +SKIP
>>> wg.plot.convergence(runs).savefig("convergence.png")             # doctest: +SKIP
"""

from __future__ import annotations

import math
import warnings

import numpy as _np
from matplotlib import colormaps
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator, NullLocator

__all__ = ["convergence", "trajectories", "lr_sensitivity", "GAP_FLOOR"]

# Gaps are drawn as |f - f*| on log axes (negative ones come from round-off, or
# from a run leaving the box of a problem unbounded outside it, like McCormick),
# and those below this floor at it.
GAP_FLOOR = 1e-16

_X_LABELS = {"iteration": "iteration", "evaluations": "function evaluations",
             "seconds": "seconds"}


def _figure(n_panels, panel_size=(4.2, 3.3), max_cols=4):

    cols = min(max_cols, n_panels)
    rows = math.ceil(n_panels / cols)
    fig = Figure(figsize=(panel_size[0] * cols, panel_size[1] * rows + 0.6), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False).ravel()
    for ax in axes[n_panels:]:
        ax.set_visible(False)
    return fig, axes[:n_panels]


def _colors(labels):
    """A fixed color per label, the same in every panel."""

    palette = colormaps["tab10"].colors
    return {label: palette[k % len(palette)] for k, label in enumerate(labels)}


def _log_y(ax):
    """Log y axis with a handful of decade ticks and no minor ones.

    Gaps span twenty decades; matplotlib's default minor ticks (eight a
    decade) are unreadable there and make saving a figure several times slower.
    """

    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(numticks=7))
    ax.yaxis.set_minor_locator(NullLocator())


def _floor(gap, ceiling=1e200):
    # the ceiling keeps diverging runs (gaps up to 1e308) from overflowing the log axis
    gap = _np.asarray(gap, dtype=float)
    return _np.where(_np.isnan(gap), _np.nan, _np.clip(gap, GAP_FLOOR, ceiling))


def _bottom(group):
    """Bottom of a panel: a little under the smallest gap drawn."""
    gaps = [_np.nanmin(_floor(_np.abs(r.gap))) for r in group if _np.isfinite(r.gap).any()]
    return min(gaps, default=GAP_FLOOR) / 3


def _ceiling(group):
    """Top of a panel: ten times the largest starting gap, so divergence runs off the top."""
    starts = [r.gap[0] for r in group if _np.isfinite(r.gap[0])]
    return 10 * max(max(starts, default=1.0), GAP_FLOOR)


def _curve(run, x):
    """``(xs, gaps)`` of one run against iterations, evaluations or seconds."""
    if x == "iteration":
        xs = _np.arange(len(run.fun), dtype=float)
    elif x == "evaluations":
        xs = _np.asarray(run.nfev, dtype=float)
    elif x == "seconds":
        xs = _np.asarray(run.seconds, dtype=float)
    else:
        raise ValueError(f"x must be one of {list(_X_LABELS)}; got {x!r}")
    return xs, _floor(_np.abs(run.gap))


def _on_grid(xs, ys, grid):
    """The run's gap at each grid point: the value of its latest iterate at or before it.

    A run that stopped early keeps its final gap; a grid point before the run's
    first x is NaN.
    """
    idx = _np.searchsorted(xs, grid, side="right") - 1
    out = ys[_np.clip(idx, 0, None)].astype(float)
    out[idx < 0] = _np.nan
    return out


def convergence(runs, x="iteration", problems=None, methods=None, title=None):
    """Gap ``f - f*`` against iterations, evaluations or seconds, one panel per problem.

    Parameters
    ----------
    runs : Runs
        From `wengert.compare`.
    x : {"iteration", "evaluations", "seconds"}
        The horizontal axis.
    problems, methods : list of str, optional
        Subsets to draw (default: all, in the order of `runs`).
    title : str, optional
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure
        One line per method on a log scale. With several starts, the line is
        the median over starts and the band runs from the 25th to the 75th
        percentile. Gaps below `GAP_FLOOR` are drawn at it; the axis stops at
        ten times the largest starting gap, so diverging runs leave through
        the top.
    """
    if x not in _X_LABELS:
        raise ValueError(f"x must be one of {list(_X_LABELS)}; got {x!r}")
    problems = problems or runs.problems
    methods = methods or runs.methods
    colors = _colors(runs.methods)
    fig, axes = _figure(len(problems))
    several = False
    for ax, problem in zip(axes, problems):
        for method in methods:
            group = [r for r in runs if r.problem == problem and r.method == method]
            if not group:
                continue
            curves = [_curve(r, x) for r in group]
            if len(curves) == 1:
                ax.plot(*curves[0], color=colors[method], lw=1.5, label=method)
                continue
            several = True
            grid = _common_grid(curves, x)
            ys = _np.array([_on_grid(xs, gs, grid) for xs, gs in curves])
            with warnings.catch_warnings():
                # an all-NaN column only means no run has got that far on the x axis
                warnings.simplefilter("ignore", RuntimeWarning)
                low, median, high = _np.nanpercentile(ys, [25, 50, 75], axis=0)
            ax.plot(grid, median, color=colors[method], lw=1.5, label=method)
            ax.fill_between(grid, low, high, color=colors[method], alpha=0.12, lw=0)
        _log_y(ax)
        group = [r for r in runs if r.problem == problem]
        ax.set_ylim(_bottom(group), _ceiling(group))
        ax.set_title(problem)
        ax.set_xlabel(_X_LABELS[x])
        ax.set_ylabel("|f - f*|")
        ax.grid(True, which="major", alpha=0.3)
    _legend(fig, axes, several and "median over starts, band: 25-75%")
    fig.suptitle(title or f"Convergence: gap to the minimum against {_X_LABELS[x]}")
    return fig


def _common_grid(curves, x):
    end = max(xs[-1] for xs, _ in curves)
    if x == "iteration":
        return _np.arange(int(end) + 1, dtype=float)
    return _np.linspace(0.0, end, 400)


def _legend(fig, axes, note=None):
    handles, labels = {}, []
    for ax in axes:
        for h, label in zip(*ax.get_legend_handles_labels()):
            if label not in handles:
                handles[label] = h
                labels.append(label)
    title = note if note else None
    fig.legend([handles[k] for k in labels], labels, loc="outside lower center",
               ncols=min(len(labels), 8), title=title, frameon=False)


def _grid_values(problem, n):
    """The problem's values on an n x n grid over its box (one call per point)."""
    (x_lo, x_hi), (y_lo, y_hi) = problem.bounds
    xs, ys = _np.linspace(x_lo, x_hi, n), _np.linspace(y_lo, y_hi, n)
    z = _np.array([[float(problem.fun(_np.array([a, b]))) for a in xs] for b in ys])
    return xs, ys, z


def trajectories(problem, runs, start=0, methods=None, resolution=150, ax=None, cols=3):
    """Paths of the methods over a filled contour plot of a 2-D problem.

    Parameters
    ----------
    problem : Problem or list of Problem
        A 2-D test function (`wengert.problems`); its runs are found in `runs`
        by name. A list gives one panel per problem, `cols` to a row.
    runs : Runs
        From `wengert.compare`, which keeps the paths of small problems.
    start : int
        Which start's paths to draw (0 is the customary start).
    methods : list of str, optional
        Subset of the methods (default: all).
    resolution : int
        Grid points per axis of the contour plot.
    ax : matplotlib.axes.Axes, optional
        Draw a single problem into this axes instead of a new figure.
    cols : int
        Panels per row for a list of problems.

    Returns
    -------
    matplotlib.figure.Figure
        Contours of ``f - f*`` on log-spaced levels, the start (black circle),
        the known minimizers (white stars) and one path per method.
    """
    if isinstance(problem, (list, tuple)):
        cols = min(cols, len(problem))
        rows = -(-len(problem) // cols)
        fig = Figure(figsize=(6.2 * cols, 5.2 * rows), layout="constrained")
        axes = fig.subplots(rows, cols, squeeze=False).ravel()
        for panel, p in zip(axes, problem):
            trajectories(p, runs, start, methods, resolution, ax=panel)
        for panel in axes[len(problem):]:
            panel.set_visible(False)
        return fig

    if problem.dim != 2:
        raise ValueError(f"trajectories needs a 2-D problem; {problem.name} has "
                         f"{problem.dim} variables")
    if ax is None:
        fig = Figure(figsize=(6.4, 5.6), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    xs, ys, z = _grid_values(problem, resolution)
    gap = z - problem.f_star
    positive = gap[gap > 0]
    # Log-spaced levels show both the walls and the floor of the valley; the
    # lowest level sits a few decades under the median so the basin is visible.
    low = max(positive.min(), _np.median(positive) * 1e-4, GAP_FLOOR)
    levels = _np.geomspace(low, positive.max(), 30)
    contour = ax.contourf(xs, ys, _np.clip(gap, low, None), levels=levels, norm=LogNorm(),
                          cmap="viridis", extend="both")
    fig.colorbar(contour, ax=ax, label="f - f*  (log scale)", format="%.0e")

    colors = _colors(runs.methods)
    drawn = []
    for method in methods or runs.methods:
        run = next((r for r in runs if r.problem == problem.name and r.method == method
                    and r.start == start), None)
        if run is None or run.path is None:
            continue
        ax.plot(run.path[:, 0], run.path[:, 1], "-", color=colors[method], lw=1.4,
                marker=".", ms=3, label=f"{method} ({len(run.path) - 1} it.)")
        drawn.append(run)
    if drawn:
        x0 = drawn[0].x0
        ax.plot(x0[0], x0[1], "o", ms=8, mfc="black", mec="white", label="start", zorder=5)
    ax.plot(problem.x_star[:, 0], problem.x_star[:, 1], "*", ms=15, mfc="white", mec="black",
            label="minimizer" + ("s" if len(problem.x_star) > 1 else ""), zorder=5)
    ax.set_xlim(*problem.bounds[0])
    ax.set_ylim(*problem.bounds[1])
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_title(f"{problem.name}: paths from start {start}")
    ax.legend(loc="best", fontsize="small", framealpha=0.8)
    return fig


def lr_sensitivity(runs, problems=None):
    """Final gap against learning rate, one panel per problem, one line per method.

    Parameters
    ----------
    runs : Runs
        A comparison made with ``tune=True`` (its tuning runs are plotted, and
        the chosen rates marked), or any runs whose methods differ in ``lr``
        (grouped by underlying method, e.g. several ``("adam lr=...", "adam",
        {"lr": ...})`` specs).
    problems : list of str, optional
        Subset of the problems.

    Returns
    -------
    matplotlib.figure.Figure
        Median final gap over starts on log-log axes. Rates at which a start
        diverged (its objective or gradient went to inf or NaN) are marked
        with a cross; the gap shown there is that of its last finite iterate.
        Gaps above ten times the starting gap are drawn at that height.
    """

    source = runs.tuning if runs.tuning else runs
    with_lr = [r for r in source if r.lr is not None]
    if not with_lr:
        raise ValueError("no run has a learning rate; compare first-order methods with tune=True, "
                         "or with several lr values")
    problems = problems or list(dict.fromkeys(r.problem for r in with_lr))
    bases = list(dict.fromkeys(r.base for r in with_lr))
    colors = _colors(bases)
    chosen = runs.tuned
    budget = max(len(r.fun) for r in with_lr) - 1
    fig, axes = _figure(len(problems))
    for ax, problem in zip(axes, problems):
        ceiling = _ceiling([r for r in with_lr if r.problem == problem])
        for base in bases:
            group = [r for r in with_lr if r.problem == problem and r.base == base]
            if not group:
                continue
            lrs = _np.array(sorted({r.lr for r in group}))
            finals = _floor([_np.median([abs(r.final_gap) for r in group if r.lr == lr])
                             for lr in lrs], ceiling)
            diverged = _np.array([any(r.diverged for r in group if r.lr == lr) for lr in lrs])
            ax.plot(lrs, finals, "o-", ms=4, color=colors[base], label=base)
            ax.plot(lrs[diverged], finals[diverged], "x", ms=9, mew=2, color=colors[base])
            for (p, method), lr in chosen.items():
                if p == problem and _method_base(runs, p, method) == base:
                    k = _np.flatnonzero(_np.isclose(lrs, lr, rtol=1e-9))
                    ax.plot(lrs[k], finals[k], "o", ms=11, mfc="none", mec=colors[base], mew=2)
        ax.set_xscale("log")
        ax.xaxis.set_minor_locator(NullLocator())
        _log_y(ax)
        ax.set_ylim(top=ceiling * 1.5)
        ax.set_title(problem)
        ax.set_xlabel("learning rate")
        ax.set_ylabel("final |f - f*|")
        ax.grid(True, which="major", alpha=0.3)
    note = "x: a start diverged (its gap before it blew up is used)"
    if chosen:
        note += "; open circle: chosen by tune"
    _legend(fig, axes, note)
    fig.suptitle(f"Learning-rate sensitivity: gap after at most {budget} iterations")
    return fig


def _method_base(runs, problem, method):
    run = next((r for r in runs if r.problem == problem and r.method == method), None)
    return None if run is None else run.base
