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

use crate::audit::{self, Change};
use crate::error::{RowRefusal, StoreError};
use crate::read::{self, corrupt, entry_from_row, get, line_code, parse_date, rows};
use crate::{Backend, Store};
use chrono::NaiveDate;
use sqlx::any::AnyArguments;
use sqlx::{AnyConnection, Arguments};
use std::collections::{HashMap, HashSet};
use yesan_domain::amendment::{self, Amendment, AmendmentKind, LineDelta, Schedule};
use yesan_domain::budget::Budget;
use yesan_domain::code::LineCode;
use yesan_domain::control::{Control, OpenItem, Refusal};
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

/// Running totals of `line_day`, per line in day order: what `line_cum` holds.
pub(crate) const RUNNING_TOTALS: &str = "SELECT line, day, SUM(committed) OVER w AS committed, \
    SUM(disbursed) OVER w AS disbursed FROM line_day WINDOW w AS (PARTITION BY line ORDER BY day)";

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
    let positional = c.backend_name().eq_ignore_ascii_case("sqlite");
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

fn args_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Database {
        context: format!("binding arguments: {e}"),
        source: sqlx::Error::Protocol(e.to_string()),
    }
}

/// Appends entries with multi-row INSERTs.
pub(crate) async fn insert_entries(
    c: &mut AnyConnection,
    entries: &[&Entry],
    recorded_at: &str,
    recorded_by: Option<&str>,
) -> Result<(), StoreError> {
    let insert = |list: String| {
        format!(
            "INSERT INTO entries (doc_no, date, kind, line, amount, ref, counterparty, memo, recorded_at, recorded_by) VALUES {list}"
        )
    };
    // The database works on one batch while the next is being built: the
    // two run on different threads (SQLite's worker, this task).
    let mut chunks = entries.chunks(INSERT_BATCH);
    let mut next = match chunks.next() {
        Some(ch) => Some((
            insert(placeholders(c, 0, ch.len(), 10)),
            entry_args(ch, recorded_at, recorded_by)?,
        )),
        None => None,
    };
    while let Some((sql, args)) = next.take() {
        let following = chunks.next();
        let list = following.map(|ch| placeholders(c, 0, ch.len(), 10));
        let run = sqlx::query_with(&sql, args).execute(&mut *c);
        let prepare = async {
            following
                .map(|ch| entry_args(ch, recorded_at, recorded_by))
                .transpose()
        };
        let (done, built) = tokio::join!(run, prepare);
        done.map_err(StoreError::db("writing ledger entries"))?;
        next = built?.zip(list).map(|(args, list)| (insert(list), args));
    }
    Ok(())
}

/// The arguments of one multi-row entries INSERT (owned, so that they can
/// be built while the previous batch is being written).
fn entry_args(
    chunk: &[&Entry],
    recorded_at: &str,
    recorded_by: Option<&str>,
) -> Result<AnyArguments<'static>, StoreError> {
    let mut args = AnyArguments::default();
    for e in chunk {
        args.add(e.doc_no.clone()).map_err(args_err)?;
        args.add(date(e.date)).map_err(args_err)?;
        args.add(e.kind.as_str()).map_err(args_err)?;
        args.add(e.line.as_str().to_owned()).map_err(args_err)?;
        args.add(e.amount.get()).map_err(args_err)?;
        args.add(e.reference.clone()).map_err(args_err)?;
        args.add(e.counterparty.clone()).map_err(args_err)?;
        args.add(e.memo.clone()).map_err(args_err)?;
        args.add(recorded_at.to_owned()).map_err(args_err)?;
        args.add(recorded_by.map(ToOwned::to_owned))
            .map_err(args_err)?;
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
    const T: &str = "amendments";
    let mut changes: HashMap<String, Vec<LineDelta>> = HashMap::new();
    for r in rows(
        c,
        "amendment_changes",
        "SELECT amendment, line, delta FROM amendment_changes ORDER BY amendment, position",
    )
    .await?
    {
        let no: String = get(&r, "amendment_changes", "amendment")?;
        let line = line_code(
            "amendment_changes",
            &no,
            "line",
            &get::<String>(&r, "amendment_changes", "line")?,
        )?;
        let delta = Won::new(get(&r, "amendment_changes", "delta")?);
        changes
            .entry(no)
            .or_default()
            .push(LineDelta { line, delta });
    }
    let mut out = Vec::new();
    for r in rows(
        c,
        T,
        "SELECT no, date, kind, note FROM amendments ORDER BY seq",
    )
    .await?
    {
        let no: String = get(&r, T, "no")?;
        let kind: String = get(&r, T, "kind")?;
        out.push(Amendment {
            date: parse_date(T, &no, "date", &get::<String>(&r, T, "date")?)?,
            kind: AmendmentKind::parse(&kind).ok_or_else(|| {
                corrupt(
                    T,
                    &no,
                    "kind",
                    format!("알 수 없는 변경 구분 / unknown amendment kind '{kind}'"),
                )
            })?,
            note: get(&r, T, "note")?,
            changes: changes.remove(&no).unwrap_or_default(),
            no,
        });
    }
    Ok(out)
}

