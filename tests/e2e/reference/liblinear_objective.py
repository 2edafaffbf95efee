#!/usr/bin/python3
"""Evaluates dlogit's objective J = (0.5*||w||^2 + C * sum log(1 + exp(-y w.x))) / (C m) at the weights of a
liblinear model trained without bias (-B -1). Usage: liblinear_objective.py DATA.svm MODEL C
The reference values in tests/e2e/*_test.cpp were produced by tests/e2e/reference/make_references.sh."""
import sys
import numpy as np
from sklearn.datasets import load_svmlight_file

data, model_path, c = sys.argv[1], sys.argv[2], float(sys.argv[3])
x, y = load_svmlight_file(data)
with open(model_path) as f:
    lines = f.read().split("\n")
labels = [float(v) for v in next(l for l in lines if l.startswith("label")).split()[1:]]
start = lines.index("w") + 1
w = np.array([float(l.split()[0]) for l in lines[start:] if l.strip()])
n = max(x.shape[1], len(w))
x = x.tocsr()
x.resize((x.shape[0], n))
w = np.pad(w, (0, n - len(w)))
# liblinear's w scores its first label; dlogit's scores the larger label.
if labels[0] < labels[1]:
    w = -w
margins = np.where(y == max(labels), 1.0, -1.0) * (x @ w)
nll = np.logaddexp(0.0, -margins).sum()
m = x.shape[0]
print("%.17g" % ((0.5 * w @ w + c * nll) / (c * m)))
