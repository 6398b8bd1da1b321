//! The ledger side of the store: recording entries and amendments under
//! budget control, and answering "where does every line stand on date D"
//! from the per-day index instead of the entries.
//!
//! Recording runs in one write transaction that first takes the ledger's
//! write lock (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: an exclusive lock on
//! `line_day`), then seeds the domain's [`Control`] with the state it needs
//! from the database, applies every new entry through it, and writes only
//! if all of them pass. Two writers therefore never decide on the same
//! state, and a refused file writes nothing.
//!
//! The derived index (`line_day`, `day_totals`, `line_month`) is
//! written in the same transaction; [`Store::verify_index`] recomputes it.

use crate::audit::{self, Change};
use crate::error::{RowRefusal, StoreError};
use crate::read::{self, corrupt, entry_from_row, get, line_code, parse_date, rows};
use crate::{Backend, Store};
use chrono::NaiveDate;
use sqlx::any::AnyArguments;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, Arguments, Executor};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use yesan_domain::amendment::{self, Amendment, AmendmentKind, LineDelta, Schedule};
use yesan_domain::budget::Budget;
use yesan_domain::code::LineCode;
use yesan_domain::control::{Control, OpenItem, Refusal, open_balances};
use yesan_domain::curve::{ExpectedCurve, MonthlyCurve};
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::money::Won;

/// Net commitments and disbursements per (line, day), straight from the
/// ledger: the one definition of what `line_day` holds, used to rebuild it
/// and to check it. (The schema migration that first filled it spells the
/// same query, as migrations must stay fixed.)
pub(crate) const DAY_SUMS: &str = "SELECT line, date AS day, \
    SUM(CASE kind WHEN 'commit' THEN amount WHEN 'commit_cancel' THEN -amount ELSE 0 END) AS committed, \
    SUM(CASE kind WHEN 'disburse' THEN amount WHEN 'disburse_cancel' THEN -amount ELSE 0 END) AS disbursed \
    FROM entries GROUP BY line, date";

/// Every line's running totals on each day from `rows` on, packed as the
/// roll-up reads them: `line,committed,disbursed` joined by `;`, in line
/// order, lines without entries by then left out. `base` holds the totals
/// before the first of `rows`, which are `line_day` rows (day, line,
/// committed, disbursed) in day order. What `day_totals` holds.
pub(crate) fn day_totals(
    mut base: BTreeMap<String, (i64, i64)>,
    rows: &[(String, String, i64, i64)],
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let day = &rows[i].0;
        while let Some((_, line, c, x)) = rows.get(i).filter(|r| &r.0 == day) {
            let t = base.entry(line.clone()).or_default();
            t.0 += c;
            t.1 += x;
            i += 1;
        }
        let mut packed = String::with_capacity(base.len() * 24);
        for (n, (line, (c, x))) in base.iter().enumerate() {
            use std::fmt::Write;
            if n > 0 {
                packed.push(';');
            }
            let _ = write!(packed, "{line},{c},{x}");
        }
        out.push((day.clone(), packed));
    }
    out
}

/// `line_day`'s rows from `from` on (all for an empty `from`), in day and
/// line order, read packed in one row.
async fn line_days_from(
    c: &mut AnyConnection,
    from: &str,
) -> Result<Vec<(String, String, i64, i64)>, StoreError> {
    let concat = if positional(c) {
        "group_concat"
    } else {
        "string_agg"
    };
    let sql = format!(
        "SELECT {concat}(day || '@' || line || ',' || CAST(committed AS TEXT) || ',' || CAST(disbursed AS TEXT), ';') \
         AS rows FROM line_day WHERE day >= $1"
    );
    let row = sqlx::query(&sql)
        .bind(from)
        .fetch_one(&mut *c)
        .await
        .map_err(StoreError::db("reading the per-day index"))?;
    let mut out = Vec::new();
    for (key, cm, ds) in parse_packed(get(&row, "line_day", "rows")?)? {
        let Some((day, line)) = key.split_once('@') else {
            return Err(corrupt(
                "line_day",
                &key,
                "day",
                "합계를 읽을 수 없습니다 / cannot read the sums".to_owned(),
            ));
        };
        out.push((day.to_owned(), line.to_owned(), cm, ds));
    }
    out.sort_unstable();
    Ok(out)
}

/// Every leaf's totals on `$1`, packed (see [`day_totals`]): the latest
/// daily snapshot on or before the date, one index seek and one row
/// whatever the size of the ledger; no text when there is none.
const LEAF_TOTALS: &str = "SELECT totals FROM day_totals WHERE day <= $1 ORDER BY day DESC LIMIT 1";

/// How many of the latest commitments [`Store::open_commitments`] looks at.
const OPEN_SCAN: usize = 1_000;

/// A commitment with something left to pay (see [`Store::open_commitments`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCommitment {
    /// Its document number, what a disbursement refers to.
    pub doc_no: String,
    /// Its date.
    pub date: NaiveDate,
    /// The expenditure line it commits.
    pub line: LineCode,
    /// Whom it is owed to, if recorded.
    pub counterparty: Option<String>,
    /// Its amount, less cancellations and payments (cancelled payments
    /// given back).
    pub unpaid: Won,
}

/// Rows per INSERT into `day_totals` (each a few KiB of text).
const TOTALS_BATCH: usize = 64;

/// Rebuilds `day_totals` from `from` on (every day for an empty `from`),
/// after `line_day` is up to date: the snapshot of the day before, plus
/// the per-day sums since.
pub(crate) async fn rebuild_totals(c: &mut AnyConnection, from: &str) -> Result<(), StoreError> {
    let since = line_days_from(c, from).await?;
    let mut base = BTreeMap::new();
    if !from.is_empty() {
        let row = sqlx::query(
            "SELECT (SELECT totals FROM day_totals WHERE day < $1 ORDER BY day DESC LIMIT 1) AS totals",
        )
        .bind(from)
        .fetch_one(&mut *c)
        .await
        .map_err(StoreError::db("reading the daily snapshots"))?;
        for (line, cm, ds) in parse_packed(get(&row, "day_totals", "totals")?)? {
            base.insert(line, (cm, ds));
        }
    }
    write_day_totals(c, from, &day_totals(base, &since)).await
}

/// Replaces the daily snapshots from `from` on with `fresh` (see
/// [`day_totals`]).
async fn write_day_totals(
    c: &mut AnyConnection,
    from: &str,
    fresh: &[(String, String)],
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM day_totals WHERE day >= $1")
        .bind(from)
        .execute(&mut *c)
        .await
        .map_err(StoreError::db("rebuilding the daily snapshots"))?;
    for chunk in fresh.chunks(TOTALS_BATCH) {
        let sql = format!(
            "INSERT INTO day_totals (day, totals) VALUES {}",
            placeholders(c, 0, chunk.len(), 2)
        );
        let mut args = AnyArguments::default();
        for (day, totals) in chunk {
            args.add(day.as_str()).map_err(args_err)?;
            args.add(totals.as_str()).map_err(args_err)?;
        }
        sqlx::query_with(&sql, args)
            .execute(&mut *c)
            .await
            .map_err(StoreError::db("rebuilding the daily snapshots"))?;
    }
    Ok(())
}

