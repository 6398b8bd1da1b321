#!/usr/bin/env bash
# Runs one coverage-guided fuzz target (fuzz/src/bin/TARGET.rs) for SECONDS
# with AFL++ through cargo-afl, starting from the seeds in fuzz/seeds/TARGET.
#
#   scripts/fuzz.sh TARGET SECONDS     e.g. scripts/fuzz.sh csv_entries 60
#   scripts/fuzz.sh list               the targets
#
# Findings go to fuzz/out/TARGET (not checked in); the script prints the
# executions done and exits 1 when AFL saved a crash (a panic, an abort, or
# memory past the limit below), listing the inputs that caused it. Rerun a
# crash with: fuzz/target/release/TARGET < fuzz/out/TARGET/default/crashes/id:…
# Long runs belong under `nice -n 19` on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=$(cd fuzz/src/bin && ls ./*.rs | sed 's|^\./||; s|\.rs$||')
if [ "${1:-}" = list ] || [ $# -lt 2 ]; then
  echo "usage: scripts/fuzz.sh TARGET SECONDS; targets:"
  echo "$targets"
  [ "${1:-}" = list ]
  exit $?
fi
target=$1
seconds=$2
echo "$targets" | grep -qx "$target" || { echo "unknown target '$target'; try: scripts/fuzz.sh list"; exit 2; }

# cargo-afl builds AFL++ itself on install (crates.io; needs a C compiler).
if ! cargo afl --version >/dev/null 2>&1; then
  cargo install cargo-afl --locked --version "^0.18"
fi
# `config --build` is a no-op once AFL++ is built for this rustc.
cargo afl config --build >/dev/null 2>&1 || true

(cd fuzz && cargo afl build --release --locked --bin "$target")

out=fuzz/out/$target
rm -rf "$out"
mkdir -p "$out"
# No UI, no core-pattern or CPU-governor checks (CI machines allow
# neither), no pinning to a core that other builds are using. -m: memory
# limit in MiB (bounded memory is one of the invariants); -t: ms per run.
AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
AFL_NO_AFFINITY=1 AFL_SKIP_CRASHES=1 \
  cargo afl fuzz -i "fuzz/seeds/$target" -o "$out" -V "$seconds" -m 2048 -t 10000 \
  "fuzz/target/release/$target" >"$out/afl.log" 2>&1 || { tail -30 "$out/afl.log"; exit 1; }

stats=$out/default/fuzzer_stats
value() { awk -F: -v k="$1" '$1 ~ "^"k" *$" { gsub(/ /, "", $2); print $2 }' "$stats"; }
crashes=$(value saved_crashes)
echo "$target: $(value execs_done) executions in $(value run_time) s, $(value corpus_count) inputs in the corpus, $crashes crashes, $(value saved_hangs) hangs"
if [ "${crashes:-0}" != 0 ]; then
  ls "$out"/default/crashes/
  exit 1
fi
