#!/usr/bin/env bash
# The Python tools the HWPX report is checked and previewed with, in a venv
# under target/ (PyPI, pinned): python-hwpx for its package validator and
# OWPML schema check (.ci/run, crates/yesan-publish/tests/hwpx.rs), and with
# --render also rhwp-python, the renderer scripts/previews.sh draws the
# HWPX pages with. Prints the venv's path.
#
# Usage: scripts/hwpx-venv.sh [--render]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/hwpx-venv
if [ ! -x "$venv/bin/hwpx-validate-package" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "python-hwpx==6.9.0" >&2
fi
if [ "${1:-}" = "--render" ] && [ ! -d "$venv/lib/python3"*/site-packages/rhwp ]; then
  "$venv/bin/pip" install -q --disable-pip-version-check "rhwp-python==0.8.1" >&2
fi
echo "$venv"
