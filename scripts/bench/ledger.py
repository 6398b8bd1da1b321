#!/usr/bin/env python3
"""Ledger benchmark driver, run by scripts/bench.sh ledger [N...].

For each N it generates (or reuses) the synthetic ledger under
target/bench-data/N with yesan-bench, then measures on the same data:

  yesan (SQLite, PostgreSQL)  init (untimed), import (entries/s, peak RSS),
                              status --as-of (in-process rollup_ms from
                              YESAN_TIMING=1, whole-process wall, peak RSS)
  DuckDB                      the roll-up on a preloaded database file (query
                              alone and whole process) and on the CSV itself
  hledger, ledger             balance --end (whole process), up to --journal-max

and prints one table. Whole-process figures are wall time measured around
/usr/bin/time -v, which also gives the peak RSS. Every figure of a repeated
measurement is the median of --repeat runs, each a fresh process. Every
tool's answer is compared with expected.csv (the generator's roll-up); a
tool that is missing prints n/a; one that fails prints fail. The run goes on,
and at the end exits 1 if any answer differs from expected.csv (every column
of every tool, Yesan's budget column too) or any measured command failed.
Standard library only, so it runs before DuckDB is installed.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OUT_DIR = ROOT / "target" / "bench-ledger"
LOG_DIR = OUT_DIR / "logs"
TIME = "/usr/bin/time"
TIMEOUT = 4 * 3600


def log(msg: str) -> None:
    print(f"[bench {datetime.datetime.now():%H:%M:%S}] {msg}", file=sys.stderr, flush=True)


class Run:
    """One process run: wall time (ms), peak RSS (KiB), exit code, output."""

    def __init__(self, wall_ms, rss_kb, rc, stdout, stderr):
        self.wall_ms, self.rss_kb, self.rc = wall_ms, rss_kb, rc
        self.stdout, self.stderr = stdout, stderr

    @property
    def ok(self):
        return self.rc == 0


def run(cmd, env=None, stdout_file=None, timeout=TIMEOUT) -> Run:
    """Runs cmd under /usr/bin/time -v; stdout to stdout_file if given."""
    cmd = [str(c) for c in cmd]
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as tf:
        tpath = tf.name
    full = [TIME, "-v", "-o", tpath] + cmd if os.path.exists(TIME) else cmd
    out = open(stdout_file, "wb") if stdout_file else subprocess.PIPE
    start = time.perf_counter()
    try:
        p = subprocess.run(full, stdout=out, stderr=subprocess.PIPE, env=env, timeout=timeout)
        rc, so, se = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        rc, so, se = -1, None, (e.stderr or b"") + b"\n(timed out)"
    except OSError as e:
        rc, so, se = -1, None, str(e).encode()
    wall = (time.perf_counter() - start) * 1000
    if stdout_file:
        out.close()
    rss = None
    try:
        text = Path(tpath).read_text(errors="replace")
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        rss = int(m.group(1)) if m else None
    finally:
        os.unlink(tpath)
    return Run(wall, rss, rc, (so or b"").decode(errors="replace"), (se or b"").decode(errors="replace"))


def failed(tag: str, r: Run) -> None:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    path = LOG_DIR / f"{tag}.log"
    path.write_text(f"exit code {r.rc}\n--- stdout\n{r.stdout[-20000:]}\n--- stderr\n{r.stderr[-20000:]}\n")
    log(f"{tag}: failed (exit {r.rc}); see {path.relative_to(ROOT)}")


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def repeat(n, fn):
    """Calls fn() n times; returns the list of Runs, stopping at a failure."""
    runs = []
    for _ in range(n):
        r = fn()
        runs.append(r)
        if not r.ok:
            break
    return runs


# ---- expected results and checks -------------------------------------------


def read_expected(data: Path):
    exp = {}
    for row in (data / "expected.csv").read_text().splitlines()[1:]:
        code, _level, b, c, d = row.split(",")
        exp[code] = (int(b), int(c), int(d))
    return exp


def check_duckdb(out: Path, exp) -> str:
    got = {}
    for row in out.read_text().splitlines()[1:]:
        k, b, c, d = row.split(",")
        got[k] = (int(b), int(c), int(d))
    bad = [k for k in exp if got.get(k) != exp[k]]
    return "ok" if not bad and len(got) == len(exp) else f"MISMATCH ({len(bad)} lines, e.g. {bad[:3]})"


BAL_LINE = re.compile(r"^\s*(-?\d+)  (\s*)(\S.*?)\s*$")


def check_balance(text: str, exp) -> str:
    """Parses hledger --tree / ledger balance output: amount, then the
    account indented two spaces a level (a parent with one child may be
    shown as 'a:b'); compares budget, committed, disbursed of every line."""
    got = {}
    stack = []
    for raw in text.splitlines():
        m = BAL_LINE.match(raw)
        if not m:
            continue
        amount, indent, name = int(m.group(1)), len(m.group(2)) // 2, m.group(3)
        stack = stack[:indent] + [name]
        parts = ":".join(stack).split(":")
        top, code = parts[0], parts[-1]
        col = {"budget": 0, "committed": 1, "disbursed": 2}.get(top)
        if col is None:
            continue
        key = "TOTAL" if len(parts) == 1 else code
        got.setdefault(key, [0, 0, 0])[col] = amount
    bad = [k for k in exp if tuple(got.get(k, ())) != exp[k]]
    return "ok" if not bad else f"MISMATCH ({len(bad)} lines, e.g. {bad[:3]})"


def check_yesan_json(path: Path, exp) -> str:
    """Every object of the status JSON with `code`, `budget`, `committed`
    and `disbursed` (integer won) is a line (`code` null: the total); each
    must agree with expected.csv in all three columns, and every line and
    the total must be there. Anything less is a mismatch."""
    try:
        doc = json.loads(path.read_text())
    except (OSError, ValueError) as e:
        return f"? (unreadable JSON: {e.__class__.__name__})"
    matched, wrong = set(), set()

    def num(x):
        if isinstance(x, int) and not isinstance(x, bool):
            return x
        if isinstance(x, str) and re.fullmatch(r"-?\d+", x):
            return int(x)
        if isinstance(x, dict) and len(x) == 1:
            return num(next(iter(x.values())))
        return None

    def walk(o):
        if isinstance(o, dict):
            if {"code", "budget", "committed", "disbursed"} <= o.keys():
                code = o["code"]
                key = "TOTAL" if code is None else code if code in exp else None
                if key:
                    got = (num(o["budget"]), num(o["committed"]), num(o["disbursed"]))
                    (matched if got == exp[key] else wrong).add(key)
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)

    walk(doc)
    if len(matched) == len(exp) and not wrong:
        return "ok"
    if wrong:
        return f"MISMATCH ({len(wrong)} lines differ, e.g. {sorted(wrong)[:3]})"
    return f"MISMATCH (only {len(matched)}/{len(exp)} lines and total found)"


# ---- the tools -------------------------------------------------------------


def measure_duckdb(a, n, data: Path, exp, res):
    py = a.python
    script = HERE / "duckdb_rollup.py"
    probe = subprocess.run([py, "-c", "import duckdb; print(duckdb.__version__)"], capture_output=True, text=True)
    if probe.returncode != 0:
        log("duckdb: the Python package is not installed; n/a")
        return
    res["versions"]["duckdb"] = probe.stdout.strip()
    db = data / "bench.duckdb"
    # Loaded afresh every run, and timed: the load is DuckDB's part of the
    # whole cost, as the import is Yesan's.
    db.unlink(missing_ok=True)
    log(f"duckdb: loading {n:,} entries into {db.relative_to(ROOT)}")
    r = run([py, script, "load", "--db", db, "--data", data])
    if not r.ok:
        failed(f"{n}-duckdb-load", r)
        res["duckdb_pre"] = "fail"
        return
    res["duckdb_load"] = {"ms": r.wall_ms}
    log(f"duckdb: loaded in {r.wall_ms / 1000:.1f} s")
    for key, args in [
        ("duckdb_pre", ["query", "--db", db]),
        ("duckdb_csv", ["csv", "--data", data]),
    ]:
        out = OUT_DIR / f"{n}-{key}.csv"
        runs = repeat(a.repeat, lambda: run([py, script, *args, "--as-of", a.as_of, "--out", out]))
        if not runs[-1].ok:
            failed(f"{n}-{key}", runs[-1])
            res[key] = "fail"
            continue
        qms = [float(re.search(r"query_ms=([\d.]+)", r.stdout).group(1)) for r in runs]
        res[key] = {
            "query_ms": median(qms),
            "process_ms": median([r.wall_ms for r in runs]),
            "rss_kb": max(r.rss_kb or 0 for r in runs),
            "check": check_duckdb(out, exp),
        }
        log(f"{key}: query {res[key]['query_ms']:.1f} ms, process {res[key]['process_ms']:.0f} ms, check {res[key]['check']}")


def measure_balance(a, n, data: Path, exp, res, tool):
    exe = shutil.which(tool)
    if not exe:
        log(f"{tool}: not installed; n/a")
        return
    journal = data / "entries.journal"
    if not journal.exists():
        return
    v = re.search(r"\d+(\.\d+)+", subprocess.run([exe, "--version"], capture_output=True, text=True).stdout)
    res["versions"][tool] = v.group(0) if v else "?"
    end = (datetime.date.fromisoformat(a.as_of) + datetime.timedelta(days=1)).isoformat()  # --end is exclusive
    cmd = [exe, "-f", journal, "balance", "--end", end] + (["--tree"] if tool == "hledger" else [])
    runs = repeat(a.repeat_slow, lambda: run(cmd))
    if not runs[-1].ok:
        failed(f"{n}-{tool}", runs[-1])
        res[tool] = "fail"
        return
    res[tool] = {
        "process_ms": median([r.wall_ms for r in runs]),
        "rss_kb": max(r.rss_kb or 0 for r in runs),
        "check": check_balance(runs[0].stdout, exp),
    }
    log(f"{tool}: {res[tool]['process_ms']:.0f} ms, check {res[tool]['check']}")


def yesan_supports(yesan) -> dict:
    caps = {}
    if not yesan or not Path(yesan).exists():
        return caps
    for name, args in [("init", ["init", "--help"]), ("import", ["import", "entries", "--help"]), ("status", ["status", "--help"])]:
        caps[name] = subprocess.run([yesan, *args], capture_output=True).returncode == 0
    return caps


def import_repeats(a, n) -> int:
    """Imports are repeated (on a fresh database each) up to --import-repeat-max
    entries; above it one import takes minutes on PostgreSQL, and is timed once."""
    return max(1, a.import_repeat) if n <= a.import_repeat_max else 1


def measure_yesan(a, n, data: Path, exp, res, backend, db_arg, caps, reset):
    key = f"yesan_{backend}"
    if not caps:
        log(f"{key}: no yesan binary; n/a")
        return
    if not (caps.get("init") and caps.get("import") and caps.get("status")):
        missing = [c for c in ("init", "import", "status") if not caps.get(c)]
        log(f"{key}: yesan has no {', '.join(missing)} command yet; n/a")
        return
    out = {}
    res[key] = out
    y = a.yesan
    imports, inits = [], []
    for i in range(import_repeats(a, n)):
        if i > 0 and not reset():
            break
        r = run([y, "--db", db_arg, "init", "--dataset", data / "dataset.toml"])
        if not r.ok:
            failed(f"{n}-{key}-init", r)
            out["import"] = "fail"
            return
        inits.append(r)
        log(f"{key}: init {r.wall_ms:.0f} ms; importing {n:,} entries")
        r = run([y, "--db", db_arg, "import", "entries", data / "entries.csv"])
        if not r.ok:
            failed(f"{n}-{key}-import", r)
            out["import"] = "fail"
            return
        imports.append(r)
        log(f"{key}: import {r.wall_ms / 1000:.2f} s = {n / (r.wall_ms / 1000):,.0f} entries/s, peak RSS {(r.rss_kb or 0) / 1024:.0f} MiB")
    ms = median([r.wall_ms for r in imports])
    out["import"] = {"ms": ms, "per_s": n / (ms / 1000), "rss_kb": max(r.rss_kb or 0 for r in imports), "runs": len(imports),
                     "init_ms": median([r.wall_ms for r in inits])}
    env = dict(os.environ, YESAN_TIMING="1")
    json_out = OUT_DIR / f"{n}-{key}-status.json"
    runs = repeat(a.repeat, lambda: run([y, "--db", db_arg, "status", "--as-of", a.as_of, "--format", "json"], env=env, stdout_file=json_out))
    if not runs[-1].ok:
        failed(f"{n}-{key}-status", runs[-1])
        out["rollup"] = "fail"
        return
    timings, warm = [], []
    for r in runs:
        m = re.search(r"timing: rollup_ms=([\d.]+)", r.stderr)
        timings.append(float(m.group(1)) if m else None)
        w = re.search(r"warm_rollup_ms=([\d.]+)", r.stderr)
        warm.append(float(w.group(1)) if w else None)
    # Whole-process time without YESAN_TIMING, whose warm re-runs would
    # inflate it.
    plain = repeat(a.repeat, lambda: run([y, "--db", db_arg, "status", "--as-of", a.as_of, "--format", "json"], stdout_file=json_out))
    out["rollup"] = {
        # The first status process after the import, whole: Yesan's first
        # query in the whole cost.
        "first_process_ms": runs[0].wall_ms,
        "ms": median(timings),
        "warm_ms": median([w for w in warm if w is not None]) if any(w is not None for w in warm) else None,
        "process_ms": median([r.wall_ms for r in plain]),
        "rss_kb": max(r.rss_kb or 0 for r in runs),
        "check": check_yesan_json(json_out, exp),
    }
    ro = out["rollup"]
    log(f"{key}: rollup {ro['ms']} ms in-process, {ro['process_ms']:.0f} ms process, peak RSS {ro['rss_kb'] / 1024:.0f} MiB, check {ro['check']}")


def measure_sqlite(a, n, data, exp, res, caps):
    db = data / "yesan.sqlite"

    def reset():
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        return True

    reset()
    try:
        measure_yesan(a, n, data, exp, res, "sqlite", db, caps, reset)
    finally:
        if not a.keep_db:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(db) + suffix).unlink(missing_ok=True)


def measure_postgres(a, n, data, exp, res, caps):
    if not a.pg_url:
        log("yesan_postgres: no PostgreSQL server; n/a")
        return
    if not shutil.which("psql"):
        log("yesan_postgres: psql is not installed; n/a")
        return
    name = f"yesan_bench_{n}_{os.getpid()}"
    base = a.pg_url.rsplit("/", 1)[0]
    r = run(["psql", "-qX", a.pg_url, "-c", f"create database {name}"])
    if not r.ok:
        failed(f"{n}-yesan_postgres-createdb", r)
        return
    def reset():
        r = run(["psql", "-qX", a.pg_url, "-c", f"drop database {name}"])
        r = r if not r.ok else run(["psql", "-qX", a.pg_url, "-c", f"create database {name}"])
        if not r.ok:
            failed(f"{n}-yesan_postgres-recreatedb", r)
        return r.ok

    try:
        measure_yesan(a, n, data, exp, res, "postgres", f"{base}/{name}", caps, reset)
    finally:
        if not a.keep_db:
            run(["psql", "-qX", a.pg_url, "-c", f"drop database if exists {name}"])


# ---- the table -------------------------------------------------------------


def fmt_n(n):
    for unit, div in (("M", 1_000_000), ("k", 1_000)):
        if n >= div and n % div == 0:
            return f"{n // div}{unit}"
    return f"{n:,}"


def fmt_ms(ms):
    if ms is None:
        return "n/a"
    if ms < 10:
        return f"{ms:.2f}"
    if ms < 100:
        return f"{ms:.1f}"
    return f"{ms:,.0f}"


def get(res, *path):
    cur = res
    for p in path:
        if cur == "fail":
            return "fail"
        if not isinstance(cur, dict) or p not in cur:
            return None
        cur = cur[p]
    return cur


def cell(v, fmt):
    if v == "fail":
        return "fail"
    if v is None:
        return "n/a"
    return fmt(v)


def mark(ok):
    return " ✓" if ok else " ✗"


CHECKED = [("yesan_sqlite", "yesan-sqlite"), ("yesan_postgres", "yesan-postgres"), ("duckdb_pre", "duckdb"),
           ("duckdb_csv", "duckdb-csv"), ("hledger", "hledger"), ("ledger", "ledger")]


def build_table(a, results):
    sizes = a.sizes
    big = max(sizes)
    rows = []  # (label, [cells], target)

    def row(label, fn, fmt, target="", check=None, at_largest=False):
        cells = []
        for n in sizes:
            v = fn(results[n])
            c = cell(v, fmt)
            if check and isinstance(v, (int, float)) and (not at_largest or (n == big and n >= 10_000_000)):
                c += mark(check(v))
            cells.append(c)
        rows.append((label, cells, target))

    mib = lambda kb: f"{kb / 1024:,.0f}"  # noqa: E731
    per_s = lambda v: f"{v:,.0f}"  # noqa: E731
    ratio = lambda v: f"{v:,.0f}×" if v >= 10 else f"{v:.1f}×"  # noqa: E731
    gib = 1024 * 1024

    def r(num, den):
        def f(res):
            x, y = num(res), den(res)
            if "fail" in (x, y):
                return "fail"
            if not isinstance(x, (int, float)) or not isinstance(y, (int, float)) or y <= 0:
                return None
            return x / y
        return f

    for be in ("sqlite", "postgres"):
        row(f"yesan-{be} import (entries/s)", lambda res, be=be: get(res, f"yesan_{be}", "import", "per_s"), per_s,
            "≥ 300,000" if be == "sqlite" else "", (lambda v: v >= 300_000) if be == "sqlite" else None)
    for be in ("sqlite", "postgres"):
        row(f"yesan-{be} rollup, cold in-process (ms)", lambda res, be=be: get(res, f"yesan_{be}", "rollup", "ms"), fmt_ms,
            "≤ 10 at 10M", lambda v: v <= 10, at_largest=True)
        row(f"yesan-{be} rollup, warm in-process (ms)", lambda res, be=be: get(res, f"yesan_{be}", "rollup", "warm_ms"), fmt_ms)
        row(f"yesan-{be} rollup, whole process (ms)", lambda res, be=be: get(res, f"yesan_{be}", "rollup", "process_ms"), fmt_ms)
    for be in ("sqlite", "postgres"):
        row(f"yesan-{be} import peak RSS (MiB)", lambda res, be=be: get(res, f"yesan_{be}", "import", "rss_kb"), mib,
            "≤ 1,024 at 10M", lambda v: v <= gib, at_largest=True)
        row(f"yesan-{be} rollup peak RSS (MiB)", lambda res, be=be: get(res, f"yesan_{be}", "rollup", "rss_kb"), mib,
            "≤ 1,024 at 10M", lambda v: v <= gib, at_largest=True)
    row("duckdb preloaded, first query (ms)", lambda res: get(res, "duckdb_pre", "query_ms"), fmt_ms)
    row("duckdb preloaded, whole process (ms)", lambda res: get(res, "duckdb_pre", "process_ms"), fmt_ms)
    row("duckdb on the CSV, first query (ms)", lambda res: get(res, "duckdb_csv", "query_ms"), fmt_ms)
    row("duckdb on the CSV, whole process (ms)", lambda res: get(res, "duckdb_csv", "process_ms"), fmt_ms)
    row("hledger balance --tree, whole process (ms)", lambda res: get(res, "hledger", "process_ms"), fmt_ms)
    row("ledger balance, whole process (ms)", lambda res: get(res, "ledger", "process_ms"), fmt_ms)
    ys_ms = lambda res: get(res, "yesan_sqlite", "rollup", "ms")  # noqa: E731
    ys_proc = lambda res: get(res, "yesan_sqlite", "rollup", "process_ms")  # noqa: E731
    yp_ms = lambda res: get(res, "yesan_postgres", "rollup", "ms")  # noqa: E731
    ys_warm = lambda res: get(res, "yesan_sqlite", "rollup", "warm_ms")  # noqa: E731
    row("duckdb preloaded first query ÷ yesan-sqlite cold rollup", r(lambda res: get(res, "duckdb_pre", "query_ms"), ys_ms), ratio,
        "≥ 50× at 10M", lambda v: v >= 50, at_largest=True)
    row("duckdb preloaded first query ÷ yesan-sqlite warm rollup", r(lambda res: get(res, "duckdb_pre", "query_ms"), ys_warm), ratio)
    row("duckdb preloaded ÷ yesan-sqlite, whole processes", r(lambda res: get(res, "duckdb_pre", "process_ms"), ys_proc), ratio)
    row("duckdb preloaded first query ÷ yesan-postgres cold rollup", r(lambda res: get(res, "duckdb_pre", "query_ms"), yp_ms), ratio)
    row("duckdb on the CSV first query ÷ yesan-sqlite cold rollup", r(lambda res: get(res, "duckdb_csv", "query_ms"), ys_ms), ratio)
    row("hledger ÷ yesan-sqlite, whole processes", r(lambda res: get(res, "hledger", "process_ms"), ys_proc), ratio)

    row("ledger ÷ yesan-sqlite, whole processes", r(lambda res: get(res, "ledger", "process_ms"), ys_proc), ratio)

    # The whole cost: getting the data in, then the first answer.
    def yesan_whole(be):
        def f(res):
            parts = [get(res, f"yesan_{be}", "import", "init_ms"), get(res, f"yesan_{be}", "import", "ms"),
                     get(res, f"yesan_{be}", "rollup", "first_process_ms")]
            if "fail" in parts:
                return "fail"
            return sum(parts) if all(isinstance(x, (int, float)) for x in parts) else None
        return f

    def duckdb_whole(res):
        parts = [get(res, "duckdb_load", "ms"), get(res, "duckdb_pre", "process_ms")]
        if "fail" in parts:
            return "fail"
        return sum(parts) if all(isinstance(x, (int, float)) for x in parts) else None

    for be in ("sqlite", "postgres"):
        row(f"yesan-{be} whole cost: init + import + first status process (ms)", yesan_whole(be), fmt_ms)
    row("duckdb whole cost: load + first query process (ms)", duckdb_whole, fmt_ms)
    row("duckdb on the CSV whole cost: one query process (ms)", lambda res: get(res, "duckdb_csv", "process_ms"), fmt_ms)
    row("duckdb whole cost ÷ yesan-sqlite whole cost", r(duckdb_whole, yesan_whole("sqlite")), ratio)
    row("duckdb on the CSV ÷ yesan-sqlite, whole costs", r(lambda res: get(res, "duckdb_csv", "process_ms"), yesan_whole("sqlite")), ratio)

    def checks(res):
        got = {}
        for key, label in CHECKED:
            c = get(res, key, "rollup", "check") if key.startswith("yesan") else get(res, key, "check")
            if isinstance(c, str) and c != "fail":
                got[label] = c
        return got

    def check_cell(res):
        got = checks(res)
        if not got:
            return "n/a"
        bad = [k for k, v in got.items() if v != "ok"]
        return f"all {len(got)} ok" if not bad else f"{len(got) - len(bad)} ok, {len(bad)} not: {' '.join(bad)}"

    rows.append(("answers = expected.csv", [check_cell(results[n]) for n in sizes], ""))
    notes = []
    for n in sizes:
        got = checks(results[n])
        if got:
            notes.append(f"  {fmt_n(n)}: " + ", ".join(f"{k} {v}" for k, v in got.items()))

    head = ["N entries"] + [fmt_n(n) for n in sizes] + ["target"]
    body = [[label] + cells + [target] for label, cells, target in rows]
    widths = [max(len(x[i]) for x in [head] + body) for i in range(len(head))]

    def line(cols):
        out = []
        for i, c in enumerate(cols):
            out.append(c.ljust(widths[i]) if i in (0, len(cols) - 1) else c.rjust(widths[i]))
        return "| " + " | ".join(out) + " |"

    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    legend = [
        "",
        "n/a: tool not installed, command not in this yesan yet, or not run at this N; fail: see target/bench-ledger/logs/.",
        "What each side does (not the same work; both designs are legitimate):",
        "  Yesan keeps, at import, a per-day running snapshot of every leaf's committed and disbursed totals (the per-day",
        "    index); its roll-up reads one snapshot row per leaf for the date and adds up the levels. The import pays for that.",
        "  DuckDB keeps the raw entries (loaded from the CSV into its columnar file, or read from the CSV itself); its roll-up",
        "    aggregates every entry up to the date at query time (GROUP BY ROLLUP over every level). Its load does no summing.",
        "What is timed:",
        "  cold rollup: in a fresh `yesan status --as-of` process, its database already opened and checked, the first roll-up:",
        "    budget and amendments read, every leaf's committed/disbursed as of the date read, every level computed",
        "    (YESAN_TIMING's rollup_ms). warm rollup: the median of 20 more in the same process, as a running server does them.",
        "  duckdb first query: in a fresh Python process, its database already opened (read-only), the roll-up SQL executed",
        "    and fetched once; the first query of the process. Neither includes starting the process or opening the database;",
        "    both read files the OS has cached (each tool ran before). whole process: wall time of the command, start to exit.",
        "  So the query ratios compare reading a maintained index with aggregating raw entries: they are query costs only.",
        "  whole cost: everything from the CSV to the first answer, each a fresh process: for Yesan `init` + `import entries`",
        "    + the first `status --as-of` process; for DuckDB the timed load + the first query process (or one process",
        "    querying the CSV directly). The whole-cost ratio is the like-for-like one.",
        "answers checked against the generator's expected.csv (budget, committed and disbursed of every line, every level,",
        "  the total; any difference, or a measured command that fails, makes the run exit non-zero):",
    ] + notes
    return "\n".join([line(head), sep] + [line(b) for b in body] + legend)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sizes", nargs="+", type=int)
    p.add_argument("--gen", required=True, help="the yesan-bench binary")
    p.add_argument("--yesan", default="", help="the yesan binary")
    p.add_argument("--python", default=sys.executable, help="a Python with the duckdb package")
    p.add_argument("--pg-url", default="", help="URL of a PostgreSQL server to create databases on")
    p.add_argument("--as-of", default="2023-10-18")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--repeat-slow", type=int, default=3)
    p.add_argument("--import-repeat", type=int, default=3)
    p.add_argument("--import-repeat-max", type=int, default=1_000_000)
    p.add_argument("--journal-max", type=int, default=100_000)
    p.add_argument("--keep-db", action="store_true")
    p.add_argument("--yesan-given", action="store_true", help="the yesan binary was given (BENCH_YESAN), not built here")
    a = p.parse_args()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    caps = yesan_supports(a.yesan)
    log(f"yesan: {a.yesan or 'not built'}; commands: {', '.join(k for k, v in caps.items() if v) or 'none'}")
    results = {}
    for n in a.sizes:
        res = {"versions": {}}
        results[n] = res
        data = ROOT / "target" / "bench-data" / str(n)
        gen = [a.gen, "generate", "--entries", n, "--out", data, "--as-of", a.as_of]
        if n <= a.journal_max:
            gen.append("--journal")
        r = run(gen)
        if not r.ok:
            failed(f"{n}-generate", r)
            res["generate"] = "fail"
            continue
        log(r.stdout.strip())
        exp = read_expected(data)
        measure_duckdb(a, n, data, exp, res)
        if n <= a.journal_max:
            measure_balance(a, n, data, exp, res, "hledger")
            measure_balance(a, n, data, exp, res, "ledger")
        measure_sqlite(a, n, data, exp, res, caps)
        measure_postgres(a, n, data, exp, res, caps)

    versions = {}
    for res in results.values():
        versions.update(res.pop("versions", {}))
    rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain"], capture_output=True, text=True).stdout.strip()
    built = "given binary " + a.yesan if a.yesan_given else f"yesan {rev or '?'}{'+dirty' if dirty else ''}"
    header = (
        f"Yesan ledger benchmark — {datetime.datetime.now():%Y-%m-%d %H:%M}, {built}, "
        f"{platform.machine()} {os.cpu_count()} cpu(s)\n"
        f"as of {a.as_of}; median of {a.repeat} runs ({a.repeat_slow} for hledger/ledger; imports {max(1, a.import_repeat)} "
        f"up to {fmt_n(a.import_repeat_max)} entries, one above); "
        f"tools: {', '.join(f'{k} {v}' for k, v in sorted(versions.items())) or 'none'}"
    )
    table = build_table(a, results)
    text = f"{header}\n\n{table}\n"
    print(text)
    (ROOT / "target" / "bench-ledger.txt").write_text(text)
    (OUT_DIR / "results.json").write_text(json.dumps({"as_of": a.as_of, "versions": versions, "results": results}, indent=2, default=str))
    log(f"table saved to target/bench-ledger.txt; raw figures in {(OUT_DIR / 'results.json').relative_to(ROOT)}")
    problems = failures(results)
    if problems:
        for p_ in problems:
            log(f"FAILED: {p_}")
        log(f"{len(problems)} problem(s): the benchmark failed")
        return 1
    return 0


def failures(results):
    """Every answer that differs from expected.csv and every measured
    command that failed (a tool that is not installed is not a failure)."""
    out = []
    for n, res in results.items():
        if res.get("generate") == "fail":
            out.append(f"{fmt_n(n)}: the generator failed")
        for key, label in CHECKED:
            v = res.get(key)
            if v is None:
                continue
            if key.startswith("yesan"):
                for part in ("import", "rollup"):
                    if v.get(part) == "fail":
                        out.append(f"{fmt_n(n)} {label}: {part} failed")
                check = v.get("rollup", {}).get("check") if isinstance(v.get("rollup"), dict) else None
            else:
                if v == "fail":
                    out.append(f"{fmt_n(n)} {label}: failed")
                    continue
                check = v.get("check")
            if check is not None and check != "ok":
                out.append(f"{fmt_n(n)} {label}: answer {check}")
    return out


if __name__ == "__main__":
    sys.exit(main())
