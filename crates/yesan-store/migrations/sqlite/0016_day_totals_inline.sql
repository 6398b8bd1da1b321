-- Yesan store schema 16 (SQLite): `day_totals` becomes a rowid table.
--
-- A day's packed totals (one `line,committed,disbursed` per leaf line,
-- about 6 KB for 400 lines) were stored WITHOUT ROWID, where SQLite keeps
-- at most about a quarter of a page in the b-tree cell and spills the
-- rest to an overflow page of its own: each row took two 16 KB pages,
-- and `day_totals` was nine tenths of the file (483 MB of 579 MB for the
-- city benchmark's 300,000 entries, 288 MB of it unused space), all of it
-- written twice (the WAL, then the database) on every import. A rowid
-- table keeps such a row whole in its leaf page; the key's uniqueness and
-- its order (the roll-up's `day <= ? ORDER BY day DESC LIMIT 1`) are the
-- primary key's index. Nothing is read or written differently; PostgreSQL
-- (which compresses a long text by itself) only moves its number.

CREATE TABLE day_totals_16 (
    institution_id INTEGER NOT NULL,
    fiscal_year    INTEGER NOT NULL,
    day            TEXT NOT NULL,
    totals         TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, day)
);
INSERT INTO day_totals_16 (institution_id, fiscal_year, day, totals)
    SELECT institution_id, fiscal_year, day, totals FROM day_totals ORDER BY institution_id, fiscal_year, day;
DROP TABLE day_totals;
ALTER TABLE day_totals_16 RENAME TO day_totals;

UPDATE meta SET value = '16' WHERE key = 'schema_version';
