#!/usr/bin/env bash
# Makes sure a Python venv at DIR holds the pinned PyPI packages, creating
# it (or building it again) when needed, and prints DIR. Used for the
# checking tools under target/ (python-hwpx, frictionless, pycel, duckdb).
#
# A venv is not relocatable: its console scripts (bin/pip, bin/frictionless)
# start with the absolute path of the python it was made with. A target/
# copied from another checkout keeps working only while the original is
# there, then fails with "bad interpreter". So a venv whose pip names
# another place is built again here rather than trusted.
#
# Usage: scripts/py-venv.sh DIR CHECK SPEC...
#   DIR    the venv (relative to the repository root)
#   CHECK  a Python import that shows the packages are there (e.g. "import pycel")
#   SPEC   pip requirement specifiers, pinned
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 3 ] || { echo "usage: scripts/py-venv.sh DIR CHECK SPEC..." >&2; exit 2; }
dir=$1 check=$2
shift 2
here() { [ -d "$dir" ] && (cd "$dir" && pwd -P); }
if [ -d "$dir" ]; then
  shebang=$(head -n 1 "$dir/bin/pip" 2>/dev/null || true)
  case "$shebang" in
    "#!$(here)/bin/python"*) ;;
    *) echo "py-venv: $dir was made elsewhere or is broken; building it again" >&2; rm -rf "$dir" ;;
  esac
fi
if [ ! -d "$dir" ]; then
  python3 -m venv "$dir" >&2
fi
if ! "$dir/bin/python" -c "$check" >/dev/null 2>&1; then
  "$dir/bin/pip" install -q --disable-pip-version-check "$@" >&2
fi
echo "$dir"
