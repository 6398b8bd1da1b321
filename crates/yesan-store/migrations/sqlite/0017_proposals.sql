-- Yesan store schema 17 (SQLite): the draft budget (예산안) of a fiscal year
-- (issue 14), kept column-for-column in step with ../postgres/0017_proposals.sql.
--
-- - `budget_proposals`: the draft of (institution, target year), built from
--   `base_year` (the year before), who created it and when. The target year
--   need not be recorded yet, so it references the institution only.
-- - `proposal_versions`: numbered versions (1, 2, …), each the whole content
--   as canonical JSON (yesan_domain::proposal::ContentRecord: lines, leaf
--   amounts, 산출기초, the rounding rule), who saved it, when, with a note.
-- - `proposal_events`: status events in order (`seq`): submitted, returned
--   (with the reason in `note`), approved (with 의결일, 의결 번호 and the note);
--   the version concerned, the actor, the time. The status is replayed from
--   them by the domain's rules (yesan_domain::proposal::Status::replay).
--
-- All three are append-only: the database refuses UPDATE and DELETE, so a
-- version or an approval, once written, stays as it was.

CREATE TABLE budget_proposals (
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    fiscal_year    INTEGER NOT NULL,
    base_year      INTEGER NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    CHECK (base_year = fiscal_year - 1),
    PRIMARY KEY (institution_id, fiscal_year)
);

CREATE TABLE proposal_versions (
    institution_id INTEGER NOT NULL,
    fiscal_year    INTEGER NOT NULL,
    version        INTEGER NOT NULL CHECK (version >= 1),
    content        TEXT NOT NULL,
    saved_by       TEXT NOT NULL,
    saved_at       TEXT NOT NULL,
    note           TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, version),
    FOREIGN KEY (institution_id, fiscal_year) REFERENCES budget_proposals (institution_id, fiscal_year)
);

CREATE TABLE proposal_events (
    institution_id    INTEGER NOT NULL,
    fiscal_year       INTEGER NOT NULL,
    seq               INTEGER NOT NULL CHECK (seq >= 0),
    kind              TEXT NOT NULL CHECK (kind IN ('submitted', 'returned', 'approved')),
    version           INTEGER NOT NULL,
    actor             TEXT NOT NULL,
    at                TEXT NOT NULL,
    note              TEXT NOT NULL,
    resolution_date   TEXT CHECK (resolution_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    resolution_number TEXT,
    CHECK ((kind = 'approved') = (resolution_date IS NOT NULL AND resolution_number IS NOT NULL)),
    PRIMARY KEY (institution_id, fiscal_year, seq),
    FOREIGN KEY (institution_id, fiscal_year, version) REFERENCES proposal_versions (institution_id, fiscal_year, version)
);

CREATE TRIGGER budget_proposals_no_update BEFORE UPDATE ON budget_proposals
BEGIN
    SELECT RAISE(ABORT, '예산안 기록은 고칠 수 없습니다 / a draft budget''s records are never changed');
END;
CREATE TRIGGER budget_proposals_no_delete BEFORE DELETE ON budget_proposals
BEGIN
    SELECT RAISE(ABORT, '예산안 기록은 지울 수 없습니다 / a draft budget''s records are never deleted');
END;
CREATE TRIGGER proposal_versions_no_update BEFORE UPDATE ON proposal_versions
BEGIN
    SELECT RAISE(ABORT, '예산안 기록은 고칠 수 없습니다 / a draft budget''s records are never changed');
END;
CREATE TRIGGER proposal_versions_no_delete BEFORE DELETE ON proposal_versions
BEGIN
    SELECT RAISE(ABORT, '예산안 기록은 지울 수 없습니다 / a draft budget''s records are never deleted');
END;
CREATE TRIGGER proposal_events_no_update BEFORE UPDATE ON proposal_events
BEGIN
    SELECT RAISE(ABORT, '예산안 기록은 고칠 수 없습니다 / a draft budget''s records are never changed');
END;
CREATE TRIGGER proposal_events_no_delete BEFORE DELETE ON proposal_events
BEGIN
    SELECT RAISE(ABORT, '예산안 기록은 지울 수 없습니다 / a draft budget''s records are never deleted');
END;

UPDATE meta SET value = '17' WHERE key = 'schema_version';