/// The snapshots `day_totals` should hold, from `line_day`, against those
/// it holds: one line per (line, day) that differs.
pub(crate) async fn check_totals(c: &mut AnyConnection) -> Result<Vec<String>, StoreError> {
    // A line named twice in one snapshot becomes `None`, which never
    // equals a total, so that the duplicate is reported.
    let parse = |text: String| -> Result<HashMap<String, Option<(i64, i64)>>, StoreError> {
        let mut map = HashMap::new();
        for (line, cm, ds) in parse_packed(Some(text))? {
            if map.insert(line.clone(), Some((cm, ds))).is_some() {
                map.insert(line, None);
            }
        }
        Ok(map)
    };
    let mut want: BTreeMap<String, HashMap<String, Option<(i64, i64)>>> = BTreeMap::new();
    for (day, totals) in day_totals(BTreeMap::new(), &line_days_from(c, "").await?) {
        want.insert(day, parse(totals)?);
    }
    let mut have: BTreeMap<String, HashMap<String, Option<(i64, i64)>>> = BTreeMap::new();
    for r in rows(c, "day_totals", "SELECT day, totals FROM day_totals").await? {
        have.insert(
            get(&r, "day_totals", "day")?,
            parse(get(&r, "day_totals", "totals")?)?,
        );
    }
    let empty = HashMap::new();
    let mut out = Vec::new();
    let days: BTreeSet<&String> = want.keys().chain(have.keys()).collect();
    for day in days {
        let (w, h) = (
            want.get(day).unwrap_or(&empty),
            have.get(day).unwrap_or(&empty),
        );
        let lines: BTreeSet<&String> = w.keys().chain(h.keys()).collect();
        for line in lines.into_iter().filter(|l| w.get(*l) != h.get(*l)) {
            out.push(format!(
                "일별 스냅숏 불일치 {line} {day} / daily snapshot differs at {line} {day}"
            ));
        }
    }
    Ok(out)
}

/// Per-month sums of `line_day`: what `line_month` holds.
pub(crate) const MONTH_SUMS: &str = "SELECT line, SUBSTR(day, 1, 7) AS month, SUM(committed) AS committed, \
    SUM(disbursed) AS disbursed FROM line_day GROUP BY line, SUBSTR(day, 1, 7)";

/// Rows per multi-row INSERT: well under SQLite's 32,766 parameters and
/// PostgreSQL's 65,535, and large enough to amortise the round trip.
const INSERT_BATCH: usize = 1_000;
/// Keys per `IN (…)` look-up.
const LOOKUP_BATCH: usize = 500;

/// What a recording call did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RecordOutcome {
    /// New records written.
    pub added: usize,
    /// Records already present with identical content (a re-import).
    pub unchanged: usize,
}

/// `YYYY-MM-DD`, without chrono's general formatter (hot in imports).
fn date(d: NaiveDate) -> String {
    use chrono::Datelike;
    let (y, m, day) = (d.year(), d.month(), d.day());
    let mut s = String::with_capacity(10);
    if (0..10_000).contains(&y) {
        for v in [y / 1000, y / 100 % 10, y / 10 % 10, y % 10] {
            s.push(char::from(b'0' + u8::try_from(v).unwrap_or(0)));
        }
    } else {
        return d.format("%Y-%m-%d").to_string();
    }
    for (v, sep) in [(m, '-'), (day, '-')] {
        s.push(sep);
        s.push(char::from(b'0' + u8::try_from(v / 10).unwrap_or(0)));
        s.push(char::from(b'0' + u8::try_from(v % 10).unwrap_or(0)));
    }
    s
}

/// `(…),(…)` parameter lists for a multi-row statement. SQLite gets plain
/// `?`: its driver resolves every `$n` by name, a cost quadratic in the
/// number of parameters, which made a 1,000-row INSERT spend most of its
/// time looking up names. PostgreSQL needs `$n`.
fn placeholders(c: &AnyConnection, start: usize, rows: usize, cols: usize) -> String {
    let positional = positional(c);
    let mut s = String::with_capacity(rows * cols * 5);
    for r in 0..rows {
        if r > 0 {
            s.push(',');
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push(',');
            }
            if positional {
                s.push('?');
            } else {
                s.push('$');
                s.push_str(&(start + r * cols + c + 1).to_string());
            }
        }
        s.push(')');
    }
    s
}

/// Whether the connection takes plain `?` parameters (SQLite) rather than `$n`.
fn positional(c: &AnyConnection) -> bool {
    c.backend_name().eq_ignore_ascii_case("sqlite")
}

fn args_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Database {
        context: format!("binding arguments: {e}"),
        source: sqlx::Error::Protocol(e.to_string()),
    }
}

/// Appends entries with multi-row INSERTs, moving their text into the
/// statement's arguments. `recorded_at` and `recorded_by`, the same for
/// every row, are bound once per statement rather than once per row.
pub(crate) async fn insert_entries(
    c: &mut AnyConnection,
    entries: Vec<Entry>,
    recorded_at: &str,
    recorded_by: Option<&str>,
) -> Result<(), StoreError> {
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
            "{verb} INTO entries (doc_no, date, kind, line, amount, ref, counterparty, memo, recorded_at, recorded_by) \
             SELECT column1, column2, column3, column4, column5, column6, column7, column8, {at}, {by} FROM (VALUES {list}) AS v"
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
        let run = sqlx::query_with(&sql, args).execute(&mut *c);
        let prepare = async { following.map(|ch| entry_args(head()?, ch)).transpose() };
        let (done, built) = tokio::join!(run, prepare);
        done.map_err(StoreError::db("writing ledger entries"))?;
        next = built?.zip(list).map(|(args, list)| (insert(list), args));
    }
    Ok(())
}

