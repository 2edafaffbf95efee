"""What the jobs of launch/scale share: the machine's core count, running a command into a log, the
aligned terminal table, and matplotlib set up to draw into files.

Imported only once a job runs (scaling.py parses the command line first), so --help needs no matplotlib.
"""
import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402,F401  (the jobs draw with it)


def cores():
    return os.cpu_count() or 1


def run(command, log_path):
    with open(log_path, "w") as log:
        result = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        with open(log_path) as log:
            tail = log.read()[-3000:]
        sys.exit(f"launch/scale: {' '.join(command)} failed with exit code {result.returncode} "
                 f"(log {log_path}):\n{tail}")


def aligned_table(title, columns, table):
    """`title`, then one right-aligned line of labels and one per row. columns: (key, label, format)
    triples; a missing value (None) is an empty cell."""
    cells = [[label for _, label, _ in columns]]
    for row in table:
        cells.append(["" if row[key] is None else fmt.format(row[key]) for key, _, fmt in columns])
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    lines = [title] + ["  ".join(cell.rjust(width) for cell, width in zip(line, widths)) for line in cells]
    return "\n".join(lines) + "\n"
