-- Yesan store schema 1 (SQLite dialect). Kept column-for-column in step with
-- ../postgres/0001_initial.sql: the store runs the same portable SQL against
-- both, so a column added here must be added there too.
--
-- Conventions that keep the SQL portable through sqlx's Any driver:
--   * money is BIGINT won (never REAL), NULL where the dataset leaves it out;
--   * dates are TEXT 'YYYY-MM-DD', timestamps TEXT RFC 3339 in UTC;
--   * every list keeps its recorded order in an explicit `position`
--     (0-based), because row order in SQL is not an order.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('schema_version', '1');

-- One row: the institution the data is about.
CREATE TABLE institution (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    name_ko        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    as_of          TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    fiscal_year    INTEGER NOT NULL,
    phone_prefix   TEXT NOT NULL,
    purpose        TEXT NOT NULL,
    purpose_source TEXT NOT NULL
);

-- 목적사업, in order.
CREATE TABLE purpose_businesses (
    position INTEGER PRIMARY KEY CHECK (position >= 0),
    text     TEXT NOT NULL
);

-- Units may name a parent listed after them, hence the deferred reference.
CREATE TABLE org_units (
    code      TEXT PRIMARY KEY,
    position  INTEGER NOT NULL UNIQUE CHECK (position >= 0),
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('실', '본부', '팀')),
    parent    TEXT REFERENCES org_units (code) DEFERRABLE INITIALLY DEFERRED,
    head_name TEXT,
    head_ext  TEXT,
    note      TEXT,
    CHECK ((head_name IS NULL) = (head_ext IS NULL))
);

CREATE TABLE duty_groups (
    unit     TEXT NOT NULL REFERENCES org_units (code) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    title    TEXT,
    PRIMARY KEY (unit, position)
);

CREATE TABLE duty_items (
    unit     TEXT NOT NULL,
    grp      INTEGER NOT NULL,
    position INTEGER NOT NULL CHECK (position >= 0),
    text     TEXT NOT NULL,
    PRIMARY KEY (unit, grp, position),
    FOREIGN KEY (unit, grp) REFERENCES duty_groups (unit, position) ON DELETE CASCADE
);

-- One row: the date the staffing table describes.
CREATE TABLE staffing (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    as_of TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
);

CREATE TABLE staffing_grades (
    position   INTEGER PRIMARY KEY CHECK (position >= 0),
    grade      TEXT NOT NULL,
    authorized INTEGER NOT NULL CHECK (authorized >= 0),
    current    INTEGER NOT NULL CHECK (current >= 0)
);

CREATE TABLE staffing_outside_quota (
    position INTEGER PRIMARY KEY CHECK (position >= 0),
    kind     TEXT NOT NULL,
    count    INTEGER NOT NULL CHECK (count >= 0)
);

-- One row: the budget's fiscal year and the label of its prior-year column.
CREATE TABLE budget (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    fiscal_year INTEGER NOT NULL,
    prior_label TEXT NOT NULL
);

-- On a parent line, amount and prior are stated check totals (NULL when not
-- stated); the domain computes the real totals from the leaves.
CREATE TABLE budget_lines (
    code      TEXT PRIMARY KEY,
    position  INTEGER NOT NULL UNIQUE CHECK (position >= 0),
    kind      TEXT NOT NULL CHECK (kind IN ('revenue', 'expenditure')),
    category  TEXT CHECK (category IN ('personnel', 'operating', 'program', 'reserve')),
    name      TEXT NOT NULL,
    parent    TEXT REFERENCES budget_lines (code) DEFERRABLE INITIALLY DEFERRED,
    amount    BIGINT,
    prior     BIGINT,
    view_name TEXT
);

CREATE TABLE programs (
    code     TEXT PRIMARY KEY,
    position INTEGER NOT NULL UNIQUE CHECK (position >= 0),
    line     TEXT NOT NULL REFERENCES budget_lines (code)
);

