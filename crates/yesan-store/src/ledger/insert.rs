//! The SQL of recording: multi-row inserts of entries and amendments, and
//! the look-ups budget control needs from a non-empty ledger (the recorded
//! entries a chunk names or references, with their open balances).

use crate::codec::{INSERT_BATCH, args_err, date, placeholders, positional};
use crate::codec::{entry_from_row, get, line_code, parse_date};
use crate::conn::Exec;
use crate::error::StoreError;
use crate::key::Sc;
use crate::read::rows;
use chrono::NaiveDate;
use sqlx::Arguments;
use sqlx::any::AnyArguments;
use std::collections::{HashMap, HashSet};
use yesan_domain::amendment::Amendment;
use yesan_domain::code::LineCode;
use yesan_domain::control::{Control, OpenItem, open_balances, reopenings};
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::money::Won;

/// Keys per `IN (…)` look-up.
pub(crate) const LOOKUP_BATCH: usize = 500;

/// What a recording call did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RecordOutcome {
    /// New records written.
    pub added: usize,
    /// Records already present with identical content (a re-import).
    pub unchanged: usize,
}

/// Appends entries with multi-row INSERTs, moving their text into the
/// statement's arguments. `recorded_at` and `recorded_by`, the same for
/// every row, are bound once per statement rather than once per row.
/// `into` is the table a year's first recording writes on PostgreSQL
/// ([`super::partition::open`]); otherwise the rows go into `entries`.
pub(crate) async fn insert_entries(
    c: &mut impl Exec,
    s: Sc,
    into: Option<&str>,
    entries: Vec<Entry>,
    recorded_at: &str,
    recorded_by: Option<&str>,
) -> Result<(), StoreError> {
    if let Some(pg) = c.pg() {
        let table = into.unwrap_or("entries");
        return copy_entries(pg, s, table, entries, recorded_at, recorded_by).await;
    }
    // SQLite: `OR FAIL` rather than the default `ABORT`, so that a
    // statement of many rows needs no statement journal (a copy of every
    // page it touches, to undo just that statement); a failing row fails
    // the whole recording, which rolls the transaction back anyway.
    let (at, by, verb) = if positional(c) {
        ("?", "?", "INSERT OR FAIL")
    } else {
        ("$1", "$2", "INSERT")
    };
    let insert = |list: String| {
        format!(
            "{verb} INTO entries (institution_id, fiscal_year, doc_no, date, kind, line, amount, ref, counterparty, memo, recorded_at, recorded_by) \
             SELECT {scope}, column1, column2, column3, column4, column5, column6, column7, column8, {at}, {by} FROM (VALUES {list}) AS v",
            scope = s.v()
        )
    };
    let head = || -> Result<AnyArguments<'static>, StoreError> {
        let mut args = AnyArguments::default();
        args.add(recorded_at.to_owned()).map_err(args_err)?;
        args.add(recorded_by.map(ToOwned::to_owned))
            .map_err(args_err)?;
        Ok(args)
    };
    // The database works on one batch while the next is being built: the
    // two run on different threads (SQLite's worker, this task).
    let mut chunks = Vec::with_capacity(entries.len().div_ceil(INSERT_BATCH));
    let mut rest = entries.into_iter();
    loop {
        let chunk: Vec<Entry> = rest.by_ref().take(INSERT_BATCH).collect();
        if chunk.is_empty() {
            break;
        }
        chunks.push(chunk);
    }
    let mut chunks = chunks.into_iter();
    let mut next = match chunks.next() {
        Some(ch) => Some((
            insert(placeholders(c, 2, ch.len(), 8)),
            entry_args(head()?, ch)?,
        )),
        None => None,
    };
    while let Some((sql, args)) = next.take() {
        let following = chunks.next();
        let list = following.as_ref().map(|ch| placeholders(c, 2, ch.len(), 8));
        let run = sqlx::query_with(&sql, args).execute(c.ex());
        let prepare = async { following.map(|ch| entry_args(head()?, ch)).transpose() };
        let (done, built) = tokio::join!(run, prepare);
        done.map_err(StoreError::db("writing ledger entries"))?;
        next = built?.zip(list).map(|(args, list)| (insert(list), args));
    }
    Ok(())
}

/// The entries' columns as COPY gives them (`seq` numbered by the table).
const COPY_COLUMNS: &str = "(institution_id, fiscal_year, doc_no, date, kind, line, amount, ref, counterparty, memo, recorded_at, recorded_by) FROM STDIN (FORMAT binary)";

