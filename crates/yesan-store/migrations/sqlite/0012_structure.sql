-- Yesan store schema 12 (SQLite): structural editing. Kept column-for-column
-- in step with ../postgres/0012_structure.sql.
--
-- 1. 전용 and 이용 become distinct amendment kinds (`diversion`,
--    `virement`); `transfer` stays for what was recorded before as
--    전용·이용. SQLite cannot widen a CHECK in place, so the two amendment
--    tables are copied aside, dropped (children first; a DROP fires no
--    trigger), created anew as schema 6 made them with the wider CHECK,
--    filled back in their order and given their triggers again.
-- 2. `structure_history`: the dated states of the lines, projects and the
--    institution's profile that a structural edit changed (yesan_domain::
--    structure::History). The tables hold the newest state; a row here
--    says what a subject was from `effective` on, so a reader as of an
--    earlier date sees the structure as it was then. `state` is JSON (the
--    domain's LineState, ProjectState or ProfileState). A closed year's
--    rows cannot change.

CREATE TEMP TABLE v11_amendments AS SELECT * FROM amendments;
CREATE TEMP TABLE v11_amendment_changes AS SELECT * FROM amendment_changes;
DROP TABLE amendment_changes;
DROP TABLE amendments;

CREATE TABLE amendments (
    institution_id INTEGER NOT NULL,
    fiscal_year    INTEGER NOT NULL,
    no             TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    date           TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    kind           TEXT NOT NULL CHECK (kind IN ('original', 'supplementary', 'transfer', 'carryover', 'diversion', 'virement')),
    note           TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, no),
    UNIQUE (institution_id, fiscal_year, seq),
    FOREIGN KEY (institution_id, fiscal_year) REFERENCES budget (institution_id, fiscal_year)
);

CREATE TABLE amendment_changes (
    institution_id INTEGER NOT NULL,
    fiscal_year    INTEGER NOT NULL,
    amendment      TEXT NOT NULL,
    position       INTEGER NOT NULL CHECK (position >= 0),
    line           TEXT NOT NULL,
    delta          BIGINT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, amendment, position),
    FOREIGN KEY (institution_id, fiscal_year, amendment) REFERENCES amendments (institution_id, fiscal_year, no),
    FOREIGN KEY (institution_id, fiscal_year, line) REFERENCES budget_lines (institution_id, fiscal_year, code)
);

INSERT INTO amendments (institution_id, fiscal_year, no, seq, date, kind, note, recorded_at)
SELECT institution_id, fiscal_year, no, seq, date, kind, note, recorded_at FROM v11_amendments ORDER BY institution_id, fiscal_year, seq;
INSERT INTO amendment_changes (institution_id, fiscal_year, amendment, position, line, delta)
SELECT institution_id, fiscal_year, amendment, position, line, delta FROM v11_amendment_changes ORDER BY institution_id, fiscal_year, amendment, position;
DROP TABLE v11_amendments;
DROP TABLE v11_amendment_changes;

CREATE TRIGGER amendments_no_update BEFORE UPDATE ON amendments
BEGIN
    SELECT RAISE(ABORT, '예산 변경 기록은 고칠 수 없습니다. 새 변경을 추가하세요 / amendments are append-only: record another amendment instead');
END;
CREATE TRIGGER amendments_no_delete BEFORE DELETE ON amendments
BEGIN
    SELECT RAISE(ABORT, '예산 변경 기록은 지울 수 없습니다 / amendments are append-only');
END;
CREATE TRIGGER amendment_changes_no_update BEFORE UPDATE ON amendment_changes
BEGIN
    SELECT RAISE(ABORT, '예산 변경 기록은 고칠 수 없습니다 / amendments are append-only');
END;
CREATE TRIGGER amendment_changes_no_delete BEFORE DELETE ON amendment_changes
BEGIN
    SELECT RAISE(ABORT, '예산 변경 기록은 지울 수 없습니다 / amendments are append-only');
END;
CREATE TRIGGER amendments_closed_insert BEFORE INSERT ON amendments
WHEN EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = NEW.institution_id AND c.fiscal_year = NEW.fiscal_year)
BEGIN
    SELECT RAISE(ABORT, '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it');
END;
CREATE TRIGGER amendment_changes_closed_insert BEFORE INSERT ON amendment_changes
WHEN EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = NEW.institution_id AND c.fiscal_year = NEW.fiscal_year)
BEGIN
    SELECT RAISE(ABORT, '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it');
END;

CREATE TABLE structure_history (
    institution_id INTEGER NOT NULL,
    fiscal_year    INTEGER NOT NULL,
    subject        TEXT NOT NULL CHECK (subject IN ('line', 'project', 'profile')),
    code           TEXT NOT NULL,
    effective      TEXT NOT NULL CHECK (effective GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    state          TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, subject, code, effective),
    FOREIGN KEY (institution_id, fiscal_year) REFERENCES institution_years (institution_id, fiscal_year)
);

CREATE TRIGGER structure_history_closed_insert BEFORE INSERT ON structure_history
WHEN EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = NEW.institution_id AND c.fiscal_year = NEW.fiscal_year)
BEGIN
    SELECT RAISE(ABORT, '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it');
END;
CREATE TRIGGER structure_history_closed_update BEFORE UPDATE ON structure_history
WHEN EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = OLD.institution_id AND c.fiscal_year = OLD.fiscal_year)
  OR EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = NEW.institution_id AND c.fiscal_year = NEW.fiscal_year)
BEGIN
    SELECT RAISE(ABORT, '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it');
END;
CREATE TRIGGER structure_history_closed_delete BEFORE DELETE ON structure_history
WHEN EXISTS (SELECT 1 FROM closed_years c WHERE c.institution_id = OLD.institution_id AND c.fiscal_year = OLD.fiscal_year)
BEGIN
    SELECT RAISE(ABORT, '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it');
END;

UPDATE meta SET value = '12' WHERE key = 'schema_version';
