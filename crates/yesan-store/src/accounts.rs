//! Accounts and sessions for the web app. The store keeps what it is given:
//! it never sees a password, only the argon2 hash the caller computed, and
//! never a session token, only its SHA-256. Which role may do what is the
//! domain's rule (`yesan_domain::access`), not the store's.
//!
//! Every change to an account is written to the audit log in the same
//! transaction (without the hash), and so are sign-ins and sign-outs, since
//! an auditor asks who was using the system as much as what changed.
//!
//! Accounts are never deleted: one that should no longer sign in is
//! deactivated ([`Store::set_active`]), which ends its sessions at once and
//! keeps its name in the history. A change of role or activity that would
//! leave the institution without an active administrator is refused inside
//! its own transaction (the domain's [`LastAdministrator`] rule), so two
//! administrators demoting each other at once cannot both succeed.

use crate::Store;
use crate::audit::{self, Change};
use crate::codec::{corrupt, get};
use crate::error::StoreError;
use crate::key::Sc;
use sqlx::any::AnyRow;
use yesan_domain::access::{LastAdministrator, Role};
use yesan_domain::code::UnitCode;

/// An account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Sign-in name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// The unit a team editor edits for.
    pub unit: Option<UnitCode>,
    /// Whether the password was set by someone else (first run, reset) and
    /// must be changed at the next sign-in.
    pub must_change: bool,
    /// The argon2 PHC string.
    pub password_hash: String,
    /// Whether the account may sign in (a deactivated one keeps its name
    /// and history but opens no session).
    pub active: bool,
}

/// What [`Store::add_user`] needs.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    /// Sign-in name.
    pub name: &'a str,
    /// The argon2 PHC string of the password.
    pub password_hash: &'a str,
    /// Role.
    pub role: Role,
    /// The unit, for a team editor.
    pub unit: Option<&'a UnitCode>,
    /// Whether the password must be changed at the next sign-in.
    pub must_change: bool,
}

const COLUMNS: &str = "name, password_hash, role, unit, must_change, active";

/// The first key of the accounts' advisory lock on PostgreSQL (the second
/// is the institution): role and activity changes of one institution take
/// turns, so the count of administrators each one checks is the one it
/// leaves. SQLite's writers take turns anyway.
const ACCOUNTS_LOCK: i32 = 0x5945_5355;

fn user_from_row(r: &AnyRow) -> Result<User, StoreError> {
    const T: &str = "users";
    let name: String = get(r, T, "name")?;
    let role: String = get(r, T, "role")?;
    let role = Role::parse(&role).map_err(|e| corrupt(T, &name, "role", e.to_string()))?;
    let unit: Option<String> = get(r, T, "unit")?;
    let unit = unit
        .map(|u| UnitCode::parse(&u))
        .transpose()
        .map_err(|e| corrupt(T, &name, "unit", e.to_string()))?;
    Ok(User {
        role,
        unit,
        must_change: get::<i64>(r, T, "must_change")? != 0,
        password_hash: get(r, T, "password_hash")?,
        active: get::<i64>(r, T, "active")? != 0,
        name,
    })
}

/// The audit record's view of an account: never the hash.
fn shown(role: Role, unit: Option<&UnitCode>) -> String {
    serde_json::json!({ "role": role.as_str(), "unit": unit.map(UnitCode::as_str) }).to_string()
}

impl Store {
    /// How many accounts exist (the first run creates an administrator when
    /// there are none).
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn user_count(&self) -> Result<i64, StoreError> {
        let Some(s) = self.resolve_default().await? else {
            return Ok(0);
        };
        let row = sqlx::query(&format!("SELECT COUNT(*) AS n FROM users WHERE {}", s.wi()))
            .fetch_one(&mut *self.read_conn().await?)
            .await
            .map_err(StoreError::db("counting users"))?;
        get(&row, "users", "n")
    }

