-- Yesan store schema 9 (PostgreSQL): the line mappings a planner records
-- for a fiscal year from the year before (a reorganization: renames,
-- merges, splits), kept column-for-column in step with
-- ../sqlite/0009_line_mappings.sql.
--
-- A year-N line's prior is year N-1's final budget of the lines mapped to
-- it (by code where no mapping names it; yesan_domain::prior). One row per
-- mapping, in the planner's order (`position`, 0-based): the N-1 codes
-- `from_lines` and the year-N codes `to_lines` as JSON arrays of codes,
-- and for a split its shares, ratios or amounts in won (`split_kind`,
-- `split_parts`: a JSON array of integers). The key leads with the
-- institution (Citus: distributed by `institution_id` like every table)
-- and the year the mappings belong to; row-level security as schema 8;
-- a closed year's mappings cannot change (the closed-year trigger
-- function of schema 6).

CREATE TABLE line_mappings (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    position       BIGINT NOT NULL CHECK (position >= 0),
    from_lines     TEXT NOT NULL,
    to_lines       TEXT NOT NULL,
    split_kind     TEXT CHECK (split_kind IN ('ratios', 'amounts')),
    split_parts    TEXT,
    note           TEXT NOT NULL,
    CHECK ((split_kind IS NULL) = (split_parts IS NULL)),
    PRIMARY KEY (institution_id, fiscal_year, position),
    FOREIGN KEY (institution_id, fiscal_year) REFERENCES institution_years (institution_id, fiscal_year)
);

CREATE TRIGGER line_mappings_closed_insert BEFORE INSERT ON line_mappings
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER line_mappings_closed_update BEFORE UPDATE ON line_mappings
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER line_mappings_closed_delete BEFORE DELETE ON line_mappings
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();

GRANT SELECT, INSERT, UPDATE, DELETE ON line_mappings TO yesan_app;
ALTER TABLE line_mappings ENABLE ROW LEVEL SECURITY;
CREATE POLICY line_mappings_scope ON line_mappings TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());

UPDATE meta SET value = '9' WHERE key = 'schema_version';
