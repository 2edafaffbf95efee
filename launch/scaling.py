"""launch/scale's work: runs the scaling points, measures the collectives, and fits and draws the model.

Run through launch/scale (which installs matplotlib and builds dlogit); see launch/scale --help.
This file parses the command line and starts one job, each in its own module of scalinglib/:
  study.py        launch/scale CONFIG: the scaling runs, scaling.csv and its pictures
  collectives.py  launch/scale --comm: measures the collectives and fits their cost model
  extrapolate.py  launch/scale --model: predicts the time per iteration on larger clusters
  features.py     launch/scale CONFIG --features: the feature sweep, features.csv and features.png
"""
import argparse
import math
import os
import sys


# ints: features are column indices of type int in the shard.
MAX_FEATURES = 2**31 - 2


def parse_features(text):
    """'1e5,1e6,16777216' -> [100000, 1000000, 16777216]; raises ValueError with the reason otherwise."""
    counts = []
    for item in text.split(","):
        item = item.strip()
        try:
            value = float(item)
        except ValueError:
            raise ValueError(f"'{item}' is not a number (write 100000 or 1e5)") from None
        if not math.isfinite(value) or value != int(value):
            raise ValueError(f"'{item}' is not a whole number of features")
        if not 1 <= value <= MAX_FEATURES:
            raise ValueError(f"'{item}' is outside 1 .. {MAX_FEATURES} (a column index is a 32-bit int)")
        counts.append(int(value))
    if len(set(counts)) != len(counts):
        raise ValueError("a feature count is given twice")
    return sorted(counts)


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
        "  launch/scale configs/scale.toml --ranks 1,2 --binary build/dlogit   # a build of your own, no setup\n"
        "  launch/scale configs/scale.toml --features 1e5,1e6,1e7,16777216 --ranks 1,2 --repeat 1 --out runs/features\n"
        "The terminal shows an aligned table; DIR/scaling.csv (and comm.csv, model.csv) hold every column for tools.\n"
        "Time per iteration: rank 0's wall time of optimizer iterations 1..n (iteration 0, the first\n"
        "evaluation, is left out), averaged per run; median/min/max over the repeats.\n"
        "--features: a [data.synthetic] CONFIG is trained at each feature count (x each --ranks count, default 1)\n"
        "with the same rows and nonzeros per row; DIR/features.csv and DIR/features.png hold, per point, the\n"
        "seconds per iteration split into passes (compute + imbalance), exchange (allreduce + broadcast),\n"
        "rank-0 update, checkpoint/output and other; wall minus passes as % of wall; pass ns per nonzero\n"
        "(per rank); seconds after the loop; rank 0's and the other ranks' peak memory, its bound and the shard.",
    )
    parser.add_argument("config", nargs="?", help="training config (TOML); a [data.synthetic] one for --mode weak")
    parser.add_argument("--ranks", default=None, help="comma-separated rank counts (default 1,2,4; --comm: 2,4)")
    parser.add_argument("--features", default=None, metavar="N,N,...",
                        help="feature sweep: comma-separated feature counts (1e5 style or integers), e.g. "
                        "1e5,1e6,1e7,16777216; combines with --ranks (default 1 there)")
    parser.add_argument("--row-nonzeros", type=int, default=None, metavar="K",
                        help="--features: nonzeros per row at every feature count (default: the config's "
                        "density x features, e.g. 20 for configs/scale.toml)")
    parser.add_argument("--mode", choices=["strong", "weak"], default=None,
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
    parser.add_argument("--binary", default=None, metavar="PATH",
                        help="use this dlogit binary as it is: launch/setup is not run (nothing installed or "
                        "built; the test suite passes its build's binary). Default: ROOT/build/dlogit, after "
                        "launch/setup has installed what is missing and built it")
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.comm and args.model:
        parser.error("--comm and --model are separate steps; run one, then the other")
    if not args.comm and not args.model and not args.config:
        parser.error("a CONFIG is needed (or --comm / --model)")
    if args.repeat < 1:
        parser.error("--repeat must be >= 1")
    if args.features is not None:
        if args.comm or args.model:
            parser.error("--features sweeps a CONFIG; run --comm / --model separately")
        if args.mode == "weak":
            parser.error("--features keeps the rows fixed; --mode weak does not combine with it")
        if any(text.partition("=")[0].strip() in ("data.synthetic.features", "data.synthetic.density")
               for text in args.set):
            parser.error("--features sets data.synthetic.features and .density itself; give the nonzeros "
                         "per row with --row-nonzeros instead")
        try:
            args.features = parse_features(args.features)
        except ValueError as error:
            parser.error(f"--features: {error}")
    elif args.row_nonzeros is not None:
        parser.error("--row-nonzeros goes with --features")
    if args.row_nonzeros is not None and args.row_nonzeros < 1:
        parser.error("--row-nonzeros must be >= 1")
    args.mode = args.mode or "strong"
    default_ranks = "2,4" if args.comm else "1" if args.features else "1,2,4"
    try:
        args.ranks = [int(r) for r in (args.ranks or default_ranks).split(",")]
    except ValueError:
        parser.error(f"--ranks must be comma-separated integers, got '{args.ranks}'")
    if any(r < 1 for r in args.ranks) or args.ranks != sorted(set(args.ranks)):
        parser.error("--ranks must be increasing positive integers")
    args.binary = args.binary or os.path.join(args.root, "build", "dlogit")
    return args


def main():
    args = parse_args()
    # The job's module is imported only now: --help and argument errors need no matplotlib.
    if args.comm:
        from scalinglib import collectives
        collectives.comm(args)
    elif args.model:
        from scalinglib import extrapolate
        extrapolate.model(args)
    else:
        if not os.path.exists(args.config):
            sys.exit(f"launch/scale: config '{args.config}' not found")
        if args.features:
            from scalinglib import features
            features.sweep(args)
        else:
            from scalinglib import study
            study.scaling(args)


if __name__ == "__main__":
    main()
