-- Yesan store schema 12 (PostgreSQL): structural editing. Kept
-- column-for-column in step with ../sqlite/0012_structure.sql.
--
-- 1. 전용 and 이용 become distinct amendment kinds (`diversion`,
--    `virement`); `transfer` stays for what was recorded before as
--    전용·이용. The kind's CHECK is replaced in place.
-- 2. `structure_history`: the dated states of the lines, projects and the
--    institution's profile that a structural edit changed (yesan_domain::
--    structure::History). The tables hold the newest state; a row here
--    says what a subject was from `effective` on, so a reader as of an
--    earlier date sees the structure as it was then. `state` is JSON (the
--    domain's LineState, ProjectState or ProfileState). Keyed by the
--    institution first (Citus), row-level security as schema 8, and a
--    closed year's rows cannot change (schema 6's trigger function).

DO $$
DECLARE c text;
BEGIN
    FOR c IN SELECT conname FROM pg_constraint
             WHERE conrelid = 'amendments'::regclass AND contype = 'c'
               AND pg_get_constraintdef(oid) LIKE '%kind%'
    LOOP
        EXECUTE format('ALTER TABLE amendments DROP CONSTRAINT %I', c);
    END LOOP;
END;
$$;
ALTER TABLE amendments ADD CONSTRAINT amendments_kind_check
    CHECK (kind IN ('original', 'supplementary', 'transfer', 'carryover', 'diversion', 'virement'));

CREATE TABLE structure_history (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    subject        TEXT NOT NULL CHECK (subject IN ('line', 'project', 'profile')),
    code           TEXT NOT NULL,
    effective      TEXT NOT NULL CHECK (effective ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    state          TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, subject, code, effective),
    FOREIGN KEY (institution_id, fiscal_year) REFERENCES institution_years (institution_id, fiscal_year)
);

CREATE TRIGGER structure_history_closed_insert BEFORE INSERT ON structure_history
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER structure_history_closed_update BEFORE UPDATE ON structure_history
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER structure_history_closed_delete BEFORE DELETE ON structure_history
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();

GRANT SELECT, INSERT, UPDATE, DELETE ON structure_history TO yesan_app;
ALTER TABLE structure_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY structure_history_scope ON structure_history TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());

UPDATE meta SET value = '12' WHERE key = 'schema_version';
