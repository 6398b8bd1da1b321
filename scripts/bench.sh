#!/usr/bin/env bash
# Benchmarks. Usage:
#   scripts/bench.sh                 both of the below, the ledger at 100k, 1M and 10M entries
#   scripts/bench.sh report          criterion: building and rendering the business report
#   scripts/bench.sh ledger [N...]   ledger import and as-of roll-up, Yesan on SQLite and
#                                    PostgreSQL against DuckDB, hledger and ledger, on one
#                                    synthetic ledger per N (default 100000 1000000 10000000;
#                                    `scripts/bench.sh ledger 10000` is a quick smoke test)
#   scripts/bench.sh N...            the same as `ledger N...`
#   scripts/bench.sh city [--quick]  issue 11's city (30 institutions × 3 years × 400 lines,
#                                    30M entries; --quick: 1% of the entries): import, one
#                                    institution's roll-up and the consolidated one, Yesan on
#                                    SQLite and PostgreSQL against DuckDB (scripts/bench/city.sh)
# The report part prints the median of each benchmark (criterion's full output is
# under target/criterion/); the ledger part prints one table, also saved to
# target/bench-ledger.txt (scripts/bench/ledger.sh lists its knobs).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target

report() {
  cargo bench -p yesan-report --bench report -- --noplot 2>&1 | tee target/bench-report.txt | grep -E '^[a-z].*|time:'
}

case "${1:-all}" in
  all) report; scripts/bench/ledger.sh ;;
  report) report ;;
  ledger) shift; scripts/bench/ledger.sh "$@" ;;
  city) shift; scripts/bench/city.sh "$@" ;;
  [0-9]*) scripts/bench/ledger.sh "$@" ;;
  *) echo "usage: scripts/bench.sh [report | ledger [N...] | N... | city [--quick]]" >&2; exit 2 ;;
esac
