-- Yesan store schema 6 (PostgreSQL): many institutions and many fiscal
-- years in one database. Kept column-for-column in step with
-- ../sqlite/0006_institutions.sql, which explains the design.
--
-- Every key leads with `institution_id` (then `fiscal_year` on yearly
-- tables), so Citus can distribute every table by institution_id
-- unchanged (`SELECT create_distributed_table(t, 'institution_id')`, with
-- `institutions` as a reference table). The recorded tables are copied
-- aside, dropped and created anew like on SQLite, so that both end with
-- the same constraints.

CREATE TEMP TABLE v5_institution AS SELECT * FROM institution;
CREATE TEMP TABLE v5_purpose_businesses AS SELECT * FROM purpose_businesses;
CREATE TEMP TABLE v5_org_units AS SELECT * FROM org_units;
CREATE TEMP TABLE v5_duty_groups AS SELECT * FROM duty_groups;
CREATE TEMP TABLE v5_duty_items AS SELECT * FROM duty_items;
CREATE TEMP TABLE v5_staffing AS SELECT * FROM staffing;
CREATE TEMP TABLE v5_staffing_grades AS SELECT * FROM staffing_grades;
CREATE TEMP TABLE v5_staffing_outside_quota AS SELECT * FROM staffing_outside_quota;
CREATE TEMP TABLE v5_budget AS SELECT * FROM budget;
CREATE TEMP TABLE v5_budget_lines AS SELECT * FROM budget_lines;
CREATE TEMP TABLE v5_programs AS SELECT * FROM programs;
CREATE TEMP TABLE v5_projects AS SELECT * FROM projects;
CREATE TEMP TABLE v5_project_budget_notes AS SELECT * FROM project_budget_notes;
CREATE TEMP TABLE v5_indicators AS SELECT * FROM indicators;
CREATE TEMP TABLE v5_indicator_parts AS SELECT * FROM indicator_parts;
CREATE TEMP TABLE v5_schedule_items AS SELECT * FROM schedule_items;
CREATE TEMP TABLE v5_amendments AS SELECT * FROM amendments;
CREATE TEMP TABLE v5_amendment_changes AS SELECT * FROM amendment_changes;
CREATE TEMP TABLE v5_entries AS SELECT * FROM entries;
CREATE TEMP TABLE v5_line_day AS SELECT * FROM line_day;
CREATE TEMP TABLE v5_line_month AS SELECT * FROM line_month;
CREATE TEMP TABLE v5_day_totals AS SELECT * FROM day_totals;
CREATE TEMP TABLE v5_users AS SELECT * FROM users;
CREATE TEMP TABLE v5_sessions AS SELECT * FROM sessions;

DROP TABLE sessions CASCADE;
DROP TABLE users CASCADE;
DROP TABLE amendment_changes CASCADE;
DROP TABLE amendments CASCADE;
DROP TABLE entries CASCADE;
DROP TABLE line_day CASCADE;
DROP TABLE line_month CASCADE;
DROP TABLE day_totals CASCADE;
DROP TABLE schedule_items CASCADE;
DROP TABLE indicator_parts CASCADE;
DROP TABLE indicators CASCADE;
DROP TABLE project_budget_notes CASCADE;
DROP TABLE projects CASCADE;
DROP TABLE programs CASCADE;
DROP TABLE budget_lines CASCADE;
DROP TABLE budget CASCADE;
DROP TABLE staffing_outside_quota CASCADE;
DROP TABLE staffing_grades CASCADE;
DROP TABLE staffing CASCADE;
DROP TABLE duty_items CASCADE;
DROP TABLE duty_groups CASCADE;
DROP TABLE org_units CASCADE;
DROP TABLE purpose_businesses CASCADE;
DROP TABLE institution CASCADE;

-- One row per institution. `code` is what users name it by
-- (`--institution CODE`); `id` is what every other table keys by.
CREATE TABLE institutions (
    id      BIGINT PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE,
    name_ko TEXT NOT NULL,
    name_en TEXT NOT NULL
);