-- `achievements` is the outline source verbatim: the domain parses it on
-- load, so nothing of what was written is lost.
CREATE TABLE projects (
    code                 TEXT PRIMARY KEY,
    position             INTEGER NOT NULL UNIQUE CHECK (position >= 0),
    program              TEXT NOT NULL REFERENCES programs (code),
    line                 TEXT NOT NULL REFERENCES budget_lines (code),
    title                TEXT NOT NULL,
    executive            TEXT NOT NULL REFERENCES org_units (code),
    team                 TEXT NOT NULL REFERENCES org_units (code),
    officer_name         TEXT NOT NULL,
    officer_ext          TEXT NOT NULL,
    purpose              TEXT NOT NULL,
    background           TEXT NOT NULL,
    content              TEXT NOT NULL,
    achievements_heading TEXT,
    schedule_heading     TEXT,
    achievements         TEXT NOT NULL
);

CREATE TABLE project_budget_notes (
    project  TEXT NOT NULL REFERENCES projects (code) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    text     TEXT NOT NULL,
    PRIMARY KEY (project, position)
);

CREATE TABLE indicators (
    project  TEXT NOT NULL REFERENCES projects (code) ON DELETE CASCADE,
    id       TEXT NOT NULL,
    position INTEGER NOT NULL CHECK (position >= 0),
    name     TEXT NOT NULL,
    value    BIGINT NOT NULL,
    unit     TEXT NOT NULL,
    as_of    TEXT CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    PRIMARY KEY (project, id),
    UNIQUE (project, position)
);

CREATE TABLE indicator_parts (
    project   TEXT NOT NULL,
    indicator TEXT NOT NULL,
    position  INTEGER NOT NULL CHECK (position >= 0),
    label     TEXT NOT NULL,
    value     BIGINT NOT NULL,
    PRIMARY KEY (project, indicator, position),
    FOREIGN KEY (project, indicator) REFERENCES indicators (project, id) ON DELETE CASCADE
);

-- `period` is the label as written; the domain parses it against the fiscal
-- year on load.
CREATE TABLE schedule_items (
    project  TEXT NOT NULL REFERENCES projects (code) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    text     TEXT NOT NULL,
    period   TEXT,
    grp      TEXT,
    PRIMARY KEY (project, position)
);

-- The execution ledger. Entries are facts: a correction is a new entry that
-- references the one it corrects, never an edit, so the triggers below make
-- the database itself refuse UPDATE and DELETE. `seq` keeps the order in
-- which entries of the same date were recorded. `ref` is checked by the
-- domain (it must name an earlier entry of the right kind), not by a foreign
-- key, because a commitment may carry an outside reference.
CREATE TABLE entries (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_no       TEXT NOT NULL UNIQUE,
    date         TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    kind         TEXT NOT NULL CHECK (kind IN ('commit', 'disburse', 'commit_cancel', 'disburse_cancel')),
    line         TEXT NOT NULL REFERENCES budget_lines (code),
    amount       BIGINT NOT NULL CHECK (amount > 0),
    ref          TEXT,
    counterparty TEXT,
    memo         TEXT,
    recorded_at  TEXT NOT NULL,
    CHECK (kind = 'commit' OR ref IS NOT NULL)
);
CREATE INDEX entries_line_date ON entries (line, date);
CREATE INDEX entries_date ON entries (date);

CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
BEGIN
    SELECT RAISE(ABORT, '집행 기록은 고칠 수 없습니다. 취소·정정 기록을 추가하세요 / ledger entries are append-only: record a cancelling or correcting entry instead');
END;

CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
BEGIN
    SELECT RAISE(ABORT, '집행 기록은 지울 수 없습니다. 취소 기록을 추가하세요 / ledger entries are append-only: record a cancelling entry instead');
END;

-- Who changed what, when. `before` and `after` are JSON. Append-only like
-- the ledger: an audit trail that can be edited proves nothing.
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    key    TEXT,
    before TEXT,
    after  TEXT
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '감사 기록은 고칠 수 없습니다 / the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '감사 기록은 지울 수 없습니다 / the audit log is append-only');
END;
