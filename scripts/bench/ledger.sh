#!/usr/bin/env bash
# The ledger benchmark (scripts/bench.sh ledger [N...]): installs what is
# missing (hledger, ledger, PostgreSQL, GNU time via apt-get; DuckDB via pip
# into target/bench-venv), builds yesan and yesan-bench, starts a throwaway
# PostgreSQL server of its own, then runs scripts/bench/ledger.py, which
# prints the table.
# Knobs (environment): BENCH_REPEAT (5), BENCH_REPEAT_SLOW (3, hledger/ledger),
# BENCH_IMPORT_REPEAT (3: Yesan's imports, each into a fresh database, up to
# BENCH_IMPORT_REPEAT_MAX entries, default 1000000; one import above),
# BENCH_AS_OF (2023-10-18), BENCH_JOURNAL_MAX (100000: hledger/ledger only up
# to this N), BENCH_KEEP_DB=1 (keep the Yesan databases), BENCH_NO_INSTALL=1,
# BENCH_NO_PG=1, BENCH_PG_PORT (54339), BENCH_YESAN=PATH (measure that yesan
# binary, don't build one; the header says so), DUCKDB_SPEC (pip requirement,
# default duckdb==2.0.1). A build that fails, a measured command that fails
# or an answer that differs from expected.csv makes the run exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$#" -gt 0 ] || set -- 100000 1000000 10000000
for n in "$@"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "scripts/bench.sh ledger: '$n' is not a number of entries" >&2; exit 2; }
done
mkdir -p target
say() { echo "[bench] $*" >&2; }

# ---- tools -------------------------------------------------------------
if [ "${BENCH_NO_INSTALL:-0}" != 1 ]; then
  pkgs=()
  [ -x /usr/bin/time ] || pkgs+=(time)
  command -v hledger >/dev/null || pkgs+=(hledger)
  command -v ledger >/dev/null || pkgs+=(ledger)
  if [ "${BENCH_NO_PG:-0}" != 1 ]; then
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || pkgs+=(postgresql)
    command -v psql >/dev/null || pkgs+=(postgresql-client)
  fi
  command -v python3 >/dev/null || pkgs+=(python3)
  if [ ! -x target/bench-venv/bin/python ] && ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    pkgs+=(python3-venv)
  fi
  if [ "${#pkgs[@]}" -gt 0 ]; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    say "installing ${pkgs[*]} (apt-get)"
    if ! { DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq &&
           DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${pkgs[@]}" >/dev/null; }; then
      say "warning: could not install ${pkgs[*]}; the tools missing will show n/a"
    fi
  fi
  if [ ! -x target/bench-venv/bin/python ]; then
    python3 -m venv target/bench-venv || say "warning: could not create target/bench-venv"
  fi
  if [ -x target/bench-venv/bin/python ] && ! target/bench-venv/bin/python -c 'import duckdb' 2>/dev/null; then
    say "installing ${DUCKDB_SPEC:-duckdb==2.0.1} (pip, into target/bench-venv)"
    target/bench-venv/bin/pip install -q "${DUCKDB_SPEC:-duckdb==2.0.1}" ||
      say "warning: could not install DuckDB; its figures will show n/a"
  fi
fi
python=python3
[ -x target/bench-venv/bin/python ] && python=target/bench-venv/bin/python

# ---- build -------------------------------------------------------------
# The binaries measured are copied out of target/release first: a run takes
# long at 10M, and a rebuild meanwhile (its schema migrations are compiled
# in) must not swap the yesan under test.
say "building yesan-bench and yesan (release)"
cargo build --release --quiet -p yesan-bench
bin=target/bench-ledger/bin
mkdir -p target/bench-ledger/logs "$bin"
cp target/release/yesan-bench "$bin/yesan-bench"
yesan=${BENCH_YESAN:-target/release/yesan}
if [ -n "${BENCH_YESAN:-}" ]; then
  [ -x "$yesan" ] || { say "BENCH_YESAN=$yesan is not an executable"; exit 1; }
  say "measuring $yesan (BENCH_YESAN), not a build of this checkout"
elif ! cargo build --release --quiet -p yesan 2>target/bench-ledger/logs/build-yesan.log; then
  # Never measure a binary left from an earlier build: the header names
  # this checkout's commit.
  cat target/bench-ledger/logs/build-yesan.log >&2
  say "error: yesan does not build (target/bench-ledger/logs/build-yesan.log); nothing measured"
  exit 1
fi
cp "$yesan" "$bin/yesan"
yesan="$bin/yesan"

# ---- PostgreSQL ----------------------------------------------------------
# A server of its own (port BENCH_PG_PORT, default 54339), not the tests' one
# on 54329, which the test suite stops and starts as it pleases. Like the
# tests' server it runs with fsync=off (scripts/pg-test-server.sh).
pg_url=""
if [ "${BENCH_NO_PG:-0}" != 1 ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  export YESAN_TEST_PG_PORT="${BENCH_PG_PORT:-54339}" YESAN_TEST_PG_DIR="${BENCH_PG_DIR:-/tmp/yesan-bench-pg}"
  if pg_url=$(scripts/pg-test-server.sh start); then
    trap 'scripts/pg-test-server.sh stop' EXIT
  else
    say "warning: could not start PostgreSQL; yesan-postgres will show n/a"
    pg_url=""
  fi
fi

# ---- run ---------------------------------------------------------------
# ledger.py exits non-zero when any tool's answer differs from the
# generator's expected.csv or a measured command fails; so does this.
extra=()
[ "${BENCH_KEEP_DB:-0}" = 1 ] && extra+=(--keep-db)
[ -n "${BENCH_YESAN:-}" ] && extra+=(--yesan-given)
"$python" scripts/bench/ledger.py "$@" \
  --gen "$bin/yesan-bench" --yesan "$yesan" --python "$python" --pg-url "$pg_url" \
  --as-of "${BENCH_AS_OF:-2023-10-18}" --repeat "${BENCH_REPEAT:-5}" --repeat-slow "${BENCH_REPEAT_SLOW:-3}" \
  --import-repeat "${BENCH_IMPORT_REPEAT:-3}" --import-repeat-max "${BENCH_IMPORT_REPEAT_MAX:-1000000}" \
  --journal-max "${BENCH_JOURNAL_MAX:-100000}" ${extra[@]+"${extra[@]}"}
