#!/usr/bin/env bash
# ctest "launch: every script answers --help with exit 0": every script under launch/ (a file with a #!
# line, run with bash) and every python script directly in launch/ (argparse) prints its usage and exits
# 0 on --help, without building or installing anything. Python files in folders under launch/ are
# modules of a script, not scripts. Usage: help_test.sh LAUNCH_DIR
set -euo pipefail
launch=${1:?usage: help_test.sh LAUNCH_DIR}
failed=0 checked=0
while IFS= read -r -d '' file; do
  name=launch/${file#"$launch"/}
  if [[ "$file" == "$launch"/*.py && "$file" != "$launch"/*/* ]]; then
    command=(/usr/bin/python3 "$file" --help)
    expect="usage:"
  elif [[ "$file" != *.py && $(head -c 2 "$file") == '#!' ]]; then
    command=(bash "$file" --help)
    expect=$name  # each header names the script, e.g. "launch/train CONFIG ..."
  else
    continue
  fi
  checked=$((checked + 1))
  code=0
  output=$(timeout 60 "${command[@]}" </dev/null 2>&1) || code=$?
  lines=$(printf '%s\n' "$output" | wc -l)
  if ((code != 0)) || ((lines < 2)) || [[ "$output" != *"$expect"* ]]; then
    echo "FAIL: $name --help: exit code $code, $lines lines, '$expect' $([[ "$output" == *"$expect"* ]] || echo 'not ')found:" >&2
    printf '%s\n' "$output" | head -n 20 | sed 's/^/    /' >&2
    failed=1
  else
    echo "ok: $name --help ($lines lines)"
  fi
done < <(find "$launch" -type f -print0 | sort -z)
((checked > 0)) || { echo "FAIL: no scripts found under $launch" >&2; exit 1; }
exit "$failed"
