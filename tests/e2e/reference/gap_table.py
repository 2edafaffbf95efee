#!/usr/bin/python3
"""Issue 15's table: dlogit at default settings on each reference problem, with the certificate it stopped
at and the true gap to the reference optimum. Run from the project root after a build:

    /usr/bin/python3 tests/e2e/reference/gap_table.py peer                 # peer_optima.csv, every penalty
    /usr/bin/python3 tests/e2e/reference/gap_table.py bad --penalties l2   # bad_optima.csv, l2 only
    options: --ranks N (2), --timeout SECONDS per run (600), --binary build/dlogit

Columns: stopped_by, iterations and passes from result.json; wall seconds of the mpirun; the certified gap
(result.json gap_bound); the true gap (J - J_ref)/J, negative where dlogit went below the reference; and
the oracle: the passes after which the true gap was first <= 1e-6 (from trace.csv)."""
import argparse, csv, json, os, subprocess, sys, tempfile, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("references", choices=["peer", "bad"])
    parser.add_argument("--penalties", default="l2,l1,elasticnet")
    parser.add_argument("--ranks", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--binary", default=os.path.join(ROOT, "build", "dlogit"))
    args = parser.parse_args()
    table = os.path.join(ROOT, "tests", "e2e", "reference", "%s_optima.csv" % args.references)
    penalties = args.penalties.split(",")
    launcher = ["mpirun", "-n", str(args.ranks)]
    if os.geteuid() == 0:
        launcher.insert(1, "--allow-run-as-root")
    if args.ranks > (os.cpu_count() or 1):
        launcher.insert(1, "--oversubscribe")
    print("| problem | method | stopped_by | iterations | passes | wall s | certified gap | true gap | oracle passes |")
    print("|---|---|---|---|---|---|---|---|---|")
    for ref in csv.DictReader(open(table)):
        if ref["penalty"] not in penalties:
            continue
        name = "%s %s λ=%s%s %s" % (ref["dataset"], ref["penalty"], ref["lambda"],
                                    " l1_ratio=%s" % ref["l1_ratio"] if ref.get("l1_ratio") else "",
                                    "b" if ref["intercept"] == "1" else "no b")
        folder = tempfile.mkdtemp(prefix="dlogit-gap-table-")
        config = os.path.join(folder, "c.toml")
        with open(config, "w") as out:
            out.write('[data]\ntrain = "%s"\n[model]\nfit_intercept = %s\n[regularization]\npenalty = "%s"\n'
                      'lambda = %s\n%s[output]\ndir = "%s/out"\n' % (
                          os.path.join(ROOT, "build", "tests", "datasets", ref["dataset"]),
                          "true" if ref["intercept"] == "1" else "false", ref["penalty"], ref["lambda"],
                          "l1_ratio = %s\n" % ref["l1_ratio"] if ref.get("l1_ratio") else "", folder))
        start = time.time()
        try:
            subprocess.run(launcher + [args.binary, "train", config, "--quiet"], check=True, capture_output=True,
                           timeout=args.timeout)
        except subprocess.TimeoutExpired:
            print("| %s | timeout after %g s |" % (name, args.timeout))
            continue
        wall = time.time() - start
        result = json.load(open(os.path.join(folder, "out", "result.json")))
        reference = float(ref["objective"])
        oracle = None
        for row in csv.DictReader(open(os.path.join(folder, "out", "trace.csv"))):
            if (float(row["objective"]) - reference) / float(row["objective"]) <= 1e-6:
                oracle = int(row["function_evals"]) + int(row["hessian_evals"])
                break
        bound = result["gap_bound"]
        print("| %s | %s | %s | %d | %d | %.2f | %s | %.1e | %s |" % (
            name, result["method"], result["stopped_by"], result["iterations"], result["evaluations"], wall,
            "%.2e" % bound if bound is not None else "none",
            (result["objective"] - reference) / result["objective"], oracle))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