/// Adds entries' net amounts to the per-day index.
pub(crate) async fn add_line_days(
    c: &mut AnyConnection,
    entries: &[&Entry],
) -> Result<(), StoreError> {
    let mut days: HashMap<(&LineCode, NaiveDate), (i64, i64)> = HashMap::new();
    for e in entries {
        let d = days.entry((&e.line, e.date)).or_default();
        let a = e.amount.get();
        match e.kind {
            EntryKind::Commit => d.0 += a,
            EntryKind::CommitCancel => d.0 -= a,
            EntryKind::Disburse => d.1 += a,
            EntryKind::DisburseCancel => d.1 -= a,
        }
    }
    let days: Vec<_> = days.into_iter().collect();
    for chunk in days.chunks(INSERT_BATCH) {
        let sql = format!(
            "INSERT INTO line_day (line, day, committed, disbursed) VALUES {} \
             ON CONFLICT (line, day) DO UPDATE SET committed = line_day.committed + excluded.committed, \
             disbursed = line_day.disbursed + excluded.disbursed",
            placeholders(c, 0, chunk.len(), 4)
        );
        let mut args = AnyArguments::default();
        for ((line, day), (cm, ds)) in chunk {
            args.add(line.as_str()).map_err(args_err)?;
            args.add(date(*day)).map_err(args_err)?;
            args.add(*cm).map_err(args_err)?;
            args.add(*ds).map_err(args_err)?;
        }
        sqlx::query_with(&sql, args)
            .execute(&mut *c)
            .await
            .map_err(StoreError::db("updating the per-day index"))?;
    }
    Ok(())
}

/// Recomputes the running totals of `lines` from the per-day index.
pub(crate) async fn rebuild_cum(
    c: &mut AnyConnection,
    lines: &[LineCode],
) -> Result<(), StoreError> {
    for chunk in lines.chunks(LOOKUP_BATCH) {
        let list = placeholders(c, 0, 1, chunk.len());
        let mut del = AnyArguments::default();
        let mut ins = AnyArguments::default();
        for l in chunk {
            del.add(l.as_str()).map_err(args_err)?;
            ins.add(l.as_str()).map_err(args_err)?;
        }
        sqlx::query_with(&format!("DELETE FROM line_cum WHERE line IN {list}"), del)
            .execute(&mut *c)
            .await
            .map_err(StoreError::db("rebuilding running totals"))?;
        let sql = format!(
            "INSERT INTO line_cum (line, day, committed, disbursed) \
             SELECT line, day, SUM(committed) OVER w, SUM(disbursed) OVER w FROM line_day WHERE line IN {list} \
             WINDOW w AS (PARTITION BY line ORDER BY day)"
        );
        sqlx::query_with(&sql, ins)
            .execute(&mut *c)
            .await
            .map_err(StoreError::db("rebuilding running totals"))?;
    }
    Ok(())
}

/// Net commitments per line, from the per-day index.
async fn committed_by_line(c: &mut AnyConnection) -> Result<Vec<(LineCode, Won)>, StoreError> {
    let sql =
        "SELECT line, CAST(SUM(committed) AS BIGINT) AS committed FROM line_day GROUP BY line";
    rows(c, "line_day", sql)
        .await?
        .iter()
        .map(|r| {
            let line: String = get(r, "line_day", "line")?;
            Ok((
                line_code("line_day", &line, "line", &line)?,
                Won::new(get(r, "line_day", "committed")?),
            ))
        })
        .collect()
}

