-- Yesan store schema 4: a leaner reference index and per-month sums.
-- (0003 is the web accounts' migration.) Kept in step between
-- ../sqlite/ and ../postgres/.

-- Only payments and cancellations carry a reference; commitments, four in
-- ten entries, never do, and leaving them out of the index makes every
-- bulk insert cheaper. A look-up by `ref = …` or `ref IN (…)` implies
-- `ref IS NOT NULL`, so both databases use the partial index for it.
DROP INDEX entries_ref;
CREATE INDEX entries_ref ON entries (ref) WHERE ref IS NOT NULL;

-- Net commitments and disbursements of each leaf line per month
-- ('YYYY-MM'): the execution curves of `yesan status`. Derived like
-- line_day (and from it), written in the same transaction, rebuilt by
-- restore, checked by `yesan check`; it spares the status a scan and sort
-- of every (line, day) row to sum a few thousand months.
CREATE TABLE line_month (
    line      TEXT NOT NULL,
    month     TEXT NOT NULL,
    committed BIGINT NOT NULL,
    disbursed BIGINT NOT NULL,
    PRIMARY KEY (line, month)
);

INSERT INTO line_month (line, month, committed, disbursed)
SELECT line, SUBSTR(day, 1, 7), SUM(committed), SUM(disbursed)
FROM line_day GROUP BY line, SUBSTR(day, 1, 7);

-- Every line's running totals on every day with entries: the day's
-- snapshot, so that the status as of any date reads one run of rows (the
-- latest day on or before it) instead of seeking each line's latest day
-- in line_cum, a page of its own per line. Lines without entries by a day
-- have no row for it. Derived from line_cum, rebuilt from the earliest day
-- a write touches, checked by `yesan check`.
CREATE TABLE day_cum (
    day       TEXT NOT NULL,
    line      TEXT NOT NULL,
    committed BIGINT NOT NULL,
    disbursed BIGINT NOT NULL,
    PRIMARY KEY (day, line)
);

INSERT INTO day_cum (day, line, committed, disbursed)
SELECT d.day, l.line, c.committed, c.disbursed
FROM (SELECT DISTINCT day FROM line_day) d
CROSS JOIN (SELECT DISTINCT line FROM line_cum) l
JOIN line_cum c ON c.line = l.line
 AND c.day = (SELECT MAX(x.day) FROM line_cum x WHERE x.line = l.line AND x.day <= d.day);

UPDATE meta SET value = '4' WHERE key = 'schema_version';
