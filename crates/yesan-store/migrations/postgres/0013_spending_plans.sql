-- Yesan store schema 13 (PostgreSQL): the monthly spending plans (월별
-- 집행계획) the planning team records per budget line or project, kept
-- column-for-column in step with ../sqlite/0013_spending_plans.sql.
--
-- A plan is a dated version: one row per version, in recorded order
-- (`seq`, from 1 within the institution's year), never changed or
-- deleted (a revision is a new row from its date on, so an earlier date's
-- early warning stays as it was). `target_kind` says whether `target` is
-- a line code or a project code; `form` whether `months` (a JSON array of
-- twelve integers) holds cumulative rates in tenths of a percent at each
-- month end (`rates`) or the won planned for each month (`amounts`).
-- Whether a plan fits the budget is the domain's rule
-- (yesan_domain::plan), applied before writing; a closed year takes no
-- new plan (the closed-year trigger function of schema 6). The key leads
-- with the institution (Citus: distributed by `institution_id`);
-- row-level security as schema 8.

CREATE TABLE spending_plans (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    seq            BIGINT NOT NULL CHECK (seq >= 1),
    target_kind    TEXT NOT NULL CHECK (target_kind IN ('line', 'project')),
    target         TEXT NOT NULL,
    effective      TEXT NOT NULL,
    form           TEXT NOT NULL CHECK (form IN ('rates', 'amounts')),
    months         TEXT NOT NULL,
    note           TEXT NOT NULL,
    actor          TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, seq),
    FOREIGN KEY (institution_id, fiscal_year) REFERENCES institution_years (institution_id, fiscal_year)
);

CREATE FUNCTION spending_plans_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '집행계획 기록은 고치거나 지울 수 없습니다. 새 계획을 기록하세요 / spending plans are append-only: record a new version instead'
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER spending_plans_no_update BEFORE UPDATE ON spending_plans
    FOR EACH ROW EXECUTE FUNCTION spending_plans_append_only();
CREATE TRIGGER spending_plans_no_delete BEFORE DELETE ON spending_plans
    FOR EACH ROW EXECUTE FUNCTION spending_plans_append_only();
CREATE TRIGGER spending_plans_no_truncate BEFORE TRUNCATE ON spending_plans
    FOR EACH STATEMENT EXECUTE FUNCTION spending_plans_append_only();
CREATE TRIGGER spending_plans_closed_insert BEFORE INSERT ON spending_plans
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();

GRANT SELECT, INSERT ON spending_plans TO yesan_app;
ALTER TABLE spending_plans ENABLE ROW LEVEL SECURITY;
CREATE POLICY spending_plans_scope ON spending_plans TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());

UPDATE meta SET value = '13' WHERE key = 'schema_version';
