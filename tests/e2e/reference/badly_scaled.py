#!/usr/bin/python3
"""Badly scaled versions of the shared data sets, and their true optima (issue 15: the certificate and the
default stopping rules must hold where peers stop early, on unscaled and unbalanced data).

  /usr/bin/python3 tests/e2e/reference/badly_scaled.py data      # writes tests/datasets/bad_*.xz
  /usr/bin/python3 tests/e2e/reference/badly_scaled.py optima [--dlogit build/dlogit]
      writes tests/e2e/reference/bad_optima.csv and, with --dlogit, bad_dlogit.csv: dlogit at its defaults
      (passes, stop, true gap, its gap_bound if the binary reports one) and at tol 1e-12 (newton for l2,
      owlqn for l1/elasticnet; the passes after which its trace first is within 1e-6 of J*).
      The three sets run as three processes; `--parts DIR --only a9a.svm` runs one, appending its rows to
      DIR's part files, and `merge DIR` writes the two CSVs from them.
Run from the project root. Needs Debian's python3-sklearn and liblinear-tools (~25 min on 2 busy cores).

The transform (deterministic, column j zero-based, row i zero-based in the original file):
- the positive class (the larger label) keeps only rows with i % K == 0, K per set, so that ~5 % of the
  rows are positive and the intercept is far from 0 (w8a.t is at 3 % already: it keeps all of them);
- then every S-th remaining row is kept (S per set) so that each file stays under ~600 KB compressed;
- columns j % 5 == 0 are multiplied by 1e3, columns j % 5 == 1 get + 3 (sparse sets become dense there:
  a zero entry becomes an explicit 3).
Values are written with repr (integers without ".0"), so every double round-trips exactly.

Objective (dlogit's): J = (1/m) sum nll + R(w), intercept b unpenalized,
  R = (lam/2m)|w|^2 (l2), (lam/m)|w|_1 (l1), (lam/m)(a|w|_1 + (1-a)/2 |w|^2) (elasticnet, a = l1_ratio).
Optima, the lowest objective of several methods, each finished by an exact polish in numpy (the problems
have at most 301 coordinates, so dense Hessians are cheap):
- l2: liblinear-train -s 0 (no intercept) / scikit-learn lbfgs (intercept) / dlogit newton, then Newton
  steps with the dense Hessian until the step is ~1e-13;
- l1: liblinear-train -s 6 -e 1e-14 (-B 1e5 for a practically free intercept, as peer_optima.py does) /
  dlogit owlqn; elasticnet: dlogit owlqn / zero start; then a proximal Newton method (dense Hessian,
  subproblem by coordinate descent) ending with Newton on the nonzero coordinates at a fixed sign pattern.
`kkt_violation` is the infinity norm of the minimum-norm subgradient of J at the reported point (J's
units, i.e. per row); it bounds how far the point is from optimal."""
import csv, json, lzma, os, subprocess, sys, tempfile, time
import numpy as np
from sklearn.datasets import load_svmlight_file

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
DATASETS = os.path.join(ROOT, "tests", "datasets")
sys.path.insert(0, DATASETS)
from plain_copy import plain_copy  # noqa: E402

# name: (K: keep positive rows with i % K == 0, S: then keep every S-th row)
SETS = {"a9a.svm": (6, 1), "w8a.t.svm": (1, 1), "covtype20k.csv": (19, 1)}
SCALE, SHIFT = 1e3, 3.0


def fmt(v):
    return str(int(v)) if v == int(v) and abs(v) < 1e15 else repr(float(v))


def load_original(name, folder):
    path = plain_copy(name, folder)
    if name.endswith(".csv"):
        raw = np.loadtxt(path, delimiter=",")
        return raw[:, 1:], raw[:, 0]
    x, y = load_svmlight_file(path)
    return np.asarray(x.todense()), y


def make_bad(name, folder):
    x, y = load_original(name, folder)
    k, s = SETS[name]
    pos = y == y.max()
    keep = np.where(~pos | (np.arange(len(y)) % k == 0))[0]
    keep = keep[::s]
    x, y = x[keep].copy(), y[keep]
    cols = np.arange(x.shape[1])
    x[:, cols % 5 == 0] *= SCALE
    x[:, cols % 5 == 1] += SHIFT
    return x, y


