#!/usr/bin/env bash
# Benchmarks (criterion). Usage: scripts/bench.sh [report]
# Prints the median of each benchmark; criterion's full output is under
# target/criterion/.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-report}"
case "$what" in
  report)
    cargo bench -p yesan-report --bench report -- --noplot 2>&1 | tee target/bench-report.txt | grep -E '^[a-z].*|time:' ;;
  *)
    echo "usage: scripts/bench.sh [report]" >&2; exit 2 ;;
esac
