-- Yesan store schema 15 (SQLite): budget formulation and evaluation
-- (issue 14), kept column-for-column in step with ../postgres/0015_formulation.sql.
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
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    key            TEXT NOT NULL,
    value          TEXT NOT NULL,
    PRIMARY KEY (institution_id, key)
);

CREATE TABLE basis_items (
    institution_id INTEGER NOT NULL,
    fiscal_year    INTEGER NOT NULL,
    line           TEXT NOT NULL,
    position       INTEGER NOT NULL CHECK (position >= 0),
    grp            TEXT,
    description    TEXT NOT NULL,
    unit_price     BIGINT NOT NULL CHECK (unit_price >= 0),
    factors        TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, line, position),
    FOREIGN KEY (institution_id, fiscal_year) REFERENCES institution_years (institution_id, fiscal_year)
);

CREATE TABLE indicator_targets (
    institution_id INTEGER NOT NULL,
    fiscal_year    INTEGER NOT NULL,
    project        TEXT NOT NULL,
    indicator      TEXT NOT NULL,
    direction      TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
    baseline       TEXT,
    target         TEXT NOT NULL,
    q1             TEXT,
    q2             TEXT,
    q3             TEXT,
    q4             TEXT,
    is_output      INTEGER NOT NULL DEFAULT 0 CHECK (is_output IN (0, 1)),
    CHECK ((q1 IS NULL) = (q2 IS NULL) AND (q2 IS NULL) = (q3 IS NULL) AND (q3 IS NULL) = (q4 IS NULL)),
    PRIMARY KEY (institution_id, fiscal_year, project, indicator),
    FOREIGN KEY (institution_id, fiscal_year) REFERENCES institution_years (institution_id, fiscal_year)
);

CREATE TABLE indicator_actuals (
    institution_id INTEGER NOT NULL,
    fiscal_year    INTEGER NOT NULL,
    project        TEXT NOT NULL,
    indicator      TEXT NOT NULL,
    seq            INTEGER NOT NULL CHECK (seq >= 0),
    date           TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    value          TEXT NOT NULL,
    note           TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, project, indicator, seq),
    FOREIGN KEY (institution_id, fiscal_year, project, indicator) REFERENCES indicator_targets (institution_id, fiscal_year, project, indicator)
);

CREATE TRIGGER basis_items_closed_insert BEFORE INSERT ON basis_items
WHEN EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = NEW.institution_id AND c.fiscal_year = NEW.fiscal_year)
BEGIN
    SELECT RAISE(ABORT, '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it');
END;
CREATE TRIGGER basis_items_closed_update BEFORE UPDATE ON basis_items
WHEN EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = OLD.institution_id AND c.fiscal_year = OLD.fiscal_year)
  OR EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = NEW.institution_id AND c.fiscal_year = NEW.fiscal_year)
BEGIN
    SELECT RAISE(ABORT, '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it');
END;
CREATE TRIGGER basis_items_closed_delete BEFORE DELETE ON basis_items
WHEN EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = OLD.institution_id AND c.fiscal_year = OLD.fiscal_year)
BEGIN
    SELECT RAISE(ABORT, '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it');
END;
CREATE TRIGGER indicator_targets_closed_insert BEFORE INSERT ON indicator_targets
WHEN EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = NEW.institution_id AND c.fiscal_year = NEW.fiscal_year)
BEGIN
    SELECT RAISE(ABORT, '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it');
END;
CREATE TRIGGER indicator_targets_closed_update BEFORE UPDATE ON indicator_targets
WHEN EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = OLD.institution_id AND c.fiscal_year = OLD.fiscal_year)
  OR EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = NEW.institution_id AND c.fiscal_year = NEW.fiscal_year)
BEGIN
    SELECT RAISE(ABORT, '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it');
END;
CREATE TRIGGER indicator_targets_closed_delete BEFORE DELETE ON indicator_targets
WHEN EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = OLD.institution_id AND c.fiscal_year = OLD.fiscal_year)
BEGIN
    SELECT RAISE(ABORT, '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it');
END;
CREATE TRIGGER indicator_actuals_closed_insert BEFORE INSERT ON indicator_actuals
WHEN EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = NEW.institution_id AND c.fiscal_year = NEW.fiscal_year)
BEGIN
    SELECT RAISE(ABORT, '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it');
END;
CREATE TRIGGER indicator_actuals_closed_update BEFORE UPDATE ON indicator_actuals
WHEN EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = OLD.institution_id AND c.fiscal_year = OLD.fiscal_year)
  OR EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = NEW.institution_id AND c.fiscal_year = NEW.fiscal_year)
BEGIN
    SELECT RAISE(ABORT, '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it');
END;
CREATE TRIGGER indicator_actuals_closed_delete BEFORE DELETE ON indicator_actuals
WHEN EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = OLD.institution_id AND c.fiscal_year = OLD.fiscal_year)
BEGIN
    SELECT RAISE(ABORT, '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it');
END;

CREATE TRIGGER indicator_actuals_no_update BEFORE UPDATE ON indicator_actuals
BEGIN
    SELECT RAISE(ABORT, '실적 기록은 고칠 수 없습니다. 새 실적을 기록하세요 / an actual is never changed; record a new one');
END;
CREATE TRIGGER indicator_actuals_no_delete BEFORE DELETE ON indicator_actuals
BEGIN
    SELECT RAISE(ABORT, '실적 기록은 지울 수 없습니다. 새 실적을 기록하세요 / an actual is never deleted; record a new one');
END;

UPDATE meta SET value = '15' WHERE key = 'schema_version';