async fn fetch_where(
    c: &mut AnyConnection,
    column: &str,
    keys: &[&str],
) -> Result<Vec<Entry>, StoreError> {
    let mut out = Vec::new();
    for chunk in keys.chunks(LOOKUP_BATCH) {
        let sql = format!(
            "SELECT doc_no, date, kind, line, amount, ref, counterparty, memo FROM entries WHERE {column} IN {} ORDER BY date, seq",
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
            out.push(entry_from_row(&r)?);
        }
    }
    Ok(out)
}

/// Seeds `control` with the recorded entries that `batch` may touch: those
/// with the same document numbers (re-imports and conflicts), those it
/// references, and the commitments behind referenced payments, each with
/// its open balance as the ledger stands.
/// Whether the ledger holds any entry at all.
async fn ledger_is_empty(c: &mut AnyConnection) -> Result<bool, StoreError> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM (SELECT 1 FROM entries LIMIT 1) AS x")
        .fetch_one(&mut *c)
        .await
        .map_err(StoreError::db("reading the ledger"))?;
    Ok(get::<i64>(&row, "entries", "n")? == 0)
}

async fn seed_references(
    c: &mut AnyConnection,
    control: &mut Control<'_>,
    batch: &[Entry],
) -> Result<HashMap<String, Entry>, StoreError> {
    let mut wanted: Vec<&str> = batch.iter().map(|e| e.doc_no.as_str()).collect();
    wanted.extend(batch.iter().filter_map(|e| e.reference.as_deref()));
    wanted.sort_unstable();
    wanted.dedup();
    let mut found: HashMap<String, Entry> = fetch_where(c, "doc_no", &wanted)
        .await?
        .into_iter()
        .map(|e| (e.doc_no.clone(), e))
        .collect();
    let behind: Vec<String> = found
        .values()
        .filter(|e| e.kind == EntryKind::Disburse)
        .filter_map(|e| e.reference.clone())
        .filter(|r| !found.contains_key(r))
        .collect();
    let behind: Vec<&str> = behind.iter().map(String::as_str).collect();
    for e in fetch_where(c, "doc_no", &behind).await? {
        found.insert(e.doc_no.clone(), e);
    }
    // Open balances: each item's own amount, less what refers to it, with
    // cancelled payments given back to their commitment.
    let keys: Vec<&str> = found.keys().map(String::as_str).collect();
    let children = fetch_where(c, "ref", &keys).await?;
    let paid: Vec<&str> = children
        .iter()
        .filter(|e| e.kind == EntryKind::Disburse)
        .map(|e| e.doc_no.as_str())
        .collect();
    let grandchildren = fetch_where(c, "ref", &paid).await?;
    let mut open: HashMap<&str, Won> = found
        .values()
        .map(|e| {
            (
                e.doc_no.as_str(),
                if e.kind.references().is_some() && e.kind != EntryKind::Disburse {
                    Won::ZERO
                } else {
                    e.amount
                },
            )
        })
        .collect();
    let payment_of: HashMap<&str, &str> = children
        .iter()
        .filter(|e| e.kind == EntryKind::Disburse)
        .filter_map(|e| Some((e.doc_no.as_str(), e.reference.as_deref()?)))
        .collect();
    for e in &children {
        if let Some(v) = e.reference.as_deref().and_then(|r| open.get_mut(r)) {
            *v -= e.amount;
        }
    }
    for e in grandchildren
        .iter()
        .filter(|e| e.kind == EntryKind::DisburseCancel)
    {
        if let Some(v) = e
            .reference
            .as_deref()
            .and_then(|d| payment_of.get(d))
            .and_then(|c| open.get_mut(c))
        {
            *v += e.amount;
        }
    }
    for e in found.values() {
        let item = OpenItem {
            kind: e.kind,
            line: e.line.clone(),
            open: open.get(e.doc_no.as_str()).copied().unwrap_or_default(),
            commitment: (e.kind == EntryKind::Disburse)
                .then(|| e.reference.clone())
                .flatten(),
        };
        control.remember(e.doc_no.clone(), item);
    }
    Ok(found)
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
    let Some(text) = get::<Option<String>>(&row, "budget", "prior_curve")? else {
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

impl Store {
    /// Budget control over `entries` against the ledger as it stands, inside
    /// a write transaction: (indices of new entries in date order, how many
    /// were re-imported, refusals).
    async fn decide(
        &self,
        tx: &mut AnyConnection,
        entries: &[Entry],
    ) -> Result<(Vec<usize>, usize, Vec<RowRefusal>), StoreError> {
        self.lock_ledger(tx).await?;
        let (budget, amendments) = read_budget_and_amendments(tx).await?;
        let schedule = Schedule::new(&amendments);
        let mut control = Control::new(&budget, &schedule);
        for (line, committed) in committed_by_line(tx).await? {
            control.set_committed(line, committed);
        }
        // An empty ledger has nothing to look up: the first import of a year
        // skips a million look-ups.
        let recorded = if ledger_is_empty(tx).await? {
            HashMap::new()
        } else {
            seed_references(tx, &mut control, entries).await?
        };
        // Apply in date order, keeping the file's order within a date.
        let mut order: Vec<usize> = (0..entries.len()).collect();
        order.sort_by_key(|&i| entries[i].date);
        let mut refused = Vec::new();
        let mut fresh = Vec::with_capacity(entries.len());
        let mut unchanged = 0;
        let mut seen_again: HashSet<&str> = HashSet::new();
        for i in order {
            let e = &entries[i];
            if let Some(prior) = recorded.get(&e.doc_no) {
                // Recorded before: identical is a re-import (once per file),
                // anything else a conflicting re-use of the number.
                if prior == e && seen_again.insert(e.doc_no.as_str()) {
                    unchanged += 1;
                } else {
                    refused.push(RowRefusal {
                        index: i,
                        doc_no: e.doc_no.clone(),
                        refusal: Refusal::ConflictingDocNo {
                            doc_no: e.doc_no.clone(),
                        },
                    });
                }
                continue;
            }
            match control.apply(e) {
                Ok(()) => fresh.push(i),
                Err(refusal) => refused.push(RowRefusal {
                    index: i,
                    doc_no: e.doc_no.clone(),
                    refusal,
                }),
            }
        }
        refused.sort_by_key(|r| r.index);
        Ok((fresh, unchanged, refused))
    }

    /// What [`Store::record`] would refuse, without writing anything: lets
    /// an import list budget-control refusals next to format errors.
    ///
    /// # Errors
    /// Database errors.
    pub async fn check_entries(&self, entries: &[Entry]) -> Result<Vec<RowRefusal>, StoreError> {
        let mut tx = self.begin_write().await?;
        let (_, _, refused) = self.decide(&mut tx, entries).await?;
        tx.rollback()
            .await
            .map_err(StoreError::db("ending the check"))?;
        Ok(refused)
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
        let started = std::time::Instant::now();
        let mut tx = self.begin_write().await?;
        let (fresh, unchanged, refused) = self.decide(&mut tx, entries).await?;
        if !refused.is_empty() {
            return Err(StoreError::Refused(refused));
        }
        let fresh: Vec<&Entry> = fresh.iter().map(|&i| &entries[i]).collect();
        tracing::debug!(elapsed = ?started.elapsed(), entries = fresh.len(), "budget control done");
        let recorded_at = audit::now();
        insert_entries(&mut tx, &fresh, &recorded_at, Some(actor)).await?;
        tracing::debug!(elapsed = ?started.elapsed(), "entries written");
        add_line_days(&mut tx, &fresh).await?;
        let mut lines: Vec<LineCode> = fresh.iter().map(|e| e.line.clone()).collect();
        lines.sort_unstable();
        lines.dedup();
        rebuild_cum(&mut tx, &lines).await?;
        tracing::debug!(elapsed = ?started.elapsed(), "per-day index updated");
        let outcome = RecordOutcome {
            added: fresh.len(),
            unchanged,
        };
        if outcome.added > 0 {
            let after = serde_json::json!({
                "added": outcome.added,
                "unchanged": outcome.unchanged,
                "first": fresh.first().map(|e| e.doc_no.as_str()),
                "last": fresh.last().map(|e| e.doc_no.as_str()),
                "committed": fresh.iter().filter(|e| e.kind == EntryKind::Commit).map(|e| e.amount.get()).sum::<i64>(),
                "disbursed": fresh.iter().filter(|e| e.kind == EntryKind::Disburse).map(|e| e.amount.get()).sum::<i64>(),
            });
            let action = if fresh.len() == 1 { "record" } else { "import" };
            let key = if fresh.len() == 1 {
                fresh[0].doc_no.as_str()
            } else {
                source
            };
            audit::record(
                &mut tx,
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
        tx.commit()
            .await
            .map_err(StoreError::db("committing ledger entries"))?;
        Ok(outcome)
    }

    /// Records budget amendments, all or nothing; amendments already
    /// recorded with identical content are skipped. An amendment may not
    /// take a line's budget below zero or below what is already committed
    /// on it.
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
        let committed = committed_by_line(&mut tx).await?;
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
        // The running totals must be the running sums of the per-day rows.
        let sql = format!(
            "SELECT c.line AS line, c.day AS day FROM line_cum c LEFT JOIN ({RUNNING_TOTALS}) s \
             ON s.line = c.line AND s.day = c.day \
             WHERE s.line IS NULL OR s.committed <> c.committed OR s.disbursed <> c.disbursed"
        );
        for r in rows(&mut conn, "line_cum", &sql).await? {
            let line: String = get(&r, "line_cum", "line")?;
            let day: String = get(&r, "line_cum", "day")?;
            out.push(format!(
                "누계 불일치 {line} {day} / running total differs at {line} {day}"
            ));
        }
        Ok(out)
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
        let row = sqlx::query("SELECT MAX(day) AS day FROM line_day")
            .fetch_one(&mut *conn)
            .await
            .map_err(StoreError::db("reading the latest entry date"))?;
        get::<Option<String>>(&row, "line_day", "day")?
            .map(|d| parse_date("line_day", "max", "day", &d))
            .transpose()
    }

    /// Net committed and disbursed amounts of every leaf line on `as_of`,
    /// read from the running totals: one index seek per line, whatever the
    /// size of the ledger.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the index cannot be read.
    pub async fn leaf_totals(
        &self,
        as_of: NaiveDate,
    ) -> Result<HashMap<LineCode, (Won, Won)>, StoreError> {
        // One index seek per line for both columns: LATERAL on PostgreSQL,
        // a rowid sub-select on SQLite (which has no LATERAL).
        let sql = match self.backend {
            Backend::Postgres => {
                "SELECT l.code AS line, c.committed, c.disbursed FROM budget_lines l \
                 LEFT JOIN LATERAL (SELECT committed, disbursed FROM line_cum \
                   WHERE line = l.code AND day <= $1 ORDER BY day DESC LIMIT 1) c ON TRUE \
                 WHERE l.kind = 'expenditure'"
            }
            Backend::Sqlite => {
                "SELECT l.code AS line, c.committed, c.disbursed FROM budget_lines l \
                 LEFT JOIN line_cum c ON c.rowid = (SELECT x.rowid FROM line_cum x \
                   WHERE x.line = l.code AND x.day <= $1 ORDER BY x.day DESC LIMIT 1) \
                 WHERE l.kind = 'expenditure'"
            }
        };
        let mut conn = self
            .pool()
            .acquire()
            .await
            .map_err(StoreError::db("connecting"))?;
        let rows = sqlx::query(sql)
            .bind(date(as_of))
            .fetch_all(&mut *conn)
            .await
            .map_err(StoreError::db("reading running totals"))?;
        let mut out = HashMap::with_capacity(rows.len());
        for r in &rows {
            let line: String = get(r, "line_cum", "line")?;
            let c: Option<i64> = get(r, "line_cum", "committed")?;
            let d: Option<i64> = get(r, "line_cum", "disbursed")?;
            if c.is_some() || d.is_some() {
                out.insert(
                    line_code("line_cum", &line, "line", &line)?,
                    (Won::new(c.unwrap_or(0)), Won::new(d.unwrap_or(0))),
                );
            }
        }
        Ok(out)
    }

    /// Net committed and disbursed amounts of every leaf line per month
    /// (`YYYY-MM`), for execution curves.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the index cannot be read.
    pub async fn monthly(&self) -> Result<Vec<(LineCode, String, Won, Won)>, StoreError> {
        let sql = "SELECT line, SUBSTR(day, 1, 7) AS month, CAST(SUM(committed) AS BIGINT) AS committed, \
                   CAST(SUM(disbursed) AS BIGINT) AS disbursed FROM line_day GROUP BY line, SUBSTR(day, 1, 7) ORDER BY line, month";
        let mut conn = self
            .pool()
            .acquire()
            .await
            .map_err(StoreError::db("connecting"))?;
        rows(&mut conn, "line_day", sql)
            .await?
            .iter()
            .map(|r| {
                let line: String = get(r, "line_day", "line")?;
                Ok((
                    line_code("line_day", &line, "line", &line)?,
                    get(r, "line_day", "month")?,
                    Won::new(get(r, "line_day", "committed")?),
                    Won::new(get(r, "line_day", "disbursed")?),
                ))
            })
            .collect()
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
