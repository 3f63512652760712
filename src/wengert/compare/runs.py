"""The results of a comparison: `Run` (one run and its history) and `Runs`, in JSON and CSV."""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass, fields

import numpy as _np

from .table import Table

__all__ = ["Run", "Runs", "PATH_MAX_DIM"]

# Paths (the iterates) are kept for problems up to this dimension, for trajectory plots.
PATH_MAX_DIM = 3


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
        The problem's minimum, for the gap.
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
                "f_star", "iteration", "fun", "gap", "grad_norm", "nfev", "seconds", "x",
                "message", "diverged"]


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
            The gap ``f - f*`` that counts as solved.

        Returns
        -------
        Table
            Columns: problem, method, lr (the learning rate, ``*`` when tuned),
            starts, final gap (of the last iterate) and best gap (smallest
            ``|gap|`` of any iterate), both medians over starts, success (the
            fraction of starts whose ``|gap|`` reached `target`), and iterations,
            evaluations and seconds to reach it (medians over the starts that
            did; NaN when none did).
        """
        rows = []
        for p in self.problems:
            for m in self.methods:
                group = [r for r in self.runs if r.problem == p and r.method == m]
                if not group:
                    continue
                hits = [(r, r.first_reaching(target)) for r in group]
                hits = [(r, i) for r, i in hits if i is not None]
                lr = group[0].lr
                rows.append({
                    "problem": p, "method": m, "lr": lr, "tuned": group[0].tuned,
                    "starts": len(group),
                    "final_gap": float(_np.median([r.final_gap for r in group])),
                    "best_gap": float(_np.median([r.best_gap for r in group])),
                    "success": len(hits) / len(group),
                    "iterations": _median([i for _, i in hits]),
                    "evaluations": _median([r.nfev[i] for r, i in hits]),
                    "seconds": _median([r.seconds[i] for r, i in hits]),
                })
        return Table(rows, target)

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
        start, f_star, iteration, fun, gap, grad_norm, nfev, seconds, x (JSON,
        empty when the path is not kept), message, diverged.
        """
        with open(path, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(_CSV_COLUMNS)
            for run in list(self.runs) + list(self.tuning or []):
                hyper = json.dumps(_jsonable(run.hyperparameters), sort_keys=True)
                for i in range(len(run.fun)):
                    x = "" if run.path is None else json.dumps(run.path[i].tolist())
                    writer.writerow([run.phase, run.problem, run.method, run.base, hyper,
                                     int(run.tuned), run.start, repr(run.f_star), i,
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
                      diverged=bool(int(first["diverged"])))
            (tuning if phase == "tune" else main).append(run)
        return cls(main, tuning=tuning)


def _median(values):
    return float(_np.median(values)) if len(values) else math.nan

