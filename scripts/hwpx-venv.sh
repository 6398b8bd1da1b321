#!/usr/bin/env bash
# The Python tools the HWPX report is checked and previewed with, in a venv
# under target/ (PyPI, pinned): python-hwpx for its package validator and
# OWPML schema check (.ci/run, crates/yesan-publish/tests/hwpx.rs), and with
# --render also rhwp-python, the renderer scripts/previews.sh draws the
# HWPX pages with. Prints the venv's path (scripts/py-venv.sh builds it
# again when it was copied from elsewhere).
#
# Usage: scripts/hwpx-venv.sh [--render]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/hwpx-venv
scripts/py-venv.sh "$venv" "import hwpx" "python-hwpx==6.9.0" >/dev/null
if [ "${1:-}" = "--render" ]; then
  scripts/py-venv.sh "$venv" "import rhwp" "rhwp-python==0.8.1" >/dev/null
fi
echo "$venv"