/// The per-row arguments of one multi-row entries INSERT, after `args`.
fn entry_args(
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
    c: &mut AnyConnection,
    amendments: &[Amendment],
    first_seq: i64,
    recorded_at: &str,
) -> Result<(), StoreError> {
    for (seq, a) in (first_seq..).zip(amendments) {
        sqlx::query("INSERT INTO amendments (no, seq, date, kind, note, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(a.no.as_str())
            .bind(seq)
            .bind(date(a.date))
            .bind(a.kind.as_str())
            .bind(a.note.as_str())
            .bind(recorded_at)
            .execute(&mut *c)
            .await
            .map_err(StoreError::db(format!("writing amendment {}", a.no)))?;
        for (pos, ch) in (0_i64..).zip(&a.changes) {
            sqlx::query("INSERT INTO amendment_changes (amendment, position, line, delta) VALUES ($1, $2, $3, $4)")
                .bind(a.no.as_str())
                .bind(pos)
                .bind(ch.line.as_str())
                .bind(ch.delta.get())
                .execute(&mut *c)
                .await
                .map_err(StoreError::db(format!("writing amendment {}", a.no)))?;
        }
    }
    Ok(())
}

/// Every amendment in recorded order.
pub(crate) async fn read_amendments(c: &mut AnyConnection) -> Result<Vec<Amendment>, StoreError> {
    let sql = format!("SELECT {}", amendments_json(c));
    let row = sqlx::query(&sql)
        .fetch_one(&mut *c)
        .await
        .map_err(StoreError::db("reading amendments"))?;
    amendments_from_json(
        get(&row, "amendments", "amendments")?,
        get(&row, "amendments", "changes")?,
    )
}

/// Two select-list items, `amendments` and `changes`: every amendment in
/// recorded order and every change in order within each, as JSON arrays
/// for [`amendments_from_json`].
fn amendments_json(c: &AnyConnection) -> String {
    let (agg, array) = if positional(c) {
        ("json_group_array", "json_array")
    } else {
        ("json_agg", "json_build_array")
    };
    format!(
        "(SELECT CAST({agg}({array}(no, date, kind, note) ORDER BY seq) AS TEXT) FROM amendments) AS amendments, \
         (SELECT CAST({agg}({array}(amendment, line, delta) ORDER BY amendment, position) AS TEXT) FROM amendment_changes) AS changes"
    )
}

/// Rows packed by [`Store::packed_sql`]: `key,committed,disbursed` joined
/// by `;` (keys are line codes or `line@month`, which hold neither).
fn parse_packed(text: Option<String>) -> Result<Vec<(String, i64, i64)>, StoreError> {
    let text = text.unwrap_or_default();
    let bad = |part: &str| {
        corrupt(
            "ledger index",
            part,
            "committed",
            "합계를 읽을 수 없습니다 / cannot read the sums".to_owned(),
        )
    };
    let mut out = Vec::new();
    for part in text.split(';').filter(|p| !p.is_empty()) {
        let mut f = part.splitn(3, ',');
        let (Some(key), Some(c), Some(d)) = (f.next(), f.next(), f.next()) else {
            return Err(bad(part));
        };
        let c: i64 = c.parse().map_err(|_| bad(part))?;
        let d: i64 = d.parse().map_err(|_| bad(part))?;
        out.push((key.to_owned(), c, d));
    }
    Ok(out)
}

/// Net commitments and disbursements per (line, day) of entries about to
/// be written, added up as they go by.
#[derive(Debug, Default)]
pub(crate) struct DaySums(HashMap<(LineCode, NaiveDate), (i64, i64)>);

impl DaySums {
    pub(crate) fn add(&mut self, e: &Entry) {
        let d = match self.0.get_mut(&(e.line.clone(), e.date)) {
            Some(d) => d,
            None => self.0.entry((e.line.clone(), e.date)).or_default(),
        };
        let a = e.amount.get();
        match e.kind {
            EntryKind::Commit => d.0 += a,
            EntryKind::CommitCancel => d.0 -= a,
            EntryKind::Disburse => d.1 += a,
            EntryKind::DisburseCancel => d.1 -= a,
        }
    }

    /// What the sums add to the per-day index, ready to write.
    /// `fresh_ledger`: the ledger held nothing before them, so the daily
    /// snapshots follow from them alone and are computed here too.
    pub(crate) fn index_rows(&self, fresh_ledger: bool) -> IndexRows {
        // In key order, so that the rows go into the tables' B-trees one
        // after the other rather than each to a page of its own.
        let mut days: Vec<(String, String, i64, i64)> = self
            .0
            .iter()
            .map(|((l, d), (cm, ds))| (l.as_str().to_owned(), date(*d), *cm, *ds))
            .collect();
        days.sort_unstable();
        let mut months: BTreeMap<(&str, &str), (i64, i64)> = BTreeMap::new();
        for (line, day, cm, ds) in &days {
            let m = months.entry((line, &day[..7])).or_default();
            m.0 += cm;
            m.1 += ds;
        }
        let months = months
            .into_iter()
            .map(|((l, m), (cm, ds))| (l.to_owned(), m.to_owned(), cm, ds))
            .collect();
        let first = days.iter().map(|r| &r.1).min().cloned();
        let totals = fresh_ledger.then(|| {
            let mut by_day: Vec<(String, String, i64, i64)> = days
                .iter()
                .map(|(l, d, cm, ds)| (d.clone(), l.clone(), *cm, *ds))
                .collect();
            by_day.sort_unstable();
            day_totals(BTreeMap::new(), &by_day)
        });
        IndexRows {
            days,
            months,
            first,
            totals,
        }
    }
}

/// What a recording adds to the per-day index (see
/// [`DaySums::index_rows`]): `line_day` and `line_month` rows (line, day or
/// month, committed, disbursed) in key order, the first day they touch,
/// and, after a first recording into an empty ledger, the daily snapshots.
#[derive(Debug)]
pub(crate) struct IndexRows {
    days: Vec<(String, String, i64, i64)>,
    months: Vec<(String, String, i64, i64)>,
    first: Option<String>,
    totals: Option<Vec<(String, String)>>,
}

/// Adds the rows to the per-day and per-month index and brings the daily
/// snapshots up to date from the first day they touch.
pub(crate) async fn write_index(c: &mut AnyConnection, rows: &IndexRows) -> Result<(), StoreError> {
    for (table, key, rows) in [
        ("line_day", "day", &rows.days),
        ("line_month", "month", &rows.months),
    ] {
        for chunk in rows.chunks(INSERT_BATCH) {
            let sql = format!(
                "INSERT INTO {table} (line, {key}, committed, disbursed) VALUES {} \
                 ON CONFLICT (line, {key}) DO UPDATE SET committed = {table}.committed + excluded.committed, \
                 disbursed = {table}.disbursed + excluded.disbursed",
                placeholders(c, 0, chunk.len(), 4)
            );
            let mut args = AnyArguments::default();
            for (line, k, cm, ds) in chunk {
                args.add(line.as_str()).map_err(args_err)?;
                args.add(k.as_str()).map_err(args_err)?;
                args.add(*cm).map_err(args_err)?;
                args.add(*ds).map_err(args_err)?;
            }
            sqlx::query_with(&sql, args)
                .execute(&mut *c)
                .await
                .map_err(StoreError::db("updating the per-day index"))?;
        }
    }
    match (&rows.first, &rows.totals) {
        (None, _) => Ok(()),
        (Some(first), Some(totals)) => write_day_totals(c, first, totals).await,
        (Some(first), None) => rebuild_totals(c, first).await,
    }
}

/// Net commitments per line and day, from the per-day index: what budget
/// control needs to know of the recorded ledger (see [`Control`]).
async fn committed_by_line_day(
    c: &mut AnyConnection,
) -> Result<Vec<(LineCode, NaiveDate, Won)>, StoreError> {
    let sql = "SELECT line, day, CAST(committed AS BIGINT) AS committed FROM line_day WHERE committed <> 0";
    rows(c, "line_day", sql)
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
async fn fetch_where(
    c: &mut AnyConnection,
    column: &str,
    keys: &[&str],
) -> Result<Vec<(i64, Entry)>, StoreError> {
    let mut out = Vec::new();
    for chunk in keys.chunks(LOOKUP_BATCH) {
        let sql = format!(
            "SELECT seq, doc_no, date, kind, line, amount, ref, counterparty, memo FROM entries WHERE {column} IN {} ORDER BY date, seq",
            placeholders(c, 0, 1, chunk.len())
        );
        let mut args = AnyArguments::default();
        for k in chunk {
            args.add(*k).map_err(args_err)?;
        }
        for r in sqlx::query_with(&sql, args)
            .fetch_all(&mut *c)
            .await
            .map_err(StoreError::db("reading ledger entries"))?
        {
            out.push((get(&r, "entries", "seq")?, entry_from_row(&r)?));
        }
    }
    Ok(out)
}

/// Whether the ledger holds any entry at all, and the last `seq` in it.
async fn ledger_end(c: &mut AnyConnection) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query("SELECT MAX(seq) AS seq FROM entries")
        .fetch_one(&mut *c)
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
struct Lookup {
    found: Vec<Entry>,
    children: Vec<Entry>,
    grandchildren: Vec<Entry>,
}

/// The document numbers a chunk's [`Lookup`] reads: its own, and those it
/// references that `control` does not know already (taken in from an
/// earlier chunk, or looked up for one).
fn lookup_keys(control: &Control<'_>, batch: &[Entry]) -> Vec<String> {
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
async fn lookup(
    c: &mut AnyConnection,
    wanted: &[String],
    before: i64,
) -> Result<Lookup, StoreError> {
    let recorded = |rows: Vec<(i64, Entry)>| {
        rows.into_iter()
            .filter(move |(seq, _)| *seq <= before)
            .map(|(_, e)| e)
    };
    let wanted: Vec<&str> = wanted.iter().map(String::as_str).collect();
    let mut found: Vec<Entry> = recorded(fetch_where(c, "doc_no", &wanted).await?).collect();
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
    let more: Vec<Entry> = recorded(fetch_where(c, "doc_no", &behind).await?).collect();
    found.extend(more);
    let keys: Vec<&str> = found.iter().map(|e| e.doc_no.as_str()).collect();
    let children: Vec<Entry> = recorded(fetch_where(c, "ref", &keys).await?).collect();
    let paid: Vec<&str> = children
        .iter()
        .filter(|e| e.kind == EntryKind::Disburse)
        .map(|e| e.doc_no.as_str())
        .collect();
    let grandchildren: Vec<Entry> = recorded(fetch_where(c, "ref", &paid).await?).collect();
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
fn apply_lookup(control: &mut Control<'_>, l: Lookup) -> HashMap<String, Entry> {
    let open = open_balances(&l.found, &l.children, &l.grandchildren);
    let mut items: Vec<(String, OpenItem)> = Vec::new();
    for e in l.found.iter().filter(|e| !control.knows(&e.doc_no)) {
        let item = OpenItem {
            kind: e.kind,
            line: e.line.clone(),
            open: open.get(e.doc_no.as_str()).copied().unwrap_or_default(),
            commitment: (e.kind == EntryKind::Disburse)
                .then(|| e.reference.clone())
                .flatten(),
        };
        items.push((e.doc_no.clone(), item));
    }
    for (doc, item) in items {
        control.remember(doc, item);
    }
    l.found.into_iter().map(|e| (e.doc_no.clone(), e)).collect()
}

/// `prior_curve` as stored: twelve comma-separated tenths of a percent.
pub(crate) fn curve_to_text(c: &ExpectedCurve) -> Option<String> {
    match c {
        ExpectedCurve::StraightLine => None,
        ExpectedCurve::PriorYear(m) => Some(
            m.0.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(","),
        ),
    }
}

/// Reads `budget.prior_curve` back.
pub(crate) async fn read_curve(c: &mut AnyConnection) -> Result<ExpectedCurve, StoreError> {
    let row = sqlx::query("SELECT prior_curve FROM budget WHERE id = 1")
        .fetch_one(&mut *c)
        .await
        .map_err(StoreError::db("reading the expected curve"))?;
    curve_from_text(get(&row, "budget", "prior_curve")?)
}

/// `budget.prior_curve` as stored → the curve.
fn curve_from_text(text: Option<String>) -> Result<ExpectedCurve, StoreError> {
    let Some(text) = text else {
        return Ok(ExpectedCurve::StraightLine);
    };
    let bad = |why: String| corrupt("budget", "1", "prior_curve", why);
    let months: Vec<u16> = text
        .split(',')
        .map(|v| v.trim().parse::<u16>().map_err(|e| bad(e.to_string())))
        .collect::<Result<_, _>>()?;
    let months: [u16; 12] = months
        .try_into()
        .map_err(|_| bad("12개가 아닙니다 / not 12 months".into()))?;
    MonthlyCurve::new(months)
        .map(ExpectedCurve::PriorYear)
        .map_err(bad)
}

/// Amendments from JSON arrays of `[no, date, kind, note]` (in recorded
/// order) and `[amendment, line, delta]` (in order within each).
fn amendments_from_json(
    amendments: Option<String>,
    changes: Option<String>,
) -> Result<Vec<Amendment>, StoreError> {
    const T: &str = "amendments";
    let changes: Vec<(String, String, i64)> =
        serde_json::from_str(changes.as_deref().unwrap_or("[]"))
            .map_err(|e| corrupt("amendment_changes", "*", "changes", e.to_string()))?;
    let mut by_no: HashMap<String, Vec<LineDelta>> = HashMap::new();
    for (no, line, delta) in changes {
        let line = line_code("amendment_changes", &no, "line", &line)?;
        by_no.entry(no).or_default().push(LineDelta {
            line,
            delta: Won::new(delta),
        });
    }
    let rows: Vec<(String, String, String, String)> =
        serde_json::from_str(amendments.as_deref().unwrap_or("[]"))
            .map_err(|e| corrupt(T, "*", "amendments", e.to_string()))?;
    let mut out = Vec::with_capacity(rows.len());
    for (no, day, kind, note) in rows {
        out.push(Amendment {
            date: parse_date(T, &no, "date", &day)?,
            kind: AmendmentKind::parse(&kind).ok_or_else(|| {
                corrupt(
                    T,
                    &no,
                    "kind",
                    format!("알 수 없는 변경 구분 / unknown amendment kind '{kind}'"),
                )
            })?,
            note,
            changes: by_no.remove(&no).unwrap_or_default(),
            no,
        });
    }
    Ok(out)
}

/// The budget tree, its amendments and the expected execution curve.
#[derive(Debug, Clone)]
pub struct BudgetState {
    /// Lines with base amounts.
    pub budget: Budget,
    /// Amendments in recorded order.
    pub amendments: Vec<Amendment>,
    /// The expected execution curve.
    pub expected: ExpectedCurve,
}

/// Reads the budget tree and its amendments.
pub(crate) async fn read_budget_and_amendments(
    c: &mut AnyConnection,
) -> Result<(Budget, Vec<Amendment>), StoreError> {
    let (fy, label, lines) = read::read_budget(c).await?;
    let budget = Budget::new(fy, label, lines).map_err(StoreError::Inconsistent)?;
    let amendments = read_amendments(c).await?;
    Ok((budget, amendments))
}

/// Whether a recording call sets its SQLite connection up for a bulk
/// write: foreign keys and CHECK constraints off for the transaction.
/// Budget control has already refused every entry those would refuse (an
/// unknown or non-leaf line, a bad kind, date or amount, a missing
/// reference), and on millions of rows the database checking them again
/// cost about as much as the rest of the insert together. Both settings
/// apply to this one connection, which is closed afterwards, so no other
/// write (and no statement prepared meanwhile) ever runs without them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bulk {
    Yes,
    No,
}

/// A recording call's work, written but not yet committed: commit it with
/// [`PendingRecord::commit`]; dropping it rolls everything back.
pub struct PendingRecord {
    /// `None` once committed.
    conn: Option<PoolConnection<Any>>,
    outcome: RecordOutcome,
    bulk: bool,
}

impl std::fmt::Debug for PendingRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingRecord")
            .field("outcome", &self.outcome)
            .finish_non_exhaustive()
    }
}

impl PendingRecord {
    /// A connection of `store`'s pool in a write transaction that holds the
    /// ledger's write lock (SQLite; PostgreSQL's is taken by `lock_ledger`).
    async fn begin(store: &Store, bulk: bool) -> Result<PendingRecord, StoreError> {
        let mut conn = store
            .pool()
            .acquire()
            .await
            .map_err(StoreError::db("connecting"))?;
        // Whatever happens from here on, a connection that is not handed
        // back after a commit is closed, which rolls back what it did.
        let mut pending = PendingRecord {
            conn: None,
            outcome: RecordOutcome::default(),
            bulk,
        };
        let begin = match store.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        if bulk {
            // Set before BEGIN: SQLite ignores `foreign_keys` inside a
            // transaction. The connection is closed after (see `Drop`).
            conn.close_on_drop();
            // No memory map either: the pages a bulk write reads would
            // count as this process's memory.
            conn.execute(
                "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON; PRAGMA mmap_size = 0",
            )
                .await
                .map_err(StoreError::db("preparing a bulk write"))?;
        }
        conn.execute(begin)
            .await
            .map_err(StoreError::db("starting a write transaction"))?;
        pending.conn = Some(conn);
        Ok(pending)
    }

    fn conn(&mut self) -> Result<&mut AnyConnection, StoreError> {
        self.conn
            .as_deref_mut()
            .ok_or_else(|| StoreError::Database {
                context: "the recording is over".to_owned(),
                source: sqlx::Error::PoolClosed,
            })
    }

    /// The connection, for a task of its own; put it back in `conn`.
    fn take_conn(&mut self) -> Result<PoolConnection<Any>, StoreError> {
        self.conn.take().ok_or_else(|| StoreError::Database {
            context: "the recording is over".to_owned(),
            source: sqlx::Error::PoolClosed,
        })
    }

    /// A recording with nothing left to commit.
    fn done() -> PendingRecord {
        PendingRecord {
            conn: None,
            outcome: RecordOutcome::default(),
            bulk: false,
        }
    }

    /// Rolls back now and hands an ordinary connection back to the pool
    /// (a form refused by budget control should not cost a reconnect);
    /// a bulk one, or one that fails to roll back, is closed.
    async fn rollback(&mut self) {
        if let Some(mut conn) = self.conn.take()
            && (self.bulk || conn.execute("ROLLBACK").await.is_err())
        {
            conn.close_on_drop();
        }
    }

    /// What will be written.
    pub fn outcome(&self) -> &RecordOutcome {
        &self.outcome
    }

    /// Commits, making the entries part of the ledger.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the commit fails (nothing is written).
    pub async fn commit(mut self) -> Result<RecordOutcome, StoreError> {
        let Some(mut conn) = self.conn.take() else {
            // Checked only: nothing was written.
            return Ok(std::mem::take(&mut self.outcome));
        };
        if let Err(e) = conn.execute("COMMIT").await {
            conn.close_on_drop();
            return Err(StoreError::db("committing ledger entries")(e));
        }
        if self.bulk {
            // Copy the bulk write from the WAL into the database and empty
            // the WAL now, as part of the import, rather than leave a WAL
            // of the whole file for the next process to open (and recover)
            // first. Best effort: the data is committed either way.
            if let Err(e) = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").await {
                tracing::warn!(error = %e, "checkpoint after a bulk write");
            }
        }
        Ok(std::mem::take(&mut self.outcome))
    }
}

