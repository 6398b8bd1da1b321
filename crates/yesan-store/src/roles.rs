//! Roles per institution and the system-wide flags (schema 7).
//!
//! An account lives in its home institution, the scope it was added in,
//! with its role there ([`Store::user`], [`Store::set_role`]). It may be
//! granted a role in another institution ([`Store::grant_role`]): planner
//! in one, viewer in another. Two flags reach across every institution: a
//! city reader reads all of them, a system administrator adds institutions
//! and their first administrator ([`SystemRole`]). Which role may do what
//! stays the domain's rule; the store keeps who holds which. Every grant
//! and revocation is audited, in the institution it concerns.

use crate::Store;
use crate::audit::{self, Change};
use crate::codec::{corrupt, get};
use crate::error::StoreError;
use yesan_domain::access::Role;
use yesan_domain::code::{InstitutionCode, UnitCode};

/// A database-wide flag on an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SystemRole {
    /// Reads every institution, read-only (the city's budget office).
    CityReader,
    /// Adds institutions and their first administrator.
    Sysadmin,
}

impl SystemRole {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            SystemRole::CityReader => "city_reader",
            SystemRole::Sysadmin => "sysadmin",
        }
    }
}

/// A role an account holds in one institution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstitutionRole {
    /// The institution.
    pub institution: InstitutionCode,
    /// The role there.
    pub role: Role,
    /// The unit, for a team editor.
    pub unit: Option<UnitCode>,
    /// Whether this is the account's home institution (where it was added).
    pub home: bool,
}

