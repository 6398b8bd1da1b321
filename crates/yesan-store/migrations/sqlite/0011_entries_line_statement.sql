-- Schema 11 keeps the two dialects' schema numbers in step. PostgreSQL's
-- 0011 checks the lines of new entries once per statement instead of by
-- a per-row foreign key; SQLite keeps its foreign key (its bulk recording
-- runs with foreign keys off, budget control having refused unknown
-- lines), so here nothing but the number changes, and only upwards:
-- a database that already stands at a later schema keeps its number.
UPDATE meta SET value = '11' WHERE key = 'schema_version' AND CAST(value AS INTEGER) < 11;
