-- Yesan store schema 9 (SQLite): the line mappings a planner records for a
-- fiscal year from the year before (a reorganization: renames, merges,
-- splits), kept column-for-column in step with
-- ../postgres/0009_line_mappings.sql.
--
-- A year-N line's prior is year N-1's final budget of the lines mapped to
-- it (by code where no mapping names it; yesan_domain::prior). One row per
-- mapping, in the planner's order (`position`, 0-based): the N-1 codes
-- `from_lines` and the year-N codes `to_lines` as JSON arrays of codes,
-- and for a split its shares, ratios or amounts in won (`split_kind`,
-- `split_parts`: a JSON array of integers). The key leads with the
-- institution and the year the mappings belong to, like every yearly
-- table; a closed year's mappings cannot change.

CREATE TABLE line_mappings (
    institution_id INTEGER NOT NULL,
    fiscal_year    INTEGER NOT NULL,
    position       INTEGER NOT NULL CHECK (position >= 0),
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
WHEN EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = NEW.institution_id AND c.fiscal_year = NEW.fiscal_year)
BEGIN
    SELECT RAISE(ABORT, '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it');
END;
CREATE TRIGGER line_mappings_closed_update BEFORE UPDATE ON line_mappings
WHEN EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = OLD.institution_id AND c.fiscal_year = OLD.fiscal_year)
  OR EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = NEW.institution_id AND c.fiscal_year = NEW.fiscal_year)
BEGIN
    SELECT RAISE(ABORT, '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it');
END;
CREATE TRIGGER line_mappings_closed_delete BEFORE DELETE ON line_mappings
WHEN EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = OLD.institution_id AND c.fiscal_year = OLD.fiscal_year)
BEGIN
    SELECT RAISE(ABORT, '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it');
END;

UPDATE meta SET value = '9' WHERE key = 'schema_version';
