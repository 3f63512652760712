"""`trajectories`: the methods' paths over a filled contour plot of a 2-D problem."""

from __future__ import annotations

import numpy as _np
from matplotlib.colors import LogNorm
from matplotlib.ticker import LogFormatterSciNotation, LogLocator

from .gaps import GAP_FLOOR
from .layout import panel_grid, shared_legend, styles, suptitle

__all__ = ["trajectories"]

_LEVELS = 30


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
        Draw a single problem into this axes of your own figure. The legend is
        then yours to place (the artists are labelled: ``ax.legend()``).
    cols : int
        Panels per row for a list of problems.

    Returns
    -------
    matplotlib.figure.Figure
        Contours of ``f - f*`` (of ``f`` less its lowest value on the grid when
        ``f*`` is unknown) on log-spaced levels with the colour bar ticked at
        decades, one path per method (a colour and a dash pattern each), the
        start (black circle) and the known minimizers (white stars), and one
        legend for all panels, outside them.
    """
    problems = list(problem) if isinstance(problem, (list, tuple)) else [problem]
    if not problems:
        raise ValueError("trajectories needs at least one problem; got an empty list")
    for p in problems:
        if p.dim != 2:
            raise ValueError(f"trajectories needs a 2-D problem; {p.name} has {p.dim} variables")
    if ax is not None:
        if len(problems) != 1:
            raise ValueError(f"ax= draws one problem; got {len(problems)}: leave ax out for a "
                             "figure with a panel each")
        _panel(ax, problems[0], runs, start, methods, resolution, styles(runs.methods))
        return ax.figure
    fig, axes = panel_grid(len(problems), (6.2, 5.2), max_cols=cols)
    style = styles(runs.methods)
    for panel, p in zip(axes, problems):
        _panel(panel, p, runs, start, methods, resolution, style)
    shared_legend(fig, axes)
    where = "the customary start" if start == 0 else f"random start {start}"
    suptitle(fig, f"Paths from {where} over the contours of the objective")
    return fig


def _grid_values(problem, n):
    """The problem's values on an n x n grid over its box (one call per point)."""
    (x_lo, x_hi), (y_lo, y_hi) = problem.bounds
    xs, ys = _np.linspace(x_lo, x_hi, n), _np.linspace(y_lo, y_hi, n)
    z = _np.array([[float(problem.fun(_np.array([a, b]))) for a in xs] for b in ys])
    return xs, ys, z


def _levels(gap):
    """Thirty log-spaced contour levels, from a few decades under the median gap to the largest.

    The lowest level sits four decades under the median gap (or at the
    smallest positive one), which shows both the walls and the floor of a
    valley; lower values are painted in the lowest colour. The levels are not
    pinned to decades (the colour bar's ticks are): a plateau lying on a level
    would show as a checkerboard of round-off (Easom, whose plateau is at
    f - f* = 1).
    """
    positive = gap[gap > 0]
    low = max(positive.min(), _np.median(positive) * 1e-4, GAP_FLOOR)
    return _np.geomspace(low, max(positive.max(), 10 * low), _LEVELS)


def _panel(ax, problem, runs, start, methods, resolution, style):
    xs, ys, z = _grid_values(problem, resolution)
    if problem.f_star is None:
        gap, what = z - _np.nanmin(z), "f - (lowest f on this grid)"
    else:
        gap, what = z - problem.f_star, "f - f*"
    levels = _levels(gap)
    # values at or under the lowest level (the minimizers among them) take the lowest colour
    contour = ax.contourf(xs, ys, _np.maximum(gap, levels[0] / 2), levels=levels, cmap="viridis",
                          norm=LogNorm(levels[0], levels[-1]), extend="min")
    # ticks at decades; at 1, 2 and 5 times them when the levels span less than two decades
    decades = _np.log10(levels[-1]) - _np.log10(levels[0])
    ticks = LogLocator(subs=(1.0,) if decades >= 2 else (1.0, 2.0, 5.0), numticks=8)
    bar = ax.figure.colorbar(contour, ax=ax, label=f"{what}, log scale", ticks=ticks,
                             format=LogFormatterSciNotation())
    bar.minorticks_off()

    drawn = []
    for method in methods or runs.methods:
        run = next((r for r in runs if r.problem == problem.name and r.method == method
                    and r.start == start), None)
        if run is None or run.path is None:
            continue
        ax.plot(run.path[:, 0], run.path[:, 1], lw=1.4, marker=".", ms=3, label=method,
                **style[method])
        drawn.append(run)
    if drawn:
        x0 = drawn[0].x0
        ax.plot(x0[0], x0[1], "o", ms=8, mfc="black", mec="white", label="start", zorder=5)
    if problem.x_star is not None and _np.size(problem.x_star):
        ax.plot(problem.x_star[:, 0], problem.x_star[:, 1], "*", ms=15, mfc="white", mec="black",
                ls="none", label="known minimizers", zorder=5)
    ax.set_xlim(*problem.bounds[0])
    ax.set_ylim(*problem.bounds[1])
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_title(problem.name)
