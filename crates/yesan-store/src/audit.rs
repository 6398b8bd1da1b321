//! The audit log: who changed what, and when. Rows are only ever added (the
//! schema's triggers refuse UPDATE and DELETE), and every write the store
//! makes records its row in the same transaction as the change itself, so
//! the log cannot miss a change or describe one that was rolled back.

use crate::codec::get;
use crate::conn::Exec;
use crate::error::StoreError;
use crate::key::Sc;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    /// Increasing with every record.
    pub id: i64,
    /// When the change was made.
    pub at: DateTime<Utc>,
    /// Who made it (a user name, or `system`).
    pub actor: String,
    /// What was done, e.g. `init`.
    pub action: String,
    /// What kind of record it was done to, e.g. `dataset`.
    pub entity: String,
    /// The record's key, when the change concerns one record.
    pub key: Option<String>,
    /// The record before the change, as JSON.
    pub before: Option<String>,
    /// The record after the change, as JSON.
    pub after: Option<String>,
}

/// The parts of an audit record that the caller supplies.
pub(crate) struct Change<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub key: Option<&'a str>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A timestamp that sorts as text in both backends.
pub(crate) fn now() -> String {
    stamp(Utc::now())
}

/// `t` as stored: RFC 3339 in UTC with microseconds (fixed width).
pub(crate) fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Appends one record; the caller's transaction decides whether it stays.
/// `inst` is the institution the change belongs to.
pub(crate) async fn record(
    conn: &mut impl Exec,
    inst: i64,
    change: Change<'_>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (institution_id, at, actor, action, entity, key, before, after) VALUES ($8, $1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(now())
    .bind(change.actor)
    .bind(change.action)
    .bind(change.entity)
    .bind(change.key)
    .bind(change.before)
    .bind(change.after)
    .bind(inst)
    .execute(conn.ex())
    .await
    .map_err(StoreError::db("writing the audit log"))?;
    Ok(())
}

/// The latest records of the scope's institution (and those about the
/// whole database).
pub(crate) async fn recent(
    c: &mut sqlx::AnyConnection,
    s: Sc,
    limit: i64,
) -> Result<Vec<AuditRecord>, StoreError> {
    let sql = format!(
        "SELECT id, at, actor, action, entity, key, before, after FROM audit_log WHERE ({} OR institution_id IS NULL) ORDER BY id DESC LIMIT $1",
        s.wi()
    );
    let rows = sqlx::query(&sql)
        // SQLite reads a negative LIMIT as "no limit", PostgreSQL refuses it.
        .bind(limit.max(0))
        .fetch_all(c)
        .await
        .map_err(StoreError::db("reading the audit log"))?;
    rows.iter().map(from_row).collect()
}

/// An `audit_log` row (every column).
pub(crate) fn from_row(row: &sqlx::any::AnyRow) -> Result<AuditRecord, StoreError> {
    let id: i64 = get(row, "audit_log", "id")?;
    let at: String = get(row, "audit_log", "at")?;
    let at = DateTime::parse_from_rfc3339(&at)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt {
            table: "audit_log",
            key: id.to_string(),
            reason: format!(
                "at: 시각을 읽을 수 없습니다 / not an RFC 3339 timestamp: '{at}' ({e})"
            ),
        })?;
    Ok(AuditRecord {
        id,
        at,
        actor: get(row, "audit_log", "actor")?,
        action: get(row, "audit_log", "action")?,
        entity: get(row, "audit_log", "entity")?,
        key: get(row, "audit_log", "key")?,
        before: get(row, "audit_log", "before")?,
        after: get(row, "audit_log", "after")?,
    })
}
