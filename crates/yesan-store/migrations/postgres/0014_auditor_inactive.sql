-- Yesan store schema 14 (PostgreSQL): the auditor role (감사, reads the
-- audit log) and accounts that are deactivated rather than deleted
-- (`active`; a deactivated account keeps its name, its history in the
-- audit log and its grants, but opens no session). Kept column-for-column
-- in step with ../sqlite/0014_auditor_inactive.sql.
--
-- The role checks of `users` and `user_roles` were created unnamed in
-- 0006 and 0007; they are found by what they say (the list of roles,
-- the only check naming 'viewer') and replaced by named ones.

DO $$
DECLARE c record;
BEGIN
    FOR c IN SELECT conname, conrelid::regclass::text AS tab FROM pg_constraint
             WHERE conrelid IN ('users'::regclass, 'user_roles'::regclass)
               AND contype = 'c'
               AND pg_get_constraintdef(oid) LIKE '%viewer%'
    LOOP
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', c.tab, c.conname);
    END LOOP;
END $$;

ALTER TABLE users ADD CONSTRAINT users_role_known
    CHECK (role IN ('admin', 'planner', 'finance', 'team_editor', 'viewer', 'auditor'));
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_known
    CHECK (role IN ('admin', 'planner', 'finance', 'team_editor', 'viewer', 'auditor'));
ALTER TABLE users ADD COLUMN active BIGINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1));

UPDATE meta SET value = '14' WHERE key = 'schema_version';
