#!/usr/bin/env bash
# The city benchmark (scripts/bench.sh city [--quick]): issue 11's city of
# 30 institutions × 3 years × 400 lines, 30M entries, in Yesan on SQLite and
# PostgreSQL and in DuckDB, in the same run; scripts/bench/city.py prints
# the table (also saved to target/bench-city.txt).
#   --quick       the same city with 1% of the entries (300,000), for a
#                 run of a few minutes
#   --scale F     the entries times F (0 < F ≤ 1)
#   --keep        keep the stores loaded by an earlier run of the same city
#                 (measures the read paths again without loading; the
#                 import row then shows the earlier run's figures)
# Knobs (environment): BENCH_CITY_INSTITUTIONS (30), BENCH_CITY_YEARS (3),
# BENCH_CITY_LINES (400), BENCH_CITY_ENTRIES (30000000), BENCH_CITY_JOBS (2:
# institutions imported at a time, on both backends, as a city's institutions
# import side by side; SQLite still writes one recording at a time), BENCH_AS_OF
# (2023-10-18), BENCH_REPEAT (7), BENCH_NO_PG=1, BENCH_CITY_PG_PORT (54349),
# DUCKDB_SPEC (duckdb==2.0.1). Its own PostgreSQL server (port
# BENCH_CITY_PG_PORT, data under target/bench-city/pg), never the tests'
# one on 54329, stopped when the run ends, however it ends.
set -euo pipefail
cd "$(dirname "$0")/../.."
scale=1 reuse=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) scale=0.01 ;;
    --scale) shift; scale=${1:?--scale needs a number} ;;
    --keep) reuse=(--reuse) ;;
    *) echo "usage: scripts/bench.sh city [--quick | --scale F] [--keep]" >&2; exit 2 ;;
  esac
  shift
done
say() { echo "[bench-city] $*" >&2; }
work=target/bench-city
mkdir -p "$work"

# ---- tools -------------------------------------------------------------
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v psql >/dev/null; then
  say "installing PostgreSQL (apt-get)"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  { DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql postgresql-client >/dev/null; } ||
    say "warning: could not install PostgreSQL; its figures will show n/a"
fi
python=python3
if venv=$(scripts/py-venv.sh target/bench-venv "import duckdb" "${DUCKDB_SPEC:-duckdb==2.0.1}"); then
  python=$venv/bin/python
else
  say "warning: could not install DuckDB; its figures will show n/a"
fi

# ---- build -------------------------------------------------------------
say "building yesan-bench and yesan-city (release)"
cargo build --release --quiet -p yesan-bench -p yesan-city
bin=$work/bin
mkdir -p "$bin"
cp target/release/yesan-bench target/release/yesan-city "$bin/"

# ---- PostgreSQL ----------------------------------------------------------
pg_url=""
if [ "${BENCH_NO_PG:-0}" != 1 ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  export YESAN_TEST_PG_PORT="${BENCH_CITY_PG_PORT:-54349}"
  # An absolute path: the server runs as `postgres` when we are root.
  export YESAN_TEST_PG_DIR="$PWD/$work/pg"
  [ "$YESAN_TEST_PG_PORT" != 54329 ] || { say "port 54329 is the tests' server; choose another"; exit 2; }
  if [ "$(id -u)" = 0 ]; then
    mkdir -p "$YESAN_TEST_PG_DIR"
    chown postgres "$YESAN_TEST_PG_DIR"
  fi
  if pg_url=$(scripts/pg-test-server.sh start); then
    trap 'scripts/pg-test-server.sh stop' EXIT
  else
    say "warning: could not start PostgreSQL; its figures will show n/a"
    pg_url=""
  fi
fi

# ---- run ---------------------------------------------------------------
header="Yesan city benchmark — $(date -u '+%F %H:%M UTC'), yesan $(git rev-parse --short HEAD)$(git diff --quiet || echo +dirty), $(uname -m) $(nproc) cpu(s), load average at start $(cut -d' ' -f1-3 /proc/loadavg); release build"
"$python" scripts/bench/city.py --gen "$bin/yesan-bench" --city "$bin/yesan-city" --pg-url "$pg_url" \
  --work "$work" --as-of "${BENCH_AS_OF:-2023-10-18}" --repeat "${BENCH_REPEAT:-7}" \
  --institutions "${BENCH_CITY_INSTITUTIONS:-30}" --years "${BENCH_CITY_YEARS:-3}" \
  --lines "${BENCH_CITY_LINES:-400}" --jobs "${BENCH_CITY_JOBS:-2}" --entries "${BENCH_CITY_ENTRIES:-30000000}" --scale "$scale" \
  --header "$header" ${reuse[@]+"${reuse[@]}"}