impl Drop for PendingRecord {
    fn drop(&mut self) {
        // Not committed: closing the connection ends its transaction
        // (rolled back) instead of handing it back to the pool in one.
        if let Some(conn) = &mut self.conn {
            conn.close_on_drop();
        }
    }
}

/// Budget control and the writes of one recording call, chunk by chunk.
struct Recorder<'b> {
    control: Control<'b>,
    write: bool,
    /// Entries in earlier chunks (to number refusals across the stream).
    base: usize,
    refused: Vec<RowRefusal>,
    unchanged: usize,
    /// Recorded entries met again (re-imported) in this call.
    seen_again: HashSet<String>,
    days: DaySums,
    added: usize,
    first: Option<String>,
    last: Option<String>,
    committed: i64,
    disbursed: i64,
}

impl Recorder<'_> {
    /// Budget control over one chunk: the entries to write, in date order
    /// (none once anything has been refused, or when only checking).
    /// Yields to the runtime every few thousand entries, so that a write
    /// running beside it keeps the database busy.
    async fn decide(
        &mut self,
        entries: Vec<Entry>,
        recorded: HashMap<String, Entry>,
    ) -> Vec<Entry> {
        // Apply in date order, keeping the file's order within a date.
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by_key(|&i| entries[i].date);
        let mut fresh = Vec::with_capacity(entries.len());
        for (n, i) in order.into_iter().enumerate() {
            if n % 4096 == 4095 {
                tokio::task::yield_now().await;
            }
            let e = &entries[i];
            if let Some(prior) = recorded.get(&e.doc_no) {
                // Recorded before: identical is a re-import (once per call),
                // anything else a conflicting re-use of the number.
                if prior == e && self.seen_again.insert(e.doc_no.clone()) {
                    self.unchanged += 1;
                } else {
                    self.refused.push(RowRefusal {
                        index: self.base + i,
                        doc_no: e.doc_no.clone(),
                        refusal: Refusal::ConflictingDocNo {
                            doc_no: e.doc_no.clone(),
                        },
                    });
                }
                continue;
            }
            match self.control.apply(e) {
                Ok(()) => fresh.push(i),
                Err(refusal) => self.refused.push(RowRefusal {
                    index: self.base + i,
                    doc_no: e.doc_no.clone(),
                    refusal,
                }),
            }
        }
        self.base += entries.len();
        if !self.write || !self.refused.is_empty() || fresh.is_empty() {
            return Vec::new();
        }
        let mut slots: Vec<Option<Entry>> = entries.into_iter().map(Some).collect();
        let fresh: Vec<Entry> = fresh.into_iter().filter_map(|i| slots[i].take()).collect();
        for e in &fresh {
            self.days.add(e);
            match e.kind {
                EntryKind::Commit => self.committed += e.amount.get(),
                EntryKind::Disburse => self.disbursed += e.amount.get(),
                _ => {}
            }
        }
        if self.first.is_none() {
            self.first = fresh.first().map(|e| e.doc_no.clone());
        }
        self.last = fresh.last().map(|e| e.doc_no.clone());
        self.added += fresh.len();
        fresh
    }
}

