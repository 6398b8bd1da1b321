//! Recording under budget control: one write transaction that takes the
//! ledger lock, seeds `Control` from the database, decides every entry and
//! writes only if all pass; the streamed variant for files (chunks decided
//! while a task of its own writes the previous one and reads the next
//! one's look-ups); amendments.

use super::index::{DaySums, IndexRows, write_index};
use super::insert::{
    Lookup, RecordOutcome, apply_lookup, committed_by_line_day, insert_amendments, insert_entries,
    ledger_end, lookup, lookup_keys,
};
use crate::audit::{self, Change};
use crate::conn::Exec;
use crate::conn::Held;
use crate::error::{RowRefusal, StoreError};
use crate::key::Sc;
use crate::read::read_budget_and_amendments;
use crate::{Backend, Store};
use sqlx::Executor;
use std::collections::{HashMap, HashSet};
use yesan_domain::amendment::{self, Amendment, Schedule};
use yesan_domain::control::{Control, Refusal};
use yesan_domain::execution::{Entry, EntryKind};

/// Whether a recording call sets its SQLite connection up for a bulk
/// write: foreign keys and CHECK constraints off for the transaction.
/// Budget control has already refused every entry those would refuse (an
/// unknown or non-leaf line, a bad kind, date or amount, a missing
/// reference), and on millions of rows the database checking them again
/// cost about as much as the rest of the insert together. Both settings
/// apply to this one connection, which is closed afterwards, so no other
/// write (and no statement prepared meanwhile) ever runs without them.
///
/// The closed-year trigger on `entries` (a sub-program SQLite runs for
/// every row, with a statement journal because it may abort) is set
/// aside inside the bulk transaction and put back, as it was, before the
/// transaction commits ([`CLOSED_TRIGGER`]): it cost the database thread
/// about a third of an import. Nothing is given up: the recording refuses
/// a closed year itself (`refuse_closed`) after taking the write lock,
/// which no one else can take until the commit, and the trigger is
/// missing only from this uncommitted transaction, so every other writer,
/// and everything committed, still meets it; a recording that fails rolls
/// back, trigger included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bulk {
    Yes,
    No,
}

/// A recording call's work, written but not yet committed: commit it with
/// [`PendingRecord::commit`]; dropping it rolls everything back.
pub struct PendingRecord {
    /// `None` once committed.
    conn: Option<Held>,
    outcome: RecordOutcome,
    bulk: bool,
    /// SQLite bulk write: the closed-year trigger's SQL, to create again
    /// before the commit (see [`Bulk`]).
    trigger: Option<String>,
    /// SQLite: this process's turn to write, released when the recording
    /// ends (after `conn`, see `conn.rs`).
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

/// The trigger through which the database itself refuses entries of a
/// closed year (schema 6), set aside during a bulk write (see [`Bulk`]).
const CLOSED_TRIGGER: &str = "entries_closed_insert";

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
    pub(super) async fn begin(store: &Store, bulk: bool) -> Result<PendingRecord, StoreError> {
        let turn = store.write_turn().await;
        let mut conn = match &store.pg {
            // PostgreSQL: a native connection, for COPY (see `conn.rs`).
            Some(pg) => pg.acquire().await.map(Held::Pg),
            None => store.pool().acquire().await.map(Held::Any),
        }
        .map_err(StoreError::db("connecting"))?;
        // Whatever happens from here on, a connection that is not handed
        // back after a commit is closed, which rolls back what it did.
        let mut pending = PendingRecord {
            conn: None,
            outcome: RecordOutcome::default(),
            bulk,
            trigger: None,
            _turn: turn,
        };
        let begin = store.scoped_begin(match store.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        });
        if bulk {
            // Set before BEGIN: SQLite ignores `foreign_keys` inside a
            // transaction. The connection is closed after (see `Drop`).
            conn.close_on_drop();
            // No memory map either: the pages a bulk write reads would
            // count as this process's memory.
            conn.ex().execute(
                "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON; PRAGMA mmap_size = 0",
            )
                .await
                .map_err(StoreError::db("preparing a bulk write"))?;
        }
        if let Err(e) = conn.ex().execute(begin.as_str()).await {
            // On PostgreSQL the begin is several statements: one that
            // failed may leave the transaction open (aborted).
            conn.close_on_drop();
            return Err(StoreError::db("starting a write transaction")(e));
        }
        if bulk {
            pending.trigger = set_trigger_aside(&mut conn).await?;
        }
        pending.conn = Some(conn);
        Ok(pending)
    }

    pub(super) fn conn(&mut self) -> Result<&mut Held, StoreError> {
        self.conn.as_mut().ok_or_else(|| StoreError::Database {
            context: "the recording is over".to_owned(),
            source: sqlx::Error::PoolClosed,
        })
    }

    /// The connection, for a task of its own; put it back in `conn`.
    pub(super) fn take_conn(&mut self) -> Result<Held, StoreError> {
        self.conn.take().ok_or_else(|| StoreError::Database {
            context: "the recording is over".to_owned(),
            source: sqlx::Error::PoolClosed,
        })
    }

    /// A recording with nothing left to commit.
    pub(super) fn done() -> PendingRecord {
        PendingRecord {
            conn: None,
            outcome: RecordOutcome::default(),
            bulk: false,
            trigger: None,
            _turn: None,
        }
    }

    /// Rolls back now and hands an ordinary connection back to the pool
    /// (a form refused by budget control should not cost a reconnect);
    /// a bulk one, or one that fails to roll back, is closed.
    pub(super) async fn rollback(&mut self) {
        if let Some(mut conn) = self.conn.take()
            && (self.bulk || conn.ex().execute("ROLLBACK").await.is_err())
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
        if let Some(sql) = self.trigger.take()
            && let Err(e) = conn.ex().execute(sql.as_str()).await
        {
            conn.close_on_drop();
            return Err(StoreError::db("committing ledger entries")(e));
        }
        if let Err(e) = conn.ex().execute("COMMIT").await {
            conn.close_on_drop();
            return Err(StoreError::db("committing ledger entries")(e));
        }
        if self.bulk {
            // Copy the bulk write from the WAL into the database and empty
            // the WAL now, as part of the import, rather than leave a WAL
            // of the whole file for the next process to open (and recover)
            // first. Best effort: the data is committed either way.
            if let Err(e) = conn.ex().execute("PRAGMA wal_checkpoint(TRUNCATE)").await {
                tracing::warn!(error = %e, "checkpoint after a bulk write");
            }
        }
        Ok(std::mem::take(&mut self.outcome))
    }
}

