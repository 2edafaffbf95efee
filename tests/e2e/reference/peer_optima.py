#!/usr/bin/python3
"""Computes the peers' optima that tests/e2e/peer_parity_test.cpp compares dlogit against, and writes them
to tests/e2e/reference/peer_optima.csv. Needs Debian's liblinear-tools and python3-sklearn.
Run from the project root:  /usr/bin/python3 tests/e2e/reference/peer_optima.py

Objective (dlogit's): J = NLL/m + R(w), lambda = 1/C, intercept unpenalized.
- no intercept, l2: liblinear-train -s 0 -c C -B -1 -e 1e-12 (trust-region Newton)
- no intercept, l1: liblinear-train -s 6 -c C -B -1 -e 1e-12 (newGLMNET)
- intercept, l2:    scikit-learn LogisticRegression(solver='lbfgs', tol=1e-12, C=C, max_iter=100000), whose
                    result is then polished by exact Newton steps (dense Hessian; a few hundred features)
                    until the step is below 1e-13, since lbfgs alone stops ~1e-7 relative short.
- intercept, l1:    liblinear-train -s 6 -B 100000 -e 1e-14: a constant bias column of value 1e5, whose weight
                    is penalized by |w_b| = |b|/1e5, i.e. a practically free intercept (-B 1000 left the
                    covtype objective 3e-6 above the optimum; 1e4 and 1e5 agree to 1e-11).
- l1: coordinates at the KKT boundary (a zero weight with |g_j| within 1% of lambda, g = gradient of the
  NLL sum), columns duplicating them (a9a has some), and with an intercept complementary binary column
  pairs (x_j + x_k = 1), make the zero pattern non-unique: they are listed in `ambiguous` and the tests
  do not compare them.
Every objective is evaluated here, in double precision, from the weights each tool returns."""
import csv, os, subprocess, sys, tempfile
import numpy as np
from sklearn.datasets import load_svmlight_file
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "datasets"))
from plain_copy import plain_copy  # tests/datasets/*.xz, decompressed: the peers read plain text only

SCRATCH = tempfile.mkdtemp(prefix="dlogit-peer-optima-")
OUT = os.path.join(os.path.dirname(__file__), "peer_optima.csv")

def load(name):
    path = plain_copy(name, SCRATCH)
    if name.endswith(".csv"):
        raw = np.loadtxt(path, delimiter=",")
        return path, raw[:, 1:], raw[:, 0]
    x, y = load_svmlight_file(path)
    return path, x.tocsr(), y

def objective(x, y01, w, b, lam, penalty):
    z = x @ w + b
    nll = (np.logaddexp(0.0, z) - y01 * z).sum()
    m = x.shape[0]
    reg = 0.5 * w @ w if penalty == "l2" else np.abs(w).sum()
    return (nll + lam * reg) / m

def polish_l2(x, y01, w, b, lam):
    # Newton on J*m over theta = [w; b] with the intercept unpenalized.
    xa = np.asarray(x.todense()) if hasattr(x, "todense") else x
    xa = np.hstack([xa, np.ones((xa.shape[0], 1))])
    theta = np.append(w, b)
    reg = np.full(theta.size, lam)
    reg[-1] = 0.0
    for _ in range(50):
        z = xa @ theta
        p = 1.0 / (1.0 + np.exp(-z))
        g = xa.T @ (p - y01) + reg * theta
        h = (xa * (p * (1 - p))[:, None]).T @ xa + np.diag(reg)
        step = np.linalg.solve(h, g)
        theta -= step
        if np.linalg.norm(step) < 1e-13 * max(1.0, np.linalg.norm(theta)):
            break
    return theta[:-1], theta[-1]