/// Writes `fresh` unless empty.
async fn write_fresh(
    c: &mut AnyConnection,
    fresh: Vec<Entry>,
    recorded_at: &str,
    actor: &str,
) -> Result<(), StoreError> {
    if fresh.is_empty() {
        return Ok(());
    }
    insert_entries(c, fresh, recorded_at, Some(actor)).await
}

/// Jobs queued for a recording's database task: enough for it never to
/// wait on budget control, few enough to keep memory flat.
const WRITE_QUEUE: usize = 2;

/// Work for a recording's database task, done in the order sent.
enum Job {
    /// Write these entries.
    Write(Vec<Entry>),
    /// Read a chunk's [`Lookup`] for these keys (see [`lookup_keys`]) and
    /// send it back.
    Lookup(Vec<String>, tokio::sync::oneshot::Sender<Lookup>),
    /// Add what was written to the per-day index (the last job).
    Index(IndexRows),
}

/// The database task of a recording: does each job that comes, in order,
/// until the queue closes or one fails, and hands the connection back
/// (`None` if the task is torn down: the guard then closes it, which rolls
/// the transaction back). A failed look-up sends nothing back; the error
/// comes with the connection.
async fn work_queue(
    conn: PoolConnection<Any>,
    mut rx: tokio::sync::mpsc::Receiver<Job>,
    recorded_at: String,
    actor: String,
    before: i64,
) -> (Option<PoolConnection<Any>>, Result<(), StoreError>) {
    let mut guard = CloseUnlessReturned(Some(conn));
    let Some(c) = guard.0.as_deref_mut() else {
        return (None, Ok(()));
    };
    let mut result = Ok(());
    while let Some(job) = rx.recv().await {
        let done = match job {
            Job::Write(fresh) => write_fresh(c, fresh, &recorded_at, &actor).await,
            Job::Index(rows) => write_index(c, &rows).await,
            Job::Lookup(keys, reply) => lookup(c, &keys, before).await.map(|l| {
                // The recording stopped waiting: it failed elsewhere.
                let _ = reply.send(l);
            }),
        };
        if let Err(e) = done {
            result = Err(e);
            break;
        }
    }
    (guard.0.take(), result)
}

/// Holds a connection in a transaction; closes it if dropped while still
/// holding it, so that it never goes back to the pool mid-transaction.
struct CloseUnlessReturned(Option<PoolConnection<Any>>);

impl Drop for CloseUnlessReturned {
    fn drop(&mut self) {
        if let Some(conn) = &mut self.0 {
            conn.close_on_drop();
        }
    }
}

impl Store {
    /// What [`Store::record`] would refuse, without writing anything: lets
    /// an import list budget-control refusals next to format errors.
    ///
    /// # Errors
    /// Database errors.
    pub async fn check_entries(&self, entries: &[Entry]) -> Result<Vec<RowRefusal>, StoreError> {
        let chunks = futures_util::stream::iter([entries.to_vec()]);
        match self.run_record(chunks, None, "", "").await {
            Ok(_) => Ok(Vec::new()),
            Err(StoreError::Refused(refused)) => Ok(refused),
            Err(e) => Err(e),
        }
    }

    /// Takes the ledger's write lock inside `tx` (see the module docs).
    async fn lock_ledger(&self, c: &mut AnyConnection) -> Result<(), StoreError> {
        if self.backend == Backend::Postgres {
            sqlx::query("LOCK TABLE line_day IN EXCLUSIVE MODE")
                .execute(&mut *c)
                .await
                .map_err(StoreError::db("locking the ledger"))?;
        }
        Ok(())
    }

    /// Records entries under budget control, all or nothing. Entries whose
    /// document number is already recorded with identical content are
    /// skipped, so re-importing a file adds nothing.
    ///
    /// # Errors
    /// [`StoreError::Refused`] listing every refused entry (by its index in
    /// `entries`) with the reason; nothing is written then.
    pub async fn record(
        &self,
        entries: &[Entry],
        actor: &str,
        source: &str,
    ) -> Result<RecordOutcome, StoreError> {
        let chunks = futures_util::stream::iter([entries.to_vec()]);
        let pending = self
            .run_record(chunks, Some(Bulk::No), actor, source)
            .await?;
        pending.commit().await
    }

