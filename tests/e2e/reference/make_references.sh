#!/usr/bin/env bash
# Reproduces the peer reference objectives quoted in tests/e2e/*_test.cpp (needs Debian's liblinear-tools
# and python3-sklearn). Run from the project root: tests/e2e/reference/make_references.sh
set -euo pipefail
data=../shared/data
here=$(dirname "$0")
tmp=$(mktemp -d)
# L2, lambda = 1/C = 1, no intercept: liblinear -s 0 (trust-region Newton) at a tight tolerance.
liblinear-train -q -s 0 -c 1 -B -1 -e 1e-10 "$data/a9a.svm" "$tmp/a9a_l2.model"
echo "a9a l2 lambda=1 no-intercept: $(/usr/bin/python3 "$here/liblinear_objective.py" "$data/a9a.svm" "$tmp/a9a_l2.model" 1)"
rm -rf "$tmp"
