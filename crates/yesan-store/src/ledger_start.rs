//! Where a year's ledger begins ([`Store::ledger_start`]): its first day
//! with entries, read from the per-day index, and whether that day's
//! entries are opening entries (the domain's `as_of::is_opening`), so a
//! reader of an earlier date is told from when the ledger holds entries.

use crate::Store;
use crate::codec::{get, parse_date};
use crate::error::StoreError;
use yesan_domain::as_of::{LedgerStart, is_opening};

/// How many of the first day's entries are looked at: opening entries are
/// one or two per line, and a day of ordinary entries shows itself in the
/// first few.
const SAMPLE: i64 = 500;

impl Store {
    /// The first day of this handle's year with entries, and whether that
    /// day's entries (a sample of them) are all opening entries; `None`
    /// for a year without entries.
    ///
    /// # Errors
    /// Database errors.
    pub async fn ledger_start(&self) -> Result<Option<LedgerStart>, StoreError> {
        let s = self.sc().await?;
        let mut conn = self.read_conn().await?;
        let row = sqlx::query(&format!(
            "SELECT MIN(day) AS day FROM day_totals WHERE {}",
            s.w()
        ))
        .fetch_one(&mut *conn)
        .await
        .map_err(StoreError::db("reading the first entry date"))?;
        let Some(day) = get::<Option<String>>(&row, "day_totals", "day")? else {
            return Ok(None);
        };
        let first_day = parse_date("day_totals", "min", "day", &day)?;
        let rows = sqlx::query(&format!(
            "SELECT doc_no, memo FROM entries WHERE {} AND date = $1 LIMIT {SAMPLE}",
            s.w()
        ))
        .bind(&day)
        .fetch_all(&mut *conn)
        .await
        .map_err(StoreError::db("reading the first day's entries"))?;
        let mut opening = !rows.is_empty();
        for r in &rows {
            let doc: String = get(r, "entries", "doc_no")?;
            let memo: Option<String> = get(r, "entries", "memo")?;
            opening &= is_opening(&doc, memo.as_deref());
        }
        Ok(Some(LedgerStart { first_day, opening }))
    }
}