    /// Records a stream of entries, a file's rows chunk by chunk, under
    /// budget control in one write transaction, holding only the chunk at
    /// hand and budget control's compact state, so that a file of any
    /// length fits in memory. Each chunk is applied in date order (stable),
    /// chunks in the order they come. The entries are written as the
    /// chunks pass; once one entry is refused, nothing more is written but
    /// every later chunk is still checked, so that the error lists every
    /// refused entry (by its index in the whole stream).
    ///
    /// Nothing is visible to anyone else until [`PendingRecord::commit`];
    /// dropping the [`PendingRecord`] instead (because the file had format
    /// errors, say) rolls everything back.
    ///
    /// On SQLite the connection is set up for a bulk write (foreign keys
    /// and CHECKs off: budget control has refused all they would refuse)
    /// and closed afterwards.
    ///
    /// # Errors
    /// [`StoreError::Refused`] with every refused entry; nothing is written
    /// then.
    pub async fn record_stream<S>(
        &self,
        chunks: S,
        actor: &str,
        source: &str,
    ) -> Result<PendingRecord, StoreError>
    where
        S: futures_util::Stream<Item = Vec<Entry>> + Unpin,
    {
        let bulk = match self.backend {
            Backend::Sqlite => Bulk::Yes,
            Backend::Postgres => Bulk::No,
        };
        self.run_record(chunks, Some(bulk), actor, source).await
    }

    /// Budget control over `chunks` in one write transaction; writes when
    /// `write` says how, else only checks (and rolls back).
    async fn run_record<S>(
        &self,
        mut chunks: S,
        write: Option<Bulk>,
        actor: &str,
        source: &str,
    ) -> Result<PendingRecord, StoreError>
    where
        S: futures_util::Stream<Item = Vec<Entry>> + Unpin,
    {
        use futures_util::StreamExt;
        let started = std::time::Instant::now();
        let mut pending = PendingRecord::begin(self, write == Some(Bulk::Yes)).await?;
        let c = pending.conn()?;
        self.lock_ledger(c).await?;
        let (budget, amendments) = read_budget_and_amendments(c).await?;
        let schedule = Schedule::new(&amendments);
        let mut control = Control::new(&budget, &schedule);
        for (line, day, net) in committed_by_line_day(c).await? {
            control.add_committed(&line, day, net);
        }
        // An empty ledger has nothing to look up: the first import of a year
        // skips millions of look-ups.
        let before = ledger_end(c).await?;
        let mut r = Recorder {
            control,
            write: write.is_some(),
            base: 0,
            refused: Vec::new(),
            unchanged: 0,
            seen_again: HashSet::new(),
            days: DaySums::default(),
            added: 0,
            first: None,
            last: None,
            committed: 0,
            disbursed: 0,
        };
        let (recorded_at, actor_text) = (audit::now(), actor.to_owned());
        // A task of its own does the database work, in order: it writes
        // each decided chunk, and reads the look-ups of the next chunk
        // while this one is being decided, so that neither the database
        // nor budget control waits for the other. As a task (on another
        // runtime thread where there is one) it sends the database its
        // next statement the moment the last is done, instead of when the
        // reading and deciding here next pause.
        let conn = pending.take_conn()?;
        let (tx, rx) = tokio::sync::mpsc::channel::<Job>(WRITE_QUEUE);
        let worker = tokio::spawn(work_queue(
            conn,
            rx,
            recorded_at.clone(),
            actor_text.clone(),
            before.unwrap_or(0),
        ));
        // A closed queue or an unanswered look-up means the task failed:
        // its error comes with the connection, below.
        match before {
            None => {
                while let Some(chunk) = chunks.next().await {
                    let fresh = r.decide(chunk, HashMap::new()).await;
                    if !fresh.is_empty() && tx.send(Job::Write(fresh)).await.is_err() {
                        break;
                    }
                }
            }
            Some(_) => {
                let mut current: Option<(Vec<Entry>, tokio::sync::oneshot::Receiver<Lookup>)> =
                    None;
                let mut upcoming = chunks.next().await;
                loop {
                    let ahead = match upcoming.take() {
                        Some(chunk) => {
                            let (reply, answer) = tokio::sync::oneshot::channel();
                            let keys = lookup_keys(&r.control, &chunk);
                            if tx.send(Job::Lookup(keys, reply)).await.is_err() {
                                break;
                            }
                            Some((chunk, answer))
                        }
                        None => None,
                    };
                    if let Some((chunk, answer)) = current.take() {
                        let Ok(found) = answer.await else { break };
                        let recorded = apply_lookup(&mut r.control, found);
                        let fresh = r.decide(chunk, recorded).await;
                        if !fresh.is_empty() && tx.send(Job::Write(fresh)).await.is_err() {
                            break;
                        }
                    }
                    let Some(next) = ahead else { break };
                    current = Some(next);
                    upcoming = chunks.next().await;
                }
            }
        }
        if r.refused.is_empty() && write.is_some() {
            // Prepared here while the task may still be writing the last
            // chunks, and written after them.
            let rows = r.days.index_rows(before.is_none());
            // A closed queue: the task failed, and says why below.
            let _ = tx.send(Job::Index(rows)).await;
        }
        drop(tx);
        let (conn, worked) = worker.await.map_err(|e| StoreError::Database {
            context: format!("writing ledger entries: {e}"),
            source: sqlx::Error::WorkerCrashed,
        })?;
        pending.conn = conn;
        worked?;
        let c = pending.conn()?;
        tracing::debug!(elapsed = ?started.elapsed(), entries = r.added, "budget control done, entries written");
        if !r.refused.is_empty() || write.is_none() {
            pending.rollback().await;
            r.refused.sort_by_key(|x| x.index);
            return if r.refused.is_empty() {
                Ok(PendingRecord::done())
            } else {
                Err(StoreError::Refused(r.refused))
            };
        }
        tracing::debug!(elapsed = ?started.elapsed(), "per-day index updated");
        let outcome = RecordOutcome {
            added: r.added,
            unchanged: r.unchanged,
        };
        if outcome.added > 0 {
            let after = serde_json::json!({
                "added": outcome.added,
                "unchanged": outcome.unchanged,
                "first": r.first.as_deref(),
                "last": r.last.as_deref(),
                "committed": r.committed,
                "disbursed": r.disbursed,
            });
            let (action, key) = match (outcome.added, r.first.as_deref()) {
                (1, Some(doc)) => ("record", doc),
                _ => ("import", source),
            };
            audit::record(
                c,
                Change {
                    actor,
                    action,
                    entity: "entries",
                    key: Some(key),
                    before: None,
                    after: Some(after.to_string()),
                },
            )
            .await?;
        }
        pending.outcome = outcome;
        Ok(pending)
    }

