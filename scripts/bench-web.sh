#!/usr/bin/env bash
# Web benchmark: wrk on loopback against `yesan serve` (release build,
# SQLite), signed in as a viewer so every request also checks its session.
# Reports requests/s and p50/p99 latency at 64 connections. Usage:
#   scripts/bench-web.sh [N] [DURATION]      the dashboard and the entries API with N
#                                            synthetic entries (default 1,000,000; the
#                                            ledger benchmark's generator), e.g. 1000000 20s
#   scripts/bench-web.sh city [DURATION]     issue 11's city: the consolidated page and one
#                                            institution's dashboard, on the city benchmark's
#                                            SQLite store (target/bench-city/city.db, loaded by
#                                            `scripts/bench.sh city`; BENCH_CITY_SCALE, default
#                                            0.01, when it must be loaded here)
# The table is also saved to target/bench-web.txt (city: target/bench-web-city.txt).
# Installs wrk (apt-get) if it is missing. Nothing listens beyond 127.0.0.1,
# and wrk stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."

# The city's pages: the consolidated view and one institution's dashboard
# (institution pages live under /i/{code}/).
CITY_INSTITUTION=${CITY_INSTITUTION:-inst01}
CONSOLIDATED_PATH=${CONSOLIDATED_PATH:-/consolidated}
DASHBOARD_PATH=${DASHBOARD_PATH:-/i/$CITY_INSTITUTION/}

mode=ledger
if [ "${1:-}" = city ]; then
  mode=city
  shift
  n=city
  duration=${1:-20s}
else
  n=${1:-1000000}
  duration=${2:-20s}
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "usage: scripts/bench-web.sh [N] [DURATION] | city [DURATION]" >&2; exit 2; }
fi
conns=${BENCH_CONNECTIONS:-64}
say() { echo "[bench-web] $*" >&2; }

if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  say "installing wrk (apt-get)"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi

say "building (release)"
work=target/bench-web
mkdir -p "$work"
global=()
if [ "$mode" = city ]; then
  cargo build --release --quiet -p yesan -p yesan-bench -p yesan-city
  db=target/bench-city/city.db
  if [ ! -f target/bench-city/city-sqlite.done ]; then
    say "no city store yet: loading one (scale ${BENCH_CITY_SCALE:-0.01})"
    target/release/yesan-bench city --out target/bench-city/data --scale "${BENCH_CITY_SCALE:-0.01}" >/dev/null
    rm -f "$db" "$db-wal" "$db-shm"
    target/release/yesan-city load --db "$db" --data target/bench-city/data >"$work/city-load.txt"
    { cat target/bench-city/data/city.txt; cat "$work/city-load.txt"; } >target/bench-city/city-sqlite.done
  fi
  global=(--institution "$CITY_INSTITUTION")
  # An account the city benchmark's figures do not see (users are not
  # institution data); added once.
  if ! target/release/yesan --db "$db" "${global[@]}" user list 2>/dev/null | grep -q '^bench\b'; then
    echo "bench-web-password" | target/release/yesan --db "$db" "${global[@]}" user add bench --role viewer >/dev/null
  fi
  # The consolidated view is the city's: its readers only.
  target/release/yesan --db "$db" "${global[@]}" user system bench city-reader >/dev/null
  inst=$CITY_INSTITUTION
  city_entries=$(sed -n 's/^entries=//p' target/bench-city/data/city.txt | head -1)
else
  cargo build --release --quiet -p yesan -p yesan-bench
  data=$work/data-$n
  target/release/yesan-bench generate --entries "$n" --out "$data" >/dev/null
  db=$work/web-$n.db
  if [ ! -f "$db.done" ]; then
    rm -f "$db" "$db-wal" "$db-shm"
    say "loading $n entries into $db"
    target/release/yesan --db "$db" init --dataset "$data/dataset.toml" 2>/dev/null
    target/release/yesan --db "$db" import entries "$data/entries.csv" >/dev/null
    echo "bench-web-password" | target/release/yesan --db "$db" user add bench --role viewer >/dev/null
    touch "$db.done"
  fi
  # The institution the dataset file names (its pages are under /i/{code}/).
  inst=$(target/release/yesan --db "$db" institution list | sed -n 2p | cut -f1)
