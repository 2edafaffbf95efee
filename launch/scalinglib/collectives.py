"""Fitting the collectives (launch/scale --comm): times allreduce and broadcast with dlogit_comm_bench on
each rank count, fits t = a + b n per collective and rank count, and derives the machine's alpha and
beta under the cost model below (comm.csv, comm_fit.json, comm.png). extrapolate.py predicts with the
same model.
"""
import csv
import json
import math
import os
import statistics
import sys

from scalinglib.common import cores, plt, run


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