-- The institution's record as one year's dataset states it.
CREATE TABLE institution_years (
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    fiscal_year    BIGINT NOT NULL,
    name_ko        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    as_of          TEXT NOT NULL CHECK (as_of ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    phone_prefix   TEXT NOT NULL,
    purpose        TEXT NOT NULL,
    purpose_source TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year)
);

-- 목적사업, in order, per year.
CREATE TABLE purpose_businesses (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    position       BIGINT NOT NULL CHECK (position >= 0),
    text           TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, position),
    FOREIGN KEY (institution_id, fiscal_year) REFERENCES institution_years (institution_id, fiscal_year)
);

-- The organization, in dated versions: `effective` is the first day a
-- version is in force. Units may name a parent listed after them, hence
-- the deferred reference.
CREATE TABLE org_units (
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    effective      TEXT NOT NULL CHECK (effective ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    code           TEXT NOT NULL,
    position       BIGINT NOT NULL CHECK (position >= 0),
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('실', '본부', '팀')),
    parent         TEXT,
    head_name      TEXT,
    head_ext       TEXT,
    note           TEXT,
    CHECK ((head_name IS NULL) = (head_ext IS NULL)),
    PRIMARY KEY (institution_id, effective, code),
    UNIQUE (institution_id, effective, position),
    FOREIGN KEY (institution_id, effective, parent) REFERENCES org_units (institution_id, effective, code) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE duty_groups (
    institution_id BIGINT NOT NULL,
    effective      TEXT NOT NULL,
    unit           TEXT NOT NULL,
    position       BIGINT NOT NULL CHECK (position >= 0),
    title          TEXT,
    PRIMARY KEY (institution_id, effective, unit, position),
    FOREIGN KEY (institution_id, effective, unit) REFERENCES org_units (institution_id, effective, code) ON DELETE CASCADE
);

CREATE TABLE duty_items (
    institution_id BIGINT NOT NULL,
    effective      TEXT NOT NULL,
    unit           TEXT NOT NULL,
    grp            BIGINT NOT NULL,
    position       BIGINT NOT NULL CHECK (position >= 0),
    text           TEXT NOT NULL,
    PRIMARY KEY (institution_id, effective, unit, grp, position),
    FOREIGN KEY (institution_id, effective, unit, grp) REFERENCES duty_groups (institution_id, effective, unit, position) ON DELETE CASCADE
);

-- The staffing table, in dated versions keyed by its 기준일 (`as_of`):
-- saving the table with a new date adds a version, the old ones stay.
CREATE TABLE staffing (
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    as_of          TEXT NOT NULL CHECK (as_of ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    PRIMARY KEY (institution_id, as_of)
);

CREATE TABLE staffing_grades (
    institution_id BIGINT NOT NULL,
    as_of          TEXT NOT NULL,
    position       BIGINT NOT NULL CHECK (position >= 0),
    grade          TEXT NOT NULL,
    authorized     BIGINT NOT NULL CHECK (authorized >= 0),
    current        BIGINT NOT NULL CHECK (current >= 0),
    PRIMARY KEY (institution_id, as_of, position),
    FOREIGN KEY (institution_id, as_of) REFERENCES staffing (institution_id, as_of) ON DELETE CASCADE
);

CREATE TABLE staffing_outside_quota (
    institution_id BIGINT NOT NULL,
    as_of          TEXT NOT NULL,
    position       BIGINT NOT NULL CHECK (position >= 0),
    kind           TEXT NOT NULL,
    count          BIGINT NOT NULL CHECK (count >= 0),
    PRIMARY KEY (institution_id, as_of, position),
    FOREIGN KEY (institution_id, as_of) REFERENCES staffing (institution_id, as_of) ON DELETE CASCADE
);

-- One row per year: the label of its prior-year column and the expected
-- execution curve.
CREATE TABLE budget (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    prior_label    TEXT NOT NULL,
    prior_curve    TEXT,
    PRIMARY KEY (institution_id, fiscal_year),
    FOREIGN KEY (institution_id, fiscal_year) REFERENCES institution_years (institution_id, fiscal_year)
);

-- On a parent line, amount and prior are stated check totals (NULL when not
-- stated); the domain computes the real totals from the leaves.
CREATE TABLE budget_lines (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    code           TEXT NOT NULL,
    position       BIGINT NOT NULL CHECK (position >= 0),
    kind           TEXT NOT NULL CHECK (kind IN ('revenue', 'expenditure')),
    category       TEXT CHECK (category IN ('personnel', 'operating', 'program', 'reserve')),
    name           TEXT NOT NULL,
    parent         TEXT,
    amount         BIGINT,
    prior          BIGINT,
    view_name      TEXT,
    PRIMARY KEY (institution_id, fiscal_year, code),
    UNIQUE (institution_id, fiscal_year, position),
    FOREIGN KEY (institution_id, fiscal_year) REFERENCES budget (institution_id, fiscal_year),
    FOREIGN KEY (institution_id, fiscal_year, parent) REFERENCES budget_lines (institution_id, fiscal_year, code) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE programs (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    code           TEXT NOT NULL,
    position       BIGINT NOT NULL CHECK (position >= 0),
    line           TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, code),
    UNIQUE (institution_id, fiscal_year, position),
    FOREIGN KEY (institution_id, fiscal_year, line) REFERENCES budget_lines (institution_id, fiscal_year, code)
);

-- `achievements` is the outline source verbatim. The units a project names
-- are checked by the domain against the organization in force, which is
-- dated, so they carry no foreign key.
CREATE TABLE projects (
    institution_id       BIGINT NOT NULL,
    fiscal_year          BIGINT NOT NULL,
    code                 TEXT NOT NULL,
    position             BIGINT NOT NULL CHECK (position >= 0),
    program              TEXT NOT NULL,
    line                 TEXT NOT NULL,
    title                TEXT NOT NULL,
    executive            TEXT NOT NULL,
    team                 TEXT NOT NULL,
    officer_name         TEXT NOT NULL,
    officer_ext          TEXT NOT NULL,
    purpose              TEXT NOT NULL,
    background           TEXT NOT NULL,
    content              TEXT NOT NULL,
    achievements_heading TEXT,
    schedule_heading     TEXT,
    achievements         TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, code),
    UNIQUE (institution_id, fiscal_year, position),
    FOREIGN KEY (institution_id, fiscal_year, program) REFERENCES programs (institution_id, fiscal_year, code),
    FOREIGN KEY (institution_id, fiscal_year, line) REFERENCES budget_lines (institution_id, fiscal_year, code)
);

CREATE TABLE project_budget_notes (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    project        TEXT NOT NULL,
    position       BIGINT NOT NULL CHECK (position >= 0),
    text           TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, project, position),
    FOREIGN KEY (institution_id, fiscal_year, project) REFERENCES projects (institution_id, fiscal_year, code) ON DELETE CASCADE
);