def write_bad(name, x, y):
    out = os.path.join(DATASETS, "bad_" + name)
    lines = []
    for row, label in zip(x, y):
        if name.endswith(".csv"):  # as covtype20k.csv: label first, no header, CRLF
            lines.append(",".join([fmt(label)] + [fmt(v) for v in row]) + "\r\n")
        else:  # as the LIBSVM originals: "+1"/"-1", 1-based indices, a trailing space
            nz = np.nonzero(row)[0]
            lines.append(("+1" if label > 0 else "-1") + " " +
                         "".join("%d:%s " % (j + 1, fmt(row[j])) for j in nz) + "\n")
    with open(out, "w", newline="") as f:
        f.writelines(lines)
    subprocess.run(["xz", "-9e", "-f", "-k", out], check=True)
    return out


def load_bad(name, folder):
    return load_original("bad_" + name, folder)


# ---------------------------------------------------------------------------------------------------------
# Objective, gradient, Hessian of m*J over theta = [w; b] (b last, only with an intercept).

def sigmoid(z):
    return np.where(z >= 0, 1.0 / (1.0 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1.0 + np.exp(-np.abs(z))))


class Problem:
    def __init__(self, x, y01, penalty, lam, ratio, intercept):
        self.m, self.n = x.shape
        self.xa = np.hstack([x, np.ones((self.m, 1))]) if intercept else x
        self.y = y01
        self.intercept = intercept
        a = {"l2": 0.0, "l1": 1.0, "elasticnet": ratio}[penalty]
        self.l1 = np.full(self.xa.shape[1], lam * a)          # weight of |theta_j|
        self.l2 = np.full(self.xa.shape[1], lam * (1.0 - a))  # weight of theta_j^2 / 2
        if intercept:
            self.l1[-1] = self.l2[-1] = 0.0

    def value(self, t):  # J, per row
        z = self.xa @ t
        nll = np.sum(np.logaddexp(0.0, z) - self.y * z)
        return (nll + 0.5 * np.sum(self.l2 * t * t) + np.sum(self.l1 * np.abs(t))) / self.m

    def smooth_grad(self, t):
        p = sigmoid(self.xa @ t)
        return self.xa.T @ (p - self.y) + self.l2 * t, p

    def hessian(self, p):
        return (self.xa * (p * (1 - p))[:, None]).T @ self.xa + np.diag(self.l2)

    def kkt(self, t):
        """Infinity norm of the minimum-norm subgradient of J (per row)."""
        g, _ = self.smooth_grad(t)
        v = np.where(t != 0, g + self.l1 * np.sign(t), np.maximum(np.abs(g) - self.l1, 0.0))
        return float(np.max(np.abs(v))) / self.m

    def split(self, t):
        return (t[:-1], float(t[-1])) if self.intercept else (t, 0.0)


def cd_subproblem(h, g, t, l1, sweeps=2000, tol=1e-15):
    """min_d g'd + d'Hd/2 + sum l1|t+d| by cyclic coordinate descent (exact per coordinate)."""
    n = len(t)
    d = np.zeros(n)
    hd = np.zeros(n)
    diag = np.diag(h).copy()
    diag[diag <= 0] = 1e-300
    for _ in range(sweeps):
        biggest = 0.0
        for j in range(n):
            gj = g[j] + hd[j]
            u = t[j] + d[j]
            # minimize gj*(v-u) + diag/2 (v-u)^2 + l1|v| over v
            c = u - gj / diag[j]
            v = np.sign(c) * max(abs(c) - l1[j] / diag[j], 0.0)
            delta = v - u
            if delta != 0.0:
                d[j] += delta
                hd += delta * h[:, j]
                biggest = max(biggest, abs(delta) * np.sqrt(diag[j]))
        if biggest <= tol * max(1.0, np.sqrt(d @ hd) if d @ hd > 0 else 1.0):
            break
    return d


