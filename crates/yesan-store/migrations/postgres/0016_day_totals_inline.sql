-- Yesan store schema 16 (PostgreSQL): a day's packed totals compressed with
-- lz4. On SQLite, 16 makes `day_totals` a rowid table so that a day's
-- packed totals stay in their page (../sqlite/0016_day_totals_inline.sql).
-- PostgreSQL keeps such a text (several kilobytes) out of line and
-- compressed; with the default pglz that compression was about a quarter
-- of the server's time in an import (each import rewrites every day's
-- snapshot from its first day on). lz4 compresses several times faster
-- and reads back as fast; a server built without lz4 stores the text
-- uncompressed instead (EXTERNAL: out of line, no compression), which
-- costs space, not time. Values already written keep their compression.

DO $$
BEGIN
    ALTER TABLE day_totals ALTER COLUMN totals SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    ALTER TABLE day_totals ALTER COLUMN totals SET STORAGE EXTERNAL;
END $$;

UPDATE meta SET value = '16' WHERE key = 'schema_version';