CREATE TABLE indicators (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    project        TEXT NOT NULL,
    id             TEXT NOT NULL,
    position       BIGINT NOT NULL CHECK (position >= 0),
    name           TEXT NOT NULL,
    value          BIGINT NOT NULL,
    unit           TEXT NOT NULL,
    as_of          TEXT CHECK (as_of ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    PRIMARY KEY (institution_id, fiscal_year, project, id),
    UNIQUE (institution_id, fiscal_year, project, position),
    FOREIGN KEY (institution_id, fiscal_year, project) REFERENCES projects (institution_id, fiscal_year, code) ON DELETE CASCADE
);

CREATE TABLE indicator_parts (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    project        TEXT NOT NULL,
    indicator      TEXT NOT NULL,
    position       BIGINT NOT NULL CHECK (position >= 0),
    label          TEXT NOT NULL,
    value          BIGINT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, project, indicator, position),
    FOREIGN KEY (institution_id, fiscal_year, project, indicator) REFERENCES indicators (institution_id, fiscal_year, project, id) ON DELETE CASCADE
);

-- `period` is the label as written; the domain parses it against the fiscal
-- year on load.
CREATE TABLE schedule_items (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    project        TEXT NOT NULL,
    position       BIGINT NOT NULL CHECK (position >= 0),
    text           TEXT NOT NULL,
    period         TEXT,
    grp            TEXT,
    PRIMARY KEY (institution_id, fiscal_year, project, position),
    FOREIGN KEY (institution_id, fiscal_year, project) REFERENCES projects (institution_id, fiscal_year, code) ON DELETE CASCADE
);