def polish(prob, t, max_outer=200):
    """Proximal Newton (dense Hessian, CD subproblem, backtracking on J), then Newton on the nonzero set at
    a fixed sign pattern; returns the point with the lowest J seen."""
    t = t.copy()
    best_t, best_j = t.copy(), prob.value(t)
    smooth_only = not np.any(prob.l1 > 0)
    stalled = 0
    for it in range(max_outer):
        g, p = prob.smooth_grad(t)
        h = prob.hessian(p)
        if smooth_only:
            d = -np.linalg.solve(h, g)
        else:
            d = cd_subproblem(h, g, t, prob.l1)
        f0 = prob.value(t) * prob.m
        decrease = g @ d + np.sum(prob.l1 * (np.abs(t + d) - np.abs(t)))
        step = 1.0
        while step > 1e-12:
            f1 = prob.value(t + step * d) * prob.m
            if f1 <= f0 + 1e-4 * step * decrease or (step == 1.0 and abs(f1 - f0) <= 1e-15 * abs(f0)):
                break
            step *= 0.5
        t = t + step * d
        j = prob.value(t)
        stalled = stalled + 1 if j >= best_j else 0
        if j <= best_j:
            best_t, best_j = t.copy(), j
        if stalled >= 3:  # rounding level: J no longer decreases
            break
        if np.max(np.abs(step * d) * np.sqrt(np.diag(h))) < 1e-14 * max(1.0, np.sqrt(f0)):
            break
    t = best_t
    if not smooth_only:  # sign pattern fixed: the l1 term is linear there, so Newton converges quadratically
        for _ in range(20):
            free = (t != 0) | (prob.l1 == 0)
            g, p = prob.smooth_grad(t)
            gf = g[free] + prob.l1[free] * np.sign(t[free])
            hf = prob.hessian(p)[np.ix_(free, free)]
            step = np.linalg.lstsq(hf, gf, rcond=None)[0]
            cand = t.copy()
            cand[free] -= step
            same = np.all(np.sign(cand[free]) == np.sign(t[free])) | np.all(prob.l1[free] == 0)
            if not same:
                break
            jc = prob.value(cand)
            if jc <= best_j:
                best_t, best_j, t = cand.copy(), jc, cand
            else:
                break
            if np.max(np.abs(step)) < 1e-15 * max(1.0, np.max(np.abs(t))):
                break
    return best_t


def polish_orthant(prob, t, max_iter=200):
    """Orthant-wise Newton for the l1 cases (fast where the CD subproblems of polish() crawl): Newton on the
    nonzero coordinates with the l1 term linear at their signs, zero coordinates that violate the KKT
    condition joining with the sign that descends, steps cut where a coordinate crosses zero."""
    t = t.copy()
    best_j = prob.value(t)
    stalled = 0
    for _ in range(max_iter):
        g, p = prob.smooth_grad(t)
        free = (t != 0) | (prob.l1 == 0)
        viol = ~free & (np.abs(g) > prob.l1)
        s = np.sign(t)
        s[viol] = -np.sign(g[viol])
        free |= viol
        gf = g[free] + prob.l1[free] * s[free]
        d = np.zeros_like(t)
        # lstsq: duplicated columns (a9a, w8a.t) make the l1 problem's Hessian singular on the nonzero set
        d[free] = -np.linalg.lstsq(prob.hessian(p)[np.ix_(free, free)], gf, rcond=None)[0]
        pen = free & (prob.l1 > 0)
        wrong = pen & (t == 0) & (s * d <= 0)  # a joining coordinate the step would not move its way
        d[wrong] = 0.0
        cross = pen & (t != 0) & (s * d < 0)
        alpha = min(1.0, float(np.min(-t[cross] / d[cross]))) if np.any(cross) else 1.0
        step = alpha
        while step > 1e-16:
            cand = t + step * d
            if step == alpha and np.any(cross):
                cand[cross & (np.abs(-t / np.where(d == 0, 1, d) - alpha) <= 1e-15 * alpha)] = 0.0
            jc = prob.value(cand)
            if jc <= best_j:
                break
            step *= 0.5
        if step <= 1e-16:
            stalled += 1
            if stalled >= 2:
                break
            continue
        stalled = stalled + 1 if jc >= best_j else 0
        t, best_j = cand, jc
        if prob.kkt(t) < 1e-15 or stalled >= 3:
            break
    return t


# ---------------------------------------------------------------------------------------------------------
# Peers and dlogit.

