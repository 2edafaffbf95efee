#!/usr/bin/python3
"""Computes the weighted optima that tests/e2e/weighted_parity_test.cpp compares dlogit against, and writes
them to tests/e2e/reference/weighted_optima.csv. Needs Debian's python3-sklearn.
Run from anywhere:  /usr/bin/python3 tests/e2e/reference/weighted_optima.py

Objective (dlogit's, weighted): J = (1/m) sum_i s_i nll_i + (lambda/2m)|w|^2, intercept unpenalized,
s_i = sample_weight_i * class_weight[y_i], m = number of rows. With lambda = 1/C this is scikit-learn's
C sum_i s_i nll_i + |w|^2/2 divided by C*m, so both have the same minimizer.
- scikit-learn LogisticRegression(solver='lbfgs', C=1/lambda, class_weight=..., tol=1e-12, max_iter=100000)
  fitted with sample_weight, then polished by exact Newton steps on the weighted objective (dense Hessian,
  123 or 54 features) until the step is below 1e-13, as peer_optima.py does: lbfgs alone stops ~1e-7 short.
- sample weights "cyclic3": row i (0-based, file order) weighs 1 + (i mod 3); the test writes the same file.
  "cyclic3-column": the same weights, which the test inserts as column 2 of a copy of the CSV data
  (data.weight_column = 2).
- class_weight "balanced" is scikit-learn's n / (2 * count(class)) over unweighted counts.
The objective is evaluated here, in double precision, from the polished weights; the CSV also records
how far scikit-learn's own solution was from it (sklearn_gap, relative), and all weights."""
import csv, os, sys, tempfile
import numpy as np
from scipy.sparse import csr_matrix
from sklearn.datasets import load_svmlight_file
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "datasets"))
from plain_copy import plain_copy  # tests/datasets/*.xz, decompressed: scikit-learn reads plain text only

SCRATCH = tempfile.mkdtemp(prefix="dlogit-weighted-optima-")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "weighted_optima.csv")

# name, data set, lambda, fit_intercept, dlogit's model.class_weight, sklearn's class_weight, sample weights
PROBLEMS = [
    ("a9a_balanced", "a9a.svm", 1.0, True, "balanced", "balanced", "none"),
    ("a9a_cyclic3", "a9a.svm", 0.5, True, "none", None, "cyclic3"),
    ("a9a_cyclic3_explicit", "a9a.svm", 2.0, False, "-1:1, 1:3", {-1: 1.0, 1: 3.0}, "cyclic3"),
    ("covtype_column_balanced", "covtype20k.csv", 0.1, True, "balanced", "balanced", "cyclic3-column"),
]

def objective(x, y01, s, w, b, lam):
    z = x @ w + b
    nll = (s * (np.logaddexp(0.0, z) - y01 * z)).sum()
    return (nll + 0.5 * lam * (w @ w)) / x.shape[0]

def polish(x, y01, s, w, b, lam, intercept):
    xa = np.asarray(x.todense())
    if intercept:
        xa = np.hstack([xa, np.ones((xa.shape[0], 1))])
    theta = np.append(w, b) if intercept else w.copy()
    reg = np.full(theta.size, lam)
    if intercept:
        reg[-1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(xa @ theta)))
        g = xa.T @ (s * (p - y01)) + reg * theta
        h = (xa * (s * p * (1 - p))[:, None]).T @ xa + np.diag(reg)
        step = np.linalg.solve(h, g)
        theta -= step
        if np.linalg.norm(step) < 1e-13 * max(1.0, np.linalg.norm(theta)):
            break
    return (theta[:-1], theta[-1]) if intercept else (theta, 0.0)

def main():
    rows = []
    for name, dataset, lam, intercept, dlogit_cw, sk_cw, sample in PROBLEMS:
        if dataset.endswith(".csv"):
            raw = np.loadtxt(plain_copy(dataset, SCRATCH), delimiter=",")
            x, y = csr_matrix(raw[:, 1:]), raw[:, 0]
        else:
            x, y = load_svmlight_file(plain_copy(dataset, SCRATCH))
            x = x.tocsr()
        y01 = (y == y.max()).astype(float)
        sw = 1.0 + (np.arange(x.shape[0]) % 3) if sample.startswith("cyclic3") else np.ones(x.shape[0])
        if sk_cw == "balanced":
            counts = {c: (y == c).sum() for c in np.unique(y)}
            cw = {c: x.shape[0] / (2.0 * n) for c, n in counts.items()}
        else:
            cw = sk_cw or {c: 1.0 for c in np.unique(y)}
        s = sw * np.array([cw[v] for v in y])
        model = LogisticRegression(C=1.0 / lam, class_weight=sk_cw, tol=1e-12, max_iter=100000,
                                   fit_intercept=intercept)
        model.fit(x, y, sample_weight=sw)
        w0, b0 = model.coef_.ravel(), (model.intercept_[0] if intercept else 0.0)
        w, b = polish(x, y01, s, w0, b0, lam, intercept)
        j = objective(x, y01, s, w, b, lam)
        gap = (objective(x, y01, s, w0, b0, lam) - j) / j
        rows.append([name, dataset, repr(lam), int(intercept), dlogit_cw, sample, repr(j), repr(gap), repr(b),
                     " ".join(repr(v) for v in w)])
        print(name, "objective", j, "sklearn gap", gap)
    with open(OUT, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["name", "dataset", "lambda", "intercept", "class_weight", "sample_weights", "objective",
                      "sklearn_gap", "intercept_value", "weights"])
        out.writerows(rows)

if __name__ == "__main__":
    main()
