"""Gaps ``|f - f*|`` on a log axis, drawn so that the axis never shows a value no run had.

- A gap of exactly zero (the run reached ``f*``, or is the run that set
  ``f_best``) has no place on a log axis. Clipping it to a floor would draw a
  plunge to a value the run never had, so the line stops there and a triangle
  on the panel's bottom edge marks the iterate.
- The axis stops a little under the smallest positive gap, and never lower than
  a third of `GAP_FLOOR`: smaller gaps leave through the bottom, as diverging
  runs leave through the top (ten times the largest starting gap).
- Gaps are measured to ``f*`` when the problem's minimum is known, else to the
  best value any run reached (``Run.reference`` says which), and every axis
  says which: ``|f - f*|`` or ``|f - f_best|``.
"""

from __future__ import annotations

import numpy as _np
from matplotlib.lines import Line2D
from matplotlib.patheffects import withStroke
from matplotlib.ticker import LogLocator, NullLocator

__all__ = ["GAP_FLOOR", "reference", "gap_label", "subset", "grouped", "log_y", "axis_limits",
           "draw_gaps", "points", "exact_handles", "HALO"]

# Round-off in f near f* is about 1e-16 relative; the axis shows no more decades than that.
GAP_FLOOR = 1e-16
# Keeps diverging runs (gaps up to 1e308) from overflowing the log transform.
_CEILING = 1e200

# A white outline that keeps a line readable over the bands and lines under it.
HALO = [withStroke(linewidth=3.5, foreground="white", alpha=0.85)]


def reference(runs):
    """``"f*"`` or ``"f_best"``: what the gaps of `runs` are measured to.

    Runs made before `Run` had a ``reference`` were all measured to ``f*``.
    """
    found = {getattr(r, "reference", "f*") for r in runs}
    return found.pop() if len(found) == 1 else "f* or f_best"


def gap_label(runs):
    """``"|f - f*|"``, ``"|f - f_best|"``, or both when `runs` mixes problems of both kinds."""
    ref = reference(runs)
    if ref in ("f*", "f_best"):
        return f"|f - {ref}|"
    return "|f - f*| (|f - f_best| where f* is unknown)"


def subset(asked, available, what):
    """`asked` (default: all of `available`), refused before any drawing if one has no runs."""
    if not available:
        raise ValueError("there are no runs to plot: compare first (wengert.compare)")
    if not asked:
        return list(available)
    unknown = [a for a in asked if a not in available]
    if unknown:
        raise ValueError(f"no runs of {what} {', '.join(map(repr, unknown))}; the runs have "
                         f"{', '.join(map(repr, available))}")
    return list(asked)


def grouped(runs, attr, keys):
    """``(key, the runs whose attr is key)`` for each key that has runs, in the order of `keys`."""
    for key in keys:
        group = [r for r in runs if getattr(r, attr) == key]
        if group:
            yield key, group


def log_y(ax):
    """Log y axis with a handful of decade ticks and no minor ones.

    Gaps span twenty decades; matplotlib's default minor ticks (eight a
    decade) are unreadable there and make saving a figure several times slower.
    """
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(numticks=7))
    ax.yaxis.set_minor_locator(NullLocator())


def axis_limits(runs):
    """``(bottom, top)`` of a panel of `runs`: under the smallest positive gap, over the starts."""
    gaps = _np.abs(_np.concatenate([r.gap for r in runs])) if runs else _np.array([])
    positive = gaps[_np.isfinite(gaps) & (gaps > 0)]
    bottom = max(positive.min() if positive.size else GAP_FLOOR, GAP_FLOOR) / 3
    starts = [abs(r.gap[0]) for r in runs if _np.isfinite(r.gap[0])]
    return bottom, 10 * max(max(starts, default=1.0), GAP_FLOOR)


def points(ax, xs, ys, *fmt, **kw):
    """Markers at ``(xs, ys)``; a zero y, off the log axis, sits on the panel's bottom edge."""
    xs, ys = _np.atleast_1d(xs), _np.atleast_1d(ys)
    zero = ys == 0
    if (~zero).any():
        ax.plot(xs[~zero], ys[~zero], *fmt, **kw)
    if zero.any():
        ax.plot(xs[zero], ys[zero], *fmt, transform=ax.get_xaxis_transform(), clip_on=False,
                **kw)


def draw_gaps(ax, xs, gaps, mark="first", **style):
    """Plot ``|gaps|`` against `xs`; return whether a gap was exactly zero.

    Zero gaps are left out of the line and marked with a triangle on the
    bottom edge: the first one (``mark="first"``, a run's history) or each one
    (``mark="all"``, separate experiments).
    """
    gaps = _np.abs(_np.asarray(gaps, dtype=float))
    zero = gaps == 0
    ax.plot(xs, _np.where(zero, _np.nan, _np.minimum(gaps, _CEILING)), **style)
    where = _np.flatnonzero(zero)[:1 if mark == "first" else None]
    if where.size:
        points(ax, _np.asarray(xs)[where], 0 * where, "v", ms=8, mec="white", mew=0.8,
               color=style.get("color"), zorder=4)
    return bool(zero.any())


def exact_handles(refs):
    """Legend entries explaining the triangles, one per reference that was reached exactly."""
    return [(Line2D([], [], ls="none", marker="v", ms=8, color="0.3", mec="white"),
             f"reached {ref} exactly (gap 0)") for ref in sorted(refs)]
