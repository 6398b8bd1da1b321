-- Yesan store schema 16 (PostgreSQL): the number only. On SQLite, 16 makes
-- `day_totals` a rowid table so that a day's packed totals stay in their
-- page (../sqlite/0016_day_totals_inline.sql); PostgreSQL already keeps a
-- long text compressed out of line (TOAST), so its table is unchanged.

UPDATE meta SET value = '16' WHERE key = 'schema_version';
