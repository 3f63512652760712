"""The trace as a Graphviz graph: DOT text, and pictures when Graphviz is installed.

Both are written from a `recording.Recording` (`Trace.to_dot` and `Trace.save` call them).
"""

from __future__ import annotations

import os
import shutil
import subprocess

from . import render

__all__ = ["to_dot", "save"]

_RENDERED = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
_TEXT = (".dot", ".gv")


def _quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(rec):
    """Graphviz DOT text of recording `rec`: one node per line of the tape, an edge per use.

    Inputs are ellipses, primitives boxes, the output has a double border;
    every node shows its value and its adjoint. Constants are small grey nodes.
    """
    lines = rec.lines
    out = ["digraph trace {", "  rankdir=LR;", '  node [fontname="Helvetica", fontsize=11];']
    for line in lines:
        what = line.input_name if line.op == "input" else line.op
        label = (f"{line.name} = {what}\n= {render.format_value(line.value)}\n"
                 f"{line.bar} = {render.format_value(line.adjoint)}")
        shape = "ellipse" if line.op == "input" else "box"
        extra = ", peripheries=2" if line is rec.out else ""
        extra += "" if line.reaches else ', style=dashed, color="grey50"'
        out.append(f"  {line.name} [label={_quote(label)}, shape={shape}{extra}];")
    constants = 0
    for line in lines:
        for argnum, (kind, what) in enumerate(line.args):
            if kind == "w":
                source = rec.line(what).name
            else:
                constants += 1
                source = f"c{constants}"
                out.append(f"  {source} [label={_quote(render.format_constant(what))}, "
                           'shape=plaintext, fontcolor="grey40"];')
            out.append(f"  {source} -> {line.name};")
    if rec.out is not None:
        seed = "v" if rec.seeded else "dz/dz"
        out.append(f"  seed [label={_quote(f'seed {seed} = {render.format_value(rec.seed)}')}, "
                   "shape=plaintext];")
        out.append(f"  seed -> {rec.out.name} [style=dotted];")
    out.append("}")
    return "\n".join(out) + "\n"


def save(rec, path):
    """Write the graph of recording `rec` to `path`.

    DOT text for ``.dot`` and ``.gv``; a picture for ``.png``, ``.svg`` and ``.pdf``.

    Raises
    ------
    ValueError
        For any other suffix.
    RuntimeError
        When a picture is asked for and Graphviz's ``dot`` program is not installed.
    """
    path = os.fspath(path)
    suffix = os.path.splitext(path)[1].lower()
    text = to_dot(rec)
    if suffix in _TEXT:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return
    if suffix not in _RENDERED:
        raise ValueError(f"cannot save a trace as {suffix or 'a file without a suffix'}; use "
                         ".png, .svg or .pdf (rendered with Graphviz) or .dot (text).")
    dot = shutil.which("dot")
    if dot is None:
        raise RuntimeError(f"rendering {path} needs Graphviz's `dot` program, which is not "
                           "installed. Install it (apt-get install graphviz, or conda install "
                           "graphviz), or save the DOT text instead: "
                           "trace.save('trace.dot') or trace.to_dot().")
    subprocess.run([dot, f"-T{_RENDERED[suffix]}", "-o", path], input=text.encode("utf-8"),
                   check=True, capture_output=True)
