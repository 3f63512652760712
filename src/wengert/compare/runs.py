"""The results of a comparison: `Run` (one run and its history) and `Runs`, in JSON and CSV.

A run's gap is ``f - f_star``, where `Run.f_star` is the problem's minimum when
it is known (``Run.reference == "f*"``) and otherwise the best value any run of
the comparison reached (``"f_best"``, set by `measured_to_the_best`).
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, fields, replace

import numpy as _np

from .table import Table

__all__ = ["Run", "Runs", "PATH_MAX_DIM", "KNOWN", "BEST_FOUND", "measured_to_the_best"]

# Paths (the iterates) are kept for problems up to this dimension, for trajectory plots.
PATH_MAX_DIM = 3

#: `Run.reference` when the problem's minimum is known: gaps are ``f - f*``.
KNOWN = "f*"
#: `Run.reference` when it is not: gaps are ``f - f_best``, to the best value any run reached.
BEST_FOUND = "f_best"


@dataclass(eq=False)
class Run:
    """One optimization run and its history.

    The arrays have one entry per iterate, the start included: ``fun[0]`` is
    the value at ``x0`` and ``fun[i]`` the value after iteration ``i``.

    Attributes
    ----------
    problem, method : str
        The problem's name and the method's label.
    base : str
        The underlying method (``"adam"``, ``"L-BFGS-B"``).
    hyperparameters : dict
        As used, the learning rate included.
    tuned : bool
        Whether ``hyperparameters["lr"]`` was chosen by ``tune=True``.
    start : int
        Index of the start: 0 is the problem's customary ``x0``, the others are
        random points of its box.
    phase : {"main", "tune"}
        Whether the run is part of the comparison or of the learning-rate search.
    f_star : float
        What the gap is measured to: the problem's minimum when it is known,
        else the best value any run of the comparison reached (NaN until
        `measured_to_the_best` sets it).
    x0, x : ndarray
        Start and final point.
    fun, grad_norm, nfev, seconds : ndarray
        Per iterate: objective value, gradient norm (as `wengert.minimize`
        records it), cumulative number of calls of the
        objective (forward passes, Hessian-vector products included), and
        seconds since the start.
    path : ndarray or None
        The iterates, shape ``(len(fun), dim)``, for problems of at most
        `PATH_MAX_DIM` variables.
    message : str
        `wengert.minimize`'s message.
    diverged : bool
        Whether the run ended on a NaN or infinite objective or gradient (the
        history stops at the last finite iterate).
    reference : {"f*", "f_best"}
        What `f_star` is: the known minimum (``"f*"``), or the best value any
        run of the comparison reached (``"f_best"``), the main runs' for a
        main run and the tuning runs' for a tuning run. Tables and plots label
        gaps ``f - f*`` or ``f - f_best`` with it.
    """

    problem: str
    method: str
    base: str
    hyperparameters: dict
    tuned: bool
    start: int
    phase: str
    f_star: float
    x0: _np.ndarray
    x: _np.ndarray
    fun: _np.ndarray
    grad_norm: _np.ndarray
    nfev: _np.ndarray
    seconds: _np.ndarray
    path: _np.ndarray = None
    message: str = ""
    diverged: bool = False
    reference: str = KNOWN

    @property
    def gap(self):
        """``fun - f_star`` per iterate.

        Negative only by round-off, or when a run leaves the region where
        ``f_star`` is the minimum (McCormick is unbounded outside its box):
        so "reaching the target" means ``|gap| <= target``.
        """
        return self.fun - self.f_star

    @property
    def lr(self):
        """The learning rate, or None for methods without one."""
        lr = self.hyperparameters.get("lr")
        return None if lr is None or callable(lr) else float(lr)

    @property
    def final_gap(self):
        """Gap at the last iterate (the last finite one if the run blew up)."""
        finite = _np.isfinite(self.gap)
        return float(self.gap[finite][-1]) if finite.any() else math.inf

    @property
    def best_gap(self):
        """Smallest ``|gap|`` of any iterate: how close the run came to ``f_star``."""
        distance = _np.abs(self.gap[_np.isfinite(self.gap)])
        return float(distance.min()) if distance.size else math.inf

    def first_reaching(self, target):
        """Index of the first iterate with ``|gap| <= target``, or None."""
        hits = _np.flatnonzero(_np.abs(self.gap) <= target)
        return int(hits[0]) if hits.size else None

    def succeeded(self, target):
        """Whether the run ended within `target`: its last iterate has ``|gap| <= target``.

        Stricter than reaching the target at some iterate (`first_reaching`):
        a run that passes through the minimum and leaves it again, or one
        that blew up afterwards, reached it but did not succeed.
        """
        return not self.diverged and abs(self.final_gap) <= target

    def to_dict(self):
        """A JSON-ready dict (arrays as lists, non-finite numbers as strings)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = _jsonable(value)
        return out

    @classmethod
    def from_dict(cls, d):
        """Inverse of `to_dict`."""
        kw = {f.name: d.get(f.name) for f in fields(cls)}
        for name in ("x0", "x", "fun", "grad_norm", "nfev", "seconds", "path"):
            if kw[name] is not None:
                kw[name] = _np.array(_unjsonable(kw[name]), dtype=float)
        kw["nfev"] = kw["nfev"].astype(_np.int64)
        kw["f_star"] = float(_unjsonable(kw["f_star"]))
        kw["hyperparameters"] = _unjsonable(kw["hyperparameters"])
        kw["reference"] = kw["reference"] or KNOWN  # files written before there was a choice
        return cls(**kw)

    def __repr__(self):
        return (f"Run({self.problem!r}, {self.method!r}, start={self.start}, "
                f"iterations={len(self.fun) - 1}, final_gap={self.final_gap:.3g})")