-- Budget amendments: append-only records of decisions, numbered uniquely
-- per institution and year.
CREATE TABLE amendments (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    no             TEXT NOT NULL,
    seq            BIGINT NOT NULL,
    date           TEXT NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    kind           TEXT NOT NULL CHECK (kind IN ('original', 'supplementary', 'transfer', 'carryover')),
    note           TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, no),
    UNIQUE (institution_id, fiscal_year, seq),
    FOREIGN KEY (institution_id, fiscal_year) REFERENCES budget (institution_id, fiscal_year)
);

CREATE TABLE amendment_changes (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    amendment      TEXT NOT NULL,
    position       BIGINT NOT NULL CHECK (position >= 0),
    line           TEXT NOT NULL,
    delta          BIGINT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, amendment, position),
    FOREIGN KEY (institution_id, fiscal_year, amendment) REFERENCES amendments (institution_id, fiscal_year, no),
    FOREIGN KEY (institution_id, fiscal_year, line) REFERENCES budget_lines (institution_id, fiscal_year, code)
);

-- The execution ledger, append-only (see schema 1). `seq` keeps the order
-- in which entries were recorded, across institutions; document numbers
-- are unique per institution and year.
CREATE TABLE entries (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    seq            BIGINT GENERATED ALWAYS AS IDENTITY,
    doc_no         TEXT NOT NULL,
    date           TEXT NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    kind           TEXT NOT NULL CHECK (kind IN ('commit', 'disburse', 'commit_cancel', 'disburse_cancel')),
    line           TEXT NOT NULL,
    amount         BIGINT NOT NULL CHECK (amount > 0),
    ref            TEXT,
    counterparty   TEXT,
    memo           TEXT,
    recorded_at    TEXT NOT NULL,
    recorded_by    TEXT,
    CHECK (kind = 'commit' OR ref IS NOT NULL),
    PRIMARY KEY (institution_id, fiscal_year, seq),
    UNIQUE (institution_id, fiscal_year, doc_no),
    FOREIGN KEY (institution_id, fiscal_year, line) REFERENCES budget_lines (institution_id, fiscal_year, code)
);
CREATE INDEX entries_ref ON entries (institution_id, fiscal_year, ref) WHERE ref IS NOT NULL;

-- The ledger's per-day index, monthly sums and daily snapshots (see
-- schemas 2, 4 and 5), per institution and year.
CREATE TABLE line_day (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    line           TEXT NOT NULL,
    day            TEXT NOT NULL,
    committed      BIGINT NOT NULL,
    disbursed      BIGINT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, line, day)
);

CREATE TABLE line_month (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    line           TEXT NOT NULL,
    month          TEXT NOT NULL,
    committed      BIGINT NOT NULL,
    disbursed      BIGINT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, line, month)
);

CREATE TABLE day_totals (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    day            TEXT NOT NULL,
    totals         TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, day)
);

-- Accounts and sessions (schema 3), per institution. The unit a team
-- editor edits for is checked against the organization in force.
CREATE TABLE users (
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    name           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'planner', 'finance', 'team_editor', 'viewer')),
    unit           TEXT,
    must_change    BIGINT NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    CHECK ((role = 'team_editor') = (unit IS NOT NULL)),
    PRIMARY KEY (institution_id, name)
);

CREATE TABLE sessions (
    institution_id BIGINT NOT NULL,
    token_hash     TEXT NOT NULL,
    username       TEXT NOT NULL,
    csrf           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    PRIMARY KEY (institution_id, token_hash),
    FOREIGN KEY (institution_id, username) REFERENCES users (institution_id, name) ON DELETE CASCADE
);
CREATE INDEX sessions_user ON sessions (institution_id, username);

-- Closed (결산) years: once a row is here, the triggers below refuse every
-- write into that institution's year. The closing statement and the
-- SHA-256 of its certified snapshot are kept with it (the hash is in the
-- audit log too). Append-only: a closed year stays closed.
CREATE TABLE closed_years (
    institution_id   BIGINT NOT NULL,
    fiscal_year      BIGINT NOT NULL,
    closed_at        TEXT NOT NULL,
    certified_sha256 TEXT NOT NULL,
    statement        TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year),
    FOREIGN KEY (institution_id, fiscal_year) REFERENCES institution_years (institution_id, fiscal_year)
);

