"""Writing values, arguments and whole trace tables as text."""

from __future__ import annotations

import unicodedata

import numpy as _np

__all__ = ["format_number", "format_value", "format_constant", "shape_text", "width", "table"]

_PREVIEW_ITEMS = 3   # array elements shown at each end of a preview
_MAX_PREVIEW = 60    # characters


def format_number(x):
    """A number with about 4 significant digits: ``6.909``, ``0.9093``, ``2``."""
    if isinstance(x, (bool, _np.bool_)):
        return str(bool(x))
    return format(float(x) + 0.0, ".4g")  # + 0.0 turns -0 (from 0 * a negative) into 0


def shape_text(shape):
    """``(3,)``, ``(2, 3)``."""
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def format_value(v):
    """A scalar as a number; an array as a short preview and its shape: ``[1, 2, 3] shape (3,)``."""
    v = _np.asarray(v)
    if v.ndim == 0:
        return format_number(v[()]) if v.dtype.kind in "biuf" else repr(v[()])
    return f"{_preview(v)} shape {shape_text(v.shape)}"


def _preview(v):
    formatter = {"float_kind": format_number, "int_kind": format_number, "bool": str}
    text = _np.array2string(v, separator=", ", formatter=formatter, threshold=2 * _PREVIEW_ITEMS,
                            edgeitems=_PREVIEW_ITEMS, max_line_width=10**6).replace("\n", "")
    if len(text) <= _MAX_PREVIEW:
        return text
    flat = v.ravel()   # too long (a big matrix): show its first and last elements only
    head = ", ".join(format_number(x) for x in flat[:_PREVIEW_ITEMS])
    tail = ", ".join(format_number(x) for x in flat[-_PREVIEW_ITEMS:])
    return f"[{head}, ..., {tail}]"


def format_constant(c):
    """A constant argument as written in a formula: ``2``, ``(3,)``, ``[1, 2]``, ``array(100,)``."""
    if c is None or isinstance(c, (bool, str, tuple, list, slice)):
        return repr(c)
    arr = _np.asarray(c)
    if arr.dtype.kind not in "biuf":
        return type(c).__name__
    if arr.ndim == 0:
        return format_number(arr[()])
    if arr.size <= 2 * _PREVIEW_ITEMS:
        return _preview(arr)
    return f"array{shape_text(arr.shape)}"


def width(text):
    """Display width of `text`: the combining bar of ``w̄`` takes no column."""
    return sum(not unicodedata.combining(ch) for ch in text)


def table(rows, max_lines=None):
    """Lines ``name = formula = value`` with the names right-aligned (so the ``=`` line up).

    `rows` are ``(name, formula, value_text)``; a formula that is empty or
    just repeats the value (``w̄7 = 0``) is left out. With `max_lines`, a long
    table keeps its first and last lines and says how many it left out.
    """
    if not rows:
        return []
    w = max(width(name) for name, _, _ in rows)
    lines = []
    for name, formula, value in rows:
        pad = " " * (w - width(name))
        repeats = value == formula or value.startswith(formula + " ")
        middle = f" = {formula}" if formula and not repeats else ""
        lines.append(f"  {pad}{name}{middle} = {value}")
    if max_lines is not None and len(lines) > max_lines:
        keep = max(max_lines // 2, 1)
        hidden = len(lines) - 2 * keep
        lines = (lines[:keep] + [f"  ... {hidden} more lines (trace.format(max_lines=None) "
                                 "shows them all) ..."] + lines[-keep:])
    return lines
