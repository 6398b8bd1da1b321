#!/usr/bin/env python3
"""The city benchmark (scripts/bench.sh city): issue 11's performance section.

Generates the deterministic city (yesan-bench city), loads it into Yesan on
SQLite and on PostgreSQL (yesan-city load: Store::add_institution and
yesan_app::import::entries) and into DuckDB (the entries CSVs into a
table), then times, in the same run:

  import            entries per second (Yesan's import path, --jobs institutions
                    at a time, each file one recording; DuckDB's CSV load)
  one cold / warm   one institution's as-of roll-up, every line of its tree
                    (Yesan: a store opened afresh, its first roll-up; DuckDB:
                    GROUP BY ROLLUP on the preloaded table, first query of a
                    fresh connection)
  city cold / warm  the consolidated roll-up of every institution (Yesan:
                    yesan_app::consolidated; DuckDB: GROUP BY institution
                    over the preloaded entries)

Every answer -- Yesan's on both backends and DuckDB's -- is compared with
the generator's expected figures first; a wrong answer stops the run with
exit status 1 before any time is printed. The table gives each figure for
the three, the ratios (DuckDB's time / Yesan's), the issue's target and
whether it is met, and the 1-minute load average while measured.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def log(msg: str) -> None:
    print(f"[bench-city] {msg}", file=sys.stderr, flush=True)


def load_avg() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def run(cmd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def must(cmd, what: str) -> str:
    r = run(cmd)
    if r.returncode != 0:
        log(f"{what} failed ({' '.join(map(str, cmd))}):\n{r.stdout}\n{r.stderr}")
        sys.exit(1)
    return r.stdout


def kv(text: str) -> dict:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


class Loads:
    """The load averages seen while each figure was measured."""

    def __init__(self):
        self.seen = {}

    def note(self, key: str):
        self.seen.setdefault(key, []).append(load_avg())

    def text(self, key: str) -> str:
        v = self.seen.get(key, [])
        if not v:
            return "—"
        return f"{min(v):.1f}" if min(v) == max(v) else f"{min(v):.1f}–{max(v):.1f}"


def yesan(a, name: str, db: str, loads: Loads, reuse_marker: Path) -> dict:
    """Loads (unless kept from an earlier run of the same city) and measures."""
    city_txt = (a.data / "city.txt").read_text()
    out = {}
    kept = a.reuse and reuse_marker.exists() and reuse_marker.read_text().startswith(city_txt)
    if kept:
        log(f"{name}: keeping the store loaded earlier ({reuse_marker})")
        out.update(kv(reuse_marker.read_text()[len(city_txt):]))
        out["kept"] = "1"
    else:
        log(f"{name}: loading the city")
        loads.note("import")
        text = must([a.city, "load", "--db", db, "--data", a.data, "--jobs", str(a.jobs)], f"{name} load")
        loads.note("import")
        out.update(kv(text))
        reuse_marker.write_text(city_txt + text)
        if db.startswith("postgres"):
            # As after any bulk load: otherwise autovacuum and autoanalyze
            # of the freshly loaded tables run while the reads are timed.
            # Not part of the import's time (the import path is Yesan's;
            # this is the server's upkeep).
            log(f"{name}: VACUUM (ANALYZE) after the load")
            must(["psql", "-qX", db, "-c", "VACUUM (ANALYZE)"], f"{name} vacuum")
    log(f"{name}: measuring")
    for key in ("one", "city"):
        loads.note(key)
    text = must(
        [a.city, "measure", "--db", db, "--data", a.data, "--as-of", a.as_of, "--repeat", str(a.repeat)],
        f"{name} measure",
    )
    for key in ("one", "city"):
        loads.note(key)
    m = kv(text)
    if m.get("checked") != "ok":
        log(f"{name}: the answer was not checked:\n{text}")
        sys.exit(1)
    out.update(m)
    return out


def expected_totals(data: Path) -> dict:
    rows = {}
    for line in (data / "expected.csv").read_text().splitlines()[1:]:
        inst, b, c, d = line.split(",")
        rows[inst] = (int(b), int(c), int(d))
    return rows


def expected_one(data: Path) -> dict:
    rows = {}
    for line in (data / "expected-one.csv").read_text().splitlines()[1:]:
        code, _level, b, c, d = line.split(",")
        rows[code] = (int(b), int(c), int(d))
    return rows


ENTRY_COLUMNS = (
    "{'date': 'DATE', 'doc_no': 'VARCHAR', 'kind': 'VARCHAR', 'line': 'VARCHAR', "
    "'amount': 'BIGINT', 'ref': 'VARCHAR', 'counterparty': 'VARCHAR', 'memo': 'VARCHAR'}"
)
LINE_COLUMNS = (
    "{'inst': 'VARCHAR', 'year': 'INTEGER', 'code': 'VARCHAR', 'parent': 'VARCHAR', 'level': 'INTEGER', "
    "'l1': 'VARCHAR', 'l2': 'VARCHAR', 'budget': 'BIGINT'}"
)
NET = (
    "sum(CASE kind WHEN 'commit' THEN amount WHEN 'commit_cancel' THEN -amount ELSE 0 END) AS committed, "
    "sum(CASE kind WHEN 'disburse' THEN amount WHEN 'disburse_cancel' THEN -amount ELSE 0 END) AS disbursed"
)
# One institution's roll-up: the ledger benchmark's query (scripts/bench/duckdb_rollup.py), for one
# institution and year.
ONE = """
WITH per_line AS (
    SELECT line, {net} FROM entries
    WHERE inst = '{inst}' AND year = {year} AND date <= DATE '{as_of}' GROUP BY line
)
SELECT l.l1, l.l2, l.code, sum(l.budget), sum(coalesce(p.committed, 0)), sum(coalesce(p.disbursed, 0))
FROM lines AS l LEFT JOIN per_line AS p ON p.line = l.code
WHERE l.inst = '{inst}' AND l.year = {year} AND l.level = 3
GROUP BY ROLLUP (l.l1, l.l2, l.code)
"""
# The consolidated roll-up: each institution's budget and net amounts as of the date.
CITY = """
WITH per_inst AS (
    SELECT inst, {net} FROM entries WHERE year = {year} AND date <= DATE '{as_of}' GROUP BY inst
), budgets AS (
    SELECT inst, sum(budget) AS budget FROM lines WHERE year = {year} AND level = 3 GROUP BY inst
)
SELECT b.inst, b.budget, coalesce(p.committed, 0), coalesce(p.disbursed, 0)
FROM budgets b LEFT JOIN per_inst p USING (inst) ORDER BY b.inst
"""


def duck(a, loads: Loads, entries: int) -> dict:
    try:
        import duckdb
    except ImportError:
        log("DuckDB is not installed; its figures show n/a")
        return {}
    db = a.work / "city.duckdb"
    marker = a.work / "city.duckdb.done"
    city_txt = (a.data / "city.txt").read_text()
    out = {}
    if a.reuse and marker.exists() and marker.read_text().startswith(city_txt) and db.exists():
        out.update(kv(marker.read_text()[len(city_txt):]))
        out["kept"] = "1"
    else:
        db.unlink(missing_ok=True)
        log("duckdb: loading the city")
        loads.note("import")
        start = time.perf_counter()
        con = duckdb.connect(str(db))
        glob = a.data / "entries" / "*.csv"
        con.execute(
            "CREATE TABLE entries AS SELECT "
            "regexp_extract(filename, '([^/]+)-[0-9]+\\.csv$', 1) AS inst, "
            "CAST(regexp_extract(filename, '-([0-9]+)\\.csv$', 1) AS INTEGER) AS year, "
            "date, kind, line, amount "
            f"FROM read_csv('{glob}', header = true, delim = ',', quote = '\"', "
            f"columns = {ENTRY_COLUMNS}, filename = true)"
        )
        con.execute(
            f"CREATE TABLE lines AS SELECT * FROM read_csv('{a.data / 'lines.csv'}', header = true, "
            f"columns = {LINE_COLUMNS})"
        )
        con.execute("CHECKPOINT")
        con.close()
        secs = time.perf_counter() - start
        loads.note("import")
        out["import_per_s"] = f"{entries / secs:.0f}"
        marker.write_text(city_txt + f"import_per_s={out['import_per_s']}\n")
    year = a.as_of[:4]
    want_one = expected_one(a.data)
    want_city = expected_totals(a.data)
    inst = min(want_city)
    one_sql = ONE.format(net=NET, inst=inst, year=year, as_of=a.as_of)
    city_sql = CITY.format(net=NET, year=year, as_of=a.as_of)

    def timed(con, sql):
        t = time.perf_counter()
        rows = con.execute(sql).fetchall()
        return (time.perf_counter() - t) * 1000, rows

    for key in ("one", "city"):
        loads.note(key)
    con = duckdb.connect(str(db), read_only=True)
    one_cold, rows = timed(con, one_sql)
    got = {(code or l2 or l1 or "TOTAL"): (int(b), int(c), int(d)) for l1, l2, code, b, c, d in rows}
    if got != want_one:
        bad = sorted(k for k in want_one if got.get(k) != want_one[k])[:3]
        log(f"duckdb: one institution's roll-up differs from expected-one.csv at {bad}")
        sys.exit(1)
    one_warm = statistics.median(timed(con, one_sql)[0] for _ in range(a.repeat))
    con.close()
    con = duckdb.connect(str(db), read_only=True)
    city_cold, rows = timed(con, city_sql)
    got = {i: (int(b), int(c), int(d)) for i, b, c, d in rows}
    if got != want_city:
        log("duckdb: the consolidated roll-up differs from expected.csv")
        sys.exit(1)
    city_warm = statistics.median(timed(con, city_sql)[0] for _ in range(a.repeat))
    con.close()
    for key in ("one", "city"):
        loads.note(key)
    out.update(
        one_cold_ms=f"{one_cold:.3f}",
        one_warm_ms=f"{one_warm:.3f}",
        consolidated_cold_ms=f"{city_cold:.3f}",
        consolidated_warm_ms=f"{city_warm:.3f}",
    )
    return out


def pg_db(a) -> str:
    if not a.pg_url or not shutil.which("psql"):
        return ""
    name = "yesan_city"
    marker = a.work / "city-pg.done"
    if a.reuse and marker.exists():
        return a.pg_url.rsplit("/", 1)[0] + "/" + name
    marker.unlink(missing_ok=True)
    must(["psql", "-qX", a.pg_url, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], "dropping the database")
    must(["psql", "-qX", a.pg_url, "-c", f"CREATE DATABASE {name}"], "creating the database")
    return a.pg_url.rsplit("/", 1)[0] + "/" + name


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def fmt_ms(v) -> str:
    x = num(v)
    if x is None:
        return "n/a"
    return f"{x:,.1f} ms" if x >= 10 else f"{x:.2f} ms"


def fmt_rate(v) -> str:
    x = num(v)
    return "n/a" if x is None else f"{x / 1000:,.1f}k/s"


def ratio(duck_v, yes_v) -> str:
    d, y = num(duck_v), num(yes_v)
    if d is None or y is None or y == 0:
        return "n/a"
    return f"{d / y:,.1f}×"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gen", required=True)
    p.add_argument("--city", required=True)
    p.add_argument("--pg-url", default="")
    p.add_argument("--work", type=Path, required=True)
    p.add_argument("--as-of", default="2023-10-18")
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--reuse", action="store_true", help="keep stores loaded by an earlier run of the same city")
    p.add_argument("--institutions", default="30")
    p.add_argument("--years", default="3")
    p.add_argument("--lines", default="400")
    p.add_argument("--entries", default="30000000")
    p.add_argument("--scale", default="1")
    p.add_argument("--header", default="")
    p.add_argument("--jobs", type=int, default=2, help="institutions imported at a time")
    a = p.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    a.data = a.work / "data"
    log("generating the city")
    must(
        [a.gen, "city", "--out", a.data, "--institutions", a.institutions, "--years", a.years,
         "--lines", a.lines, "--entries", a.entries, "--scale", a.scale, "--as-of", a.as_of],
        "yesan-bench city",
    )
    city = kv((a.data / "city.txt").read_text())
    entries = int(city["entries"])
    loads = Loads()

    sqlite_db = a.work / "city.db"
    marker = a.work / "city-sqlite.done"
    if not (a.reuse and marker.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_db}{suffix}").unlink(missing_ok=True)
        marker.unlink(missing_ok=True)
    s = yesan(a, "sqlite", str(sqlite_db), loads, marker)
    pg = {}
    url = pg_db(a)
    if url:
        pg = yesan(a, "postgres", url, loads, a.work / "city-pg.done")
    else:
        log("no PostgreSQL: its figures show n/a")
    d = duck(a, loads, entries)
    for name, r in (("postgres", pg), ("duckdb", d)):
        if r and s.get("city_total") and r.get("city_total") and r["city_total"] != s["city_total"]:
            log(f"{name}'s city total differs from SQLite's")
            return 1

    kept = " (kept: loaded by an earlier run)" if s.get("kept") else ""
    per = entries // (int(city["institutions"]) * int(city["years"]))
    lines = []
    lines.append(a.header)
    lines.append(
        f"city: {city['institutions']} institutions × {city['years']} years × {city['lines']} lines, "
        f"{entries:,} entries (about {per:,} per institution and year); as of {a.as_of}; "
        f"warm figures are the median of {a.repeat}; every answer checked against the generator's figures first; "
        f"import: {a.jobs} institution(s) at a time, each file one recording (the import path of `yesan import entries`); "
        f"PostgreSQL vacuumed and analysed after its load, before its reads are timed"
    )
    lines.append("")
    head = "| figure | SQLite | PostgreSQL | DuckDB | DuckDB ÷ SQLite | DuckDB ÷ PostgreSQL | target | met (SQLite / PG) | load |"
    lines.append(head)
    lines.append("|---|---:|---:|---:|---:|---:|---|---|---:|")

    def met(v, limit, lower_better=True):
        x = num(v)
        if x is None:
            return "n/a"
        return "yes" if (x <= limit if lower_better else x >= limit) else "no"

    lines.append(
        f"| import{kept} | {fmt_rate(s.get('import_per_s'))} | {fmt_rate(pg.get('import_per_s'))} | "
        f"{fmt_rate(d.get('import_per_s'))} (CSV load) | | | ≥ 300k/s | "
        f"{met(s.get('import_per_s'), 300000, False)} / {met(pg.get('import_per_s'), 300000, False)} | {loads.text('import')} |"
    )
    rows = [
        ("one institution, cold", "one_cold_ms", "≤ 2 ms", 2.0, "one"),
        ("one institution, warm", "one_warm_ms", "—", None, "one"),
        ("consolidated, cold", "consolidated_cold_ms", "≤ 30 ms", 30.0, "city"),
        ("consolidated, warm", "consolidated_warm_ms", "≤ 30 ms, ≥ 50× DuckDB", 30.0, "city"),
        ("of which the store's read", "consolidated_read_warm_ms", "—", None, "city"),
    ]
    for label, key, target, limit, lk in rows:
        if limit is None:
            m = "—"
        else:
            m = f"{met(s.get(key), limit)} / {met(pg.get(key), limit)}"
            if key == "consolidated_warm_ms":
                def fifty(y):
                    dv, yv = num(d.get(key)), num(y)
                    if dv is None or yv is None:
                        return "n/a"
                    return "yes" if dv / yv >= 50 else "no"
                m = (f"{met(s.get(key), limit)}, {fifty(s.get(key))} / "
                     f"{met(pg.get(key), limit)}, {fifty(pg.get(key))}")
        lines.append(
            f"| {label} | {fmt_ms(s.get(key))} | {fmt_ms(pg.get(key))} | {fmt_ms(d.get(key))} | "
            f"{ratio(d.get(key), s.get(key))} | {ratio(d.get(key), pg.get(key))} | {target} | {m} | {loads.text(lk)} |"
        )
    lines.append("")
    lines.append(
        "ratios: DuckDB's time ÷ Yesan's (above 1: Yesan faster); import: entries/s, higher is better. "
        "load: the 1-minute load average while that row was measured (the machine is shared)."
    )
    text = "\n".join(lines) + "\n"
    (a.work.parent / "bench-city.txt").write_text(text)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
