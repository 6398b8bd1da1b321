-- Yesan store schema 14 (SQLite): the auditor role (감사, reads the audit
-- log) and accounts that are deactivated rather than deleted (`active`;
-- a deactivated account keeps its name, its history in the audit log and
-- its grants, but opens no session). Kept column-for-column in step with
-- ../postgres/0014_auditor_inactive.sql.
--
-- SQLite cannot change a CHECK constraint in place, so the account tables
-- are copied aside, dropped children first (a dropped parent would take
-- its children's rows with it: ON DELETE CASCADE), created anew and
-- filled from the copies, as 0006 did. `active` is the last column of
-- `users` on both backends (PostgreSQL appends it), so that backups list
-- the columns alike.

CREATE TEMP TABLE v13_users AS SELECT * FROM users;
CREATE TEMP TABLE v13_sessions AS SELECT * FROM sessions;
CREATE TEMP TABLE v13_user_roles AS SELECT * FROM user_roles;
CREATE TEMP TABLE v13_system_roles AS SELECT * FROM system_roles;

DROP TABLE sessions;
DROP TABLE user_roles;
DROP TABLE system_roles;
DROP TABLE users;

CREATE TABLE users (
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    name           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'planner', 'finance', 'team_editor', 'viewer', 'auditor')),
    unit           TEXT,
    must_change    BIGINT NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    active         BIGINT NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    CHECK ((role = 'team_editor') = (unit IS NOT NULL)),
    PRIMARY KEY (institution_id, name)
);

CREATE TABLE sessions (
    institution_id INTEGER NOT NULL,
    token_hash     TEXT NOT NULL,
    username       TEXT NOT NULL,
    csrf           TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL,
    PRIMARY KEY (institution_id, token_hash),
    FOREIGN KEY (institution_id, username) REFERENCES users (institution_id, name) ON DELETE CASCADE
);
CREATE INDEX sessions_user ON sessions (institution_id, username);

CREATE TABLE user_roles (
    institution_id      INTEGER NOT NULL REFERENCES institutions (id),
    home_institution_id INTEGER NOT NULL,
    username            TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('admin', 'planner', 'finance', 'team_editor', 'viewer', 'auditor')),
    unit                TEXT,
    granted_at          TEXT NOT NULL,
    CHECK ((role = 'team_editor') = (unit IS NOT NULL)),
    PRIMARY KEY (institution_id, home_institution_id, username),
    FOREIGN KEY (home_institution_id, username) REFERENCES users (institution_id, name) ON DELETE CASCADE
);
CREATE INDEX user_roles_account ON user_roles (home_institution_id, username);

CREATE TABLE system_roles (
    institution_id INTEGER NOT NULL,
    username       TEXT NOT NULL,
    flag           TEXT NOT NULL CHECK (flag IN ('city_reader', 'sysadmin')),
    granted_at     TEXT NOT NULL,
    PRIMARY KEY (institution_id, username, flag),
    FOREIGN KEY (institution_id, username) REFERENCES users (institution_id, name) ON DELETE CASCADE
);

INSERT INTO users (institution_id, name, password_hash, role, unit, must_change, created_at, active)
SELECT institution_id, name, password_hash, role, unit, must_change, created_at, 1 FROM v13_users;
INSERT INTO sessions (institution_id, token_hash, username, csrf, created_at, expires_at)
SELECT institution_id, token_hash, username, csrf, created_at, expires_at FROM v13_sessions;
INSERT INTO user_roles (institution_id, home_institution_id, username, role, unit, granted_at)
SELECT institution_id, home_institution_id, username, role, unit, granted_at FROM v13_user_roles;
INSERT INTO system_roles (institution_id, username, flag, granted_at)
SELECT institution_id, username, flag, granted_at FROM v13_system_roles;

DROP TABLE v13_users;
DROP TABLE v13_sessions;
DROP TABLE v13_user_roles;
DROP TABLE v13_system_roles;

UPDATE meta SET value = '14' WHERE key = 'schema_version';
