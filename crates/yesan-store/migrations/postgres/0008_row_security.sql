-- Yesan store schema 8 (PostgreSQL): row-level security keyed by
-- institution, so that a query that forgets its scope returns nothing.
--
-- The policies bind the role the web app runs as, `yesan_app` (created
-- here without login if missing; a deployment grants it to its login
-- role), not the tables' owner, who runs the migrations. A row is visible
-- to it, and may be written, only when its `institution_id` equals the
-- transaction's setting `yesan.institution`, which the store sets at the
-- start of every scoped transaction (`set_config('yesan.institution', …,
-- true)`). Without the setting, nothing matches. Audit records of the
-- whole database (institution NULL) stay readable.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'yesan_app') THEN
        CREATE ROLE yesan_app NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    -- Another database on the same server created it meanwhile.
    NULL;
END;
$$;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO yesan_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO yesan_app;

-- The scope of the transaction, or NULL when none is set.
CREATE FUNCTION yesan_scope() RETURNS BIGINT LANGUAGE sql STABLE AS $$
    SELECT NULLIF(current_setting('yesan.institution', true), '')::BIGINT
$$;

ALTER TABLE institutions ENABLE ROW LEVEL SECURITY;
CREATE POLICY institutions_scope ON institutions TO yesan_app
    USING (id = yesan_scope()) WITH CHECK (id = yesan_scope());
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_log_scope ON audit_log TO yesan_app
    USING (institution_id = yesan_scope() OR institution_id IS NULL)
    WITH CHECK (institution_id = yesan_scope() OR institution_id IS NULL);
ALTER TABLE institution_years ENABLE ROW LEVEL SECURITY;
CREATE POLICY institution_years_scope ON institution_years TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE purpose_businesses ENABLE ROW LEVEL SECURITY;
CREATE POLICY purpose_businesses_scope ON purpose_businesses TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE org_units ENABLE ROW LEVEL SECURITY;
CREATE POLICY org_units_scope ON org_units TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE duty_groups ENABLE ROW LEVEL SECURITY;
CREATE POLICY duty_groups_scope ON duty_groups TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE duty_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY duty_items_scope ON duty_items TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE staffing ENABLE ROW LEVEL SECURITY;
CREATE POLICY staffing_scope ON staffing TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE staffing_grades ENABLE ROW LEVEL SECURITY;
CREATE POLICY staffing_grades_scope ON staffing_grades TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE staffing_outside_quota ENABLE ROW LEVEL SECURITY;
CREATE POLICY staffing_outside_quota_scope ON staffing_outside_quota TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE budget ENABLE ROW LEVEL SECURITY;
CREATE POLICY budget_scope ON budget TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE budget_lines ENABLE ROW LEVEL SECURITY;
CREATE POLICY budget_lines_scope ON budget_lines TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE programs ENABLE ROW LEVEL SECURITY;
CREATE POLICY programs_scope ON programs TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY projects_scope ON projects TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE project_budget_notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY project_budget_notes_scope ON project_budget_notes TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE indicators ENABLE ROW LEVEL SECURITY;
CREATE POLICY indicators_scope ON indicators TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE indicator_parts ENABLE ROW LEVEL SECURITY;
CREATE POLICY indicator_parts_scope ON indicator_parts TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE schedule_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY schedule_items_scope ON schedule_items TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE amendments ENABLE ROW LEVEL SECURITY;
CREATE POLICY amendments_scope ON amendments TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE amendment_changes ENABLE ROW LEVEL SECURITY;
CREATE POLICY amendment_changes_scope ON amendment_changes TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY entries_scope ON entries TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE line_day ENABLE ROW LEVEL SECURITY;
CREATE POLICY line_day_scope ON line_day TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE line_month ENABLE ROW LEVEL SECURITY;
CREATE POLICY line_month_scope ON line_month TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE day_totals ENABLE ROW LEVEL SECURITY;
CREATE POLICY day_totals_scope ON day_totals TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_scope ON users TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY sessions_scope ON sessions TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE closed_years ENABLE ROW LEVEL SECURITY;
CREATE POLICY closed_years_scope ON closed_years TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE user_roles ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_roles_scope ON user_roles TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
ALTER TABLE system_roles ENABLE ROW LEVEL SECURITY;
CREATE POLICY system_roles_scope ON system_roles TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());

UPDATE meta SET value = '8' WHERE key = 'schema_version';
