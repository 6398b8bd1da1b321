-- Yesan store schema 7: roles per institution and system-wide flags. Kept
-- in step between ../sqlite/ and ../postgres/.
--
-- An account belongs to its home institution (`users`, keyed by
-- institution and name, holds its role there). `user_roles` grants the
-- account (home_institution_id, username) a role in another institution:
-- planner in one, viewer in another. `system_roles` holds the two
-- database-wide flags: `city_reader` (reads every institution) and
-- `sysadmin` (adds institutions and their first administrator). Both lead
-- with an institution, the one the role is in, resp. the account's home.

CREATE TABLE user_roles (
    institution_id      BIGINT NOT NULL REFERENCES institutions (id),
    home_institution_id BIGINT NOT NULL,
    username            TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('admin', 'planner', 'finance', 'team_editor', 'viewer')),
    unit                TEXT,
    granted_at          TEXT NOT NULL,
    CHECK ((role = 'team_editor') = (unit IS NOT NULL)),
    PRIMARY KEY (institution_id, home_institution_id, username),
    FOREIGN KEY (home_institution_id, username) REFERENCES users (institution_id, name) ON DELETE CASCADE
);
CREATE INDEX user_roles_account ON user_roles (home_institution_id, username);

CREATE TABLE system_roles (
    institution_id BIGINT NOT NULL,
    username       TEXT NOT NULL,
    flag           TEXT NOT NULL CHECK (flag IN ('city_reader', 'sysadmin')),
    granted_at     TEXT NOT NULL,
    PRIMARY KEY (institution_id, username, flag),
    FOREIGN KEY (institution_id, username) REFERENCES users (institution_id, name) ON DELETE CASCADE
);

UPDATE meta SET value = '7' WHERE key = 'schema_version';
