"""The feature sweep (launch/scale CONFIG --features 1e5,1e6,1e7,16777216): trains a synthetic CONFIG at each
feature count (and each --ranks count), with the same rows and the same nonzeros per row, and writes
features.csv, an aligned table and features.png: how an iteration's parts and the peak memory grow with the model.
"""
import csv
import json
import os
import shutil
import statistics
import sys
import tomllib

from matplotlib.patches import Patch

from scalinglib.common import aligned_table, plt, run
from scalinglib.study import read_trace

# The parts of an iteration as features.csv names them, and the trace.csv columns each one sums.
PARTS = [
    ("passes", ["time_compute", "time_imbalance"]),  # the slowest rank's passes over its shard
    ("exchange", ["time_allreduce", "time_broadcast"]),
    ("update", ["time_update"]),
    ("output", ["time_output"]),  # trace lines and checkpoints written inside the loop
]
PART_LABELS = {
    "passes": "passes (compute + imbalance)",
    "exchange": "exchange (allreduce + broadcast)",
    "update": "rank-0 update",
    "output": "checkpoint / output",
    "other": "other (wall - parts)",
}
MEMORY_KEYS = ["rank0_peak_rss_mb", "rank0_loop_peak_rss_mb", "rank0_bound_mb", "others_peak_rss_mb",
               "others_bound_mb", "shard_mb"]
# Written by trainers that time what follows the loop; empty columns for older binaries.
AFTER_LOOP_KEYS = ["final_checkpoint", "final_checkpoint_bytes", "model_write", "after_loop"]
def synthetic_base(config_path, overrides):
    """The config's [data.synthetic] table with the --set overrides on top: rows, features, density, dense."""
    with open(config_path, "rb") as f:
        config = tomllib.load(f)
    synthetic = dict(config.get("data", {}).get("synthetic", {}))
    for text in overrides:
        key, _, value = text.partition("=")
        key = key.strip()
        if key.startswith("data.synthetic."):
            synthetic[key[len("data.synthetic."):]] = value.strip()
    if "rows" not in synthetic or "features" not in synthetic:
        sys.exit(f"launch/scale --features: {config_path} needs [data.synthetic] with rows and features "
                 "(the sweep changes the generated feature count; a data file's features are fixed)")
    if str(synthetic.get("dense", "false")).lower() == "true":
        sys.exit("launch/scale --features: data.synthetic.dense = true stores every column of every row; the "
                 "sweep keeps the nonzeros per row fixed, so use a sparse synthetic config")
    return synthetic


def row_nonzeros(synthetic, override):
    """Nonzeros per row kept at every feature count: --row-nonzeros, else density x features of the config
    (rounded as the generator rounds it)."""
    if override is not None:
        return override
    density = float(synthetic.get("density", 0.01))  # the generator's default density
    return max(1, int(density * float(synthetic["features"]) + 0.5))  # llround, not Python's half-to-even


def run_point(args, out, features, ranks, repeat, density):
    run_dir = os.path.join(out, "runs", f"f{features}-p{ranks}-r{repeat}")
    shutil.rmtree(run_dir, ignore_errors=True)
    command = [os.path.join(args.root, "launch", "mpirun"), str(ranks), args.binary, "train", args.config]
    for text in args.set:
        command += ["--set", text]
    # After the caller's overrides, so that these win; checkpoint.every is left to the config: the
    # checkpoints are one of the parts the sweep measures.
    command += ["--set", f"data.synthetic.features={features}", "--set", f"data.synthetic.density={density!r}",
                "--set", f"output.dir={run_dir}", "--set", "checkpoint.resume=false"]
    print(f"launch/scale: {features:,} features, {ranks} rank(s), run {repeat}/{args.repeat}",
          file=sys.stderr, flush=True)
    run(command, run_dir + ".log")
    return measure(run_dir)


