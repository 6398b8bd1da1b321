-- Yesan store schema 2 (PostgreSQL): budget amendments and the ledger's
-- per-day index. Kept in step with ../sqlite/0002_ledger.sql.

-- Budget amendments (본예산, 추경, 전용·이용, 이월). Like the ledger they are
-- records of decisions, so they are append-only: a mistaken amendment is
-- undone by another one.
CREATE TABLE amendments (
    no          TEXT PRIMARY KEY,
    seq         BIGINT NOT NULL UNIQUE,
    date        TEXT NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    kind        TEXT NOT NULL CHECK (kind IN ('original', 'supplementary', 'transfer', 'carryover')),
    note        TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);

CREATE TABLE amendment_changes (
    amendment TEXT NOT NULL REFERENCES amendments (no),
    position  BIGINT NOT NULL CHECK (position >= 0),
    line      TEXT NOT NULL REFERENCES budget_lines (code),
    delta     BIGINT NOT NULL,
    PRIMARY KEY (amendment, position)
);

CREATE FUNCTION amendments_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '예산 변경 기록은 고치거나 지울 수 없습니다. 새 변경을 추가하세요 / amendments are append-only: record another amendment instead'
        USING ERRCODE = 'restrict_violation';
END;
$$;
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

-- References are followed when a disbursement or cancellation is checked.
CREATE INDEX entries_ref ON entries (ref);
-- Date and line queries go through line_day/line_cum; every index dropped
-- makes each of millions of inserts cheaper.
DROP INDEX entries_date;
DROP INDEX entries_line_date;

-- The ledger's per-day index: net commitments and disbursements of each
-- leaf line on each day (line_day), and their running totals (line_cum).
-- Both are derived from `entries` in the same transaction that writes them
-- and can be rebuilt from it at any time; they exist so that the status on
-- any date is one index seek per line instead of a scan of the ledger.
CREATE TABLE line_day (
    line      TEXT NOT NULL,
    day       TEXT NOT NULL,
    committed BIGINT NOT NULL,
    disbursed BIGINT NOT NULL,
    PRIMARY KEY (line, day)
);

CREATE TABLE line_cum (
    line      TEXT NOT NULL,
    day       TEXT NOT NULL,
    committed BIGINT NOT NULL,
    disbursed BIGINT NOT NULL,
    PRIMARY KEY (line, day)
);

INSERT INTO line_day (line, day, committed, disbursed)
SELECT line, date,
       SUM(CASE kind WHEN 'commit' THEN amount WHEN 'commit_cancel' THEN -amount ELSE 0 END),
       SUM(CASE kind WHEN 'disburse' THEN amount WHEN 'disburse_cancel' THEN -amount ELSE 0 END)
FROM entries GROUP BY line, date;

INSERT INTO line_cum (line, day, committed, disbursed)
SELECT line, day,
       SUM(committed) OVER (PARTITION BY line ORDER BY day),
       SUM(disbursed) OVER (PARTITION BY line ORDER BY day)
FROM line_day;

UPDATE meta SET value = '2' WHERE key = 'schema_version';

ALTER TABLE entries ADD COLUMN recorded_by TEXT;
ALTER TABLE budget ADD COLUMN prior_curve TEXT;
