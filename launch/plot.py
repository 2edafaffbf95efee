"""Pictures of a dlogit run folder (called by launch/plot, which makes sure matplotlib is there).

An experiment folder (cv.csv, written by a [cv] run) gets cv.png beside cv.csv, glmnet's picture; the
refit in best/ is then drawn as a plain run into --out.

Columns are read by name, so extra columns (e.g. timing breakdowns) are ignored and optional ones are
used when present. Each picture whose input is absent is skipped with a message on stderr.
"""
import argparse
import csv
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402


def read_csv(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def column(rows, name):
    values = []
    for row in rows:
        text = row.get(name, "")
        values.append(float(text) if text not in ("", None) else math.nan)
    return values


def note(message):
    print("launch/plot: " + message, file=sys.stderr)


def save(figure, out_dir, name, written):
    os.makedirs(out_dir, exist_ok=True)  # here, so that a folder drawn only into RUN_DIR gets no empty plots/
    path = os.path.join(out_dir, name)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    written.append(path)


def plot_convergence(trace, title, out_dir, written):
    iterations = column(trace, "iteration")
    objective = column(trace, "objective")
    grad_norm = column(trace, "grad_norm")
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(7, 6.5), sharex=True)
    # The objective approaches its optimum from above: plot the gap to the best value seen, on log scale.
    best = min(objective)
    gap = [value - best for value in objective]
    positive = [g for g in gap if g > 0]
    floor = min(positive) / 10 if positive else 1e-16
    top.semilogy(iterations, [max(g, floor) for g in gap], marker=".", markersize=3)
    top.set_ylabel("objective - best (log)")
    top.set_title(title + ": objective gap (best %.10g)" % best)
    top.grid(True, which="both", alpha=0.3)
    bottom.semilogy(iterations, grad_norm, marker=".", markersize=3, color="tab:red")
    bottom.set_ylabel("gradient norm (log)")
    bottom.set_xlabel("iteration")
    bottom.set_title("stationarity (pseudo-gradient norm for l1)")
    bottom.grid(True, which="both", alpha=0.3)
    save(figure, out_dir, "convergence.png", written)


def plot_time(trace, title, out_dir, written):
    if "compute" not in trace[0] or "comm" not in trace[0]:
        note("trace.csv has no compute/comm columns: no time_per_iteration.png")
        return
    iterations = column(trace, "iteration")[1:]
    # compute and comm are cumulative on rank 0: per-iteration time is the difference of consecutive rows.
    compute = column(trace, "compute")
    comm = column(trace, "comm")
    seconds = column(trace, "seconds")
    per_compute = [1e3 * (b - a) for a, b in zip(compute, compute[1:])]
    per_comm = [1e3 * (b - a) for a, b in zip(comm, comm[1:])]
    per_total = [1e3 * (b - a) for a, b in zip(seconds, seconds[1:])]
    if not iterations:
        note("trace.csv has a single row: no time_per_iteration.png")
        return
    figure, axis = plt.subplots(figsize=(7, 4.2))
    axis.bar(iterations, per_compute, width=1.0, label="compute (local passes)", color="tab:blue")
    axis.bar(iterations, per_comm, width=1.0, bottom=per_compute, label="communication (incl. waiting)",
             color="tab:orange")
    # The rest of the wall clock: rank 0's optimizer arithmetic and checkpoint writes (fsync'ed).
    per_other = [max(t - c - m, 0.0) for t, c, m in zip(per_total, per_compute, per_comm)]
    axis.bar(iterations, per_other, width=1.0, bottom=[c + m for c, m in zip(per_compute, per_comm)],
             label="other (optimizer, checkpoints)", color="tab:gray")
    axis.plot(iterations, per_total, color="black", linewidth=0.8, label="wall clock")
    axis.set_xlabel("iteration")
    axis.set_ylabel("milliseconds per iteration (rank 0)")
    axis.set_title(title + ": time per iteration")
    axis.legend()
    axis.grid(True, axis="y", alpha=0.3)
    save(figure, out_dir, "time_per_iteration.png", written)