-- Schema 5's one institution and year become institution 1 ('default').
INSERT INTO institutions (id, code, name_ko, name_en)
SELECT 1, 'default', name_ko, name_en FROM v5_institution;
INSERT INTO institution_years (institution_id, fiscal_year, name_ko, name_en, as_of, phone_prefix, purpose, purpose_source)
SELECT 1, fiscal_year, name_ko, name_en, as_of, phone_prefix, purpose, purpose_source FROM v5_institution;
INSERT INTO purpose_businesses (institution_id, fiscal_year, position, text)
SELECT 1, (SELECT fiscal_year FROM v5_institution), position, text FROM v5_purpose_businesses;
-- The organization had no date: it becomes the version in force from the
-- first day of the year.
INSERT INTO org_units (institution_id, effective, code, position, name, kind, parent, head_name, head_ext, note)
SELECT 1, (SELECT fiscal_year FROM v5_institution)::text || '-01-01', code, position, name, kind, parent, head_name, head_ext, note FROM v5_org_units;
INSERT INTO duty_groups (institution_id, effective, unit, position, title)
SELECT 1, (SELECT fiscal_year FROM v5_institution)::text || '-01-01', unit, position, title FROM v5_duty_groups;
INSERT INTO duty_items (institution_id, effective, unit, grp, position, text)
SELECT 1, (SELECT fiscal_year FROM v5_institution)::text || '-01-01', unit, grp, position, text FROM v5_duty_items;
INSERT INTO staffing (institution_id, as_of) SELECT 1, as_of FROM v5_staffing;
INSERT INTO staffing_grades (institution_id, as_of, position, grade, authorized, current)
SELECT 1, (SELECT as_of FROM v5_staffing), position, grade, authorized, current FROM v5_staffing_grades;
INSERT INTO staffing_outside_quota (institution_id, as_of, position, kind, count)
SELECT 1, (SELECT as_of FROM v5_staffing), position, kind, count FROM v5_staffing_outside_quota;
INSERT INTO budget (institution_id, fiscal_year, prior_label, prior_curve)
SELECT 1, (SELECT fiscal_year FROM v5_institution), prior_label, prior_curve FROM v5_budget;
INSERT INTO budget_lines (institution_id, fiscal_year, code, position, kind, category, name, parent, amount, prior, view_name)
SELECT 1, (SELECT fiscal_year FROM v5_institution), code, position, kind, category, name, parent, amount, prior, view_name FROM v5_budget_lines;
INSERT INTO programs (institution_id, fiscal_year, code, position, line)
SELECT 1, (SELECT fiscal_year FROM v5_institution), code, position, line FROM v5_programs;
INSERT INTO projects (institution_id, fiscal_year, code, position, program, line, title, executive, team, officer_name, officer_ext,
                      purpose, background, content, achievements_heading, schedule_heading, achievements)
SELECT 1, (SELECT fiscal_year FROM v5_institution), code, position, program, line, title, executive, team, officer_name, officer_ext,
       purpose, background, content, achievements_heading, schedule_heading, achievements FROM v5_projects;
