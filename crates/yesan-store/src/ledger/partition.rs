//! PostgreSQL's ledger, one partition per institution and fiscal year
//! (schema 19): a year's first recording writes its rows into a table of
//! their own ([`open`]), whose indexes are built once over all of them and
//! which then becomes the year's partition ([`attach`]), in the recording's
//! transaction; the database's functions of the same names do the DDL, so
//! the rule lives in one place, beside the table it keeps. Every other
//! write of entries (a dataset's ledger, a restore) first makes sure the
//! year has its partition ([`ensure`]). SQLite has one table and none of
//! this.

use crate::conn::Exec;
use crate::error::StoreError;
use crate::key::Sc;
use sqlx::Row;

/// The table the entries of `s`'s first recording go into, created empty
/// and not yet attached; `None` when the year has its partition already
/// (on SQLite, always).
pub(crate) async fn open(c: &mut impl Exec, s: Sc) -> Result<Option<String>, StoreError> {
    if c.is_sqlite() {
        return Ok(None);
    }
    let row = sqlx::query("SELECT entries_partition_open($1, $2) AS name")
        .bind(s.inst)
        .bind(s.year)
        .fetch_one(c.ex())
        .await
        .map_err(StoreError::db("preparing the year's ledger table"))?;
    row.try_get::<Option<String>, _>("name")
        .map_err(StoreError::db("preparing the year's ledger table"))
}

/// Indexes the table [`open`] gave, checks its rows' year and lines, and
/// attaches it as the year's partition.
pub(crate) async fn attach(c: &mut impl Exec, s: Sc) -> Result<(), StoreError> {
    sqlx::query("SELECT entries_partition_attach($1, $2)")
        .bind(s.inst)
        .bind(s.year)
        .execute(c.ex())
        .await
        .map_err(StoreError::db("writing ledger entries"))?;
    Ok(())
}

/// Makes sure `s`'s year has its partition, before a write of entries
/// that is not a recording (nothing on SQLite).
pub(crate) async fn ensure(c: &mut impl Exec, s: Sc) -> Result<(), StoreError> {
    if c.is_sqlite() {
        return Ok(());
    }
    sqlx::query("SELECT entries_partition($1, $2)")
        .bind(s.inst)
        .bind(s.year)
        .execute(c.ex())
        .await
        .map_err(StoreError::db("preparing the year's ledger table"))?;
    Ok(())
}
