//! The ledger side of the store: recording entries and amendments under
//! budget control, and answering "where does every line stand on date D"
//! from the per-day index instead of the entries.
//!
//! - [`record`]: `record` runs budget control inside one write transaction
//!   that first takes the ledger lock (SQLite `BEGIN IMMEDIATE`,
//!   PostgreSQL a transaction advisory lock keyed by the institution), seeds the
//!   domain's `Control` from the database (net commitments per line and
//!   day from `line_day`, the open items the entries refer to), and writes
//!   only if every entry passes, so two writers never decide on the same
//!   state and a refused file writes nothing. `record_stream` does the same for a stream of
//!   chunks (a file's rows, read by a thread while the store checks and
//!   writes the previous chunk), holding only the chunk at hand and
//!   `Control`'s state: each chunk is applied in date order, chunks in
//!   file order; after the first refusal nothing more is written but every
//!   chunk is still checked, and the caller commits the `PendingRecord` or
//!   drops it (rollback).
//! - [`insert`]: the multi-row inserts and the look-ups budget control
//!   needs from a non-empty ledger.
//! - [`partition`]: PostgreSQL's ledger, one partition per institution and
//!   year, and a year's first recording indexed once (schema 19).
//! - [`index`]: the derived index — `line_day` (net amounts per line and
//!   day), `day_totals` (one row per day with entries: every line's
//!   running totals on that day, packed as `line,committed,disbursed`
//!   joined by `;`) and `line_month` (per-month sums, for the execution
//!   curves) — written in the same transaction as the entries.
//! - [`query`]: the budget, the status on a date, the monthly sums, the
//!   open commitments, the entries.
//!
//! # Performance notes
//!
//! - The status on any date is one index seek and one row (the latest
//!   day's snapshot in `day_totals`), not a scan of the ledger. A write
//!   rebuilds `day_totals` from its earliest day on (a back-dated entry
//!   costs more than today's), at most one row per day.
//! - On SQLite the streamed write runs on a connection set up for bulk
//!   work (foreign keys and CHECKs off — budget control has refused all
//!   they would — then closed).
//! - A task of its own does the recording's database work in order: it
//!   writes each decided chunk and reads the next chunk's look-ups (the
//!   recorded entries it names or references, with their open balances)
//!   while this one is decided, so the database and budget control do not
//!   wait for each other (into an empty ledger there is nothing to look
//!   up). A look-up read ahead never overrides what budget control already
//!   knows from earlier chunks; a write or look-up that fails there fails
//!   the recording and closes its connection. The per-day index rows are
//!   prepared while that task writes the last chunks.
//! - The first chunk is small and each next one twice as large (up to
//!   65,536 rows, `yesan-app`'s import), so the database gets to work early.
//! - On PostgreSQL the recording runs on a native connection (`conn.rs`)
//!   and the entries go in by `COPY … FROM STDIN` in binary format, in the
//!   same transaction as budget control's reads, the index and the audit
//!   record; multi-row INSERTs cost it about four times the embedded
//!   backend's time.
//! - On PostgreSQL a recording is bound by its one backend process, not by
//!   this side: in a city import (files of 33,000 entries into an empty
//!   year, measured with `perf` and the server's statement log, 2026-12)
//!   the backend was busy for nine tenths of the wall time, about 6 µs of
//!   server CPU per entry, while reading, budget control and encoding here
//!   took about a fifth of that and overlapped it (chunk N+1 is decided
//!   while the server takes chunk N in). Of the server's time the entries'
//!   COPY is three quarters — two thirds of it the three B-tree insertions
//!   per row (primary key, `doc_no`, `ref`), then decoding the rows, the
//!   CHECKs and the statement trigger with its transition table, a tenth
//!   each at most — and the per-day index a quarter (`line_day` about
//!   16 %, `day_totals` 8 %, `line_month` 3 %). Hence [`partition`]
//!   (schema 19): a year's first recording, the import of a year's
//!   ledger, copies its rows into a table with no index yet and builds
//!   the three indexes once over them before attaching the table as the
//!   year's partition, as pg_restore does; with the B-trees built rather
//!   than kept row by row, the server's time for the city's 30M entries
//!   went from 4.9 to 2.5 µs an entry (the same COPY of the same rows, one
//!   way then the other, checks included), and the city's import at two
//!   at a time from 235k to the figure in the README. Later recordings
//!   into the year write through `entries` as before. Tried without a
//!   measurable gain: more `work_mem` for the transition table, byte-order
//!   collation (`"C"`) for the index tables' text keys, `day_totals`
//!   stored uncompressed. Recordings of different institutions do run
//!   side by side (each locks its own institution's ledger), each a backend
//!   of its own, so a server with a core to spare takes a second one at
//!   little cost to the first (the city benchmark imports two institutions
//!   at a time, `BENCH_CITY_JOBS`; on the shared two-core machine, with
//!   the first recordings indexed once, 3M entries went in at 198k/s one
//!   at a time and 300k/s two at a time, 30M at 353k/s two at a time). Deployment advice from the same measurements: `shared_buffers`
//!   of a gigabyte or more, `wal_buffers` 64 MB and a larger
//!   `max_wal_size`, so that the backend does not write out buffers and
//!   WAL itself (a sixth faster in one measurement).
//! - Entries go in with `INSERT OR FAIL` on SQLite, which spares each
//!   multi-row statement a statement journal; new SQLite files use 16 KiB
//!   pages, and SQLite is built without its memory statistics
//!   (`.cargo/config.toml`), whose global mutex cost the import about a
//!   tenth of its database time.
//! - The status reads the budget, the as-of totals and the month sums as
//!   one packed row each: SQLite's driver hands rows across threads one by
//!   one, which cost more than finding them.
//! - `open_commitments` offers the entry form the latest commitments left
//!   to pay, their balances computed by the domain's
//!   `control::open_balances`, which also seeds budget control.

mod copy;
mod index;
mod insert;
pub(crate) mod partition;
mod query;
mod record;

pub(crate) use index::{DaySums, day_sums, month_sums, rebuild_totals, write_index};
pub use insert::RecordOutcome;
pub(crate) use insert::{insert_amendments, insert_entries};
pub(crate) use query::status_sql;
pub use query::{BudgetState, OpenCommitment, ProjectLine};
pub use record::PendingRecord;
pub(crate) use record::amend_in;