INSERT INTO project_budget_notes (institution_id, fiscal_year, project, position, text)
SELECT 1, (SELECT fiscal_year FROM v5_institution), project, position, text FROM v5_project_budget_notes;
INSERT INTO indicators (institution_id, fiscal_year, project, id, position, name, value, unit, as_of)
SELECT 1, (SELECT fiscal_year FROM v5_institution), project, id, position, name, value, unit, as_of FROM v5_indicators;
INSERT INTO indicator_parts (institution_id, fiscal_year, project, indicator, position, label, value)
SELECT 1, (SELECT fiscal_year FROM v5_institution), project, indicator, position, label, value FROM v5_indicator_parts;
INSERT INTO schedule_items (institution_id, fiscal_year, project, position, text, period, grp)
SELECT 1, (SELECT fiscal_year FROM v5_institution), project, position, text, period, grp FROM v5_schedule_items;
INSERT INTO amendments (institution_id, fiscal_year, no, seq, date, kind, note, recorded_at)
SELECT 1, (SELECT fiscal_year FROM v5_institution), no, seq, date, kind, note, recorded_at FROM v5_amendments;
INSERT INTO amendment_changes (institution_id, fiscal_year, amendment, position, line, delta)
SELECT 1, (SELECT fiscal_year FROM v5_institution), amendment, position, line, delta FROM v5_amendment_changes;
INSERT INTO entries (seq, institution_id, fiscal_year, doc_no, date, kind, line, amount, ref, counterparty, memo, recorded_at, recorded_by) OVERRIDING SYSTEM VALUE
SELECT seq, 1, (SELECT fiscal_year FROM v5_institution), doc_no, date, kind, line, amount, ref, counterparty, memo, recorded_at, recorded_by FROM v5_entries ORDER BY seq;
INSERT INTO line_day (institution_id, fiscal_year, line, day, committed, disbursed)
SELECT 1, (SELECT fiscal_year FROM v5_institution), line, day, committed, disbursed FROM v5_line_day;
INSERT INTO line_month (institution_id, fiscal_year, line, month, committed, disbursed)
SELECT 1, (SELECT fiscal_year FROM v5_institution), line, month, committed, disbursed FROM v5_line_month;
INSERT INTO day_totals (institution_id, fiscal_year, day, totals)
SELECT 1, (SELECT fiscal_year FROM v5_institution), day, totals FROM v5_day_totals;
-- Accounts belong to the institution; without one (a database never
-- initialized) there is none to keep.
INSERT INTO users (institution_id, name, password_hash, role, unit, must_change, created_at)
SELECT 1, name, password_hash, role, unit, must_change, created_at FROM v5_users WHERE EXISTS (SELECT 1 FROM v5_institution);
INSERT INTO sessions (institution_id, token_hash, username, csrf, created_at, expires_at)
SELECT 1, token_hash, username, csrf, created_at, expires_at FROM v5_sessions WHERE EXISTS (SELECT 1 FROM v5_institution);
SELECT setval(pg_get_serial_sequence('entries', 'seq'), COALESCE((SELECT MAX(seq) FROM entries), 0) + 1, false);

-- Append-only, as before (the functions of schemas 1 and 2 are kept).
CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
    FOR EACH ROW EXECUTE FUNCTION entries_append_only();
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
    FOR EACH ROW EXECUTE FUNCTION entries_append_only();
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries
    FOR EACH STATEMENT EXECUTE FUNCTION entries_append_only();
CREATE TRIGGER amendments_no_update BEFORE UPDATE ON amendments
    FOR EACH ROW EXECUTE FUNCTION amendments_append_only();
CREATE TRIGGER amendments_no_delete BEFORE DELETE ON amendments
    FOR EACH ROW EXECUTE FUNCTION amendments_append_only();
CREATE TRIGGER amendments_no_truncate BEFORE TRUNCATE ON amendments
    FOR EACH STATEMENT EXECUTE FUNCTION amendments_append_only();
CREATE TRIGGER amendment_changes_no_update BEFORE UPDATE ON amendment_changes
    FOR EACH ROW EXECUTE FUNCTION amendments_append_only();
CREATE TRIGGER amendment_changes_no_delete BEFORE DELETE ON amendment_changes
    FOR EACH ROW EXECUTE FUNCTION amendments_append_only();
CREATE TRIGGER amendment_changes_no_truncate BEFORE TRUNCATE ON amendment_changes
    FOR EACH STATEMENT EXECUTE FUNCTION amendments_append_only();

CREATE FUNCTION closed_years_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '마감 기록은 고치거나 지울 수 없습니다 / a closed year stays closed'
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER closed_years_no_update BEFORE UPDATE ON closed_years
    FOR EACH ROW EXECUTE FUNCTION closed_years_append_only();
CREATE TRIGGER closed_years_no_delete BEFORE DELETE ON closed_years
    FOR EACH ROW EXECUTE FUNCTION closed_years_append_only();
