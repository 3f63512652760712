"""`convergence`: the gap against iterations, evaluations or seconds, one panel per problem."""

from __future__ import annotations

import warnings

import numpy as _np

from .gaps import (HALO, axis_limits, draw_gaps, exact_handles, gap_label, grouped, log_y,
                   reference, subset)
from .layout import panel_grid, shared_legend, styles, suptitle

__all__ = ["convergence"]

X_LABELS = {"iteration": "iteration", "evaluations": "function evaluations",
            "seconds": "seconds"}


def convergence(runs, x="iteration", problems=None, methods=None, title=None):
    """Gap ``|f - f*|`` against iterations, evaluations or seconds, one panel per problem.

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
        One line per method, each with a colour and a dash pattern of its own,
        on a log scale, and one legend for all panels. With several starts the
        line is the median over starts and the faint band runs from the 25th to
        the 75th percentile; bands lie under every line. Where the gap is
        measured to the best value reached (``f*`` unknown) the axes say
        ``|f - f_best|``. A gap of exactly zero ends the line with a triangle
        on the bottom edge; gaps under a third of `GAP_FLOOR` leave through the
        bottom and diverging runs through the top (ten times the largest
        starting gap).
    """
    if x not in X_LABELS:
        raise ValueError(f"x must be one of {list(X_LABELS)}; got {x!r}")
    problems = subset(problems, runs.problems, "problem")
    methods = subset(methods, runs.methods, "method")
    style = styles(runs.methods)
    fig, axes = panel_grid(len(problems), (4.2, 3.3), max_cols=4)
    several, exact = False, set()
    for ax, (problem, panel) in zip(axes, grouped(runs, "problem", problems)):
        bottom, top = axis_limits(panel)
        for method, group in grouped(panel, "method", methods):
            curves = [_curve(r, x) for r in group]
            if len(curves) == 1:
                xs, gaps = curves[0]
            else:
                several = True
                xs, (low, gaps, high) = _quartiles(curves, x)
                # bands first and faint, lines on top: a band never hides a median
                ax.fill_between(xs, _np.maximum(low, bottom / 10), _np.minimum(high, 1e200),
                                color=style[method]["color"], alpha=0.1, lw=0, zorder=1)
            if draw_gaps(ax, xs, gaps, label=method, lw=1.6, zorder=3, path_effects=HALO,
                         **style[method]):
                exact.add(reference(group))
        log_y(ax)
        ax.set_ylim(bottom, top)
        ax.set_title(problem)
        ax.set_xlabel(X_LABELS[x])
        ax.set_ylabel(gap_label(panel))
        ax.grid(True, which="major", alpha=0.3)
    note = "line: median over starts; band: 25-75%" if several else None
    shared_legend(fig, axes, exact_handles(exact), note)
    drawn = [r for r in runs if r.problem in problems]
    suptitle(fig, title or f"Convergence: {gap_label(drawn)} against {X_LABELS[x]}")
    return fig


def _curve(run, x):
    """``(xs, gaps)`` of one run against iterations, evaluations or seconds."""
    if x == "iteration":
        xs = _np.arange(len(run.fun), dtype=float)
    elif x == "evaluations":
        xs = _np.asarray(run.nfev, dtype=float)
    else:
        xs = _np.asarray(run.seconds, dtype=float)
    return xs, _np.abs(run.gap)


def _quartiles(curves, x):
    """``(grid, (25th, 50th, 75th percentiles))`` of the gaps of several runs on a common grid."""
    end = max(xs[-1] for xs, _ in curves)
    grid = (_np.arange(int(end) + 1, dtype=float) if x == "iteration"
            else _np.linspace(0.0, end, 400))
    ys = _np.array([_on_grid(xs, gaps, grid) for xs, gaps in curves])
    with warnings.catch_warnings():
        # an all-NaN column only means no run has got that far on the x axis
        warnings.simplefilter("ignore", RuntimeWarning)
        return grid, _np.nanpercentile(ys, [25, 50, 75], axis=0)


def _on_grid(xs, ys, grid):
    """The run's gap at each grid point: the value of its latest iterate at or before it.

    A run that stopped early keeps its final gap; a grid point before the run's
    first x is NaN.
    """
    idx = _np.searchsorted(xs, grid, side="right") - 1
    out = ys[_np.clip(idx, 0, None)].astype(float)
    out[idx < 0] = _np.nan
    return out
