"""Figures of panels in a grid, with one legend for them all and text that fits the page.

The promises a reader relies on, and how they are kept:

- No empty cell in the grid: the cells the last row leaves over hold the
  legend when it fits there; otherwise the last row is centred and the legend
  goes under the grid.
- Nothing is clipped: titles are wrapped and legends broken into columns to the
  width they get, measured with matplotlib's font metrics (no renderer needed,
  so any backend gives the same figure), and the figure grows to hold them.
- Lines that overlap stay apart: each label has a colour and a dash pattern of
  its own, so momentum, Nesterov and Adam can be told apart where they coincide,
  in greyscale too.
"""

from __future__ import annotations

import math

from matplotlib import colormaps, rcParams
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

__all__ = ["styles", "panel_grid", "shared_legend", "suptitle", "wrap", "text_width"]

# solid, dashed, dotted, dash-dot; with tab10's ten colours, twenty labels get distinct pairs
DASHES = ["-", (0, (5, 2)), (0, (1, 1.5)), (0, (6, 2, 1, 2))]

# matplotlib's legend geometry, in font sizes (its defaults: handlelength,
# handletextpad, columnspacing, labelspacing, borderpad)
_HANDLE, _PAD, _COLUMN_GAP, _ROW, _BORDER = 2.0, 0.8, 2.0, 1.5, 1.0
_METRICS = TextToPath()


def styles(labels):
    """``{label: {"color": ..., "linestyle": ...}}``, the same in every panel of a figure."""
    palette = colormaps["tab10"].colors
    return {label: {"color": palette[k % len(palette)], "linestyle": DASHES[k % len(DASHES)]}
            for k, label in enumerate(labels)}


def _points(size):
    return FontProperties(size=size).get_size_in_points()


def text_width(text, size):
    """Width in inches of `text` (its widest line) set at `size`."""
    prop = FontProperties(size=size)
    return max(_METRICS.get_text_width_height_descent(line, prop, ismath=False)[0]
               for line in text.split("\n")) / 72


def wrap(text, width, size):
    """`text` with line breaks between words so that no line is wider than `width` inches."""
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            longer = f"{line} {word}" if line else word
            if line and text_width(longer, size) > width:
                lines.append(line)
                line = word
            else:
                line = longer
        lines.append(line)
    return "\n".join(lines)


def panel_grid(n, panel_size, max_cols):
    """A figure and `n` axes, `max_cols` to a row.

    Each panel spans two columns of a grid twice as fine, so that
    `shared_legend` can centre an incomplete last row by half a panel.
    """
    cols = max(1, min(max_cols, n))
    rows = math.ceil(n / cols)
    fig = Figure(figsize=(panel_size[0] * cols, panel_size[1] * rows), layout="constrained")
    grid = fig.add_gridspec(rows, 2 * cols)
    axes = [fig.add_subplot(grid[k // cols, 2 * (k % cols):2 * (k % cols) + 2]) for k in range(n)]
    return fig, axes


def _legend_shape(labels, title, size, width):
    """``(ncols, height in inches, wrapped title)`` of a legend at most `width` inches wide.

    Tries the most columns first, each as wide as its own widest label, split as
    matplotlib splits them (the first ``n % ncols`` columns one entry longer).
    """
    em = _points(size) / 72
    widths = [text_width(label, size) for label in labels]
    for ncols in range(len(labels), 0, -1):
        rows = math.ceil(len(labels) / ncols)
        sizes = [len(labels) // ncols + (k < len(labels) % ncols) for k in range(ncols)]
        starts = [sum(sizes[:k]) for k in range(ncols)]
        needed = sum((_HANDLE + _PAD) * em + max(widths[a:a + n]) for a, n in zip(starts, sizes))
        if ncols == 1 or needed + (ncols - 1) * _COLUMN_GAP * em <= width:
            break
    title = wrap(title, width, size) if title else None
    title_rows = title.count("\n") + 1 if title else 0
    return ncols, (rows * _ROW + title_rows * 1.2 + 2 * _BORDER) * em, title


def shared_legend(fig, axes, extra=(), title=None):
    """One legend for every panel of a `panel_grid` figure: in its spare cells, or under it.

    Handles are gathered from the panels by label (a label shows once);
    `extra` adds ``(handle, label)`` pairs, for symbols that are not one
    panel's artist. Returns the legend (None when nothing is labelled; an
    incomplete last row is then centred).
    """
    found = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels()):
            found.setdefault(label, handle)
    for handle, label in extra:
        found.setdefault(label, handle)
    labels, handles = list(found), list(found.values())
    size = rcParams["legend.fontsize"]
    width, height = fig.get_size_inches()
    grid = axes[0].get_subplotspec().get_gridspec()
    rows, cols = grid.nrows, grid.ncols // 2
    spare = rows * cols - len(axes)
    if spare:
        # the spare cells less a margin for the tick labels of the panels beside them
        slot_width, slot_height = 0.9 * width * spare / cols, 0.8 * height / rows
        ncols, needed, wrapped = (_legend_shape(labels, title, size, slot_width) if labels
                                  else (0, math.inf, None))
        if needed <= slot_height:
            slot = fig.add_subplot(grid[rows - 1, 2 * (cols - spare):], label="legend")
            slot.axis("off")
            return slot.legend(handles, labels, loc="center", ncols=ncols, title=wrapped,
                               frameon=False)
        for j, ax in enumerate(axes[(rows - 1) * cols:]):
            ax.set_subplotspec(grid[rows - 1, spare + 2 * j:spare + 2 * j + 2])
    if not labels:
        return None
    ncols, needed, wrapped = _legend_shape(labels, title, size, 0.95 * width)
    fig.set_size_inches(width, height + needed)
    return fig.legend(handles, labels, loc="outside lower center", ncols=ncols, title=wrapped,
                      frameon=False)


def suptitle(fig, text):
    """The figure's title, wrapped to its width; the figure grows by the title's height."""
    size = rcParams["figure.titlesize"]
    width, height = fig.get_size_inches()
    text = wrap(text, 0.95 * width, size)
    fig.set_size_inches(width, height + (text.count("\n") + 1) * 1.5 * _points(size) / 72)
    return fig.suptitle(text, fontsize=size)
