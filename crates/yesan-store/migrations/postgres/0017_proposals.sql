-- Yesan store schema 17 (PostgreSQL): the draft budget (예산안) of a fiscal
-- year (issue 14), kept column-for-column in step with
-- ../sqlite/0017_proposals.sql, which explains the tables. All three are
-- append-only (a trigger function refuses UPDATE and DELETE) and scoped by
-- row-level security like every table.

CREATE TABLE budget_proposals (
    institution_id BIGINT NOT NULL REFERENCES institutions (id),
    fiscal_year    BIGINT NOT NULL,
    base_year      BIGINT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    CHECK (base_year = fiscal_year - 1),
    PRIMARY KEY (institution_id, fiscal_year)
);

CREATE TABLE proposal_versions (
    institution_id BIGINT NOT NULL,
    fiscal_year    BIGINT NOT NULL,
    version        BIGINT NOT NULL CHECK (version >= 1),
    content        TEXT NOT NULL,
    saved_by       TEXT NOT NULL,
    saved_at       TEXT NOT NULL,
    note           TEXT NOT NULL,
    PRIMARY KEY (institution_id, fiscal_year, version),
    FOREIGN KEY (institution_id, fiscal_year) REFERENCES budget_proposals (institution_id, fiscal_year)
);

CREATE TABLE proposal_events (
    institution_id    BIGINT NOT NULL,
    fiscal_year       BIGINT NOT NULL,
    seq               BIGINT NOT NULL CHECK (seq >= 0),
    kind              TEXT NOT NULL CHECK (kind IN ('submitted', 'returned', 'approved')),
    version           BIGINT NOT NULL,
    actor             TEXT NOT NULL,
    at                TEXT NOT NULL,
    note              TEXT NOT NULL,
    resolution_date   TEXT CHECK (resolution_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    resolution_number TEXT,
    CHECK ((kind = 'approved') = (resolution_date IS NOT NULL AND resolution_number IS NOT NULL)),
    PRIMARY KEY (institution_id, fiscal_year, seq),
    FOREIGN KEY (institution_id, fiscal_year, version) REFERENCES proposal_versions (institution_id, fiscal_year, version)
);

CREATE FUNCTION proposal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '예산안 기록은 고치거나 지울 수 없습니다 / a draft budget''s records are never changed or deleted'
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER budget_proposals_no_update BEFORE UPDATE ON budget_proposals
    FOR EACH ROW EXECUTE FUNCTION proposal_append_only();
CREATE TRIGGER budget_proposals_no_delete BEFORE DELETE ON budget_proposals
    FOR EACH ROW EXECUTE FUNCTION proposal_append_only();
CREATE TRIGGER proposal_versions_no_update BEFORE UPDATE ON proposal_versions
    FOR EACH ROW EXECUTE FUNCTION proposal_append_only();
CREATE TRIGGER proposal_versions_no_delete BEFORE DELETE ON proposal_versions
    FOR EACH ROW EXECUTE FUNCTION proposal_append_only();
CREATE TRIGGER proposal_events_no_update BEFORE UPDATE ON proposal_events
    FOR EACH ROW EXECUTE FUNCTION proposal_append_only();
CREATE TRIGGER proposal_events_no_delete BEFORE DELETE ON proposal_events
    FOR EACH ROW EXECUTE FUNCTION proposal_append_only();

GRANT SELECT, INSERT ON budget_proposals TO yesan_app;
ALTER TABLE budget_proposals ENABLE ROW LEVEL SECURITY;
CREATE POLICY budget_proposals_scope ON budget_proposals TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
GRANT SELECT, INSERT ON proposal_versions TO yesan_app;
ALTER TABLE proposal_versions ENABLE ROW LEVEL SECURITY;
CREATE POLICY proposal_versions_scope ON proposal_versions TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());
GRANT SELECT, INSERT ON proposal_events TO yesan_app;
ALTER TABLE proposal_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY proposal_events_scope ON proposal_events TO yesan_app
    USING (institution_id = yesan_scope()) WITH CHECK (institution_id = yesan_scope());

UPDATE meta SET value = '17' WHERE key = 'schema_version';
