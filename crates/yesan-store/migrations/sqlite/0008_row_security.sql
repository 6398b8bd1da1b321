-- Yesan store schema 8: row-level security by institution, on PostgreSQL
-- (../postgres/0008_row_security.sql). SQLite has no roles or policies: an
-- embedded database serves one process, and the scoped store keys every
-- statement by institution. The schema number stays in step.

UPDATE meta SET value = '8' WHERE key = 'schema_version';
