#!/usr/bin/env python3
"""DuckDB side of the ledger benchmark (scripts/bench.sh ledger).

  duckdb_rollup.py load  --db FILE --data DIR          load entries.csv and lines.csv into FILE (timed by the caller)
  duckdb_rollup.py current --db FILE --data DIR        exit 0 if FILE holds DIR's data (summary.txt)
  duckdb_rollup.py query --db FILE --as-of DATE [--out FILE]   roll-up on the preloaded tables
  duckdb_rollup.py csv   --data DIR --as-of DATE [--out FILE]  the same roll-up read straight from the CSV

`query` and `csv` print `query_ms=<float>`: the time of executing and
fetching the roll-up alone, in this process (connecting and importing the
module excluded); the caller times the whole process. The roll-up is the
strongest plain SQL we know for it: net commitments and disbursements per
leaf as of the date, joined to the leaf budgets, then GROUP BY ROLLUP over
(category, group, leaf) -- every line of every level and the total.
--out writes the result as `key,budget,committed,disbursed` rows (key = the
line code, or TOTAL) for the caller to compare with expected.csv.
"""

import argparse
import sys
import time
from pathlib import Path

import duckdb

ENTRY_COLUMNS = (
    "{'date': 'DATE', 'doc_no': 'VARCHAR', 'kind': 'VARCHAR', 'line': 'VARCHAR', "
    "'amount': 'BIGINT', 'ref': 'VARCHAR', 'counterparty': 'VARCHAR', 'memo': 'VARCHAR'}"
)
LINE_COLUMNS = (
    "{'code': 'VARCHAR', 'parent': 'VARCHAR', 'level': 'INTEGER', 'l1': 'VARCHAR', "
    "'l2': 'VARCHAR', 'name': 'VARCHAR', 'budget': 'BIGINT'}"
)

ROLLUP = """
WITH per_line AS (
    SELECT line,
           sum(CASE kind WHEN 'commit' THEN amount WHEN 'commit_cancel' THEN -amount ELSE 0 END) AS committed,
           sum(CASE kind WHEN 'disburse' THEN amount WHEN 'disburse_cancel' THEN -amount ELSE 0 END) AS disbursed
    FROM {entries}
    WHERE date <= DATE '{as_of}'
    GROUP BY line
)
SELECT l.l1, l.l2, l.code,
       sum(l.budget) AS budget,
       sum(coalesce(p.committed, 0)) AS committed,
       sum(coalesce(p.disbursed, 0)) AS disbursed
FROM {lines} AS l LEFT JOIN per_line AS p ON p.line = l.code
WHERE l.level = 3
GROUP BY ROLLUP (l.l1, l.l2, l.code)
"""


def read_csv(path: Path, columns: str) -> str:
    return f"read_csv('{path}', header = true, delim = ',', quote = '\"', columns = {columns})"


def write_result(rows, out: str) -> None:
    with open(out, "w", encoding="utf-8") as f:
        f.write("key,budget,committed,disbursed\n")
        for l1, l2, code, budget, committed, disbursed in rows:
            key = code or l2 or l1 or "TOTAL"
            f.write(f"{key},{int(budget)},{int(committed)},{int(disbursed)}\n")


def run(con, entries: str, lines: str, as_of: str, out) -> None:
    sql = ROLLUP.format(entries=entries, lines=lines, as_of=as_of)
    start = time.perf_counter()
    rows = con.execute(sql).fetchall()
    ms = (time.perf_counter() - start) * 1000
    print(f"query_ms={ms:.3f} rows={len(rows)}")
    if out:
        write_result(rows, out)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["load", "current", "query", "csv"])
    p.add_argument("--db")
    p.add_argument("--data", type=Path)
    p.add_argument("--as-of", default="2023-10-18")
    p.add_argument("--out")
    a = p.parse_args()
    if a.mode == "load":
        tmp = Path(a.db + ".tmp")
        tmp.unlink(missing_ok=True)
        con = duckdb.connect(str(tmp))
        con.execute(f"CREATE TABLE entries AS SELECT * FROM {read_csv(a.data / 'entries.csv', ENTRY_COLUMNS)}")
        con.execute(f"CREATE TABLE lines AS SELECT * FROM {read_csv(a.data / 'lines.csv', LINE_COLUMNS)}")
        summary = (a.data / "summary.txt").read_text(encoding="utf-8")
        con.execute("CREATE TABLE meta AS SELECT ? AS summary", [summary])
        con.execute("CHECKPOINT")
        con.close()
        tmp.replace(a.db)
        return 0
    if a.mode == "current":
        summary = (a.data / "summary.txt").read_text(encoding="utf-8")
        try:
            con = duckdb.connect(a.db, read_only=True)
            stored = con.execute("SELECT summary FROM meta").fetchall()
        except (duckdb.Error, OSError):
            return 1
        return 0 if stored == [(summary,)] else 1
    if a.mode == "query":
        con = duckdb.connect(a.db, read_only=True)
        run(con, "entries", "lines", a.as_of, a.out)
    else:
        con = duckdb.connect()
        run(
            con,
            read_csv(a.data / "entries.csv", ENTRY_COLUMNS),
            read_csv(a.data / "lines.csv", LINE_COLUMNS),
            a.as_of,
            a.out,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
