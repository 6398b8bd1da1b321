-- Yesan store schema 15 (PostgreSQL): budget formulation and evaluation
-- (issue 14), kept column-for-column in step with ../sqlite/0015_formulation.sql.
--
-- - `budget_lines.economic`: a line's economic classification, a 편성목
--   (`201`) or 통계목 (`201-01`) code of the standard table
--   (yesan_domain::economic); NULL when the line has none.
-- - `institution_settings`: the institution's own rules as key–value pairs
--   (yesan_domain::policy: basis_rounding, require_economic,
--   cap_achievement), so a new setting needs no new column.
-- - `basis_items`: a budget line's 산출기초, one row per item in the line's
--   order (`position`, 0-based): group heading, description, unit price in
--   won and the factors as JSON (`[["42","개"],["95","%"]]`: each factor's
--   exact decimal as text and its unit, "" for none). The line's amount is
--   computed from them (yesan_domain::basis), never stored beside them.
-- - `indicator_targets`: an indicator's target for its year: direction,
--   baseline, the year's target and optionally the four quarter-end
--   targets (decimals as text, exact), and whether it is its project's
--   output measure (at most one per project).
-- - `indicator_actuals`: dated updates of an indicator's actual value,
--   append-only (a correction is a later update), in recorded order (`seq`).
--
-- Every new table leads with the institution and the year, references the
-- year (not the line or indicator, which structural edits may rewrite; the
-- domain checks those references when a year is loaded), and refuses
-- writes into a closed year.

ALTER TABLE budget_lines ADD COLUMN economic TEXT;

CREATE TABLE institution_settings (
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    key            TEXT NOT NULL,
    value          TEXT NOT NULL,
    PRIMARY KEY (institution_id, key)
);

CREATE TABLE basis_items (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    line           TEXT NOT NULL,
    position       BIGINT NOT NULL CHECK (position >= 0),
    grp            TEXT,
    description    TEXT NOT NULL,
    unit_price     BIGINT NOT NULL CHECK (unit_price >= 0),
    factors        TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, line, position),
    FOREIGN KEY (institution_id, fiscal_year) REFERENCES institution_years (institution_id, fiscal_year)
);

CREATE TABLE indicator_targets (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    project        TEXT NOT NULL,
    indicator      TEXT NOT NULL,
    direction      TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    baseline       TEXT,
    target         TEXT NOT NULL,
    q1             TEXT,
    q2             TEXT,
    q3             TEXT,
    q4             TEXT,
    is_output      BIGINT NOT NULL DEFAULT 0 CHECK (is_output IN (0, 1)),
    CHECK ((q1 IS NULL) = (q2 IS NULL) AND (q2 IS NULL) = (q3 IS NULL) AND (q3 IS NULL) = (q4 IS NULL)),
    PRIMARY KEY (institution_id, fiscal_year, project, indicator),
    FOREIGN KEY (institution_id, fiscal_year) REFERENCES institution_years (institution_id, fiscal_year)
);

CREATE TABLE indicator_actuals (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    project        TEXT NOT NULL,
    indicator      TEXT NOT NULL,
    seq            BIGINT NOT NULL CHECK (seq >= 0),
    date           TEXT NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    value          TEXT NOT NULL,
    note           TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, project, indicator, seq),
    FOREIGN KEY (institution_id, fiscal_year, project, indicator) REFERENCES indicator_targets (institution_id, fiscal_year, project, indicator)
);

CREATE TRIGGER basis_items_closed_insert BEFORE INSERT ON basis_items
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER basis_items_closed_update BEFORE UPDATE ON basis_items
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER basis_items_closed_delete BEFORE DELETE ON basis_items
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER indicator_targets_closed_insert BEFORE INSERT ON indicator_targets
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER indicator_targets_closed_update BEFORE UPDATE ON indicator_targets
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER indicator_targets_closed_delete BEFORE DELETE ON indicator_targets
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER indicator_actuals_closed_insert BEFORE INSERT ON indicator_actuals
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER indicator_actuals_closed_update BEFORE UPDATE ON indicator_actuals
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER indicator_actuals_closed_delete BEFORE DELETE ON indicator_actuals
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();

CREATE FUNCTION indicator_actuals_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '실적 기록은 고치거나 지울 수 없습니다. 새 실적을 기록하세요 / an actual is never changed or deleted; record a new one'
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER indicator_actuals_no_update BEFORE UPDATE ON indicator_actuals
    FOR EACH ROW EXECUTE FUNCTION indicator_actuals_append_only();
CREATE TRIGGER indicator_actuals_no_delete BEFORE DELETE ON indicator_actuals
    FOR EACH ROW EXECUTE FUNCTION indicator_actuals_append_only();

GRANT SELECT, INSERT, UPDATE, DELETE ON institution_settings TO yesan_app;
ALTER TABLE institution_settings ENABLE ROW LEVEL SECURITY;
CREATE POLICY institution_settings_scope ON institution_settings TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
GRANT SELECT, INSERT, UPDATE, DELETE ON basis_items TO yesan_app;
ALTER TABLE basis_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY basis_items_scope ON basis_items TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
GRANT SELECT, INSERT, UPDATE, DELETE ON indicator_targets TO yesan_app;
ALTER TABLE indicator_targets ENABLE ROW LEVEL SECURITY;
CREATE POLICY indicator_targets_scope ON indicator_targets TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
GRANT SELECT, INSERT, UPDATE, DELETE ON indicator_actuals TO yesan_app;
ALTER TABLE indicator_actuals ENABLE ROW LEVEL SECURITY;
CREATE POLICY indicator_actuals_scope ON indicator_actuals TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());

UPDATE meta SET value = '15' WHERE key = 'schema_version';