def plot_roc(roc, title, out_dir, written, auc=None):
    fpr = column(roc, "false_positive_rate")
    tpr = column(roc, "true_positive_rate")
    figure, axis = plt.subplots(figsize=(5.2, 5))
    axis.plot(fpr, tpr, label="model" + ("" if auc is None else " (AUC %.4f)" % auc))
    axis.plot([0, 1], [0, 1], linestyle="--", color="gray", label="chance")
    axis.set_xlabel("false positive rate")
    axis.set_ylabel("true positive rate")
    axis.set_xlim(0, 1)
    axis.set_ylim(0, 1.005)
    axis.set_title(title + ": test ROC")
    axis.legend(loc="lower right")
    axis.grid(True, alpha=0.3)
    save(figure, out_dir, "roc.png", written)


def auc_from_result(folder):
    import json

    try:
        with open(os.path.join(folder, "result.json")) as handle:
            value = json.load(handle).get("test", {}).get("auc")
        return None if value is None else float(value)
    except (OSError, ValueError):
        return None


def plot_path(path_rows, title, out_dir, written):
    lambdas = column(path_rows, "lambda")
    nonzeros = column(path_rows, "nonzeros")
    has_test = any(not math.isnan(v) for v in column(path_rows, "test_auc"))
    prefix = "test" if has_test else "train"
    if not has_test:
        note("path.csv has no test metrics: path.png shows the training metrics")
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(7, 6.5), sharex=True)
    top.semilogx(lambdas, column(path_rows, prefix + "_auc"), marker="o", label=prefix + " AUC")
    top.semilogx(lambdas, column(path_rows, prefix + "_accuracy"), marker="s", label=prefix + " accuracy")
    top.set_ylabel("AUC, accuracy")
    right = top.twinx()
    right.semilogx(lambdas, column(path_rows, prefix + "_logloss"), marker="^", color="tab:red",
                   label=prefix + " log loss")
    right.set_ylabel("log loss", color="tab:red")
    lines = top.get_lines() + right.get_lines()
    top.legend(lines, [line.get_label() for line in lines], loc="center left")
    top.set_title(title + ": %s metrics along the path" % prefix)
    top.grid(True, which="both", alpha=0.3)
    bottom.semilogx(lambdas, nonzeros, marker="o", color="tab:green", drawstyle="steps-mid")
    bottom.set_ylabel("nonzero weights")
    bottom.set_xlabel("lambda (log; the path runs from right to left)")
    bottom.grid(True, which="both", alpha=0.3)
    save(figure, out_dir, "path.png", written)


METRIC_LABELS = {"logloss": "log loss", "auc": "AUC", "accuracy": "accuracy"}


def experiment_settings(run_dir):
    """[cv] of the experiment's resolved config.toml ({} when absent or unreadable: the picture says less)."""
    try:
        import tomllib  # Python 3.11+, Debian 12's python3
    except ImportError:
        note("python has no tomllib (needs 3.11): cv.png names neither the metric nor the rule")
        return {}
    path = os.path.join(run_dir, "config.toml")
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle).get("cv", {})
    except (OSError, ValueError) as error:
        note("cannot read %s (%s): cv.png names neither the metric nor the rule" % (path, error))
        return {}


def grid_keys(header):
    """The grid's key columns: those between `point` and `lambda` (none without a [grid])."""
    try:
        return header[header.index("point") + 1:header.index("lambda")]
    except ValueError:
        raise SystemExit("launch/plot: cv.csv has no 'point' or 'lambda' column; header: " + ",".join(header))


def point_label(row, keys):
    # "penalty=l1, l1_ratio=0.5": the key without its section; an unset value (e.g. class_weight) says so.
    return ", ".join("%s=%s" % (key.rsplit(".", 1)[-1], row[key] if row[key] != "" else "unset") for key in keys)