def measure(run_dir):
    """One run's figures: the mean of each part over iterations >= 1, and what result.json says after the loop."""
    trace = read_trace(os.path.join(run_dir, "trace.csv"))
    timed = [r for r in trace if r["time_iteration"] != ""]
    rows = [r for r in timed if int(r["iteration"]) >= 1]
    if not rows:
        sys.exit(f"launch/scale: {run_dir}/trace.csv has no timed iteration after iteration 0; "
                 "raise optimizer.max_iter")
    figures = {"wall": statistics.fmean(float(r["time_iteration"]) for r in rows)}
    for part, columns in PARTS:
        figures[part] = statistics.fmean(sum(float(r[c]) for c in columns) for r in rows)
    evaluations = (int(rows[-1]["function_evals"]) + int(rows[-1]["hessian_evals"])
                   - int(rows[0]["function_evals"]) - int(rows[0]["hessian_evals"]))
    figures["evaluations_per_iteration"] = evaluations / (len(rows) - 1) if len(rows) > 1 else 1.0
    with open(os.path.join(run_dir, "result.json")) as f:
        result = json.load(f)
    figures["iterations"] = len(rows)
    for key in ("rows", "features", "nonzeros", "ranks"):
        figures[key] = result[key]
    time = result["time"]
    figures["load"] = time["load"]
    figures["total"] = time["total"]
    for key in AFTER_LOOP_KEYS:
        figures[key] = time.get(key)
    if figures["after_loop"] is None:
        # Older trainers do not time it: what the run's clock saw besides loading and the timed
        # iterations (iteration 0 included). model.bin and result.json are written after that clock stops.
        figures["after_loop"] = time["total"] - time["load"] - sum(float(r["time_iteration"]) for r in timed)
        figures["after_loop_source"] = "estimate"
    else:
        figures["after_loop_source"] = "result.json"
    memory = result["memory"]
    for key in MEMORY_KEYS:
        figures[key] = memory.get(key)
    figures["within_bound"] = memory.get("within_bound")
    return figures


def median_of(repeats, key):
    values = [r[key] for r in repeats if r[key] is not None]
    return statistics.median(values) if values else None


def sweep(args):
    out = os.path.abspath(args.out)
    os.makedirs(os.path.join(out, "runs"), exist_ok=True)
    synthetic = synthetic_base(args.config, args.set)
    per_row = row_nonzeros(synthetic, args.row_nonzeros)
    if per_row > args.features[0]:
        sys.exit(f"launch/scale --features: {per_row} nonzeros per row do not fit in {args.features[0]} features; "
                 "raise the smallest feature count or lower --row-nonzeros")

    table = []
    for features in args.features:
        density = per_row / features
        base_wall = None
        for ranks in args.ranks:
            repeats = [run_point(args, out, features, ranks, repeat, density) for repeat in range(1, args.repeat + 1)]
            row = summarize(repeats, features, ranks, per_row)
            if ranks == 1:
                base_wall = row["wall"]
            row["speedup_vs_1_rank"] = base_wall / row["wall"] if base_wall is not None else None
            table.append(row)

    path = os.path.join(out, "features.csv")
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(table[0].keys()), lineterminator="\n")
        writer.writeheader()
        for row in table:
            writer.writerow({k: ("" if v is None else f"{v:.6g}" if isinstance(v, float) else v)
                             for k, v in row.items()})
    draw(table, os.path.join(out, "features.png"))
    print(readable_table(table), end="")
    print(f"launch/scale: wrote {path} and features.png in {out}", file=sys.stderr)


def summarize(repeats, features, ranks, per_row):
    """features.csv's row for one (features, ranks) point: medians over the repeats."""
    first = repeats[0]
    walls = [r["wall"] for r in repeats]
    row = {
        "features": features,
        "ranks": ranks,
        "rows": first["rows"],
        "row_nonzeros": per_row,
        "nonzeros": first["nonzeros"],
        "repeats": len(repeats),
        "iterations": first["iterations"],
        "evaluations_per_iteration": round(statistics.median(r["evaluations_per_iteration"] for r in repeats), 3),
        "wall": statistics.median(walls),
        "wall_min": min(walls),
        "wall_max": max(walls),
    }
    for part, _ in PARTS:
        row[part] = median_of(repeats, part)
    row["other"] = row["wall"] - sum(row[part] for part, _ in PARTS)
    row["non_pass_percent"] = 100.0 * (row["wall"] - row["passes"]) / row["wall"]
    # Per rank: each rank passes over nonzeros / ranks, so the figure compares across rank counts.
    passed = row["evaluations_per_iteration"] * row["nonzeros"] / ranks
    row["pass_ns_per_nonzero"] = row["passes"] / passed * 1e9 if passed > 0 else None
    row["load"] = median_of(repeats, "load")
    row["total"] = median_of(repeats, "total")
    for key in AFTER_LOOP_KEYS:
        row[key] = median_of(repeats, key)
    row["after_loop_source"] = first["after_loop_source"]
    for key in MEMORY_KEYS:
        row[key] = median_of(repeats, key)
    row["within_bound"] = {True: "yes", False: "no", None: ""}[first["within_bound"]]
    return row


