"""A user's own objective on the command line: ``FILE.py:FUNCTION`` and ``--x0``.

The file is imported as ``python FILE.py`` would see it -- its own folder
first on ``sys.path``, so that it can import its neighbours -- but under its
own name, so that its ``if __name__ == "__main__":`` block does not run.
This is the one place where the command line runs code it is given, and it
is the user's own file; `wengert explain` formulas are only ever parsed.
"""

from __future__ import annotations

import importlib.util
import inspect
import os
import sys

import numpy as _np

from ..compare import did_you_mean, first_line
from ..problems import Problem

__all__ = ["FileFunction", "is_file_spec", "read_objective", "parse_x0", "X0_SYNTAX"]

X0_SYNTAX = ("numbers separated by commas, one per variable: --x0 1,2.5 (a start that begins "
             "with a minus goes after an equals sign: --x0=-1.2,1)")

# (path, source) -> module, so that a process loads a file once, however many runs it makes
_LOADED = {}


def is_file_spec(text):
    """Whether a problem given on the command line names a file (``FILE.py:FUNCTION``)."""
    path = text.rpartition(":")[0] if ":" in text else text
    return path.endswith(".py")


def parse_x0(text):
    """``"1,2.5"`` -> ``array([1. , 2.5])``: numbers read with float(), never evaluated.

    Brackets around the list are allowed (``[1, 2.5]``).
    """
    parts = [p.strip() for p in text.strip().strip("[]()").split(",")]
    try:
        return _np.array([float(p) for p in parts])
    except ValueError:
        raise ValueError(f"--x0 {text!r} is not a start: give {X0_SYNTAX}") from None


class FileFunction:
    """A function of a user's file that travels to worker processes as the file's source.

    Pickling sends the path, the source as read when the comparison began and
    the function's name; the worker runs the source once and calls the
    function. So the runs on a process pool or a dask cluster use the code
    that was checked here, even if the file changes meanwhile, and a worker
    on another machine needs wengert but not the file (only the file's own
    imports).
    """

    def __init__(self, path, name, source):
        self.path, self.name, self.source = path, name, source
        self.__name__ = name
        self._function = None

    @property
    def function(self):
        """The function itself, its file run in this process if it was not yet."""
        if self._function is None:
            self._function = getattr(load(self.path, self.source), self.name)
        return self._function

    def __call__(self, x):
        return self.function(x)

    def __getstate__(self):
        return {"path": self.path, "name": self.name, "source": self.source}

    def __setstate__(self, state):
        self.__init__(state["path"], state["name"], state["source"])

    def __repr__(self):
        return f"FileFunction({self.path}:{self.name})"


def load(path, source):
    """Run `source`, the text of the file at `path`, as a module named after the file.

    The file's folder goes first on ``sys.path``, as ``python FILE.py`` puts
    it; the module is registered under its name (for pickle and dataclasses)
    when no other module has it.
    """
    key = (path, source)
    if key not in _LOADED:
        folder = os.path.dirname(path)
        if folder not in sys.path:
            sys.path.insert(0, folder)
        spec = importlib.util.spec_from_file_location(_module_name(path), path)
        module = importlib.util.module_from_spec(spec)
        registered = sys.modules.setdefault(spec.name, module) is module
        try:
            exec(compile(source, path, "exec"), module.__dict__)
        except BaseException:
            if registered:
                del sys.modules[spec.name]
            raise
        _LOADED[key] = module
    return _LOADED[key]


def _module_name(path):
    return os.path.splitext(os.path.basename(path))[0]


def read_objective(spec, x0=None):
    """The `Problem` for ``FILE.py:FUNCTION``, started from `x0` or else the file's own ``x0``.

    Raises
    ------
    ValueError
        With one line: a missing file, a file that cannot be imported, a
        missing or non-callable FUNCTION, no start.
    """
    file, sep, name = spec.rpartition(":")
    if not sep or not file.endswith(".py"):
        raise ValueError(f"{spec!r}: give the function to minimize after a colon, "
                         f"FILE.py:FUNCTION (e.g. {spec.rpartition(':')[0] or spec}:loss)")
    path = os.path.abspath(file)
    if not os.path.isfile(path):
        raise ValueError(f"{spec!r}: there is no file {file!r} (from {os.getcwd()}); give the "
                         "path of a Python file, FILE.py:FUNCTION")
    with open(path, "rb") as f:
        source = importlib.util.decode_source(f.read())
    try:
        module = load(path, source)
    except Exception as error:  # the user's file may raise anything while it is imported
        raise ValueError(f"{spec!r}: importing {file} raised {first_line(error)}") from error
    if not name.isidentifier():
        raise ValueError(f"{spec!r}: {name!r} is not a function name")
    functions = [n for n, v in vars(module).items() if inspect.isfunction(v)
                 and v.__module__ == module.__name__ and not n.startswith("_")]
    if not hasattr(module, name):
        raise ValueError(f"{spec!r}: {file} has no function {name!r}"
                         f"{did_you_mean(name, functions)}; its functions: "
                         f"{', '.join(functions) or 'none'}")
    if not callable(getattr(module, name)):
        raise ValueError(f"{spec!r}: {name} in {file} is a {type(getattr(module, name)).__name__},"
                         f" not a function; its functions: {', '.join(functions) or 'none'}")
    if x0 is None:
        x0 = getattr(module, "x0", None)
        if x0 is None:
            raise ValueError(f"{spec!r}: no start; give --x0 ({X0_SYNTAX}), or define "
                             f"x0 = [...] in {file}")
        where = f"the x0 of {file}"
    else:
        where = "--x0"
    try:
        return Problem(FileFunction(path, name, source), x0, name=name)
    except ValueError as error:
        raise ValueError(f"{spec!r}: {where}: {str(error).split(': ', 1)[-1]}") from None