def plot_cv(cv_rows, header, run_dir, written):
    settings = experiment_settings(run_dir)
    metric = settings.get("metric", "")
    keys = grid_keys(header)
    folds = sum(1 for name in header if name.startswith("fold") and name[4:].isdigit())
    points = {}
    for row in cv_rows:
        points.setdefault(row["point"], []).append(row)
    chosen = [row for row in cv_rows if row.get("chosen", "0").strip() == "1"]
    figure, axis = plt.subplots(figsize=(8, 5.2))
    for number, rows in sorted(points.items(), key=lambda item: int(item[0])):
        label = point_label(rows[0], keys) if keys else None
        if label is not None and len(points) > 1:
            label = "%s: %s" % (number, label)
        axis.errorbar(column(rows, "lambda"), column(rows, "mean"), yerr=column(rows, "se"), marker="o",
                      markersize=3.5, capsize=2.5, linewidth=1.2, elinewidth=0.8, label=label)
    axis.set_xscale("log")
    title = "%d-fold cross-validation" % folds if folds else "cross-validation"
    if chosen:
        best = chosen[0]
        lam = float(best["lambda"])
        mean = float(best["mean"])
        se = float(best["se"])
        axis.axvline(lam, linestyle="--", color="black", linewidth=1)
        what = "chosen"
        if settings.get("rule"):
            what += " (rule %s)" % settings["rule"]
        where = ("point %s, " % best["point"]) if len(points) > 1 else ""
        axis.plot([lam], [mean], marker="*", markersize=15, color="black", linestyle="none", zorder=5,
                  label="%s: %slambda %.4g, %.5g ± %.2g" % (what, where, lam, mean, se))
        title += ": lambda %.4g chosen" % lam
    else:
        note("cv.csv marks no row as chosen: cv.png has no chosen lambda")
    axis.set_xlabel("lambda (log)")
    name = METRIC_LABELS.get(metric, metric)
    axis.set_ylabel("mean held-out %s (error bars: ±1 se)" % name if name else
                    "mean held-out metric (error bars: ±1 se)")
    axis.set_title(title)
    axis.grid(True, which="both", alpha=0.3)
    if axis.get_legend_handles_labels()[0]:
        axis.legend(fontsize="small", loc="best")
    save(figure, run_dir, "cv.png", written)


def plot_run(folder, title, out_dir, written):
    trace_path = os.path.join(folder, "trace.csv")
    if os.path.exists(trace_path):
        trace = read_csv(trace_path)
        if trace:
            plot_convergence(trace, title, out_dir, written)
            plot_time(trace, title, out_dir, written)
        else:
            note(trace_path + " has no rows: no convergence pictures")
    else:
        note("no trace.csv in " + folder + ": no convergence pictures")
    roc_path = os.path.join(folder, "roc.csv")
    if os.path.exists(roc_path):
        plot_roc(read_csv(roc_path), title, out_dir, written, auc_from_result(folder))
    else:
        note("no roc.csv in " + folder + " (no test set was evaluated): no roc.png")


def main():
    parser = argparse.ArgumentParser(description="PNG pictures of a dlogit run folder.")
    parser.add_argument("run_dir")
    parser.add_argument("--out", required=True)
    parser.add_argument("--cv-only", action="store_true", help="an experiment folder's cv.png only")
    args = parser.parse_args()
    written = []
    name = os.path.basename(os.path.normpath(args.run_dir))
    path_csv = os.path.join(args.run_dir, "path.csv")
    cv_csv = os.path.join(args.run_dir, "cv.csv")
    if os.path.exists(cv_csv):
        with open(cv_csv, newline="") as handle:
            header = next(csv.reader(handle), [])
        rows = read_csv(cv_csv)
        if not rows:
            note(cv_csv + " has no rows: no cv.png")
        else:
            # The issue puts cv.png in output.dir itself, beside cv.csv (not in --out).
            plot_cv(rows, header, args.run_dir, written)
        best = os.path.join(args.run_dir, "best")
        if args.cv_only:
            pass
        elif os.path.isdir(best):
            plot_run(best, name + ", refit", args.out, written)
        else:
            note("no best/ in " + args.run_dir + " (cv.refit = false?): no refit pictures")
    elif args.cv_only:
        note("no cv.csv in " + args.run_dir + ": no cv.png")
        return 1
    elif os.path.exists(path_csv):
        rows = read_csv(path_csv)
        if not rows:
            note(path_csv + " has no rows")
        else:
            plot_path(rows, name, args.out, written)
            # The last (least regularized) point's convergence and ROC, as a plain run's.
            last = rows[-1]
            plot_run(os.path.join(args.run_dir, last["folder"]), "%s, lambda %.3g" % (name, float(last["lambda"])),
                     args.out, written)
    else:
        plot_run(args.run_dir, name, args.out, written)
    if not written:
        note("nothing to draw in " + args.run_dir + " (no cv.csv, trace.csv, roc.csv or path.csv)")
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