    /// Every account, by name.
    ///
    /// # Errors
    /// [`StoreError::Database`], [`StoreError::Corrupt`].
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let Some(s) = self.resolve_default().await? else {
            return Ok(Vec::new());
        };
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM users WHERE {} ORDER BY name",
            s.wi()
        ))
        .fetch_all(&mut *self.read_conn().await?)
        .await
        .map_err(StoreError::db("reading users"))?
        .iter()
        .map(user_from_row)
        .collect()
    }

    /// One account.
    ///
    /// # Errors
    /// [`StoreError::Database`], [`StoreError::Corrupt`].
    pub async fn user(&self, name: &str) -> Result<Option<User>, StoreError> {
        let Some(s) = self.resolve_default().await? else {
            return Ok(None);
        };
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM users WHERE {} AND name = $1",
            s.wi()
        ))
        .bind(name)
        .fetch_optional(&mut *self.read_conn().await?)
        .await
        .map_err(StoreError::db("reading a user"))?
        .as_ref()
        .map(user_from_row)
        .transpose()
    }

    /// Adds an account.
    ///
    /// # Errors
    /// [`StoreError::Duplicate`] if the name is taken, [`StoreError::NotFound`]
    /// for an unknown unit, [`StoreError::Database`].
    pub async fn add_user(&self, u: &NewUser<'_>, actor: &str) -> Result<(), StoreError> {
        let s = self.sc().await?;
        let mut tx = self.begin_write().await?;
        if sqlx::query(&format!(
            "SELECT name FROM users WHERE {} AND name = $1",
            s.wi()
        ))
        .bind(u.name)
        .fetch_optional(&mut *tx)
        .await
        .map_err(StoreError::db("checking a user name"))?
        .is_some()
        {
            return Err(StoreError::Duplicate {
                what: "user",
                key: u.name.to_owned(),
            });
        }
        self.check_unit(&mut tx, s, u.unit).await?;
        sqlx::query(
            "INSERT INTO users (institution_id, name, password_hash, role, unit, must_change, created_at) VALUES ($7, $1, $2, $3, $4, $5, $6)",
        )
        .bind(u.name)
        .bind(u.password_hash)
        .bind(u.role.as_str())
        .bind(u.unit.map(UnitCode::as_str))
        .bind(i64::from(u.must_change))
        .bind(audit::now())
        .bind(s.inst)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("adding a user"))?;
        audit::record(
            &mut *tx,
            s.inst,
            Change {
                actor,
                action: "add",
                entity: "user",
                key: Some(u.name),
                before: None,
                after: Some(shown(u.role, u.unit)),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::db("adding a user"))
    }

    /// A unit of any version of the organization will do: an account
    /// outlives a reorganization.
    async fn check_unit(
        &self,
        c: &mut sqlx::AnyConnection,
        s: Sc,
        unit: Option<&UnitCode>,
    ) -> Result<(), StoreError> {
        let Some(unit) = unit else { return Ok(()) };
        let sql = format!(
            "SELECT code FROM org_units WHERE {} AND code = $1 LIMIT 1",
            s.wi()
        );
        let found = sqlx::query(&sql)
            .bind(unit.as_str())
            .fetch_optional(c)
            .await
            .map_err(StoreError::db("checking a unit"))?;
        match found {
            Some(_) => Ok(()),
            None => Err(StoreError::NotFound {
                what: "unit",
                key: unit.to_string(),
            }),
        }
    }

    /// Changes an account's role (and unit). The account's sessions end, so
    /// that a narrowed role takes effect at once.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown user or unit.
    pub async fn set_role(
        &self,
        name: &str,
        role: Role,
        unit: Option<&UnitCode>,
        actor: &str,
    ) -> Result<(), StoreError> {
        let before = self.user(name).await?.ok_or_else(|| StoreError::NotFound {
            what: "user",
            key: name.to_owned(),
        })?;
        let s = self.sc().await?;
        let mut tx = self.begin_write().await?;
        self.check_unit(&mut tx, s, unit).await?;
        let admins = self.lock_accounts(&mut tx, s).await?;
        sqlx::query(&format!(
            "UPDATE users SET role = $1, unit = $2 WHERE {} AND name = $3",
            s.wi()
        ))
        .bind(role.as_str())
        .bind(unit.map(UnitCode::as_str))
        .bind(name)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("changing a role"))?;
        LastAdministrator::check(name, admins, active_admins(&mut tx, s).await?)?;
        end_sessions(&mut tx, s, name).await?;
        audit::record(
            &mut *tx,
            s.inst,
            Change {
                actor,
                action: "role",
                entity: "user",
                key: Some(name),
                before: Some(shown(before.role, before.unit.as_ref())),
                after: Some(shown(role, unit)),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::db("changing a role"))
    }

    /// Deactivates (`active` false) or reactivates an account. A
    /// deactivated account's sessions end in the same transaction, so it
    /// is signed out everywhere at once, and it cannot sign in again until
    /// reactivated. Returns whether anything changed (setting the state it
    /// already has records nothing).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown user;
    /// [`StoreError::LastAdministrator`] for the institution's last
    /// active administrator.
    pub async fn set_active(
        &self,
        name: &str,
        active: bool,
        actor: &str,
    ) -> Result<bool, StoreError> {
        let before = self.user(name).await?.ok_or_else(|| StoreError::NotFound {
            what: "user",
            key: name.to_owned(),
        })?;
        if before.active == active {
            return Ok(false);
        }
        let s = self.sc().await?;
        let mut tx = self.begin_write().await?;
        let admins = self.lock_accounts(&mut tx, s).await?;
        sqlx::query(&format!(
            "UPDATE users SET active = $1 WHERE {} AND name = $2",
            s.wi()
        ))
        .bind(i64::from(active))
        .bind(name)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("changing an account's activity"))?;
        LastAdministrator::check(name, admins, active_admins(&mut tx, s).await?)?;
        end_sessions(&mut tx, s, name).await?;
        audit::record(
            &mut *tx,
            s.inst,
            Change {
                actor,
                action: if active { "activate" } else { "deactivate" },
                entity: "user",
                key: Some(name),
                before: Some(serde_json::json!({ "active": before.active }).to_string()),
                after: Some(serde_json::json!({ "active": active }).to_string()),
            },
        )
        .await?;
        tx.commit()
            .await
            .map_err(StoreError::db("changing an account's activity"))?;
        Ok(true)
    }

    /// Takes the institution's accounts lock (PostgreSQL; SQLite's write
    /// transaction holds the database already) and counts its active
    /// administrators before the change.
    async fn lock_accounts(&self, c: &mut sqlx::AnyConnection, s: Sc) -> Result<usize, StoreError> {
        if self.backend == crate::Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1, CAST($2 AS INTEGER))")
                .bind(ACCOUNTS_LOCK)
                .bind(s.inst)
                .execute(&mut *c)
                .await
                .map_err(StoreError::db("locking the accounts"))?;
        }
        active_admins(c, s).await
    }

    /// Replaces an account's password hash. Every other session of the
    /// account ends (`keep_session` is the one the change was made from).
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown user.
    pub async fn set_password(
        &self,
        name: &str,
        password_hash: &str,
        must_change: bool,
        keep_session: Option<&str>,
        actor: &str,
    ) -> Result<(), StoreError> {
        let s = self.sc().await?;
        let mut tx = self.begin_write().await?;
        let sql = format!(
            "UPDATE users SET password_hash = $1, must_change = $2 WHERE {} AND name = $3",
            s.wi()
        );
        let done = sqlx::query(&sql)
            .bind(password_hash)
            .bind(i64::from(must_change))
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("changing a password"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                what: "user",
                key: name.to_owned(),
            });
        }
        sqlx::query(&format!(
            "DELETE FROM sessions WHERE {} AND username = $1 AND token_hash <> $2",
            s.wi()
        ))
        .bind(name)
        .bind(keep_session.unwrap_or(""))
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("ending sessions"))?;
        audit::record(
            &mut *tx,
            s.inst,
            Change {
                actor,
                action: "password",
                entity: "user",
                key: Some(name),
                before: None,
                after: Some(serde_json::json!({ "must_change": must_change }).to_string()),
            },
        )
        .await?;
        tx.commit()
            .await
            .map_err(StoreError::db("changing a password"))
    }

    /// Opens a session for `name` and records the sign-in.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn create_session(
        &self,
        token_hash: &str,
        name: &str,
        csrf: &str,
        expires_at: &str,
    ) -> Result<(), StoreError> {
        let s = self.sc().await?;
        let mut tx = self.begin_write().await?;
        // Expired sessions are swept whenever someone signs in.
        sqlx::query(&format!(
            "DELETE FROM sessions WHERE {} AND expires_at < $1",
            s.wi()
        ))
        .bind(audit::now())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("sweeping sessions"))?;
        sqlx::query(
            "INSERT INTO sessions (institution_id, token_hash, username, csrf, created_at, expires_at) VALUES ($6, $1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(name)
        .bind(csrf)
        .bind(audit::now())
        .bind(expires_at)
        .bind(s.inst)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("opening a session"))?;
        audit::record(
            &mut *tx,
            s.inst,
            Change {
                actor: name,
                action: "login",
                entity: "session",
                key: Some(name),
                before: None,
                after: None,
            },
        )
        .await?;
        tx.commit()
            .await
            .map_err(StoreError::db("opening a session"))
    }

    /// The account and CSRF token of a live session.
    ///
    /// # Errors
    /// [`StoreError::Database`], [`StoreError::Corrupt`].
    pub async fn session(&self, token_hash: &str) -> Result<Option<(User, String)>, StoreError> {
        let Some(sc) = self.resolve_default().await? else {
            return Ok(None);
        };
        let sql = format!(
            "SELECT u.name, u.password_hash, u.role, u.unit, u.must_change, u.active, s.csrf \
             FROM sessions s JOIN users u ON u.institution_id = s.institution_id AND u.name = s.username \
             WHERE s.institution_id = {} AND s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1",
            sc.inst
        );
        let row = sqlx::query(&sql)
            .bind(token_hash)
            .bind(audit::now())
            .fetch_optional(&mut *self.read_conn().await?)
            .await
            .map_err(StoreError::db("reading a session"))?;
        match row {
            Some(r) => Ok(Some((user_from_row(&r)?, get(&r, "sessions", "csrf")?))),
            None => Ok(None),
        }
    }

    /// Ends a session and records the sign-out.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn end_session(&self, token_hash: &str, name: &str) -> Result<(), StoreError> {
        let s = self.sc().await?;
        let mut tx = self.begin_write().await?;
        sqlx::query(&format!(
            "DELETE FROM sessions WHERE {} AND token_hash = $1",
            s.wi()
        ))
        .bind(token_hash)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("ending a session"))?;
        audit::record(
            &mut *tx,
            s.inst,
            Change {
                actor: name,
                action: "logout",
                entity: "session",
                key: Some(name),
                before: None,
                after: None,
            },
        )
        .await?;
        tx.commit()
            .await
            .map_err(StoreError::db("ending a session"))
    }
}

/// The institution's active administrators (its own accounts: see
/// [`LastAdministrator`]).
async fn active_admins(c: &mut sqlx::AnyConnection, s: Sc) -> Result<usize, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT COUNT(*) AS n FROM users WHERE {} AND role = 'admin' AND active = 1",
        s.wi()
    ))
    .fetch_one(c)
    .await
    .map_err(StoreError::db("counting administrators"))?;
    let n: i64 = get(&row, "users", "n")?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Ends every session of the account `name`.
async fn end_sessions(c: &mut sqlx::AnyConnection, s: Sc, name: &str) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "DELETE FROM sessions WHERE {} AND username = $1",
        s.wi()
    ))
    .bind(name)
    .execute(c)
    .await
    .map_err(StoreError::db("ending sessions"))?;
    Ok(())
}