    /// Records budget amendments, all or nothing; amendments already
    /// recorded with identical content are skipped. An amendment may not
    /// take a line's budget below zero, nor, on its date or any later one,
    /// below the net commitments dated on or before that date (the budget
    /// rule of [`yesan_domain::control`]).
    ///
    /// # Errors
    /// [`StoreError::Inconsistent`] with every broken rule.
    pub async fn amend(&self, new: &[Amendment], actor: &str) -> Result<RecordOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        self.lock_ledger(&mut tx).await?;
        let (budget, mut all) = read_budget_and_amendments(&mut tx).await?;
        let first_seq = i64::try_from(all.len()).unwrap_or(i64::MAX);
        let mut fresh = Vec::new();
        let mut unchanged = 0;
        for a in new {
            match all.iter().find(|x| x.no == a.no) {
                Some(x) if x == a => unchanged += 1,
                _ => fresh.push(a.clone()),
            }
        }
        all.extend(fresh.iter().cloned());
        let mut findings = amendment::check(&budget, &all);
        let schedule = Schedule::new(&all);
        let committed = committed_by_line_day(&mut tx).await?;
        findings.extend(amendment::check_commitments(
            &budget, &schedule, &fresh, &committed,
        ));
        if !findings.is_empty() {
            return Err(StoreError::Inconsistent(findings));
        }
        insert_amendments(&mut tx, &fresh, first_seq, &audit::now()).await?;
        for a in &fresh {
            let after = serde_json::json!({
                "date": a.date.to_string(), "kind": a.kind.as_str(), "note": a.note,
                "changes": a.changes.iter().map(|c| (c.line.as_str(), c.delta.get())).collect::<Vec<_>>(),
            });
            audit::record(
                &mut tx,
                Change {
                    actor,
                    action: "amend",
                    entity: "budget",
                    key: Some(&a.no),
                    before: None,
                    after: Some(after.to_string()),
                },
            )
            .await?;
        }
        tx.commit()
            .await
            .map_err(StoreError::db("committing amendments"))?;
        Ok(RecordOutcome {
            added: fresh.len(),
            unchanged,
        })
    }

    /// The budget tree and its amendments, without the rest of the dataset.
    ///
    /// # Errors
    /// As [`Store::load`].
    pub async fn budget(&self) -> Result<BudgetState, StoreError> {
        let mut tx = self.begin_read().await?;
        let (budget, amendments) = read_budget_and_amendments(&mut tx).await?;
        let expected = read_curve(&mut tx).await?;
        tx.commit()
            .await
            .map_err(StoreError::db("ending the read transaction"))?;
        Ok(BudgetState {
            budget,
            amendments,
            expected,
        })
    }

    /// Each project's code, budget line and title, in order (for labelling
    /// lines without loading the whole dataset).
    ///
    /// # Errors
    /// [`StoreError::Database`] when the projects cannot be read.
    pub async fn project_lines(&self) -> Result<Vec<(String, LineCode, String)>, StoreError> {
        let mut conn = self
            .pool()
            .acquire()
            .await
            .map_err(StoreError::db("connecting"))?;
        rows(
            &mut conn,
            "projects",
            "SELECT code, line, title FROM projects ORDER BY position",
        )
        .await?
        .iter()
        .map(|r| {
            let code: String = get(r, "projects", "code")?;
            let line = line_code(
                "projects",
                &code,
                "line",
                &get::<String>(r, "projects", "line")?,
            )?;
            Ok((code, line, get(r, "projects", "title")?))
        })
        .collect()
    }

    /// Compares the per-day index with the ledger it is derived from and
    /// lists every (line, day) where they differ; empty when they agree.
    /// `yesan check` runs it, so that an index out of step is found, not
    /// trusted.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the tables cannot be read.
    pub async fn verify_index(&self) -> Result<Vec<String>, StoreError> {
        let sql = format!(
            "SELECT COALESCE(e.line, d.line) AS line, COALESCE(e.day, d.day) AS day, \
            CAST(COALESCE(e.committed, 0) AS BIGINT) AS ec, CAST(COALESCE(e.disbursed, 0) AS BIGINT) AS ed, \
            CAST(COALESCE(d.committed, 0) AS BIGINT) AS dc, CAST(COALESCE(d.disbursed, 0) AS BIGINT) AS dd \
            FROM ({DAY_SUMS}) e \
            FULL OUTER JOIN line_day d ON d.line = e.line AND d.day = e.day \
            WHERE COALESCE(e.committed, 0) <> COALESCE(d.committed, 0) OR COALESCE(e.disbursed, 0) <> COALESCE(d.disbursed, 0)"
        );
        let mut conn = self
            .pool()
            .acquire()
            .await
            .map_err(StoreError::db("connecting"))?;
        let mut out = Vec::new();
        for r in rows(&mut conn, "line_day", &sql).await? {
            let line: String = get(&r, "line_day", "line")?;
            let day: String = get(&r, "line_day", "day")?;
            let (ec, ed): (i64, i64) = (get(&r, "line_day", "ec")?, get(&r, "line_day", "ed")?);
            let (dc, dd): (i64, i64) = (get(&r, "line_day", "dc")?, get(&r, "line_day", "dd")?);
            out.push(format!(
                "일별 집계 불일치 {line} {day}: 원장 원인행위 {ec}·지출 {ed}, 집계 {dc}·{dd} / per-day index differs from the ledger at {line} {day}: ledger {ec}/{ed}, index {dc}/{dd}"
            ));
        }
        // And the months the sums of their days.
        let sql = format!(
            "SELECT COALESCE(m.line, s.line) AS line, COALESCE(m.month, s.month) AS month \
             FROM line_month m FULL OUTER JOIN ({MONTH_SUMS}) s ON s.line = m.line AND s.month = m.month \
             WHERE s.line IS NULL OR m.line IS NULL OR s.committed <> m.committed OR s.disbursed <> m.disbursed"
        );
        for r in rows(&mut conn, "line_month", &sql).await? {
            let line: String = get(&r, "line_month", "line")?;
            let month: String = get(&r, "line_month", "month")?;
            out.push(format!(
                "월별 집계 불일치 {line} {month} / monthly sum differs at {line} {month}"
            ));
        }
        // And the daily snapshots the running totals on each day.
        out.extend(check_totals(&mut conn).await?);
        Ok(out)
    }

    /// The most recent commitments with something left to pay, newest
    /// first, at most `limit`: what a disbursement form offers to pay.
    /// Only the latest [`OPEN_SCAN`] commitments are looked at, so the
    /// cost stays flat however long the ledger grows.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the ledger cannot be read.
    pub async fn open_commitments(&self, limit: usize) -> Result<Vec<OpenCommitment>, StoreError> {
        let mut conn = self
            .pool()
            .acquire()
            .await
            .map_err(StoreError::db("connecting"))?;
        let sql = format!(
            "SELECT seq, doc_no, date, kind, line, amount, ref, counterparty, memo FROM entries \
             WHERE kind = 'commit' ORDER BY seq DESC LIMIT {OPEN_SCAN}"
        );
        let mut recent = Vec::new();
        for r in rows(&mut conn, "entries", &sql).await? {
            recent.push(entry_from_row(&r)?);
        }
        let keys: Vec<&str> = recent.iter().map(|e| e.doc_no.as_str()).collect();
        let children: Vec<Entry> = fetch_where(&mut conn, "ref", &keys)
            .await?
            .into_iter()
            .map(|(_, e)| e)
            .collect();
        let paid: Vec<&str> = children
            .iter()
            .filter(|e| e.kind == EntryKind::Disburse)
            .map(|e| e.doc_no.as_str())
            .collect();
        let grandchildren: Vec<Entry> = fetch_where(&mut conn, "ref", &paid)
            .await?
            .into_iter()
            .map(|(_, e)| e)
            .collect();
        let l = Lookup {
            found: recent,
            children,
            grandchildren,
        };
        let open = open_balances(&l.found, &l.children, &l.grandchildren);
        Ok(l.found
            .iter()
            .filter_map(|e| {
                let unpaid = open.get(e.doc_no.as_str()).copied()?;
                (unpaid > Won::ZERO).then(|| OpenCommitment {
                    doc_no: e.doc_no.clone(),
                    date: e.date,
                    line: e.line.clone(),
                    counterparty: e.counterparty.clone(),
                    unpaid,
                })
            })
            .take(limit)
            .collect())
    }

    /// The date of the latest ledger entry, if any.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the index cannot be read.
    pub async fn last_entry_date(&self) -> Result<Option<NaiveDate>, StoreError> {
        let mut conn = self
            .pool()
            .acquire()
            .await
            .map_err(StoreError::db("connecting"))?;
        // day_totals has a row for every day with entries, keyed by day.
        let row = sqlx::query("SELECT MAX(day) AS day FROM day_totals")
            .fetch_one(&mut *conn)
            .await
            .map_err(StoreError::db("reading the latest entry date"))?;
        get::<Option<String>>(&row, "day_totals", "day")?
            .map(|d| parse_date("day_totals", "max", "day", &d))
            .transpose()
    }

    /// Net committed and disbursed amounts of every leaf line on `as_of`,
    /// read from the daily snapshots: one index seek and one run of rows,
    /// whatever the size of the ledger.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the index cannot be read.
    pub async fn leaf_totals(
        &self,
        as_of: NaiveDate,
    ) -> Result<HashMap<LineCode, (Won, Won)>, StoreError> {
        let mut conn = self
            .pool()
            .acquire()
            .await
            .map_err(StoreError::db("connecting"))?;
        let row = sqlx::query(&format!("SELECT ({}) AS totals", LEAF_TOTALS))
            .bind(date(as_of))
            .fetch_one(&mut *conn)
            .await
            .map_err(StoreError::db("reading the daily snapshots"))?;
        let mut out = HashMap::new();
        for (line, c, d) in parse_packed(get(&row, "day_totals", "totals")?)? {
            out.insert(
                line_code("day_totals", &line, "line", &line)?,
                (Won::new(c), Won::new(d)),
            );
        }
        Ok(out)
    }

    /// `sql`'s rows (a key, and two amounts) as one text: SQLite's driver
    /// hands every row from its own thread to this one separately, which
    /// cost more than finding the rows; one row for a roll-up of 400 lines,
    /// not 400. [`parse_packed`] reads it back.
    fn packed_sql(&self, sql: &str) -> String {
        let concat = match self.backend {
            Backend::Postgres => "string_agg",
            Backend::Sqlite => "group_concat",
        };
        format!(
            "SELECT {concat}(CAST(r.line AS TEXT) || ',' || CAST(r.committed AS TEXT) || ',' || CAST(r.disbursed AS TEXT), ';') FROM ({sql}) r"
        )
    }

    /// The rows of `sql`, fetched packed (see [`Store::packed_sql`]).
    async fn packed(
        &self,
        sql: &str,
        param: Option<String>,
    ) -> Result<Vec<(String, i64, i64)>, StoreError> {
        let sql = format!("SELECT ({}) AS rows", self.packed_sql(sql));
        let mut conn = self
            .pool()
            .acquire()
            .await
            .map_err(StoreError::db("connecting"))?;
        let mut q = sqlx::query(&sql);
        if let Some(p) = param {
            q = q.bind(p);
        }
        let row = q
            .fetch_one(&mut *conn)
            .await
            .map_err(StoreError::db("reading the ledger index"))?;
        parse_packed(get(&row, "line_month", "rows")?)
    }

    /// What a roll-up on `as_of` needs: the budget, its amendments and
    /// expected curve, and every leaf's totals on that day, in one
    /// statement: one snapshot, one round trip, and a fresh process
    /// prepares one statement instead of seven.
    ///
    /// # Errors
    /// As [`Store::budget`] and [`Store::leaf_totals`].
    pub async fn status_on(
        &self,
        as_of: NaiveDate,
    ) -> Result<(BudgetState, HashMap<LineCode, (Won, Won)>), StoreError> {
        let mut conn = self
            .pool()
            .acquire()
            .await
            .map_err(StoreError::db("connecting"))?;
        let sql = format!(
            "SELECT b.fiscal_year, b.prior_label, b.prior_curve, {} AS lines, {}, \
             ({}) AS totals FROM budget b WHERE b.id = 1",
            read::budget_lines_json(&conn),
            amendments_json(&conn),
            LEAF_TOTALS
        );
        let row = sqlx::query(&sql)
            .bind(date(as_of))
            .fetch_optional(&mut *conn)
            .await
            .map_err(StoreError::db("reading the budget and the ledger index"))?
            .ok_or_else(|| corrupt("budget", "1", "id", "행이 없습니다 / the row is missing"))?;
        const T: &str = "budget";
        let fy: i64 = get(&row, T, "fiscal_year")?;
        let fy = i32::try_from(fy).map_err(|_| {
            corrupt(
                T,
                "1",
                "fiscal_year",
                format!("범위를 벗어난 연도 / year {fy} out of range"),
            )
        })?;
        let lines = read::budget_lines_from_json(get(&row, "budget_lines", "lines")?)?;
        let budget = Budget::new(fy, get(&row, T, "prior_label")?, lines)
            .map_err(StoreError::Inconsistent)?;
        let amendments =
            amendments_from_json(get(&row, T, "amendments")?, get(&row, T, "changes")?)?;
        let expected = curve_from_text(get(&row, T, "prior_curve")?)?;
        let mut totals = HashMap::new();
        for (line, c, d) in parse_packed(get(&row, "day_totals", "totals")?)? {
            totals.insert(
                line_code("day_totals", &line, "line", &line)?,
                (Won::new(c), Won::new(d)),
            );
        }
        let state = BudgetState {
            budget,
            amendments,
            expected,
        };
        Ok((state, totals))
    }

    /// Net committed and disbursed amounts of every leaf line per month
    /// (`YYYY-MM`), for execution curves.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the index cannot be read.
    pub async fn monthly(&self) -> Result<Vec<(LineCode, String, Won, Won)>, StoreError> {
        // The per-month index: a few thousand rows, not every (line, day).
        // The month goes with the line ('E1.2.3@2023-10') to fit `packed`.
        let sql = "SELECT line || '@' || month AS line, committed, disbursed FROM line_month";
        let mut out = Vec::new();
        for (key, c, d) in self.packed(sql, None).await? {
            let Some((line, month)) = key.split_once('@') else {
                return Err(corrupt(
                    "line_month",
                    &key,
                    "month",
                    "월을 읽을 수 없습니다 / cannot read the month".to_owned(),
                ));
            };
            out.push((
                line_code("line_month", line, "line", line)?,
                month.to_owned(),
                Won::new(c),
                Won::new(d),
            ));
        }
        out.sort_by(|a, b| (a.0.as_str(), &a.1).cmp(&(b.0.as_str(), &b.1)));
        Ok(out)
    }

    /// Every ledger entry in ledger order (date, then recording order).
    ///
    /// # Errors
    /// As [`Store::load`].
    pub async fn entries(&self) -> Result<Vec<Entry>, StoreError> {
        let mut conn = self
            .pool()
            .acquire()
            .await
            .map_err(StoreError::db("connecting"))?;
        read::read_entries(&mut conn).await
    }
}

