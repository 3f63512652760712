"""Writing values, arguments and whole trace tables as text.

The tables are the forward pass (one primitive per line, with its value), the
reverse pass (each adjoint as the sum over the uses of its value of the user's
adjoint times the local derivative, with its value) and the gradient. They are
written from a `recording.Recording`; the local derivatives come from `rules`,
in the tape's names (``w̄4·cos(w1)``).
"""

from __future__ import annotations

import unicodedata

import numpy as _np

from . import algebra, rules

__all__ = ["format_number", "format_value", "format_constant", "shape_text", "width", "table",
           "format_trace", "forward_formula", "adjoint_formula", "derivative_name"]

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


# -- the trace tables ------------------------------------------------------------------------
def derivative_name(name, seeded):
    """``dz/dx1``, or ``d(v·z)/dx1`` when the caller chose the seed v."""
    return f"d(v·z)/d{name}" if seeded else f"dz/d{name}"


def format_trace(rec, max_lines=100):
    """The forward pass, reverse pass and gradient of `rec` as text (see `Trace.format`)."""
    forward = [(line.name, forward_formula(rec, line), format_value(line.value))
               for line in rec.lines]
    if rec.out is None:
        forward.append(("z", "", format_value(rec.value)
                        + "   (a constant: z does not depend on the inputs)"))
    else:
        forward.append(("z", rec.out.name, format_value(rec.value)))
    out = ["Forward pass: evaluate one primitive per line, keep every value"]
    out += table(forward, max_lines)
    out.append("")
    if rec.seeded:
        out.append("Reverse pass: adjoints w̄i = d(v·z)/dwi, where the seed v (the "
                   "cotangent of z)")
        out.append(f"picks which combination of the outputs is differentiated: "
                   f"v·z = {_combination(rec.seed)}")
    else:
        out.append("Reverse pass: adjoints w̄i = dz/dwi, from the seed dz/dz = 1 back "
                   "to the inputs;")
        out.append("each adjoint sums (adjoint of a use)·(local derivative) over the "
                   "uses of its value")
    out += table(_reverse_rows(rec), max_lines)
    out.append("")
    out.append("Gradient")
    out += table([(derivative_name(line.input_name, rec.seeded), "", format_value(line.adjoint))
                  for line in rec.inputs])
    return "\n".join(out)


def _reverse_rows(rec):
    rows = []
    if rec.out is not None:
        rows.append((rec.out.bar, adjoint_formula(rec, rec.out), format_value(rec.out.adjoint)))
    for line in reversed(rec.lines):
        if line is rec.out:
            continue
        value = format_value(line.adjoint)
        if not line.reaches:
            value += "   (does not lead to z)"
        rows.append((line.bar, adjoint_formula(rec, line), value))
    return rows


def forward_formula(rec, line):
    """How `line` was computed, in the tape's names: ``w1 * w2``, ``sin(w1)``; an input's name."""
    if line.op == "input":
        return line.input_name
    texts = [_arg_text(rec, a) for a in line.args]
    name = line.op
    if name in rules.FORWARD_INFIX and len(texts) == 2:
        return f"{_paren(texts[0])} {rules.FORWARD_INFIX[name]} {_paren(texts[1])}"
    if name == "negative":
        return f"-{_paren(texts[0])}"
    if name == "getitem":
        return f"{texts[0]}[{rules.index_text(line.args[1][1])}]"
    if name == "concatenate":   # the engine's primitive takes the axis first
        return f"concatenate([{', '.join(texts[1:])}], axis={texts[0]})"
    while texts and texts[-1] == "None":   # transpose(w1, None) is transpose(w1)
        texts.pop()
    texts += [f"{k}={format_constant(v)}" for k, v in line.kwargs.items()
              if v is not None and v is not False and not (k == "order" and v == "C")]
    return f"{name}({', '.join(texts)})"


def _arg_text(rec, arg):
    kind, what = arg
    return rec.line(what).name if kind == "w" else format_constant(what)


def adjoint_formula(rec, line):
    """The adjoint of `line` as the sum over its uses: ``w̄3·w2 + w̄4·cos(w1)``."""
    if line is rec.out:
        return "v" if rec.seeded else "dz/dz"
    terms = [_term(rec, line, rec.line(u), k) for u, k in line.uses if rec.line(u).reaches]
    terms = [t for t in terms if t != "0"] or ["0"]
    text = terms[0]
    for t in terms[1:]:
        text += f" - {t[1:]}" if t.startswith("-") else f" + {t}"
    return text


def _term(rec, line, user, argnum):
    """The contribution of one use: adjoint of the user times the local derivative."""
    g = user.bar
    name = user.op
    shapes = [_arg_shape(rec, a) for a in user.args]
    if rules.is_identity_on_scalars(name, line.shape, user.shape):
        return g
    exprs = [_arg_expr(rec, a) for a in user.args]
    d = rules.partial(name, exprs, argnum)
    if d is not None:
        term = algebra.to_text(algebra.mul(algebra.var(g), d), "·", format_number)
        if line.shape != user.shape:   # broadcast in the forward pass: summed back
            if line.shape == ():
                return f"sum({term})"
            return f"({term}) summed back to {shape_text(line.shape)}"
        return term
    texts = [_arg_text(rec, a) for a in user.args]
    raws = [rec.line(v).value if k == "w" else v for k, v in user.args]
    term = rules.array_term(name, g, texts, raws, user.kwargs, argnum, shapes)
    return term if term is not None else f"{g}·∂{name}/∂{line.name}"


def _arg_shape(rec, arg):
    kind, what = arg
    return rec.line(what).shape if kind == "w" else _np.shape(what)


def _arg_expr(rec, arg):
    """An argument as an algebra expression for the tables: a name or a number."""
    kind, what = arg
    if kind == "w":
        return algebra.var(rec.line(what).name)
    if _np.ndim(what) == 0 and _np.asarray(what).dtype.kind in "biuf":
        return algebra.num(what)
    return algebra.var(format_constant(what))


def _combination(seed, most=6):
    """The combination of outputs a seed selects, ``z[1]`` or ``2·z[0] - z[2]``."""
    seed = _np.asarray(seed)
    if seed.ndim == 0:
        return "z" if seed == 1 else f"{format_number(seed)}·z"
    where = _np.flatnonzero(seed)
    if len(where) == 0:
        return "0 (a zero seed: every adjoint is zero)"
    if len(where) > most:
        return f"the sum of v[i]·z[i] over {len(where)} outputs"
    terms = []
    for k in where:
        index = ", ".join(map(str, _np.unravel_index(k, seed.shape)))
        c = float(seed.flat[k])
        coefficient = "" if abs(c) == 1 else f"{format_number(abs(c))}·"
        terms.append((c < 0, f"{coefficient}z[{index}]"))
    text = ("-" if terms[0][0] else "") + terms[0][1]
    for negative, term in terms[1:]:
        text += (" - " if negative else " + ") + term
    return text


def _paren(text):
    """A negative constant as an operand: ``w1 * (-2)``."""
    return f"({text})" if text.startswith("-") else text