/// Drops the closed-year trigger inside the bulk write's transaction and
/// returns the SQL that creates it again (see [`Bulk`]); `None` when the
/// schema has none.
async fn set_trigger_aside(conn: &mut Held) -> Result<Option<String>, StoreError> {
    let failed = || StoreError::db("preparing a bulk write");
    let row = sqlx::query("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = $1")
        .bind(CLOSED_TRIGGER)
        .fetch_optional(conn.ex())
        .await
        .map_err(failed())?;
    let Some(row) = row else { return Ok(None) };
    let sql: String = crate::codec::get(&row, "sqlite_schema", "sql")?;
    conn.ex()
        .execute(format!("DROP TRIGGER {CLOSED_TRIGGER}").as_str())
        .await
        .map_err(failed())?;
    Ok(Some(sql))
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
pub(crate) struct Recorder<'b> {
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
    pub(super) async fn decide(
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

/// Writes `fresh` unless empty (into `into`, see [`insert_entries`]).
pub(crate) async fn write_fresh(
    c: &mut impl Exec,
    s: Sc,
    into: Option<&str>,
    fresh: Vec<Entry>,
    recorded_at: &str,
    actor: &str,
) -> Result<(), StoreError> {
    if fresh.is_empty() {
        return Ok(());
    }
    insert_entries(c, s, into, fresh, recorded_at, Some(actor)).await
}

/// The first key of the ledger's advisory lock on PostgreSQL (the second is
/// the institution): any number no one else uses.
const LEDGER_LOCK: i32 = 0x5945_5341;

/// Jobs queued for a recording's database task: enough for it never to
/// wait on budget control, few enough to keep memory flat.
pub(crate) const WRITE_QUEUE: usize = 2;

/// Work for a recording's database task, done in the order sent.
pub(crate) enum Job {
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
pub(crate) async fn work_queue(
    s: Sc,
    conn: Held,
    mut rx: tokio::sync::mpsc::Receiver<Job>,
    (recorded_at, actor): (String, String),
    before: i64,
    into: Option<String>,
) -> (Option<Held>, Result<(), StoreError>) {
    let mut guard = CloseUnlessReturned(Some(conn));
    let Some(c) = guard.0.as_mut() else {
        return (None, Ok(()));
    };
    let mut result = Ok(());
    while let Some(job) = rx.recv().await {
        let done = match job {
            Job::Write(fresh) => {
                write_fresh(c, s, into.as_deref(), fresh, &recorded_at, &actor).await
            }
            Job::Index(rows) => write_index(c, s, &rows).await,
            Job::Lookup(keys, reply) => lookup(c, s, &keys, before).await.map(|l| {
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
pub(crate) struct CloseUnlessReturned(Option<Held>);

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

    /// Takes the ledger's write lock inside `tx` (see the module docs). On
    /// PostgreSQL it is the scope's institution's own (a transaction-level
    /// advisory lock keyed by the institution), so that institutions
    /// recording at the same time do not wait for one another.
    pub(crate) async fn lock_ledger(&self, c: &mut impl Exec) -> Result<(), StoreError> {
        if self.backend == Backend::Postgres {
            let inst = self.sc().await?.inst;
            sqlx::query("SELECT pg_advisory_xact_lock($1, CAST($2 AS INTEGER))")
                .bind(LEDGER_LOCK)
                .bind(inst)
                .execute(c.ex())
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
    pub(super) async fn run_record<S>(
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
        let s = self.sc().await?;
        let mut pending = PendingRecord::begin(self, write == Some(Bulk::Yes)).await?;
        let c = pending.conn()?;
        self.lock_ledger(c).await?;
        // A closed year refuses here, with a typed error, before the
        // database's own triggers would.
        self.refuse_closed(c, s).await?;
        let (budget, amendments) = read_budget_and_amendments(c, s).await?;
        let schedule = Schedule::new(&amendments);
        let mut control = Control::new(&budget, &schedule);
        for (line, day, net) in committed_by_line_day(c, s).await? {
            control.add_committed(&line, day, net);
        }
        // An empty ledger has nothing to look up: the first import of a year
        // skips millions of look-ups.
        let before = ledger_end(c, s).await?;
        // PostgreSQL, a year's first recording: its rows go into a table
        // of their own, indexed once and attached as the year's partition
        // at the end (schema 19, `partition.rs`).
        let into = match (before, write) {
            (None, Some(_)) => super::partition::open(c, s).await?,
            _ => None,
        };
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
            s,
            conn,
            rx,
            (recorded_at.clone(), actor_text.clone()),
            before.unwrap_or(0),
            into.clone(),
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
        if into.is_some() {
            super::partition::attach(c, s).await?;
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
                s.inst,
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
        let s = self.sc().await?;
        let mut tx = self.begin_write().await?;
        self.lock_ledger(&mut *tx).await?;
        self.refuse_closed(&mut *tx, s).await?;
        let outcome = amend_in(&mut tx, s, new, actor).await?;
        tx.commit()
            .await
            .map_err(StoreError::db("committing amendments"))?;
        Ok(outcome)
    }
}

/// Checks `new` amendments against the budget, every amendment recorded,
/// the budget rule and the structure's history (no change to a line
/// before it exists or after it was retired), then writes the fresh ones
/// with one audit record each, inside the caller's transaction (which
/// holds the ledger lock and has refused a closed year).
pub(crate) async fn amend_in(
    tx: &mut sqlx::AnyConnection,
    s: Sc,
    new: &[Amendment],
    actor: &str,
) -> Result<RecordOutcome, StoreError> {
    let (budget, mut all) = read_budget_and_amendments(&mut *tx, s).await?;
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
    let committed = committed_by_line_day(&mut *tx, s).await?;
    findings.extend(amendment::check_commitments(
        &budget, &schedule, &fresh, &committed,
    ));
    let history = crate::structure::read_history(&mut *tx, s).await?;
    findings.extend(yesan_domain::structure::check_amendments(&history, &fresh));
    if !findings.is_empty() {
        return Err(StoreError::Inconsistent(findings));
    }
    insert_amendments(&mut *tx, s, &fresh, first_seq, &audit::now()).await?;
    for a in &fresh {
        let after = serde_json::json!({
            "date": a.date.to_string(), "kind": a.kind.as_str(), "note": a.note,
            "changes": a.changes.iter().map(|c| (c.line.as_str(), c.delta.get())).collect::<Vec<_>>(),
        });
        audit::record(
            &mut *tx,
            s.inst,
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
    Ok(RecordOutcome {
        added: fresh.len(),
        unchanged,
    })
}
