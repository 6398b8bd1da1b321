-- Schema 10 keeps the two dialects' schema numbers in step. PostgreSQL's
-- 0010 checks closed years once per inserted statement instead of per
-- row; SQLite has no statement-level triggers, and its per-row check
-- (0006) costs no round trip, so here nothing but the number changes.
UPDATE meta SET value = '10' WHERE key = 'schema_version';
