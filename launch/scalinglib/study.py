"""Running a scaling study (launch/scale CONFIG): trains CONFIG on each rank count --repeat times and
writes scaling.csv, speedup.png, efficiency.png and breakdown.png.
"""
import csv
import json
import os
import shutil
import statistics
import sys
import tomllib

from scalinglib.common import aligned_table, cores, plt, run

PARTS = ["compute", "imbalance", "allreduce", "broadcast", "update", "output"]
PART_LABELS = {
    "compute": "local compute (mean rank)",
    "imbalance": "imbalance (slowest - mean)",
    "allreduce": "allreduce",
    "broadcast": "broadcast",
    "update": "rank-0 update",
    "output": "output (lines, checkpoints)",
}


def synthetic_rows(config_path, overrides):
    for text in reversed(overrides):
        key, _, value = text.partition("=")
        if key.strip() == "data.synthetic.rows":
            return int(value)
    with open(config_path, "rb") as f:
        config = tomllib.load(f)
    rows = config.get("data", {}).get("synthetic", {}).get("rows")
    if rows is None:
        sys.exit("launch/scale: --mode weak needs a config with [data.synthetic] rows = N "
                 f"({config_path} has none): weak scaling grows the generated rows with the ranks")
    return int(rows)


def read_trace(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def per_iteration(run_dir):
    """Mean seconds per iteration (iterations >= 1) of one run: the wall time and each part."""
    rows = [r for r in read_trace(os.path.join(run_dir, "trace.csv"))
            if int(r["iteration"]) >= 1 and r["time_iteration"] != ""]
    if not rows:
        sys.exit(f"launch/scale: {run_dir}/trace.csv has no timed iteration after iteration 0; raise optimizer.max_iter")
    figures = {"iteration": statistics.fmean(float(r["time_iteration"]) for r in rows)}
    for part in PARTS:
        figures[part] = statistics.fmean(float(r["time_" + part]) for r in rows)
    evaluations = (int(rows[-1]["function_evals"]) + int(rows[-1]["hessian_evals"])
                   - int(rows[0]["function_evals"]) - int(rows[0]["hessian_evals"]))
    figures["evaluations_per_iteration"] = evaluations / max(1, len(rows) - 1) if len(rows) > 1 else 1.0
    with open(os.path.join(run_dir, "result.json")) as f:
        result = json.load(f)
    figures["load"] = result["time"]["load"]
    figures["rows"] = result["rows"]
    figures["features"] = result["features"]
    figures["nonzeros"] = result["nonzeros"]
    figures["iterations"] = len(rows)
    return figures


def scaling(args):
    out = os.path.abspath(args.out)
    os.makedirs(os.path.join(out, "runs"), exist_ok=True)
    base_rows = synthetic_rows(args.config, args.set) if args.mode == "weak" else None
    mpirun = os.path.join(args.root, "launch", "mpirun")
    points = []
    for ranks in args.ranks:
        repeats = []
        for repeat in range(1, args.repeat + 1):
            run_dir = os.path.join(out, "runs", f"{args.mode}-p{ranks}-r{repeat}")
            shutil.rmtree(run_dir, ignore_errors=True)
            command = [mpirun, str(ranks), args.binary, "train", args.config]
            for text in args.set:
                command += ["--set", text]
            if base_rows is not None:
                command += ["--set", f"data.synthetic.rows={base_rows * ranks}"]
            command += ["--set", f"output.dir={run_dir}", "--set", "checkpoint.every=0",
                        "--set", "checkpoint.resume=false"]
            print(f"launch/scale: {args.mode} {ranks} rank(s), run {repeat}/{args.repeat}", file=sys.stderr, flush=True)
            run(command, run_dir + ".log")
            repeats.append(per_iteration(run_dir))
        points.append((ranks, repeats))

    base_ranks, base_repeats = points[0]
    base_time = statistics.median(r["iteration"] for r in base_repeats)
    table = []
    for ranks, repeats in points:
        times = [r["iteration"] for r in repeats]
        median = statistics.median(times)
        if args.mode == "strong":
            speedup = base_ranks * base_time / median  # relative to the smallest point, ideal = ranks
            efficiency = speedup / ranks
        else:  # scaled speedup: ranks times the work in the time of the base point
            efficiency = base_time / median
            speedup = efficiency * ranks
        row = {
            "mode": args.mode,
            "ranks": ranks,
            "rows": repeats[0]["rows"],
            "rows_per_rank": repeats[0]["rows"] // ranks,
            "features": repeats[0]["features"],
            "nonzeros": repeats[0]["nonzeros"],
            "repeats": len(repeats),
            "iterations": repeats[0]["iterations"],
            "evaluations_per_iteration": round(statistics.median(r["evaluations_per_iteration"] for r in repeats), 3),
            "time_per_iteration_median": median,
            "time_per_iteration_min": min(times),
            "time_per_iteration_max": max(times),
        }
        for part in PARTS:
            row[part] = statistics.median(r[part] for r in repeats)
        row["load"] = statistics.median(r["load"] for r in repeats)
        row["speedup"] = speedup
        row["efficiency"] = efficiency
        row["oversubscribed"] = "yes" if ranks > cores() else "no"
        table.append(row)

    path = os.path.join(out, "scaling.csv")
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(table[0].keys()), lineterminator="\n")
        writer.writeheader()
        for row in table:
            writer.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in row.items()})
    draw_scaling(table, args.mode, out)
    print(readable_table(table), end="")
    print(f"launch/scale: wrote {path}, speedup.png, efficiency.png, breakdown.png in {out}", file=sys.stderr)


