-- Yesan store schema 3 (PostgreSQL): accounts and sessions for the web app.
-- Kept in step with ../sqlite/0003_accounts.sql.

-- One row per person. `role` is one of the domain's roles; a team editor
-- names the unit whose projects they may edit. The password is an argon2
-- PHC string, never the password. Changes to users are audited (without
-- the hash).
CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'planner', 'finance', 'team_editor', 'viewer')),
    unit          TEXT REFERENCES org_units (code),
    must_change   BIGINT NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    CHECK ((role = 'team_editor') = (unit IS NOT NULL))
);

-- Signed-in sessions. The cookie carries a random token; only its SHA-256
-- is kept, so a copy of the database opens no session. `csrf` is the
-- token every state-changing request of the session must echo.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    username   TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (username);

-- The audit log is filtered by who, what and when in the web app.
CREATE INDEX audit_log_entity ON audit_log (entity, id);
CREATE INDEX audit_log_actor ON audit_log (actor, id);

UPDATE meta SET value = '3' WHERE key = 'schema_version';