def _jsonable(value):
    # JSON has no inf/nan; strings keep them exact and the file standard.
    if isinstance(value, _np.ndarray):
        return _jsonable(value.tolist())
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (float, _np.floating)) and not math.isfinite(value):
        return repr(float(value))
    if isinstance(value, _np.generic):
        return value.item()
    return value


def _unjsonable(value):
    if isinstance(value, list):
        return [_unjsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _unjsonable(v) for k, v in value.items()}
    if value in ("inf", "-inf", "nan"):
        return float(value)
    return value


_CSV_COLUMNS = ["phase", "problem", "method", "base", "hyperparameters", "tuned", "start",
                "reference", "f_star", "iteration", "fun", "gap", "grad_norm", "nfev", "seconds",
                "x", "message", "diverged"]


class Runs:
    """The runs of a comparison, in the order problem, method, start.

    Iterating gives the `Run` objects of the comparison; the tuning runs are
    in `tuning`.

    Attributes
    ----------
    runs : list of Run
    tuning : Runs or None
        The learning-rate search of ``tune=True``.
    interrupted : bool
        True when Ctrl-C stopped the comparison: `runs` holds what finished,
        the interrupted run as far as it got included.
    """

    def __init__(self, runs, tuning=(), interrupted=False):
        self.runs = list(runs)
        self.tuning = Runs(tuning) if tuning and not isinstance(tuning, Runs) else (tuning or None)
        self.interrupted = interrupted

    def __iter__(self):
        return iter(self.runs)

    def __len__(self):
        return len(self.runs)

    def __getitem__(self, i):
        return self.runs[i]

    def __repr__(self):
        return (f"Runs({len(self.runs)} runs: {len(self.problems)} problems x "
                f"{len(self.methods)} methods x {self.n_starts} starts)")

    @property
    def problems(self):
        """Problem names, in order of appearance."""
        return list(dict.fromkeys(r.problem for r in self.runs))

    @property
    def methods(self):
        """Method labels, in order of appearance."""
        return list(dict.fromkeys(r.method for r in self.runs))

    @property
    def n_starts(self):
        """Number of starts per (problem, method)."""
        return len({r.start for r in self.runs})

    @property
    def tuned(self):
        """``{(problem, method): learning rate}`` chosen by ``tune=True``."""
        return {(r.problem, r.method): r.lr for r in self.runs if r.tuned}

    def select(self, problem=None, method=None):
        """The runs of one problem and/or one method.

        Returns
        -------
        Runs
        """
        return Runs([r for r in self.runs if (problem is None or r.problem == problem)
                     and (method is None or r.method == method)])

    def table(self, target=1e-6):
        """Summary per (problem, method), over the starts.

        Parameters
        ----------
        target : float
            The gap ``f - f*`` (or ``f - f_best``) that counts as solved.

        Returns
        -------
        Table
            Columns: problem, method, lr (the learning rate, ``*`` when tuned),
            starts, reference (``f*`` or ``f_best``) and its value, final gap
            (of the last iterate) and best gap (smallest ``|gap|`` of any
            iterate), both medians over starts, success (the fraction of
            starts whose last iterate is within `target`), reached (the
            fraction of starts of which some iterate was), and iterations,
            evaluations and seconds to reach it (medians over the starts that
            did; NaN when none did).
        """
        return Table.of(self.runs, target)

    # ------------------------------------------------------------ files

    def to_json(self, path):
        """Write every run, history included, tuning runs too, as JSON."""
        data = {"format": "wengert.compare/1", "runs": [r.to_dict() for r in self.runs],
                "tuning": [r.to_dict() for r in (self.tuning or [])]}
        with open(path, "w") as f:
            json.dump(data, f)

    @classmethod
    def from_json(cls, path):
        """Load what `to_json` wrote.

        Returns
        -------
        Runs
        """
        with open(path) as f:
            data = json.load(f)
        return cls([Run.from_dict(d) for d in data["runs"]],
                   tuning=[Run.from_dict(d) for d in data["tuning"]])

    def to_csv(self, path):
        """Write every history as CSV, one row per iterate (tuning runs included).

        Columns: phase, problem, method, base, hyperparameters (JSON), tuned,
        start, reference (``f*``, or ``f_best`` when f_star is the best value
        any run reached), f_star, iteration, fun, gap (``fun - f_star``),
        grad_norm, nfev, seconds, x (JSON, empty when the path is not kept),
        message, diverged.
        """
        with open(path, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(_CSV_COLUMNS)
            for run in list(self.runs) + list(self.tuning or []):
                hyper = json.dumps(_jsonable(run.hyperparameters), sort_keys=True)
                for i in range(len(run.fun)):
                    x = "" if run.path is None else json.dumps(run.path[i].tolist())
                    writer.writerow([run.phase, run.problem, run.method, run.base, hyper,
                                     int(run.tuned), run.start, run.reference,
                                     repr(run.f_star), i,
                                     repr(float(run.fun[i])), repr(float(run.gap[i])),
                                     repr(float(run.grad_norm[i])), int(run.nfev[i]),
                                     repr(float(run.seconds[i])), x, run.message,
                                     int(run.diverged)])

    @classmethod
    def from_csv(cls, path):
        """Load what `to_csv` wrote.

        ``x0`` and ``x`` come back from the first and last rows' points (NaN
        when the path was not kept).

        Returns
        -------
        Runs
        """
        groups = {}
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                key = (row["phase"], row["problem"], row["method"], int(row["start"]))
                groups.setdefault(key, []).append(row)
        main, tuning = [], []
        for (phase, problem, method, start), rows in groups.items():
            rows.sort(key=lambda row: int(row["iteration"]))
            path = (_np.array([json.loads(row["x"]) for row in rows], dtype=float)
                    if rows[0]["x"] else None)
            first = rows[0]
            run = Run(problem=problem, method=method, base=first["base"],
                      hyperparameters=_unjsonable(json.loads(first["hyperparameters"])),
                      tuned=bool(int(first["tuned"])), start=start, phase=phase,
                      f_star=float(first["f_star"]),
                      x0=path[0] if path is not None else _np.array([_np.nan]),
                      x=path[-1] if path is not None else _np.array([_np.nan]),
                      fun=_np.array([float(row["fun"]) for row in rows]),
                      grad_norm=_np.array([float(row["grad_norm"]) for row in rows]),
                      nfev=_np.array([int(row["nfev"]) for row in rows], dtype=_np.int64),
                      seconds=_np.array([float(row["seconds"]) for row in rows]),
                      path=path, message=first["message"],
                      diverged=bool(int(first["diverged"])),
                      reference=first.get("reference") or KNOWN)
            (tuning if phase == "tune" else main).append(run)
        return cls(main, tuning=tuning)


def measured_to_the_best(runs, problems_without_minimum):
    """`runs` with gaps measured to the best value reached, on the problems of unknown minimum.

    For each problem named in `problems_without_minimum`, every run's
    `f_star` becomes the lowest finite value any of `runs` reached on it and
    its `reference` ``"f_best"``; the other runs come back as they are. Call
    it on the main runs and on the tuning runs separately: each is measured
    to its own best.

    Returns
    -------
    list of Run
    """
    best = {}
    for run in runs:
        if run.problem in problems_without_minimum:
            finite = run.fun[_np.isfinite(run.fun)]
            if finite.size:
                best[run.problem] = min(best.get(run.problem, math.inf), float(finite.min()))
    return [replace(run, f_star=best.get(run.problem, math.nan), reference=BEST_FOUND)
            if run.problem in problems_without_minimum else run for run in runs]

