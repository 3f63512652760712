"""The summary table of a comparison: `Table`, printable as text or Markdown, writable as CSV."""

from __future__ import annotations

import csv
import math

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

    COLUMNS = ("problem", "method", "lr", "starts", "final_gap", "best_gap", "success",
               "iterations", "evaluations", "seconds")

    def __init__(self, rows, target):
        self.rows, self.target = rows, target

    def _headers(self):
        return ["problem", "method", "lr", "starts", "final gap", "best gap",
                f"success (|gap|<={self.target:g})", "iterations", "evaluations", "seconds"]

    def _cells(self, row):
        lr = "-" if row["lr"] is None else f"{row['lr']:.3g}" + ("*" if row["tuned"] else "")
        return [row["problem"], row["method"], lr, str(row["starts"]),
                _fmt_gap(row["final_gap"]), _fmt_gap(row["best_gap"]),
                f"{100 * row['success']:.0f}%", _fmt_count(row["iterations"]),
                _fmt_count(row["evaluations"]),
                "-" if math.isnan(row["seconds"]) else f"{row['seconds']:.3f}"]

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
        """A GitHub-flavoured Markdown table."""
        headers = self._headers()
        lines = ["| " + " | ".join(headers) + " |",
                 "|" + "|".join("---:" if self._right_aligned(k) else "---"
                                for k in range(len(headers))) + "|"]
        lines += ["| " + " | ".join(self._cells(r)) + " |" for r in self.rows]
        return "\n".join(lines) + "\n\n" + self._legend()

    def to_csv(self, path):
        """Write the rows (raw numbers) as CSV."""
        with open(path, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(self.COLUMNS) + ["tuned"])
            writer.writeheader()
            for row in self.rows:
                writer.writerow({k: repr(v) if isinstance(v, float) else v
                                 for k, v in row.items()})

    def _legend(self):
        return (f"final gap: f - f* at the last iterate; best gap: smallest |f - f*| of any "
                f"iterate (medians over starts).\niterations, evaluations, seconds: to reach "
                f"|f - f*| <= {self.target:g} (median over the starts that did); "
                f"lr: learning rate, * = tuned per problem.\n")

    def __str__(self):
        return self.to_text()

    def __repr__(self):
        return f"Table({len(self.rows)} rows, target={self.target:g})"


def _fmt_gap(value):
    if math.isnan(value):
        return "nan"
    return f"{value:.2e}"


def _fmt_count(value):
    return "-" if math.isnan(value) else f"{value:.0f}"

