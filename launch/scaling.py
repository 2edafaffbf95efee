"""launch/scale's work: runs the scaling points, measures the collectives, and fits and draws the model.

Run through launch/scale (which installs matplotlib and builds dlogit); see launch/scale --help.
"""
import argparse
import csv
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tomllib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

PARTS = ["compute", "imbalance", "allreduce", "broadcast", "update", "output"]
PART_LABELS = {
    "compute": "local compute (mean rank)",
    "imbalance": "imbalance (slowest - mean)",
    "allreduce": "allreduce",
    "broadcast": "broadcast",
    "update": "rank-0 update",
    "output": "output (lines, checkpoints)",
}


def parse_args():
    parser = argparse.ArgumentParser(
        prog="launch/scale",
        description="Strong and weak scaling of dlogit train, the collectives' cost, and a model that "
        "predicts the time per iteration on larger clusters.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Examples:\n"
        "  launch/scale configs/scale.toml --ranks 1,2,4 --mode strong --repeat 3 --out runs/scale\n"
        "  launch/scale configs/scale.toml --ranks 1,2,4 --mode weak --out runs/scale-weak\n"
        "  launch/scale --comm --ranks 2,4 --out runs/scale\n"
        "  launch/scale --model --out runs/scale --latency-us 2 --bandwidth-gbs 100\n"
        "Time per iteration: rank 0's wall time of optimizer iterations 1..n (iteration 0, the first\n"
        "evaluation, is left out), averaged per run; median/min/max over the repeats.",
    )
    parser.add_argument("config", nargs="?", help="training config (TOML); a [data.synthetic] one for --mode weak")
    parser.add_argument("--ranks", default=None, help="comma-separated rank counts (default 1,2,4; --comm: 2,4)")
    parser.add_argument("--mode", choices=["strong", "weak"], default="strong",
                        help="strong: same data on every rank count; weak: data.synthetic.rows x ranks")
    parser.add_argument("--repeat", type=int, default=3, help="runs per point (default 3)")
    parser.add_argument("--out", default="runs/scale", help="output folder (default runs/scale)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="config override passed to every run (repeatable)")
    parser.add_argument("--comm", action="store_true", help="measure allreduce and broadcast, fit latency/bandwidth")
    parser.add_argument("--max-bytes", type=int, default=64 << 20, help="--comm: largest message (default 64 MiB)")
    parser.add_argument("--budget", type=float, default=0.5, help="--comm: seconds per message size (default 0.5)")
    parser.add_argument("--model", action="store_true",
                        help="predict time per iteration for 1..4096 ranks from scaling.csv and comm_fit.json")
    parser.add_argument("--latency-us", type=float, default=2.0,
                        help="--model: network latency per message hop, microseconds (default 2)")
    parser.add_argument("--bandwidth-gbs", type=float, default=100.0,
                        help="--model: link bandwidth in Gbit/s (default 100, a 100 Gb/s fabric)")
    parser.add_argument("--binary", default=None, help="dlogit binary (default ROOT/build/dlogit; skips the build)")
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.comm and args.model:
        parser.error("--comm and --model are separate steps; run one, then the other")
    if not args.comm and not args.model and not args.config:
        parser.error("a CONFIG is needed (or --comm / --model)")
    if args.repeat < 1:
        parser.error("--repeat must be >= 1")
    default_ranks = "2,4" if args.comm else "1,2,4"
    try:
        args.ranks = [int(r) for r in (args.ranks or default_ranks).split(",")]
    except ValueError:
        parser.error(f"--ranks must be comma-separated integers, got '{args.ranks}'")
    if any(r < 1 for r in args.ranks) or args.ranks != sorted(set(args.ranks)):
        parser.error("--ranks must be increasing positive integers")
    args.binary = args.binary or os.path.join(args.root, "build", "dlogit")
    return args


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
    with open(path) as f:
        print(f.read(), end="")
    print(f"launch/scale: wrote {path}, speedup.png, efficiency.png, breakdown.png in {out}", file=sys.stderr)


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


# --- communication: measure and fit -------------------------------------------------------------

def hops(ranks):
    return math.log2(ranks) if ranks > 1 else 0.0


def volume(ranks):
    return 2.0 * (ranks - 1) / ranks


# t(p, n) = latency_factor(p) * alpha + volume(p) * n * beta, per op:
#   allreduce: 2 log2(p) alpha + 2 (p-1)/p n beta   (recursive doubling latency, ring/Rabenseifner volume)
#   broadcast:   log2(p) alpha + 2 (p-1)/p n beta   (binomial tree latency, scatter + allgather volume)
LATENCY_FACTOR = {"allreduce": lambda p: 2.0 * hops(p), "broadcast": lambda p: hops(p)}


def collective_time(op, ranks, nbytes, alpha, beta):
    if ranks <= 1:
        return 0.0
    return LATENCY_FACTOR[op](ranks) * alpha + volume(ranks) * nbytes * beta


def fit_line(points):
    """t = a + b n: a is the median time of the small messages (<= 256 B, latency-bound), b the median of
    (t - a) / n over the large ones (>= 64 KiB, bandwidth-bound). Medians, because a loaded machine gives
    outliers that a least-squares fit would follow."""
    small = [t for n, t in points if n <= 256] or [min(t for _, t in points)]
    a = statistics.median(small)
    large = [(t - a) / n for n, t in points if n >= 65536 and t > a]
    b = statistics.median(large) if large else 0.0
    return a, b


def comm(args):
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    bench = os.path.join(os.path.dirname(os.path.abspath(args.binary)), "tests", "bench", "dlogit_comm_bench")
    if not os.path.exists(bench):
        sys.exit(f"launch/scale: {bench} not found (built with the tests by launch/setup)")
    mpirun = os.path.join(args.root, "launch", "mpirun")
    rows = []
    for ranks in args.ranks:
        if ranks < 2:
            continue
        print(f"launch/scale: timing allreduce and broadcast on {ranks} ranks", file=sys.stderr, flush=True)
        log = os.path.join(out, f"comm-p{ranks}.log")
        run([mpirun, str(ranks), bench, "--max-bytes", str(args.max_bytes), "--budget", str(args.budget)], log)
        with open(log) as f:
            rows += [r for r in csv.DictReader(line for line in f if line.count(",") == 5)]
    if not rows:
        sys.exit("launch/scale: --comm needs rank counts >= 2")
    with open(os.path.join(out, "comm.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    fits = []
    for op in ("allreduce", "broadcast"):
        for ranks in sorted({int(r["ranks"]) for r in rows}):
            points = [(int(r["bytes"]), float(r["median_s"])) for r in rows
                      if r["op"] == op and int(r["ranks"]) == ranks]
            a, b = fit_line(points)
            fits.append({"op": op, "ranks": ranks, "oversubscribed": ranks > cores(),
                         "a_s": a, "b_s_per_byte": b,
                         "alpha_s": a / LATENCY_FACTOR[op](ranks), "beta_s_per_byte": b / volume(ranks),
                         "bandwidth_GBps": volume(ranks) / b / 1e9 if b > 0 else None})
    # The machine's alpha and beta: from the largest rank count that fits the cores (not oversubscribed).
    fitting = [f for f in fits if not f["oversubscribed"]] or fits
    machine = {"alpha_s": statistics.median(f["alpha_s"] for f in fitting),
               "beta_s_per_byte": statistics.median(f["beta_s_per_byte"] for f in fitting)}
    with open(os.path.join(out, "comm_fit.json"), "w") as f:
        json.dump({"model": "t = latency_factor(p) * alpha + 2 (p-1)/p * bytes * beta; latency_factor: "
                            "allreduce 2 log2 p, broadcast log2 p",
                   "fits": fits, "machine": machine}, f, indent=2)

    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    for i, fit in enumerate(fits):
        points = [(int(r["bytes"]), float(r["median_s"])) for r in rows
                  if r["op"] == fit["op"] and int(r["ranks"]) == fit["ranks"]]
        label = f"{fit['op']}, {fit['ranks']} ranks" + (" (oversubscribed)" if fit["oversubscribed"] else "")
        ax.plot([n for n, _ in points], [t * 1e6 for _, t in points], "o", color=f"C{i}", markersize=4, label=label)
        ax.plot([n for n, _ in points], [(fit["a_s"] + fit["b_s_per_byte"] * n) * 1e6 for n, _ in points], "-",
                color=f"C{i}", linewidth=1)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("message bytes")
    ax.set_ylabel("microseconds (median of repeats; line: a + b n)")
    ax.set_title(f"collectives on this machine: alpha {machine['alpha_s'] * 1e6:.2f} us, "
                 f"1/beta {1 / machine['beta_s_per_byte'] / 1e9:.2f} GB/s", fontsize=10)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "comm.png"), dpi=110)
    plt.close(fig)
    for fit in fits:
        print(f"{fit['op']:9s} p={fit['ranks']}: t = {fit['a_s'] * 1e6:.2f} us + n * {fit['b_s_per_byte'] * 1e9:.4f} ns/B"
              f"  -> alpha {fit['alpha_s'] * 1e6:.2f} us, beta {fit['beta_s_per_byte'] * 1e9:.4f} ns/B"
              + ("  (oversubscribed)" if fit["oversubscribed"] else ""))
    print(f"machine: alpha {machine['alpha_s'] * 1e6:.2f} us, beta {machine['beta_s_per_byte'] * 1e9:.4f} ns/B; "
          f"wrote {out}/comm.csv, comm_fit.json, comm.png")


# --- model ---------------------------------------------------------------------------------------

MODEL_RANKS = [2 ** k for k in range(13)]
MODEL_FEATURES = [10 ** k for k in range(3, 8)]


def predict(ranks, features, nonzeros, costs, alpha, beta):
    """Seconds per iteration: compute(nnz/p) + E (allreduce + broadcast of the parameter vector) + update."""
    compute = costs["per_nonzero"] * nonzeros / ranks
    evaluations = costs["evaluations_per_iteration"]
    comm_time = evaluations * (collective_time("allreduce", ranks, 8 * (features + 2), alpha, beta)
                               + collective_time("broadcast", ranks, 8 * (features + 2), alpha, beta))
    update = costs["update_per_feature"] * features
    return compute, comm_time, update


def model(args):
    out = os.path.abspath(args.out)
    scaling_path = os.path.join(out, "scaling.csv")
    fit_path = os.path.join(out, "comm_fit.json")
    for path, how in [(scaling_path, "launch/scale CONFIG --mode strong --out " + args.out),
                      (fit_path, "launch/scale --comm --out " + args.out)]:
        if not os.path.exists(path):
            sys.exit(f"launch/scale: --model needs {path}; make it with: {how}")
    with open(scaling_path) as f:
        table = [r for r in csv.DictReader(f)]
    strong = [r for r in table if r["mode"] == "strong"]
    if not strong:
        sys.exit(f"launch/scale: {scaling_path} holds no strong scaling points")
    with open(fit_path) as f:
        machine = json.load(f)["machine"]
    base = strong[0]
    base_ranks = int(base["ranks"])
    nonzeros = int(base["nonzeros"])
    features = int(base["features"])
    # Costs measured at the smallest point, per iteration: compute per stored entry (all evaluations of the
    # iteration; times ranks, as each rank holds 1/p of them) and the rank-0 update per parameter.
    costs = {"per_nonzero": float(base["compute"]) * base_ranks / nonzeros,
             "update_per_feature": float(base["update"]) / features,
             "evaluations_per_iteration": float(base["evaluations_per_iteration"])}
    alpha = args.latency_us * 1e-6
    beta = 8.0 / (args.bandwidth_gbs * 1e9)  # seconds per byte
    rows = []
    for f_count in MODEL_FEATURES:
        for p in MODEL_RANKS:
            compute, comm_time, update = predict(p, f_count, nonzeros, costs, alpha, beta)
            rows.append({"network": "cluster", "features": f_count, "ranks": p, "compute_s": compute,
                         "comm_s": comm_time, "update_s": update, "time_per_iteration_s": compute + comm_time + update,
                         "comm_dominates": "yes" if comm_time > compute else "no"})
    for p in MODEL_RANKS:
        compute, comm_time, update = predict(p, features, nonzeros, costs, machine["alpha_s"], machine["beta_s_per_byte"])
        rows.append({"network": "this machine", "features": features, "ranks": p, "compute_s": compute,
                     "comm_s": comm_time, "update_s": update, "time_per_iteration_s": compute + comm_time + update,
                     "comm_dominates": "yes" if comm_time > compute else "no"})
    with open(os.path.join(out, "model.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in row.items()})

    fig, ax = plt.subplots(figsize=(7, 5))
    for i, f_count in enumerate(MODEL_FEATURES):
        line = [r for r in rows if r["network"] == "cluster" and r["features"] == f_count]
        ax.plot([r["ranks"] for r in line], [r["time_per_iteration_s"] for r in line], "-", color=f"C{i}",
                label=f"{f_count:.0e} features")
        cross = next((r for r in line if r["comm_dominates"] == "yes"), None)
        if cross:
            ax.plot(cross["ranks"], cross["time_per_iteration_s"], "x", color=f"C{i}", markersize=9)
    local = [r for r in rows if r["network"] == "this machine"]
    ax.plot([r["ranks"] for r in local], [r["time_per_iteration_s"] for r in local], ":", color="k",
            label=f"this machine's collectives, {features:,} features")
    ax.plot([int(r["ranks"]) for r in strong], [float(r["time_per_iteration_median"]) for r in strong], "ko",
            markerfacecolor="none", markersize=8, label="measured (strong scaling.csv)")
    ax.plot([], [], "kx", label="communication > compute from here")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("MPI ranks")
    ax.set_ylabel("seconds per iteration")
    ax.set_title(f"model: {nonzeros:,} nonzeros; network {args.latency_us:g} us, {args.bandwidth_gbs:g} Gbit/s",
                 fontsize=10)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(os.path.join(out, "model.png"), dpi=110)
    plt.close(fig)

    print(f"costs from the {base_ranks}-rank point: {costs['per_nonzero'] * 1e9:.3f} ns per nonzero per iteration, "
          f"{costs['update_per_feature'] * 1e9:.3f} ns rank-0 update per feature, "
          f"{costs['evaluations_per_iteration']:g} evaluations per iteration")
    print(f"network: alpha {args.latency_us:g} us, {args.bandwidth_gbs:g} Gbit/s; {nonzeros:,} nonzeros")
    print("features   ranks  compute_s    comm_s       update_s     per_iter_s   first p with comm > compute")
    for f_count in MODEL_FEATURES:
        line = [r for r in rows if r["network"] == "cluster" and r["features"] == f_count]
        cross = next((r["ranks"] for r in line if r["comm_dominates"] == "yes"), None)
        r = next(r for r in line if r["ranks"] == 1024)
        print(f"{f_count:<10.0e} {1024:>5}  {r['compute_s']:.4e}  {r['comm_s']:.4e}  {r['update_s']:.4e}  "
              f"{r['time_per_iteration_s']:.4e}   {cross if cross else '> 4096'}")
    print(f"wrote {out}/model.csv, model.png")


def main():
    args = parse_args()
    if args.comm:
        comm(args)
    elif args.model:
        model(args)
    else:
        if not os.path.exists(args.config):
            sys.exit(f"launch/scale: config '{args.config}' not found")
        scaling(args)


if __name__ == "__main__":
    main()