/// PostgreSQL: appends entries with one `COPY … FROM STDIN` in binary
/// format ([`super::copy`]), several times faster than multi-row INSERTs.
/// The same rows as [`insert_entries`]' INSERT, in the same order (so
/// `seq` follows the order given), and the same checks by the table
/// (constraints, the closed-year and line trigger); a row refused fails
/// the COPY and so the recording.
async fn copy_entries(
    pg: &mut sqlx::PgConnection,
    s: Sc,
    table: &str,
    entries: Vec<Entry>,
    recorded_at: &str,
    recorded_by: Option<&str>,
) -> Result<(), StoreError> {
    // `table` is `entries` or a name the database made of two numbers.
    let statement = format!("COPY {table} {COPY_COLUMNS}");
    super::copy::copy_in(
        pg,
        &statement,
        &entries,
        "writing ledger entries",
        |r, e| {
            r.row(12);
            r.int(s.inst);
            r.int(s.year);
            r.text(Some(&e.doc_no));
            r.text(Some(&date(e.date)));
            r.text(Some(e.kind.as_str()));
            r.text(Some(e.line.as_str()));
            r.int(e.amount.get());
            r.text(e.reference.as_deref());
            r.text(e.counterparty.as_deref());
            r.text(e.memo.as_deref());
            r.text(Some(recorded_at));
            r.text(recorded_by);
        },
    )
    .await
}

/// The per-row arguments of one multi-row entries INSERT, after `args`.
pub(crate) fn entry_args(
    mut args: AnyArguments<'static>,
    chunk: Vec<Entry>,
) -> Result<AnyArguments<'static>, StoreError> {
    for e in chunk {
        args.add(e.doc_no).map_err(args_err)?;
        args.add(date(e.date)).map_err(args_err)?;
        args.add(e.kind.as_str()).map_err(args_err)?;
        args.add(e.line.as_str().to_owned()).map_err(args_err)?;
        args.add(e.amount.get()).map_err(args_err)?;
        args.add(e.reference).map_err(args_err)?;
        args.add(e.counterparty).map_err(args_err)?;
        args.add(e.memo).map_err(args_err)?;
    }
    Ok(args)
}

/// Appends amendments; `first_seq` continues the recorded order.
pub(crate) async fn insert_amendments(
    c: &mut impl Exec,
    s: Sc,
    amendments: &[Amendment],
    first_seq: i64,
    recorded_at: &str,
) -> Result<(), StoreError> {
    let head = format!(
        "INSERT INTO amendments (institution_id, fiscal_year, no, seq, date, kind, note, recorded_at) VALUES ({}, $1, $2, $3, $4, $5, $6)",
        s.v()
    );
    let change = format!(
        "INSERT INTO amendment_changes (institution_id, fiscal_year, amendment, position, line, delta) VALUES ({}, $1, $2, $3, $4)",
        s.v()
    );
    for (seq, a) in (first_seq..).zip(amendments) {
        sqlx::query(&head)
            .bind(a.no.as_str())
            .bind(seq)
            .bind(date(a.date))
            .bind(a.kind.as_str())
            .bind(a.note.as_str())
            .bind(recorded_at)
            .execute(c.ex())
            .await
            .map_err(StoreError::db(format!("writing amendment {}", a.no)))?;
        for (pos, ch) in (0_i64..).zip(&a.changes) {
            sqlx::query(&change)
                .bind(a.no.as_str())
                .bind(pos)
                .bind(ch.line.as_str())
                .bind(ch.delta.get())
                .execute(c.ex())
                .await
                .map_err(StoreError::db(format!("writing amendment {}", a.no)))?;
        }
    }
    Ok(())
}

/// Net commitments per line and day, from the per-day index: what budget
/// control needs to know of the recorded ledger (see [`Control`]).
pub(crate) async fn committed_by_line_day(
    c: &mut impl Exec,
    s: Sc,
) -> Result<Vec<(LineCode, NaiveDate, Won)>, StoreError> {
    let sql = format!(
        "SELECT line, day, CAST(committed AS BIGINT) AS committed FROM line_day WHERE {} AND committed <> 0",
        s.w()
    );
    rows(c, "line_day", &sql)
        .await?
        .iter()
        .map(|r| {
            let line: String = get(r, "line_day", "line")?;
            let day: String = get(r, "line_day", "day")?;
            Ok((
                line_code("line_day", &line, "line", &line)?,
                parse_date("line_day", &line, "day", &day)?,
                Won::new(get(r, "line_day", "committed")?),
            ))
        })
        .collect()
}

/// Recorded entries whose `column` is one of `keys`, each with its `seq`.
pub(crate) async fn fetch_where(
    c: &mut impl Exec,
    s: Sc,
    column: &str,
    keys: &[&str],
) -> Result<Vec<(i64, Entry)>, StoreError> {
    let mut out = Vec::new();
    for chunk in keys.chunks(LOOKUP_BATCH) {
        let sql = format!(
            "SELECT seq, doc_no, date, kind, line, amount, ref, counterparty, memo FROM entries WHERE {} AND {column} IN {} ORDER BY date, seq",
            s.w(),
            placeholders(c, 0, 1, chunk.len())
        );
        let mut args = AnyArguments::default();
        for k in chunk {
            args.add(*k).map_err(args_err)?;
        }
        for r in sqlx::query_with(&sql, args)
            .fetch_all(c.ex())
            .await
            .map_err(StoreError::db("reading ledger entries"))?
        {
            out.push((get(&r, "entries", "seq")?, entry_from_row(&r)?));
        }
    }
    Ok(out)
}

