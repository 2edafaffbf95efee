#!/usr/bin/env bash
# ctest "launch: a clone with nothing beside it runs the quickstart": clones the repository's committed
# HEAD into an empty temporary folder (nothing beside the clone, as a user elsewhere has it) and runs the
# README's first command there, launch/train configs/quickstart.toml, which builds the dlogit binary in
# the clone and trains on 2 ranks. Passes when it exits 0 and leaves model.bin and a result.json with a
# test AUC above 0.85 (a9a's is about 0.90). Uncommitted changes are not in the clone: commit first.
# Usage: clone_alone_test.sh SOURCE_DIR
set -euo pipefail
source_dir=${1:?usage: clone_alone_test.sh SOURCE_DIR}
command -v git >/dev/null || { echo "FAIL: this test needs git (Debian package git)" >&2; exit 1; }
git -C "$source_dir" rev-parse --verify HEAD >/dev/null 2>&1 \
  || { echo "FAIL: $source_dir is not a git repository with a commit; the test clones its HEAD" >&2; exit 1; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/dlogit-clone-alone.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
git clone --quiet --no-hardlinks "$source_dir" "$scratch/dlogit"
echo "cloned $(git -C "$scratch/dlogit" rev-parse --short HEAD) into $scratch/dlogit; beside it: $(ls -A "$scratch" | tr '\n' ' ')"

cd "$scratch/dlogit"
code=0
start=$SECONDS
timeout --kill-after=30 1500 launch/train configs/quickstart.toml >"$scratch/train.log" 2>&1 || code=$?
echo "launch/train configs/quickstart.toml: exit code $code after $((SECONDS - start)) s"
tail -n 15 "$scratch/train.log"
((code == 0)) || { echo "FAIL: the quickstart exited with $code in a clone alone" >&2; exit 1; }
[[ -s runs/quickstart/model.bin ]] || { echo "FAIL: runs/quickstart/model.bin is missing" >&2; exit 1; }
auc=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["test"]["auc"])' runs/quickstart/result.json) \
  || { echo "FAIL: no test auc in runs/quickstart/result.json" >&2; exit 1; }
awk -v auc="$auc" 'BEGIN { exit !(auc > 0.85) }' || { echo "FAIL: test AUC $auc is not above 0.85" >&2; exit 1; }
echo "ok: model.bin written, test AUC $auc"