def liblinear(svm_path, prob, solver, lam, n, timeout=60):
    model = os.path.join(os.path.dirname(svm_path), "liblinear.model")
    bias = "100000" if prob.intercept else "-1"
    start = time.time()
    try:
        subprocess.run(["liblinear-train", "-q", "-s", solver, "-c", repr(1.0 / lam), "-B", bias, "-e", "1e-14",
                        svm_path, model], check=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, timeout
    seconds = time.time() - start
    lines = open(model).read().split("\n")
    labels = [float(v) for v in next(l for l in lines if l.startswith("label")).split()[1:]]
    b = float(next(l for l in lines if l.startswith("bias")).split()[1])
    w = np.array([float(l.split()[0]) for l in lines[lines.index("w") + 1:] if l.strip()])
    sign = 1.0 if labels[0] > labels[1] else -1.0  # liblinear scores its first label
    if b > 0:
        t = np.append(np.pad(sign * w[:-1], (0, max(0, n - len(w) + 1)))[:n], sign * w[-1] * b)
    else:
        t = np.pad(sign * w, (0, max(0, n - len(w))))[:n]
    return t, seconds


def dlogit_run(binary, data_path, folder, penalty, lam, ratio, intercept, method, tol, max_iter, tag):
    tag = "%s-%s-%g-%d-%s" % (tag, penalty, lam, intercept, method or "auto")
    out = os.path.join(folder, tag)
    cfg = os.path.join(folder, tag + ".toml")
    lines = ['[data]', 'train = "%s"' % data_path, '[model]', 'fit_intercept = %s' % str(bool(intercept)).lower(),
             '[regularization]', 'penalty = "%s"' % penalty, 'lambda = %r' % lam]
    if penalty == "elasticnet":
        lines.append('l1_ratio = %r' % ratio)
    lines += ['[optimizer]', 'max_iter = %d' % max_iter, 'tol = %r' % tol]
    if method:
        lines.append('method = "%s"' % method)
    lines += ['[output]', 'dir = "%s"' % out, '[checkpoint]', 'every = 0', 'resume = false']
    with open(cfg, "w") as f:
        f.write("\n".join(lines) + "\n")
    run = subprocess.run([binary, "train", cfg], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:  # a stop without convergence (line search, max_iter) still writes its result
        print("dlogit train %s: exit %d: %s" % (cfg, run.returncode, run.stderr.strip()[-300:]), flush=True)
    result = json.load(open(os.path.join(out, "result.json")))
    trace = []
    with open(os.path.join(out, "trace.csv")) as f:
        for row in csv.DictReader(f):
            trace.append((int(row["function_evals"]) + int(row["hessian_evals"]), float(row["objective"])))
    exported = subprocess.run([binary, "export", "--model", os.path.join(out, "model.bin")], check=True,
                              capture_output=True, text=True).stdout
    model = json.loads(exported)
    t = np.array(model["weights"], dtype=float)
    if intercept:
        t = np.append(t, float(model["intercept"]))
    return result, trace, t


TIGHT_ITER = 20000  # owlqn stalls at rounding level on some of these before; bounds the run time
PROBLEMS = [("l2", 1.0, 0.0), ("l2", 0.01, 0.0), ("l1", 1.0, 1.0), ("elasticnet", 1.0, 0.5)]


def main_data():
    folder = tempfile.mkdtemp(prefix="dlogit-bad-")
    for name in SETS:
        x, y = make_bad(name, folder)
        out = write_bad(name, x, y)
        plain = open(out, "rb").read()
        import hashlib
        pos = int((y == y.max()).sum())
        print("%s: rows %d features %d nonzeros %d labels %s: %d, %s: %d (%.1f %% positive) plain bytes %d "
              "xz bytes %d sha256 %s" % (os.path.basename(out), x.shape[0], x.shape[1], int(np.count_nonzero(x)),
              fmt(y.min()), len(y) - pos, fmt(y.max()), pos, 100.0 * pos / len(y), len(plain),
              os.path.getsize(out + ".xz"), hashlib.sha256(plain).hexdigest()))
        os.remove(out)



def solve_dataset(args):
    name, dlogit, parts = args[:3]
    only = args[3] if len(args) > 3 else None  # (penalty, intercept) pairs, to split a set over processes
    folder = tempfile.mkdtemp(prefix="dlogit-bad-optima-")
    x, y = load_bad(name, folder)
    y01 = (y == y.max()).astype(float)
    m, n = x.shape
    svm_path = plain_copy("bad_" + name, folder)
    if name.endswith(".csv"):  # liblinear reads LIBSVM only
        from sklearn.datasets import dump_svmlight_file
        svm_path = os.path.join(folder, "data.svm")
        dump_svmlight_file(x, y, svm_path, zero_based=False)
    data_xz = os.path.join(DATASETS, "bad_" + name + ".xz")
    optima, study = [], []
    for penalty, lam, ratio in PROBLEMS:
        for intercept in [False, True]:
            if only and (penalty, int(intercept)) not in only:
                continue
            prob = Problem(x, y01, penalty, lam, ratio, intercept)
            size = prob.xa.shape[1]
            starts = {}
            if penalty == "l2" and not intercept:
                t, sec = liblinear(svm_path, prob, "0", lam, n)
                if t is not None:
                    starts["liblinear-s0"] = t
            if penalty == "l2" and intercept:
                from sklearn.linear_model import LogisticRegression
                clf = LogisticRegression(C=1.0 / lam, tol=1e-12, max_iter=20000, solver="lbfgs").fit(x, y01)
                starts["sklearn-lbfgs"] = np.append(clf.coef_.ravel(), clf.intercept_[0])
            if penalty == "l1":
                t, sec = liblinear(svm_path, prob, "6", lam, n)
                if t is not None:
                    starts["liblinear-s6"] = t
                else:
                    print("%s l1 intercept=%d: liblinear-train -s 6 timed out" % (name, intercept), flush=True)
            if penalty == "elasticnet" and not dlogit:
                starts["zero"] = np.zeros(size)
            tight = default = None
            if dlogit:
                method = "newton" if penalty == "l2" else "owlqn"
                tight = dlogit_run(dlogit, data_xz, folder, penalty, lam, ratio, intercept, method, 1e-12, TIGHT_ITER,
                                   "tight")
                starts["dlogit-" + method] = tight[2]
                default = dlogit_run(dlogit, data_xz, folder, penalty, lam, ratio, intercept, None, 1e-6, 1000,
                                     "default")
            raw = {k: prob.value(t) for k, t in starts.items()}
            polished = {}
            for k, t in starts.items():
                if penalty == "l2":
                    tp = polish(prob, t)
                else:  # from a warm start the orthant-wise Newton is exact in seconds; CD subproblems crawl
                    tp = polish_orthant(prob, t)
                    if prob.kkt(tp) > 1e-12:
                        tp = polish(prob, polish_orthant(prob, polish(prob, tp, max_outer=60), max_iter=1000),
                                    max_outer=60)
                polished[k] = (prob.value(tp), tp)
            best = min(polished, key=lambda k: polished[k][0])
            jstar, tstar = polished[best]
            spread = (max(v[0] for v in polished.values()) - jstar) / jstar
            kkt = prob.kkt(tstar)
            w, b = prob.split(tstar)
            nz = np.nonzero(w)[0]
            label = "%s %s lam=%g ratio=%g intercept=%d" % (name, penalty, lam, ratio, intercept)
            print("%s: J* %.17g (from %s) kkt %.2e spread %.1e raw %s" % (
                label, jstar, best, kkt, spread,
                " ".join("%s=%.3e" % (k, (v - jstar) / jstar) for k, v in raw.items())), flush=True)
            optima.append(["bad_" + name, penalty, lam, ratio if penalty == "elasticnet" else "", int(intercept),
                           "%.17g" % jstar, len(nz), best + "+polish", "%.3g" % kkt, "%.3g" % spread,
                           " ".join("%s=%.17g" % (k, v) for k, v in raw.items()),
                           "%.17g" % b if intercept else "", " ".join(str(j) for j in nz)])
            if dlogit:
                def gap(value):
                    return (value - jstar) / jstar

                def first_pass(trace, tol=1e-6):
                    return next((p for p, v in trace if gap(v) <= tol), "")

                row = ["bad_" + name, penalty, lam, ratio if penalty == "elasticnet" else "", int(intercept)]
                d, tr = default[0], default[1]
                t0 = tight[0]
                for r in (d, t0):  # the binary's certificate, where it has one, must bound the true gap
                    r["true"] = (r["objective"] - jstar) / r["objective"]
                    r["valid"] = "" if "gap_bound" not in r else int(r["gap_bound"] >= r["true"])
                row += [d["method"], d["evaluations"], d["iterations"], d.get("stopped_by", d["stop_reason"]),
                        "%.3g" % gap(d["objective"]), first_pass(tr), "%.3g" % d.get("gap_bound", float("nan")),
                        d["valid"]]
                row += [t0["method"], t0["evaluations"], t0.get("stopped_by", t0["stop_reason"]),
                        "%.3g" % gap(t0["objective"]), first_pass(tight[1]),
                        "%.3g" % t0.get("gap_bound", float("nan")), t0["valid"]]
                study.append(row)
            append_part(parts, name, "optima", optima[-1])
            if dlogit:
                append_part(parts, name, "dlogit", study[-1])
                print("  dlogit defaults: %s %d passes, %s, true gap %.3g (bound %s); %s tol 1e-12: %d passes, "
                      "gap %.3g, 1e-6 after %s passes" % (
                          d["method"], d["evaluations"], d["stop_reason"], gap(d["objective"]), row[11], t0["method"],
                          t0["evaluations"], gap(t0["objective"]), first_pass(tight[1])), flush=True)
    return optima, study


OPTIMA_HEADER = ["dataset", "penalty", "lambda", "l1_ratio", "intercept", "objective", "nnz_weights", "tool",
                 "kkt_violation", "polish_spread", "raw_objectives", "intercept_value", "nonzero_weights"]
DLOGIT_HEADER = ["dataset", "penalty", "lambda", "l1_ratio", "intercept",
                 "default_method", "default_passes", "default_iterations", "default_stop",
                 "default_true_gap", "default_passes_to_1e-6", "default_gap_bound", "default_bound_valid",
                 "tight_method", "tight_passes", "tight_stop", "tight_true_gap", "tight_passes_to_1e-6",
                 "tight_gap_bound", "tight_bound_valid"]


def append_part(parts, name, kind, row):
    # one file per data set and kind, a row at a time: the data sets run as separate processes, and a run
    # cut short keeps what it finished
    with open(os.path.join(parts, "%s.%s.csv" % (name, kind)), "a", newline="") as f:
        csv.writer(f).writerow(row)


def main_optima(argv):
    """optima [--dlogit BINARY] [--parts FOLDER] [--only NAME]: computes and appends rows to FOLDER's part
    files; without --only, all three sets (one process each) and then the merge into bad_optima.csv (and
    bad_dlogit.csv)."""
    args = dict(zip(argv[::2], argv[1::2]))
    dlogit = os.path.abspath(args["--dlogit"]) if "--dlogit" in args else None
    parts = args.get("--parts") or tempfile.mkdtemp(prefix="dlogit-bad-parts-")
    os.makedirs(parts, exist_ok=True)
    if "--only" in args:
        only = None
        if "--problems" in args:  # e.g. l1:1,elasticnet:0
            only = [(p.split(":")[0], int(p.split(":")[1])) for p in args["--problems"].split(",")]
        solve_dataset((args["--only"], dlogit, parts, only))
        return
    from multiprocessing import Pool
    with Pool(len(SETS)) as pool:
        pool.map(solve_dataset, [(name, dlogit, parts) for name in SETS])
    merge(parts)


def merge(parts):
    here = os.path.dirname(os.path.abspath(__file__))
    for kind, header, out in [("optima", OPTIMA_HEADER, "bad_optima.csv"), ("dlogit", DLOGIT_HEADER, "bad_dlogit.csv")]:
        files = [os.path.join(parts, "%s.%s.csv" % (name, kind)) for name in SETS]
        if not any(os.path.exists(f) for f in files):
            continue
        with open(os.path.join(here, out), "w", newline="") as f:
            f.write(",".join(header) + "\n")
            order = [(pen, repr(lam)) for pen, lam, _ in PROBLEMS]
            for part in files:
                if os.path.exists(part):
                    rows = {}
                    for row in csv.reader(open(part)):  # a problem split off to another process is kept once
                        rows.setdefault(tuple(row[:5]), row)
                    for key in sorted(rows, key=lambda k: (order.index((k[1], k[2])), k[4])):
                        csv.writer(f, lineterminator="\n").writerow(rows[key])

if __name__ == "__main__":
    if sys.argv[1:2] == ["data"]:
        main_data()
    elif sys.argv[1:2] == ["optima"]:
        main_optima(sys.argv[2:])
    elif sys.argv[1:2] == ["merge"]:
        merge(sys.argv[2])
    else:
        sys.exit(__doc__)
