"""Extrapolating (launch/scale --model): predicts the time per iteration on 1..4096 ranks for 1e3..1e7
features from a strong scaling.csv (the costs per nonzero and per feature) and comm_fit.json (this
machine's collectives), with a cluster network given by --latency-us and --bandwidth-gbs
(model.csv, model.png).
"""
import csv
import json
import os
import sys

from scalinglib.collectives import collective_time
from scalinglib.common import plt

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
