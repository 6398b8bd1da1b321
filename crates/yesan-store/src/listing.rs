//! The execution list's reads beyond the newest page: the list in another
//! order (date, amount, line; still paged by key, so a page never shifts
//! under its reader), the totals of every entry a filter selects, every
//! such entry at once for an export, and which of a file's document
//! numbers the ledger holds already (an upload's preview marks them).

use crate::Store;
use crate::browse::{Arg, EntryFilter, EntryRow, Packed, Where};
use crate::codec::{self, entry_from_row, get};
use crate::error::StoreError;
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::money::Won;

/// What the list is ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// The order recorded in (the default, newest first).
    #[default]
    Recorded,
    /// The entry's date.
    Date,
    /// The amount.
    Amount,
    /// The budget line's code.
    Line,
}

/// An order: a key and a direction; ties go by the order recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntrySort {
    /// The key.
    pub key: SortKey,
    /// Largest (latest, last) first.
    pub descending: bool,
}

impl Default for EntrySort {
    fn default() -> Self {
        EntrySort {
            key: SortKey::Recorded,
            descending: true,
        }
    }
}

impl EntrySort {
    /// Parses `date`, `-date`, `amount`, `-amount`, `line`, `-line` (a
    /// leading `-`: descending); anything else is the default order.
    pub fn parse(s: &str) -> EntrySort {
        let (descending, key) = match s.trim().strip_prefix('-') {
            Some(k) => (true, k),
            None => (false, s.trim()),
        };
        let key = match key {
            "date" => SortKey::Date,
            "amount" => SortKey::Amount,
            "line" => SortKey::Line,
            _ => return EntrySort::default(),
        };
        EntrySort { key, descending }
    }

    /// The spelling [`EntrySort::parse`] reads (empty for the default).
    pub fn as_param(self) -> String {
        let key = match self.key {
            SortKey::Recorded => return String::new(),
            SortKey::Date => "date",
            SortKey::Amount => "amount",
            SortKey::Line => "line",
        };
        format!("{}{key}", if self.descending { "-" } else { "" })
    }

    /// The default order, newest recorded first.
    pub fn is_default(self) -> bool {
        self == EntrySort::default()
    }

    fn column(self) -> &'static str {
        match self.key {
            SortKey::Recorded => "seq",
            SortKey::Date => "date",
            SortKey::Amount => "amount",
            SortKey::Line => "line",
        }
    }
}

/// The `ORDER BY` of `f`'s order, after adding its page cursor (`after`)
/// to `w`.
pub(crate) fn order_and_cursor(f: &EntryFilter, w: &mut Where) -> Result<String, StoreError> {
    let s = f.sort;
    let dir = if s.descending { "DESC" } else { "ASC" };
    let cmp = if s.descending { "<" } else { ">" };
    if let Some(after) = f.after.as_deref().filter(|_| s.key != SortKey::Recorded) {
        let bad = || codec::corrupt("entries", "cursor", "after", "not a page cursor".to_owned());
        let (value, seq) = after.rsplit_once('~').ok_or_else(bad)?;
        let seq: i64 = seq.parse().map_err(|_| bad())?;
        let col = s.column();
        let key = || -> Result<Arg, StoreError> {
            Ok(match s.key {
                SortKey::Amount => Arg::Int(value.parse().map_err(|_| bad())?),
                _ => Arg::Text(value.to_owned()),
            })
        };
        let pv = w.next();
        w.args.push(key()?);
        let pv2 = w.next();
        w.args.push(key()?);
        let ps = w.next();
        w.args.push(Arg::Int(seq));
        w.sql.push(format!(
            "({col} {cmp} {pv} OR ({col} = {pv2} AND seq {cmp} {ps}))"
        ));
    }
    Ok(match s.key {
        SortKey::Recorded => format!("seq {dir}"),
        _ => format!("{} {dir}, seq {dir}", s.column()),
    })
}

/// The page's rows in `sort`'s order (the packed page comes back in any).
pub(crate) fn sort_packed(packed: &mut [Packed], sort: EntrySort) {
    packed.sort_by(|a, b| {
        let by_key = match sort.key {
            SortKey::Recorded => std::cmp::Ordering::Equal,
            SortKey::Date => a.2.cmp(&b.2),
            SortKey::Amount => a.5.cmp(&b.5),
            SortKey::Line => a.4.cmp(&b.4),
        };
        let o = by_key.then(a.0.cmp(&b.0));
        if sort.descending { o.reverse() } else { o }
    });
}

/// The cursor after `row` in `sort`'s order: its key and its place.
pub(crate) fn cursor_of(row: &EntryRow, sort: EntrySort) -> String {
    let e = &row.entry;
    let key = match sort.key {
        SortKey::Recorded => String::new(),
        SortKey::Date => e.date.to_string(),
        SortKey::Amount => e.amount.get().to_string(),
        SortKey::Line => e.line.to_string(),
    };
    format!("{key}~{}", row.seq)
}

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
