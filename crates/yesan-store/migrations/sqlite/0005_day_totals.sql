-- Yesan store schema 5: the daily snapshots, one row per day. Kept in step
-- with ../postgres/0005_day_totals.sql.
--
-- day_cum held every line's running totals on every day with entries as
-- one row per (day, line): for a year, 365 days times every line with
-- entries, all rebuilt from the first day an import touches. On a file of
-- a hundred thousand entries that rebuild (and line_cum's, which only fed
-- it) took longer than writing the entries. The roll-up reads a day's
-- snapshot packed into one text anyway (`line,committed,disbursed` joined
-- by `;`), so the snapshot is now stored that way: one row per day,
-- built by the store from line_day (`ledger::rebuild_totals`) and checked
-- by `yesan check`. Lines without entries by a day are not in its text.
DROP TABLE day_cum;
DROP TABLE line_cum;

CREATE TABLE day_totals (
    day    TEXT PRIMARY KEY,
    totals TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO day_totals (day, totals)
SELECT d.day, group_concat(c.line || ',' || c.committed || ',' || c.disbursed, ';' ORDER BY c.line)
FROM (SELECT DISTINCT day FROM line_day) d
JOIN (SELECT line, day,
             SUM(committed) OVER w AS committed,
             SUM(disbursed) OVER w AS disbursed,
             LEAD(day) OVER w AS next
      FROM line_day WINDOW w AS (PARTITION BY line ORDER BY day)) c
  ON c.day <= d.day AND (c.next IS NULL OR c.next > d.day)
GROUP BY d.day;

-- line_day without a rowid: its rows live in the primary key's B-tree
-- alone instead of a table and an index beside it, which halves what every
-- import writes to it.
CREATE TABLE line_day_keyed (
    line      TEXT NOT NULL,
    day       TEXT NOT NULL,
    committed BIGINT NOT NULL,
    disbursed BIGINT NOT NULL,
    PRIMARY KEY (line, day)
) WITHOUT ROWID;
INSERT INTO line_day_keyed (line, day, committed, disbursed)
SELECT line, day, committed, disbursed FROM line_day;
DROP TABLE line_day;
ALTER TABLE line_day_keyed RENAME TO line_day;

UPDATE meta SET value = '5' WHERE key = 'schema_version';
