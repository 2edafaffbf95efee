#!/usr/bin/env bash
# ctest "launch: lib/packages as non-root installs nothing and names what is missing": launch/lib/packages
# run as a user other than root (as nobody, through setpriv, when the test runs as root) with two packages
# that do not exist and one that is always installed must exit 1 and name exactly the two missing ones;
# --missing lists them and exits 0. Usage: packages_test.sh PATH/TO/launch/lib/packages
set -euo pipefail
helper=${1:?usage: packages_test.sh PATH/TO/launch/lib/packages}
missing=(dlogit-test-no-such-package-a dlogit-test-no-such-package-b)
present=bash  # Essential: installed on every Debian system

listed=$("$helper" --missing "$present" "${missing[0]}" "${missing[1]}")
[[ "$listed" == "${missing[*]}" ]] || { echo "FAIL: --missing printed '$listed', expected '${missing[*]}'" >&2; exit 1; }
echo "ok: --missing lists exactly ${missing[*]}"

run=("$helper")
if [[ $(id -u) -eq 0 ]]; then
  command -v setpriv >/dev/null || { echo "FAIL: running as root and setpriv (util-linux) is missing" >&2; exit 1; }
  # A copy that nobody can read: the checkout may sit in a folder only root can enter (mktemp -d is 0700).
  copy=$(mktemp -d)
  trap 'rm -rf "$copy"' EXIT
  cp "$helper" "$copy/packages"
  chmod 755 "$copy" "$copy/packages"
  run=(setpriv --reuid=65534 --regid=65534 --clear-groups "$copy/packages")
fi
code=0
output=$(cd / && "${run[@]}" --for launch/test-probe "$present" "${missing[@]}" 2>&1) || code=$?
printf '%s\n' "$output" | sed 's/^/    /'
((code == 1)) || { echo "FAIL: exit code $code, expected 1" >&2; exit 1; }
[[ "$output" == *"launch/test-probe: missing Debian packages: ${missing[*]}"$'\n'* ]] \
  || { echo "FAIL: the message does not name exactly the missing packages" >&2; exit 1; }
[[ "$output" != *"installing"* ]] || { echo "FAIL: tried to install as non-root" >&2; exit 1; }
echo "ok: as non-root it exits 1 and names exactly ${missing[*]}"
