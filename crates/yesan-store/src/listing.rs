//! The execution list's reads beyond the newest page: the totals of every
//! entry a filter selects (in any of its orders, `browse.rs`), every such
//! entry at once for an export, and which of a file's document numbers the
//! ledger holds already (an upload's preview marks them).

use crate::Store;
use crate::browse::{EntryFilter, order_and_cursor};
use crate::codec::{self, entry_from_row, get};
use crate::error::StoreError;
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::money::Won;

/// The totals of the entries a filter selects, however many pages they
/// fill.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EntryTotals {
    /// Entries.
    pub count: u64,
    /// Per kind, in [`EntryKind::ALL`]'s order: (kind, entries, amount).
    pub by_kind: Vec<(EntryKind, u64, Won)>,
}

impl EntryTotals {
    /// Commitments net of their cancellations, and disbursements net of
    /// theirs (each kind's effect, [`EntryKind::deltas`]).
    pub fn net(&self) -> (Won, Won) {
        self.by_kind
            .iter()
            .fold((Won::ZERO, Won::ZERO), |(c, d), (k, _, w)| {
                let (dc, dd) = k.deltas(*w);
                (c + dc, d + dd)
            })
    }
}

impl Store {
    /// The totals of every entry `f` selects (its page cursors and size
    /// aside).
    ///
    /// # Errors
    /// [`StoreError::Database`], [`StoreError::Corrupt`].
    pub async fn entries_totals(&self, f: &EntryFilter) -> Result<EntryTotals, StoreError> {
        let w = self.entry_where(f).await?;
        let sql = format!(
            "SELECT kind, CAST(COUNT(*) AS BIGINT) AS n, CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS total FROM entries {} GROUP BY kind",
            w.clause()
        );
        let rows = w
            .bind(sqlx::query(&sql))
            .fetch_all(&mut *self.read_conn().await?)
            .await
            .map_err(StoreError::db("adding up entries"))?;
        let mut totals = EntryTotals::default();
        let mut found = Vec::new();
        for r in &rows {
            let kind: String = get(r, "entries", "kind")?;
            let kind = EntryKind::parse(&kind).ok_or_else(|| {
                codec::corrupt("entries", &kind, "kind", "unknown kind".to_owned())
            })?;
            let n: i64 = get(r, "entries", "n")?;
            let total: i64 = get(r, "entries", "total")?;
            found.push((kind, u64::try_from(n).unwrap_or(0), Won::new(total)));
        }
        for k in EntryKind::ALL {
            let (n, w) = found
                .iter()
                .find(|(f, ..)| *f == k)
                .map_or((0, Won::ZERO), |(_, n, w)| (*n, *w));
            totals.count += n;
            totals.by_kind.push((k, n, w));
        }
        Ok(totals)
    }

    /// Every entry `f` selects, in its order (its page cursors and size
    /// aside): what an export of the list writes.
    ///
    /// # Errors
    /// [`StoreError::Database`], [`StoreError::Corrupt`].
    pub async fn entries_all(&self, f: &EntryFilter) -> Result<Vec<Entry>, StoreError> {
        let mut w = self.entry_where(f).await?;
        let plain = EntryFilter {
            sort: f.sort,
            ..EntryFilter::default()
        };
        let order = order_and_cursor(&plain, &mut w)?;
        let sql = format!(
            "SELECT doc_no, date, kind, line, amount, ref, counterparty, memo FROM entries {} ORDER BY {order}",
            w.clause()
        );
        let rows = w
            .bind(sqlx::query(&sql))
            .fetch_all(&mut *self.read_conn().await?)
            .await
            .map_err(StoreError::db("listing entries"))?;
        rows.iter().map(entry_from_row).collect()
    }

    /// The entries of `doc_nos` the ledger holds (in any order).
    ///
    /// # Errors
    /// [`StoreError::Database`], [`StoreError::Corrupt`].
    pub async fn entries_by_doc_no(&self, doc_nos: &[String]) -> Result<Vec<Entry>, StoreError> {
        const CHUNK: usize = 500;
        let scope = self.sc().await?.w();
        let mut out = Vec::new();
        let mut conn = self.read_conn().await?;
        for chunk in doc_nos.chunks(CHUNK) {
            let list: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT doc_no, date, kind, line, amount, ref, counterparty, memo FROM entries WHERE {scope} AND doc_no IN ({})",
                list.join(", ")
            );
            let mut q = sqlx::query(&sql);
            for d in chunk {
                q = q.bind(d.as_str());
            }
            let rows = q
                .fetch_all(&mut *conn)
                .await
                .map_err(StoreError::db("looking entries up"))?;
            for r in &rows {
                out.push(entry_from_row(r)?);
            }
        }
        Ok(out)
    }
}