CREATE TRIGGER closed_years_no_truncate BEFORE TRUNCATE ON closed_years
    FOR EACH STATEMENT EXECUTE FUNCTION closed_years_append_only();

-- A closed year refuses every write: new entries and amendments, and any
-- change to its budget, programs and projects.
CREATE FUNCTION closed_year_refuses() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r RECORD;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    IF EXISTS (SELECT 1 FROM closed_years c
               WHERE c.institution_id = r.institution_id AND c.fiscal_year = r.fiscal_year) THEN
        RAISE EXCEPTION '마감된 회계연도에는 기록할 수 없습니다 / the fiscal year is closed: nothing more can be written into it'
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN r;
END;
$$;
CREATE TRIGGER entries_closed_insert BEFORE INSERT ON entries
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER amendments_closed_insert BEFORE INSERT ON amendments
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER amendment_changes_closed_insert BEFORE INSERT ON amendment_changes
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER budget_closed_insert BEFORE INSERT ON budget
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER budget_lines_closed_insert BEFORE INSERT ON budget_lines
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER programs_closed_insert BEFORE INSERT ON programs
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER projects_closed_insert BEFORE INSERT ON projects
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER project_budget_notes_closed_insert BEFORE INSERT ON project_budget_notes
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER indicators_closed_insert BEFORE INSERT ON indicators
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER indicator_parts_closed_insert BEFORE INSERT ON indicator_parts
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER schedule_items_closed_insert BEFORE INSERT ON schedule_items
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER purpose_businesses_closed_insert BEFORE INSERT ON purpose_businesses
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER institution_years_closed_update BEFORE UPDATE ON institution_years
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER budget_closed_update BEFORE UPDATE ON budget
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER budget_lines_closed_update BEFORE UPDATE ON budget_lines
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER programs_closed_update BEFORE UPDATE ON programs
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER projects_closed_update BEFORE UPDATE ON projects
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER projects_closed_delete BEFORE DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER project_budget_notes_closed_delete BEFORE DELETE ON project_budget_notes
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER indicators_closed_delete BEFORE DELETE ON indicators
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER indicator_parts_closed_delete BEFORE DELETE ON indicator_parts
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();
CREATE TRIGGER schedule_items_closed_delete BEFORE DELETE ON schedule_items
    FOR EACH ROW EXECUTE FUNCTION closed_year_refuses();

-- The audit log keeps its rows; each now names its institution (NULL for
-- what concerns the whole database).
ALTER TABLE audit_log ADD COLUMN institution_id BIGINT REFERENCES institutions (id);
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
UPDATE audit_log SET institution_id = 1 WHERE EXISTS (SELECT 1 FROM institutions WHERE id = 1);
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;
DROP INDEX audit_log_entity;
DROP INDEX audit_log_actor;
CREATE INDEX audit_log_scope ON audit_log (institution_id, id);
CREATE INDEX audit_log_entity ON audit_log (institution_id, entity, id);
CREATE INDEX audit_log_actor ON audit_log (institution_id, actor, id);

DROP TABLE v5_institution;
DROP TABLE v5_purpose_businesses;
DROP TABLE v5_org_units;
DROP TABLE v5_duty_groups;
DROP TABLE v5_duty_items;
DROP TABLE v5_staffing;
DROP TABLE v5_staffing_grades;
DROP TABLE v5_staffing_outside_quota;
DROP TABLE v5_budget;
DROP TABLE v5_budget_lines;
DROP TABLE v5_programs;
DROP TABLE v5_projects;
DROP TABLE v5_project_budget_notes;
DROP TABLE v5_indicators;
DROP TABLE v5_indicator_parts;
DROP TABLE v5_schedule_items;
DROP TABLE v5_amendments;
DROP TABLE v5_amendment_changes;
DROP TABLE v5_entries;
DROP TABLE v5_line_day;
DROP TABLE v5_line_month;
DROP TABLE v5_day_totals;
DROP TABLE v5_users;
DROP TABLE v5_sessions;

UPDATE meta SET value = '6' WHERE key = 'schema_version';