# The terminal's view of scaling.csv: the columns a reader compares, aligned; the file keeps them all.
TABLE_COLUMNS = [
    ("ranks", "ranks", "{:d}"),
    ("rows_per_rank", "rows/rank", "{:,d}"),
    ("iterations", "iters", "{:d}"),
    ("time_per_iteration_median", "s/iter", "{:.4g}"),
    ("time_per_iteration_min", "min", "{:.4g}"),
    ("time_per_iteration_max", "max", "{:.4g}"),
    ("compute", "compute", "{:.3g}"),
    ("imbalance", "imbalance", "{:.3g}"),
    ("allreduce", "allreduce", "{:.3g}"),
    ("broadcast", "broadcast", "{:.3g}"),
    ("update", "update", "{:.3g}"),
    ("speedup", "speedup", "{:.3g}"),
    ("efficiency", "efficiency", "{:.3g}"),
    ("oversubscribed", "oversubscribed", "{}"),
]


def readable_table(table):
    """scaling.csv's main columns as right-aligned text, one line per rank count, with a title line."""
    first = table[0]
    title = (f"{first['mode']} scaling: {first['rows']:,} rows, {first['features']:,} features, "
             f"{first['nonzeros']:,} nonzeros; seconds per iteration (median of {first['repeats']}, min, max) "
             "and its parts (medians)")
    return aligned_table(title, TABLE_COLUMNS, table)


def mark_oversubscribed(ax, table):
    over = [r["ranks"] for r in table if r["oversubscribed"] == "yes"]
    if over:
        ax.axvspan(cores() + 0.5 if cores() + 0.5 < min(over) else min(over) - 0.5, max(over) * 1.1,
                   color="0.85", zorder=0, label=f"oversubscribed (> {cores()} cores)")


def draw_scaling(table, mode, out):
    ranks = [r["ranks"] for r in table]
    title = f"{mode} scaling: {table[0]['rows']:,} rows" if mode == "strong" else \
        f"weak scaling: {table[0]['rows_per_rank']:,} rows per rank"
    title += f", {table[0]['features']:,} features"

    for name, key, ideal, label in [
        ("speedup", "speedup", [r / ranks[0] * (1 if mode == "weak" else ranks[0]) for r in ranks],
         "speedup" if mode == "strong" else "scaled speedup"),
        ("efficiency", "efficiency", [1.0] * len(ranks), "parallel efficiency"),
    ]:
        fig, ax = plt.subplots(figsize=(6, 4.2))
        mark_oversubscribed(ax, table)
        ax.plot(ranks, ideal, "k--", label="ideal")
        values = [r[key] for r in table]
        ax.plot(ranks, values, "-", color="C0")
        for r, v in zip(table, values):
            over = r["oversubscribed"] == "yes"
            ax.plot(r["ranks"], v, "o", color="C0", markerfacecolor="white" if over else "C0", markersize=8)
        ax.plot([], [], "o", color="C0", label="measured (median)")
        if any(r["oversubscribed"] == "yes" for r in table):
            ax.plot([], [], "o", color="C0", markerfacecolor="white", label="measured, oversubscribed")
        ax.set_xscale("log", base=2)
        ax.set_xticks(ranks, [str(r) for r in ranks])
        ax.set_xlabel("MPI ranks")
        ax.set_ylabel(label)
        if key == "efficiency":
            ax.set_ylim(0, max(1.1, max(values) * 1.1))
        ax.set_title(title, fontsize=10)
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(os.path.join(out, name + ".png"), dpi=110)
        plt.close(fig)

    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    positions = list(range(len(table)))
    bottom = [0.0] * len(table)
    for i, part in enumerate(PARTS):
        heights = [r[part] * 1000 for r in table]
        ax.bar(positions, heights, bottom=bottom, color=f"C{i}", label=PART_LABELS[part], width=0.6)
        bottom = [b + h for b, h in zip(bottom, heights)]
    ax.errorbar(positions, [r["time_per_iteration_median"] * 1000 for r in table],
                yerr=[[(r["time_per_iteration_median"] - r["time_per_iteration_min"]) * 1000 for r in table],
                      [(r["time_per_iteration_max"] - r["time_per_iteration_median"]) * 1000 for r in table]],
                fmt="k_", markersize=20, capsize=4, label="time per iteration (median, min-max)")
    ax.set_xticks(positions, [f"{r['ranks']}" + ("\n(oversubscribed)" if r["oversubscribed"] == "yes" else "")
                              for r in table])
    ax.set_xlabel("MPI ranks")
    ax.set_ylabel("milliseconds per iteration")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "breakdown.png"), dpi=110)
    plt.close(fig)
