#!/usr/bin/python3
"""scikit-learn's ROC AUC of a dlogit model on a LIBSVM file: the reference of tests/e2e/evaluate_test.cpp.

    /usr/bin/python3 tests/e2e/reference/auc_reference.py WEIGHTS.csv DATA.svm [PREDICTIONS.tsv]

WEIGHTS.csv is the model as `dlogit export --format csv` writes it (feature,weight rows with 1-based
feature index, then intercept, fit_intercept, negative_label, positive_label), so the reference uses
the very same weights as dlogit. Probabilities are computed here as x·w + b summed in dlogit's order
(model/row_views.hpp: four accumulators over the row's entries in file order, combined as
(s0 + s1) + (s2 + s3), then + b) with the same overflow-safe logistic function as dlogit (math.exp,
i.e. the C library's exp), so the probabilities are bit-identical and tied rows tie in both.
Prints roc_auc_score(y == positive_label, p) with 17 significant digits. With PREDICTIONS.tsv (from
`dlogit predict`) it also prints the largest difference between those probabilities and these, and
whether the predicted labels agree."""
import csv, math, sys
import numpy as np
from sklearn.datasets import load_svmlight_file
from sklearn.metrics import roc_auc_score

def read_model(path):
    weights, named = {}, {}
    with open(path, newline="") as f:
        rows = csv.reader(f)
        assert next(rows) == ["feature", "weight"]
        for key, value in rows:
            if key.isdigit():
                weights[int(key)] = float(value)
            else:
                named[key] = float(value)
    w = np.array([weights[j] for j in range(1, len(weights) + 1)])
    return w, named["intercept"], named["negative_label"], named["positive_label"]

def sigmoid(z):
    if z >= 0.0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)

def four_way_dot(values, columns, w):
    s = [0.0, 0.0, 0.0, 0.0]
    full = len(values) - len(values) % 4
    for k in range(0, full, 4):
        for lane in range(4):
            s[lane] += values[k + lane] * w[columns[k + lane]]
    for k in range(full, len(values)):
        s[0] += values[k] * w[columns[k]]
    return (s[0] + s[1]) + (s[2] + s[3])

def main():
    w, b, negative, positive = read_model(sys.argv[1])
    x, labels = load_svmlight_file(sys.argv[2], n_features=len(w))
    x = x.tocsr()
    wl = w.tolist()
    z = [four_way_dot(x.data[x.indptr[i]:x.indptr[i + 1]].tolist(), x.indices[x.indptr[i]:x.indptr[i + 1]].tolist(), wl) + b
         for i in range(x.shape[0])]
    p = np.array([sigmoid(v) for v in z])
    print("%.17g" % roc_auc_score(labels == positive, p))
    if len(sys.argv) > 3:
        predicted = np.loadtxt(sys.argv[3], delimiter="\t")
        print("max |p - p_dlogit| = %.3g" % np.abs(predicted[:, 0] - p).max())
        mine = np.where(p >= 0.5, positive, negative)
        print("labels agree: %s" % bool((predicted[:, 1] == mine).all()))

if __name__ == "__main__":
    main()