fi

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
port=$(( 20000 + RANDOM % 20000 ))
target/release/yesan --db "$db" ${global[@]+"${global[@]}"} serve --bind "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

# Sign in once, as a browser would, and reuse the session cookie.
jar=$work/cookies.txt
rm -f "$jar"
token=$(curl -fs -c "$jar" -b "$jar" "$base/login" | grep -o 'name="_csrf" value="[0-9a-f]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -fs -o /dev/null -c "$jar" -b "$jar" --data "_csrf=$token&institution=$inst&name=bench&password=bench-web-password&next=/" "$base/login"
session=$(awk '$6 == "yesan_session" { print $7 }' "$jar")
[ -n "$session" ] || { say "could not sign in"; exit 1; }

results=()
run() {
  local name=$1 path=$2 script=${3:-}
  local url=$base$path
  [[ $path == *"("* ]] && url="$base${path%%(*}1"
  curl -fs -o /dev/null -H "Cookie: yesan_session=$session; yesan_home=$inst" "$url" || { say "$path failed"; exit 1; }
  # Warm-up, then the measured run.
  wrk -t2 -c"$conns" -d3s ${script:+-s "$script"} -H "Cookie: yesan_session=$session; yesan_home=$inst" "$url" >/dev/null
  local out
  out=$(wrk -t2 -c"$conns" -d"$duration" --latency ${script:+-s "$script"} -H "Cookie: yesan_session=$session; yesan_home=$inst" "$url")
  echo "$out" >"$work/wrk-$name.txt"
  local rps p99 p50 errors
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ { print }' <<<"$out" | tr '\n' ' ')
  results+=("$(printf '| %-34s | %10s | %8s | %8s | %s' "$path" "$rps" "$p50" "$p99" "${errors:-none}")")
}
if [ "$mode" = city ]; then
  run consolidated "$CONSOLIDATED_PATH"
  run dashboard "$DASHBOARD_PATH"
else
  line=$(sed -n 2p "$data/lines.csv" | cut -d, -f1)
  run dashboard "/i/$inst/"
  run entries "/i/$inst/api/entries"
  run entries-line "/i/$inst/api/entries?line=$line"
  run budget "/i/$inst/budget"
  # Every request a different page of the ledger, so the per-version cache
  # rarely helps: the cost of the query itself.
  cat >"$work/random-page.lua" <<LUA
math.randomseed(42)
request = function()
  return wrk.format(nil, "/i/$inst/api/entries?before=" .. math.random(1, $n))
end
LUA
  run entries-uncached "/i/$inst/api/entries?before=(random)" "$work/random-page.lua"
fi

{
  echo "Yesan web benchmark — $(date '+%F %H:%M'), yesan $(git rev-parse --short HEAD)$(git diff --quiet || echo +dirty), $(uname -m) $(nproc) cpu(s)"
  if [ "$mode" = city ]; then
    echo "city benchmark's store ($(sed -n 's/^institutions=//p' target/bench-city/data/city.txt) institutions, $city_entries entries), SQLite, release build, serving $CITY_INSTITUTION; wrk -t2 -c$conns -d$duration on loopback (client and server share the machine); signed in as a viewer"
  else
    echo "$n entries, SQLite, release build; wrk -t2 -c$conns -d$duration on loopback (client and server share the machine); signed in as a viewer"
  fi
  echo "load average: at start $load_start, at end $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  printf '| %-34s | %10s | %8s | %8s | %s\n' "path" "requests/s" "p50" "p99" "errors"
  echo "|------------------------------------|------------|----------|----------|-------"
  printf '%s\n' "${results[@]}"
  echo
  echo "target: p99 ≤ 20 ms at $conns connections"
} | tee "target/bench-web$([ "$mode" = city ] && echo -city).txt"