# The terminal's view of features.csv: (key, header, format); empty where the run did not report it.
TABLE_COLUMNS = [
    ("features", "features", "{:,d}"),
    ("ranks", "ranks", "{:d}"),
    ("wall", "s/iter", "{:.4g}"),
    ("passes", "passes", "{:.3g}"),
    ("exchange", "exchange", "{:.3g}"),
    ("update", "update", "{:.3g}"),
    ("output", "ckpt/out", "{:.3g}"),
    ("other", "other", "{:.2g}"),
    ("non_pass_percent", "non-pass %", "{:.1f}"),
    ("pass_ns_per_nonzero", "ns/nnz", "{:.3g}"),
    ("after_loop", "after loop s", "{:.3g}"),
    ("rank0_peak_rss_mb", "rank0 peak MB", "{:,.4g}"),
    ("rank0_loop_peak_rss_mb", "loop peak MB", "{:,.4g}"),
    ("rank0_bound_mb", "bound MB", "{:,.4g}"),
    ("others_peak_rss_mb", "others MB", "{:,.4g}"),
    ("shard_mb", "shard MB", "{:,.4g}"),
    ("speedup_vs_1_rank", "speedup", "{:.3g}"),
]


def readable_table(table):
    first = table[0]
    title = (f"feature sweep: {first['rows']:,} rows, {first['row_nonzeros']} nonzeros per row; seconds per "
             f"iteration (median of {first['repeats']}) and its parts, after-loop seconds "
             f"({first['after_loop_source']}), peak memory")
    return aligned_table(title, TABLE_COLUMNS, table)


def draw(table, path):
    features = sorted({r["features"] for r in table})
    ranks = sorted({r["ranks"] for r in table})
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))

    # Bars side by side per rank count, each a constant fraction of a decade wide on the log axis.
    span = 0.5 / len(ranks)  # decades per bar
    parts = [p for p, _ in PARTS] + ["other"]
    rank_keys = []
    for j, p in enumerate(ranks):
        points = sorted((r for r in table if r["ranks"] == p), key=lambda r: r["features"])
        shift = (j - (len(ranks) - 1) / 2) * span
        lefts = [r["features"] * 10 ** (shift - span / 2) for r in points]
        widths = [r["features"] * (10 ** (shift + span / 2) - 10 ** (shift - span / 2)) for r in points]
        bottom = [0.0] * len(points)
        for i, part in enumerate(parts):
            heights = [max(0.0, r[part]) for r in points]
            left.bar(lefts, heights, width=widths, bottom=bottom, align="edge", color=f"C{i}",
                     hatch=["", "//", "..", "xx"][j % 4], edgecolor="white" if j == 0 else "black", linewidth=0.5,
                     label=PART_LABELS[part] if j == 0 else None)
            bottom = [b + h for b, h in zip(bottom, heights)]
        for r, x, w, top in zip(points, lefts, widths, bottom):
            left.annotate(f"{r['wall']:.3g}s", (x + w / 2, top), ha="center", va="bottom", fontsize=7)
        if len(ranks) > 1:
            rank_keys.append(Patch(facecolor="white", edgecolor="black", hatch=["", "//", "..", "xx"][j % 4],
                                   label=f"{p} rank{'s' if p > 1 else ''}"))
    left.set_xscale("log")
    left.set_xticks(features, [f"{f:.0e}".replace("e+0", "e") if f != 2**24 else "2^24" for f in features])
    left.set_xlabel("features")
    left.set_ylabel("seconds per iteration (mean of iterations >= 1)")
    left.set_title("time per iteration by part", fontsize=10)
    handles, _ = left.get_legend_handles_labels()
    left.legend(handles=handles + rank_keys, fontsize=7)

    for j, p in enumerate(ranks):
        points = sorted((r for r in table if r["ranks"] == p), key=lambda r: r["features"])
        xs = [r["features"] for r in points]
        suffix = f", {p} rank{'s' if p > 1 else ''}" if len(ranks) > 1 else ""
        style = ["-", "--", ":", "-."][j % 4]
        for key, label, color in [("rank0_peak_rss_mb", "rank-0 peak RSS", "C0"),
                                  ("rank0_loop_peak_rss_mb", "rank-0 peak RSS in the loop", "C1"),
                                  ("rank0_bound_mb", "rank-0 bound (issue 14)", "C3"),
                                  ("others_peak_rss_mb", "other ranks' peak RSS", "C2"),
                                  ("shard_mb", "largest shard", "C7")]:
            ys = [r[key] for r in points]
            if all(y is not None for y in ys):
                right.plot(xs, ys, style, marker="o", color=color, label=label + suffix, markersize=4)
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_xticks(features, [f"{f:.0e}".replace("e+0", "e") if f != 2**24 else "2^24" for f in features])
    right.set_xlabel("features")
    right.set_ylabel("MB (MiB)")
    right.set_title("peak memory", fontsize=10)
    right.legend(fontsize=7)

    first = table[0]
    fig.suptitle(f"feature sweep: {first['rows']:,} rows x {first['row_nonzeros']} nonzeros per row, "
                 f"{first['iterations']} timed iterations", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