impl Store {
    /// The id of institution `code`.
    async fn institution_id(&self, code: &InstitutionCode) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT id FROM institutions WHERE code = $1")
            .bind(code.as_str())
            .fetch_optional(self.pool())
            .await
            .map_err(StoreError::db("reading institutions"))?
            .ok_or_else(|| StoreError::NoSuchInstitution {
                code: code.to_string(),
            })?;
        get(&row, "institutions", "id")
    }

    async fn account_exists(&self, home: i64, name: &str) -> Result<(), StoreError> {
        let found = sqlx::query("SELECT name FROM users WHERE institution_id = $1 AND name = $2")
            .bind(home)
            .bind(name)
            .fetch_optional(self.pool())
            .await
            .map_err(StoreError::db("reading a user"))?;
        match found {
            Some(_) => Ok(()),
            None => Err(StoreError::NotFound {
                what: "user",
                key: name.to_owned(),
            }),
        }
    }

    /// Grants the account `name` of this handle's institution `role` in
    /// institution `code` (replacing the role it held there). A grant in
    /// the home institution itself is [`Store::set_role`]'s.
    ///
    /// # Errors
    /// [`StoreError::NoSuchInstitution`], [`StoreError::NotFound`] for an
    /// unknown account.
    pub async fn grant_role(
        &self,
        code: &InstitutionCode,
        name: &str,
        role: Role,
        unit: Option<&UnitCode>,
        actor: &str,
    ) -> Result<(), StoreError> {
        let home = self.sc().await?.inst;
        let target = self.institution_id(code).await?;
        if target == home {
            return self.set_role(name, role, unit, actor).await;
        }
        self.account_exists(home, name).await?;
        let mut tx = self.begin_privileged().await?;
        sqlx::query(
            "DELETE FROM user_roles WHERE institution_id = $1 AND home_institution_id = $2 AND username = $3",
        )
        .bind(target)
        .bind(home)
        .bind(name)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("granting a role"))?;
        sqlx::query(
            "INSERT INTO user_roles (institution_id, home_institution_id, username, role, unit, granted_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(target)
        .bind(home)
        .bind(name)
        .bind(role.as_str())
        .bind(unit.map(UnitCode::as_str))
        .bind(audit::now())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("granting a role"))?;
        let after = serde_json::json!({
            "home": self.institution_code().as_str(),
            "role": role.as_str(),
            "unit": unit.map(UnitCode::as_str),
        });
        audit::record(
            &mut *tx,
            target,
            Change {
                actor,
                action: "grant",
                entity: "user",
                key: Some(name),
                before: None,
                after: Some(after.to_string()),
            },
        )
        .await?;
        tx.commit().await.map_err(StoreError::db("granting a role"))
    }

    /// Takes back the role the account `name` of this handle's institution
    /// holds in institution `code`. Returns whether it held one.
    ///
    /// # Errors
    /// [`StoreError::NoSuchInstitution`].
    pub async fn revoke_role(
        &self,
        code: &InstitutionCode,
        name: &str,
        actor: &str,
    ) -> Result<bool, StoreError> {
        let home = self.sc().await?.inst;
        let target = self.institution_id(code).await?;
        let mut tx = self.begin_privileged().await?;
        let done = sqlx::query(
            "DELETE FROM user_roles WHERE institution_id = $1 AND home_institution_id = $2 AND username = $3",
        )
        .bind(target)
        .bind(home)
        .bind(name)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("revoking a role"))?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        audit::record(
            &mut *tx,
            target,
            Change {
                actor,
                action: "revoke",
                entity: "user",
                key: Some(name),
                before: None,
                after: None,
            },
        )
        .await?;
        tx.commit()
            .await
            .map_err(StoreError::db("revoking a role"))?;
        Ok(true)
    }

    /// Every role of the account `name` of this handle's institution: its
    /// home role first, then its grants by institution code.
    ///
    /// # Errors
    /// [`StoreError::Database`], [`StoreError::Corrupt`].
    pub async fn roles_of(&self, name: &str) -> Result<Vec<InstitutionRole>, StoreError> {
        let mut out = Vec::new();
        let Some(user) = self.user(name).await? else {
            return Ok(out);
        };
        out.push(InstitutionRole {
            institution: self.institution_code().clone(),
            role: user.role,
            unit: user.unit,
            home: true,
        });
        let home = self.sc().await?.inst;
        let rows = sqlx::query(
            "SELECT i.code AS code, r.role AS role, r.unit AS unit FROM user_roles r \
             JOIN institutions i ON i.id = r.institution_id \
             WHERE r.home_institution_id = $1 AND r.username = $2 ORDER BY i.code",
        )
        .bind(home)
        .bind(name)
        .fetch_all(self.pool())
        .await
        .map_err(StoreError::db("reading roles"))?;
        const T: &str = "user_roles";
        for r in rows {
            let code: String = get(&r, T, "code")?;
            let role: String = get(&r, T, "role")?;
            let unit: Option<String> = get(&r, T, "unit")?;
            out.push(InstitutionRole {
                institution: InstitutionCode::parse(&code)
                    .map_err(|e| corrupt(T, &code, "institution", e.to_string()))?,
                role: Role::parse(&role).map_err(|e| corrupt(T, name, "role", e.to_string()))?,
                unit: unit
                    .map(|u| UnitCode::parse(&u))
                    .transpose()
                    .map_err(|e| corrupt(T, name, "unit", e.to_string()))?,
                home: false,
            });
        }
        Ok(out)
    }

    /// Sets (`on`) or clears a system-wide flag on the account `name` of
    /// this handle's institution.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for an unknown account.
    pub async fn set_system_role(
        &self,
        name: &str,
        flag: SystemRole,
        on: bool,
        actor: &str,
    ) -> Result<(), StoreError> {
        let home = self.sc().await?.inst;
        self.account_exists(home, name).await?;
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM system_roles WHERE institution_id = $1 AND username = $2 AND flag = $3",
        )
        .bind(home)
        .bind(name)
        .bind(flag.as_str())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("changing a system role"))?;
        if on {
            sqlx::query(
                "INSERT INTO system_roles (institution_id, username, flag, granted_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(home)
            .bind(name)
            .bind(flag.as_str())
            .bind(audit::now())
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("changing a system role"))?;
        }
        let after = serde_json::json!({ "flag": flag.as_str(), "on": on });
        audit::record(
            &mut *tx,
            home,
            Change {
                actor,
                action: "system_role",
                entity: "user",
                key: Some(name),
                before: None,
                after: Some(after.to_string()),
            },
        )
        .await?;
        tx.commit()
            .await
            .map_err(StoreError::db("changing a system role"))
    }

    async fn has_flag(&self, name: &str, flag: SystemRole) -> Result<bool, StoreError> {
        let Some(s) = self.resolve_default().await? else {
            return Ok(false);
        };
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM system_roles WHERE institution_id = $1 AND username = $2 AND flag = $3",
        )
        .bind(s.inst)
        .bind(name)
        .bind(flag.as_str())
        .fetch_one(&mut *self.read_conn().await?)
        .await
        .map_err(StoreError::db("reading system roles"))?;
        Ok(get::<i64>(&row, "system_roles", "n")? > 0)
    }

    /// Whether the account `name` of this handle's institution reads every
    /// institution.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn is_city_reader(&self, name: &str) -> Result<bool, StoreError> {
        self.has_flag(name, SystemRole::CityReader).await
    }

    /// Whether the account `name` of this handle's institution is a system
    /// administrator.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn is_sysadmin(&self, name: &str) -> Result<bool, StoreError> {
        self.has_flag(name, SystemRole::Sysadmin).await
    }
}