def ambiguous_coordinates(x, y01, w, b, lam, intercept):
    """Zero coordinates at the KKT boundary (|g_j| within 1% of lambda: liblinear's own KKT residual at the
    -B 100000 solution reaches 5e-3 on a9a) and their duplicated twins:
    there the L1 optimum is not unique, so which of them is nonzero is not compared."""
    xa = np.asarray(x.todense()) if hasattr(x, "todense") else np.asarray(x)
    g = xa.T @ (1.0 / (1.0 + np.exp(-(xa @ w + b))) - y01)
    ambiguous = [j for j in range(xa.shape[1]) if w[j] == 0 and abs(abs(g[j]) - lam) <= 1e-2 * lam]
    for j in list(ambiguous):
        ambiguous += [k for k in range(xa.shape[1]) if k != j and np.array_equal(xa[:, k], xa[:, j])]
    if intercept:
        # Complementary binary columns (x_j + x_k = 1, e.g. a two-valued one-hot pair): with a free
        # intercept, (w_j, w_k) = (d, 0) and (0, -d) fit equally well at the same L1 cost.
        for j in range(xa.shape[1]):
            for k in range(j + 1, xa.shape[1]):
                if (w[j] == 0 or w[k] == 0) and np.all(xa[:, j] + xa[:, k] == 1.0):
                    ambiguous += [j, k]
    return sorted(set(ambiguous))

def read_liblinear(model, n):
    lines = open(model).read().split("\n")
    labels = [float(v) for v in next(l for l in lines if l.startswith("label")).split()[1:]]
    bias = float(next(l for l in lines if l.startswith("bias")).split()[1])
    start = lines.index("w") + 1
    w = np.array([float(l.split()[0]) for l in lines[start:] if l.strip()])
    sign = 1.0 if labels[0] > labels[1] else -1.0  # liblinear scores its first label
    if bias > 0:
        return sign * w[:-1][:n], sign * w[-1] * bias
    return sign * w[:n], 0.0

def write_svm(path, x, y):
    from sklearn.datasets import dump_svmlight_file
    dump_svmlight_file(x, y, path, zero_based=False)

rows = []
for name in ["a9a.svm", "w8a.t.svm", "covtype20k.csv"]:
    path, x, y = load(name)
    y01 = (y == y.max()).astype(float)
    n = x.shape[1]
    svm_path = path
    tmp = tempfile.mkdtemp()
    if name.endswith(".csv"):
        svm_path = os.path.join(tmp, "data.svm")
        write_svm(svm_path, x, y)
    for penalty, lam in [("l2", 1.0), ("l2", 0.01), ("l1", 1.0)]:
        c = 1.0 / lam
        for intercept in [False, True]:
            if penalty == "l2" and intercept:
                clf = LogisticRegression(C=c, tol=1e-12, max_iter=100000, solver="lbfgs").fit(x, y01)
                w, b = polish_l2(x, y01, clf.coef_.ravel(), float(clf.intercept_[0]), lam)
                tool = "sklearn-lbfgs+newton-polish"
            else:
                solver = "0" if penalty == "l2" else "6"
                bias = "100000" if intercept else "-1"
                model = os.path.join(tmp, "m")
                subprocess.run(["liblinear-train", "-q", "-s", solver, "-c", repr(c), "-B", bias, "-e", "1e-14",
                                svm_path, model], check=True)
                w, b = read_liblinear(model, n)
                tool = "liblinear-s" + solver
                if penalty == "l1":
                    ambiguous = ambiguous_coordinates(x, y01, w, b, lam, intercept)
            j = objective(x, y01, w, b, lam, penalty)
            nnz = int((w != 0).sum())
            nonzero = " ".join(str(i) for i in np.where(w != 0)[0])
            amb = " ".join(str(i) for i in ambiguous) if penalty == "l1" else ""
            rows.append([name, penalty, lam, int(intercept), "%.17g" % j, nnz, tool, nonzero, amb])
            print(rows[-1], flush=True)

with open(OUT, "w", newline="") as f:
    out = csv.writer(f)
    out.writerow(["dataset", "penalty", "lambda", "intercept", "objective", "nnz_weights", "tool",
                  "nonzero_weights", "ambiguous"])
    out.writerows(rows)
