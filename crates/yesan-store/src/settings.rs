//! The institution's settings (schema 15, `institution_settings`): the
//! choices the domain leaves to each institution (`yesan_domain::policy`:
//! how 산출기초 totals round, whether expenditure lines must carry a
//! 편성목·통계목 code, whether achievement rates are capped), kept as
//! key–value pairs. A database that never set them holds the defaults.
//! Setting them replaces them whole, in one transaction with one audit
//! record (before and after).

use crate::Store;
use crate::audit::{self, Change};
use crate::codec::{corrupt, get};
use crate::conn::Exec;
use crate::error::StoreError;
use yesan_domain::bilingual::Bilingual;
use yesan_domain::policy::Policy;

const TABLE: &str = "institution_settings";

/// The settings of institution `inst`.
pub(crate) async fn read_in(c: &mut impl Exec, inst: i64) -> Result<Policy, StoreError> {
    let sql = format!("SELECT key, value FROM {TABLE} WHERE institution_id = $1 ORDER BY key");
    let rows = sqlx::query(&sql)
        .bind(inst)
        .fetch_all(c.ex())
        .await
        .map_err(StoreError::db("reading the institution's settings"))?;
    let pairs = rows
        .iter()
        .map(|r| {
            Ok((
                get::<String>(r, TABLE, "key")?,
                get::<String>(r, TABLE, "value")?,
            ))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Policy::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(|e| corrupt(TABLE, &inst.to_string(), "value", e.both()))
}

/// Writes `policy` as the settings of institution `inst` (which holds none).
pub(crate) async fn write_in(
    c: &mut impl Exec,
    inst: i64,
    policy: &Policy,
) -> Result<(), StoreError> {
    let sql = format!("INSERT INTO {TABLE} (institution_id, key, value) VALUES ($1, $2, $3)");
    for (key, value) in policy.pairs() {
        sqlx::query(&sql)
            .bind(inst)
            .bind(key)
            .bind(value)
            .execute(c.ex())
            .await
            .map_err(StoreError::db("writing the institution's settings"))?;
    }
    Ok(())
}

fn as_json(p: &Policy) -> String {
    serde_json::to_string(p).unwrap_or_default()
}

impl Store {
    /// This handle's institution's settings (the defaults when none were
    /// set).
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] for a setting that cannot be read back;
    /// database errors.
    pub async fn policy(&self) -> Result<Policy, StoreError> {
        let s = self.sc().await?;
        read_in(&mut self.read_conn().await?, s.inst).await
    }

    /// Replaces this handle's institution's settings with `policy`, in one
    /// transaction with one audit record holding them before and after.
    ///
    /// # Errors
    /// Database errors; nothing is written then.
    pub async fn set_policy(&self, policy: &Policy, actor: &str) -> Result<(), StoreError> {
        let s = self.sc().await?;
        let mut tx = self.begin_write().await?;
        let before = read_in(&mut *tx, s.inst).await?;
        sqlx::query(&format!("DELETE FROM {TABLE} WHERE institution_id = $1"))
            .bind(s.inst)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("replacing the institution's settings"))?;
        write_in(&mut *tx, s.inst, policy).await?;
        audit::record(
            &mut *tx,
            s.inst,
            Change {
                actor,
                action: "set_policy",
                entity: "institution_settings",
                key: None,
                before: Some(as_json(&before)),
                after: Some(as_json(policy)),
            },
        )
        .await?;
        tx.commit()
            .await
            .map_err(StoreError::db("committing the institution's settings"))?;
        tracing::info!(actor, "institution settings recorded");
        Ok(())
    }
}
