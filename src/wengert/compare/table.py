"""The summary table of a comparison: `Table`, printable as text or Markdown, writable as CSV.

Every header that shows a gap says what it is measured to: ``f - f*`` where
the problems' minima are known, ``f - f_best`` where they are not (the best
value any run reached), so that no reader takes the best value found for the
true minimum. When a table mixes both, a ``ref`` column says which, row by
row.
"""

from __future__ import annotations

import csv
import math

import numpy as _np

__all__ = ["Table"]


class Table:
    """The summary of `Runs.table`: rows of numbers, printable as text or Markdown.

    Attributes
    ----------
    rows : list of dict
        One per (problem, method), keys as in `COLUMNS`, plus ``tuned``.
    target : float
        The gap that counts as solved.
    """

    COLUMNS = ("problem", "method", "lr", "starts", "reference", "reference_value", "final_gap",
               "best_gap", "success", "reached", "iterations", "evaluations", "seconds")

    def __init__(self, rows, target):
        self.rows, self.target = rows, target

    @classmethod
    def of(cls, runs, target):
        """The table of `runs` (`Run` objects): a row per (problem, method), in order of appearance.

        Final and best gaps are medians over the starts; success and reached
        are fractions of the starts; iterations, evaluations and seconds to
        reach `target` are medians over the starts that reached it (NaN when
        none did).
        """
        runs = list(runs)
        rows = []
        for p in dict.fromkeys(r.problem for r in runs):
            for m in dict.fromkeys(r.method for r in runs):
                group = [r for r in runs if r.problem == p and r.method == m]
                if not group:
                    continue
                hits = [(r, r.first_reaching(target)) for r in group]
                hits = [(r, i) for r, i in hits if i is not None]
                rows.append({
                    "problem": p, "method": m, "lr": group[0].lr, "tuned": group[0].tuned,
                    "starts": len(group), "reference": group[0].reference,
                    "reference_value": group[0].f_star,
                    "final_gap": float(_np.median([r.final_gap for r in group])),
                    "best_gap": float(_np.median([r.best_gap for r in group])),
                    "success": sum(r.succeeded(target) for r in group) / len(group),
                    "reached": len(hits) / len(group),
                    "iterations": _median([i for _, i in hits]),
                    "evaluations": _median([r.nfev[i] for r, i in hits]),
                    "seconds": _median([r.seconds[i] for r, i in hits]),
                })
        return cls(rows, target)

    @property
    def reference(self):
        """``"f*"`` or ``"f_best"`` when every row has that reference; ``"ref"`` when they mix."""
        references = {row["reference"] for row in self.rows}
        return references.pop() if len(references) == 1 else "ref"

    def _mixed(self):
        return self.reference == "ref"

    def _headers(self):
        ref = self.reference
        return (["problem", "method", "lr", "starts"] + (["ref"] if self._mixed() else [])
                + [f"final f - {ref}", f"best f - {ref}", "success", "reached", "iterations",
                   "evaluations", "seconds"])

    def _cells(self, row):
        lr = "-" if row["lr"] is None else f"{row['lr']:.3g}" + ("*" if row["tuned"] else "")
        return ([row["problem"], row["method"], lr, str(row["starts"])]
                + ([row["reference"]] if self._mixed() else [])
                + [_fmt_gap(row["final_gap"]), _fmt_gap(row["best_gap"]),
                   f"{100 * row['success']:.0f}%", f"{100 * row['reached']:.0f}%",
                   _fmt_count(row["iterations"]), _fmt_count(row["evaluations"]),
                   "-" if math.isnan(row["seconds"]) else f"{row['seconds']:.3f}"])

    def _right_aligned(self, k):
        return k >= 2

    def to_text(self):
        """Aligned plain text."""
        table = [self._headers()] + [self._cells(r) for r in self.rows]
        widths = [max(len(row[k]) for row in table) for k in range(len(table[0]))]
        lines = []
        for n, row in enumerate(table):
            lines.append("  ".join(c.rjust(w) if self._right_aligned(k) else c.ljust(w)
                                   for k, (c, w) in enumerate(zip(row, widths))).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines) + "\n" + self._legend()

    def to_markdown(self):
        """A GitHub-flavoured Markdown table (pipes and angle brackets in cells escaped)."""
        headers = self._headers()
        lines = ["| " + " | ".join(map(_md, headers)) + " |",
                 "|" + "|".join("---:" if self._right_aligned(k) else "---"
                                for k in range(len(headers))) + "|"]
        lines += ["| " + " | ".join(map(_md, self._cells(r))) + " |" for r in self.rows]
        return "\n".join(lines) + "\n\n" + self._legend()

    def to_csv(self, path):
        """Write the rows as CSV: raw numbers, under the headers of the text table.

        The gap columns are named ``final f - f*`` and ``best f - f*`` (``f_best``
        for problems of unknown minimum, ``ref`` when they mix), and the
        ``reference`` and ``reference value`` columns say, per row, what the
        gaps are measured to.
        """
        ref = self.reference
        names = {"reference_value": "reference value", "final_gap": f"final f - {ref}",
                 "best_gap": f"best f - {ref}"}
        columns = list(self.COLUMNS) + ["tuned"]
        with open(path, "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow([names.get(c, c) for c in columns])
            for row in self.rows:
                writer.writerow([repr(row[c]) if isinstance(row[c], float) else row[c]
                                 for c in columns])

    def _legend(self):
        target = f"{self.target:g}"
        ref = self.reference
        distance = f"abs(f - {ref})"
        lines = [f"final f - {ref}: at the last iterate; best f - {ref}: the smallest "
                 f"{distance} of any iterate (medians over starts).",
                 f"success: starts whose last iterate is within {target} ({distance} <= "
                 f"{target}); reached: starts of which some iterate was.",
                 f"iterations, evaluations, seconds: to reach it (median over the starts that "
                 f"did); lr: learning rate, * = tuned per problem."]
        if ref != "f*":
            best = {row["problem"]: row["reference_value"] for row in self.rows
                    if row["reference"] == "f_best"}
            values = ", ".join(f"{p} {v:.10g}" for p, v in best.items())
            lines.append(f"f_best: the minimum is unknown, so gaps are measured to the best "
                         f"value any run reached ({values})"
                         + ("; f* is the known minimum." if self._mixed() else "."))
        return "\n".join(lines) + "\n"

    def __str__(self):
        return self.to_text()

    def __repr__(self):
        return f"Table({len(self.rows)} rows, target={self.target:g})"


def _md(cell):
    """A Markdown table cell: a pipe would end the cell, ``<`` start an HTML tag."""
    return str(cell).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def _median(values):
    return float(_np.median(values)) if len(values) else math.nan


def _fmt_gap(value):
    if math.isnan(value):
        return "nan"
    return f"{value:.2e}"


def _fmt_count(value):
    return "-" if math.isnan(value) else f"{value:.0f}"
