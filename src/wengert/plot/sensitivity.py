"""`lr_sensitivity`: the final gap against the learning rate, one panel per problem."""

from __future__ import annotations

import numpy as _np
from matplotlib.ticker import NullLocator

from .gaps import (axis_limits, draw_gaps, exact_handles, gap_label, grouped, log_y, points,
                   reference, subset)
from .layout import panel_grid, shared_legend, styles, suptitle

__all__ = ["lr_sensitivity"]


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
        Median final gap over starts on log-log axes, a colour and a dash
        pattern per method. Rates at which a start diverged (its objective or
        gradient went to inf or NaN) are marked with a cross; the gap shown
        there is that of its last finite iterate. Gaps above ten times the
        starting gap are drawn at that height; a final gap of exactly zero is a
        triangle on the bottom edge.
    """
    source = runs.tuning if runs.tuning else runs
    with_lr = [r for r in source if r.lr is not None]
    if not with_lr:
        raise ValueError("no run has a learning rate; compare first-order methods with tune=True, "
                         "or with several lr values")
    problems = subset(problems, list(dict.fromkeys(r.problem for r in with_lr)), "problem")
    bases = list(dict.fromkeys(r.base for r in with_lr))
    style = styles(bases)
    chosen = runs.tuned
    budget = max(len(r.fun) for r in with_lr) - 1
    fig, axes = panel_grid(len(problems), (4.2, 3.3), max_cols=4)
    exact = set()
    for ax, (problem, panel) in zip(axes, grouped(with_lr, "problem", problems)):
        _, ceiling = axis_limits(panel)
        for base, group in grouped(panel, "base", bases):
            lrs = _np.array(sorted({r.lr for r in group}))
            finals = _np.minimum([_np.median([abs(r.final_gap) for r in group if r.lr == lr])
                                  for lr in lrs], ceiling)
            if draw_gaps(ax, lrs, finals, mark="all", marker="o", ms=4, label=base,
                         **style[base]):
                exact.add(reference(group))
            diverged = _np.array([any(r.diverged for r in group if r.lr == lr) for lr in lrs])
            points(ax, lrs[diverged], finals[diverged], "x", ms=9, mew=2, ls="none",
                   color=style[base]["color"])
            for (p, method), lr in chosen.items():
                if p == problem and _method_base(runs, p, method) == base:
                    k = _np.flatnonzero(_np.isclose(lrs, lr, rtol=1e-9))
                    points(ax, lrs[k], finals[k], "o", ms=11, mfc="none", ls="none",
                           mec=style[base]["color"], mew=2)
        ax.set_xscale("log")
        ax.xaxis.set_minor_locator(NullLocator())
        log_y(ax)
        ax.set_ylim(top=ceiling * 1.5)
        ax.set_title(problem)
        ax.set_xlabel("learning rate")
        ax.set_ylabel(f"final {gap_label(panel)}")
        ax.grid(True, which="major", alpha=0.3)
    note = "x: a start diverged (its gap before it blew up is used)"
    if chosen:
        note += "; open circle: chosen by tune"
    shared_legend(fig, axes, exact_handles(exact), note)
    drawn = [r for r in with_lr if r.problem in problems]
    suptitle(fig, f"Learning-rate sensitivity: {gap_label(drawn)} after at most {budget} "
                  "iterations")
    return fig


def _method_base(runs, problem, method):
    run = next((r for r in runs if r.problem == problem and r.method == method), None)
    return None if run is None else run.base