/// Whether the ledger holds any entry at all, and the last `seq` in it.
pub(crate) async fn ledger_end(c: &mut impl Exec, s: Sc) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT MAX(seq) AS seq FROM entries WHERE {}",
        s.w()
    ))
    .fetch_one(c.ex())
    .await
    .map_err(StoreError::db("reading the ledger"))?;
    get::<Option<i64>>(&row, "entries", "seq")
}

/// What budget control needs to know from the ledger before deciding a
/// chunk, as recorded before this call (`seq` up to `before`): the
/// entries with the chunk's document numbers (re-imports and conflicts)
/// and those it references (`found`), the commitments behind referenced
/// payments (in `found` too), and the entries referring to any of them,
/// and to those (`children`, `grandchildren`), for their open balances.
#[derive(Debug, Default)]
pub(crate) struct Lookup {
    pub(super) found: Vec<Entry>,
    pub(super) children: Vec<Entry>,
    pub(super) grandchildren: Vec<Entry>,
}

/// The document numbers a chunk's [`Lookup`] reads: its own, and those it
/// references that `control` does not know already (taken in from an
/// earlier chunk, or looked up for one).
pub(crate) fn lookup_keys(control: &Control<'_>, batch: &[Entry]) -> Vec<String> {
    let mut wanted: Vec<&str> = batch.iter().map(|e| e.doc_no.as_str()).collect();
    wanted.extend(
        batch
            .iter()
            .filter_map(|e| e.reference.as_deref())
            .filter(|r| !control.knows(r)),
    );
    wanted.sort_unstable();
    wanted.dedup();
    wanted.into_iter().map(ToOwned::to_owned).collect()
}

/// Reads a chunk's [`Lookup`] for `wanted` (see [`lookup_keys`]).
pub(crate) async fn lookup(
    c: &mut impl Exec,
    s: Sc,
    wanted: &[String],
    before: i64,
) -> Result<Lookup, StoreError> {
    let recorded = |rows: Vec<(i64, Entry)>| {
        rows.into_iter()
            .filter(move |(seq, _)| *seq <= before)
            .map(|(_, e)| e)
    };
    let wanted: Vec<&str> = wanted.iter().map(String::as_str).collect();
    let mut found: Vec<Entry> = recorded(fetch_where(c, s, "doc_no", &wanted).await?).collect();
    let have: HashSet<&str> = found.iter().map(|e| e.doc_no.as_str()).collect();
    let mut behind: Vec<String> = found
        .iter()
        .filter(|e| e.kind == EntryKind::Disburse)
        .filter_map(|e| e.reference.clone())
        .filter(|r| !have.contains(r.as_str()))
        .collect();
    behind.sort_unstable();
    behind.dedup();
    let behind: Vec<&str> = behind.iter().map(String::as_str).collect();
    let more: Vec<Entry> = recorded(fetch_where(c, s, "doc_no", &behind).await?).collect();
    found.extend(more);
    let keys: Vec<&str> = found.iter().map(|e| e.doc_no.as_str()).collect();
    let children: Vec<Entry> = recorded(fetch_where(c, s, "ref", &keys).await?).collect();
    let paid: Vec<&str> = children
        .iter()
        .filter(|e| e.kind == EntryKind::Disburse)
        .map(|e| e.doc_no.as_str())
        .collect();
    let grandchildren: Vec<Entry> = recorded(fetch_where(c, s, "ref", &paid).await?).collect();
    Ok(Lookup {
        found,
        children,
        grandchildren,
    })
}

/// Seeds `control` with what a [`Lookup`] found, each entry that `control`
/// does not know yet with its open balance as the ledger stood before this
/// call (see [`open_balances`]). Entries it knows already (from this call's
/// earlier chunks) keep the state they have. Returns the recorded entries
/// found, by document number.
pub(crate) fn apply_lookup(control: &mut Control<'_>, l: Lookup) -> HashMap<String, Entry> {
    let open = open_balances(&l.found, &l.children, &l.grandchildren);
    let mut given_back = reopenings(&l.children, &l.grandchildren);
    let mut items: Vec<(String, OpenItem)> = Vec::new();
    for e in l.found.iter().filter(|e| !control.knows(&e.doc_no)) {
        let item = OpenItem {
            kind: e.kind,
            line: e.line.clone(),
            open: open.get(e.doc_no.as_str()).copied().unwrap_or_default(),
            commitment: (e.kind == EntryKind::Disburse)
                .then(|| e.reference.clone())
                .flatten(),
            date: e.date,
            reopened: given_back.remove(e.doc_no.as_str()).unwrap_or_default(),
        };
        items.push((e.doc_no.clone(), item));
    }
    for (doc, item) in items {
        control.remember(doc, item);
    }
    l.found.into_iter().map(|e| (e.doc_no.clone(), e)).collect()
}