#[cfg(test)]
mod tests {
    use super::{day_totals, parse_packed};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn row(day: &str, line: &str, c: i64, d: i64) -> (String, String, i64, i64) {
        (day.to_owned(), line.to_owned(), c, d)
    }

    #[test]
    fn snapshots_carry_every_line_forward() {
        let rows = [
            row("2023-01-02", "E1", 10, 0),
            row("2023-01-02", "E2", 5, 0),
            row("2023-01-05", "E1", -1, 3),
            row("2023-02-01", "E3", 7, 7),
        ];
        let got = day_totals(BTreeMap::new(), &rows);
        assert_eq!(
            got,
            [
                ("2023-01-02".to_owned(), "E1,10,0;E2,5,0".to_owned()),
                ("2023-01-05".to_owned(), "E1,9,3;E2,5,0".to_owned()),
                ("2023-02-01".to_owned(), "E1,9,3;E2,5,0;E3,7,7".to_owned()),
            ]
        );
        // From a later day on, the day before's snapshot is the base.
        let base = BTreeMap::from([("E1".to_owned(), (10, 0)), ("E2".to_owned(), (5, 0))]);
        assert_eq!(day_totals(base, &rows[2..]), got[1..]);
    }

    proptest! {
        /// Each day's snapshot holds, for every line with entries by then,
        /// the sum of its rows up to that day; the last one every line's
        /// whole sum.
        #[test]
        fn snapshots_are_running_sums(
            raw in proptest::collection::btree_map((1_u32..60, 0_u8..6), (-1_000_000_i64..1_000_000, -1_000_000_i64..1_000_000), 0..200)
        ) {
            let rows: Vec<_> = raw
                .iter()
                .map(|((day, line), (c, d))| (format!("2023-{:02}-{:02}", 1 + day / 28, 1 + day % 28), format!("E{line}"), *c, *d))
                .collect();
            let mut rows = rows;
            rows.sort_unstable();
            let snaps = day_totals(BTreeMap::new(), &rows);
            let days: std::collections::BTreeSet<&String> = rows.iter().map(|r| &r.0).collect();
            prop_assert_eq!(snaps.len(), days.len());
            for (day, packed) in &snaps {
                let mut want: BTreeMap<String, (i64, i64)> = BTreeMap::new();
                for (_, line, c, d) in rows.iter().filter(|r| &r.0 <= day) {
                    let t = want.entry(line.clone()).or_default();
                    t.0 += c;
                    t.1 += d;
                }
                let got: BTreeMap<String, (i64, i64)> = parse_packed(Some(packed.clone()))
                    .expect("packed text parses")
                    .into_iter()
                    .map(|(l, c, d)| (l, (c, d)))
                    .collect();
                prop_assert_eq!(got, want);
            }
        }
    }
}
