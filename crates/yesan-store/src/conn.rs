//! The connections and transactions the store's statements run on: every
//! transaction of the store is opened here ([`Store::begin_write`],
//! [`Store::begin_read`], [`Store::read_conn`], [`Store::begin_privileged`],
//! and `PendingRecord::begin` through [`Store::write_turn`] and
//! [`Store::scoped_begin`]).
//!
//! # Writers take turns (SQLite)
//!
//! SQLite has one writer at a time; a second one waits in its busy
//! handler and fails with "database is locked" after the busy timeout,
//! however soon the first would have finished. Within one process the
//! writers therefore queue on a fair (first come, first served) async lock
//! taken before the connection and its `BEGIN IMMEDIATE` and held until the
//! transaction ends, so a writer waits its turn instead of failing. Writers
//! of other processes still meet the busy timeout. PostgreSQL needs no
//! turns: its row locks and the ledger's advisory lock serialize exactly
//! what conflicts.
//!
//! # Native connections (PostgreSQL recordings)
//!
//! Most statements run on a
//! connection of the `Any` pool; a recording on PostgreSQL runs on a
//! native PostgreSQL connection instead, because only that one can stream
//! the ledger's rows with `COPY` (the `Any` driver has no COPY), and the
//! whole recording (budget control's reads, the rows, the per-day index,
//! the audit record) must stay one transaction on one connection.
//!
//! [`Exec`] lets the statements the recording shares with the rest of the
//! store be written once for both: it hands out an `Any` executor for any
//! of them. [`Held`] is the recording's connection; on PostgreSQL its
//! `Any` executor goes through the PostgreSQL driver's own `Any` backend
//! (rows come back as `AnyRow`, decoded as everywhere else).

use crate::error::StoreError;
use crate::{Backend, Store};
use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;
use futures_util::{FutureExt, StreamExt};
use sqlx::any::{AnyQueryResult, AnyRow, AnyStatement, AnyTypeInfo};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, Either, Execute, Executor, PgConnection, Postgres};
use sqlx_core::any::AnyConnectionBackend;

/// A connection (or transaction) the store's shared statements can run on.
pub(crate) trait Exec: Send {
    /// The executor [`Exec::ex`] gives.
    type E<'c>: Executor<'c, Database = Any>
    where
        Self: 'c;

    /// An executor for one statement.
    fn ex(&mut self) -> Self::E<'_>;

    /// Whether this is SQLite (plain `?` parameters, its SQL functions).
    fn is_sqlite(&self) -> bool;

    /// The native PostgreSQL connection underneath, where there is one
    /// (a recording's on PostgreSQL): the ledger's rows go in by COPY then.
    fn pg(&mut self) -> Option<&mut PgConnection> {
        None
    }
}

fn any_is_sqlite(c: &AnyConnection) -> bool {
    c.backend_name().eq_ignore_ascii_case("sqlite")
}

impl Exec for AnyConnection {
    type E<'c> = &'c mut AnyConnection;
    fn ex(&mut self) -> &mut AnyConnection {
        self
    }
    fn is_sqlite(&self) -> bool {
        any_is_sqlite(self)
    }
}

impl Exec for PoolConnection<Any> {
    type E<'c> = &'c mut AnyConnection;
    fn ex(&mut self) -> &mut AnyConnection {
        self
    }
    fn is_sqlite(&self) -> bool {
        any_is_sqlite(self)
    }
}

impl Exec for ReadConn {
    type E<'c> = &'c mut AnyConnection;
    fn ex(&mut self) -> &mut AnyConnection {
        self
    }
    fn is_sqlite(&self) -> bool {
        any_is_sqlite(self)
    }
}

impl Exec for WriteTx {
    type E<'c> = &'c mut AnyConnection;
    fn ex(&mut self) -> &mut AnyConnection {
        self
    }
    fn is_sqlite(&self) -> bool {
        any_is_sqlite(self)
    }
}

/// A recording's connection: one of the `Any` pool (SQLite), or a native
/// PostgreSQL one (see the module docs).
#[derive(Debug)]
pub(crate) enum Held {
    Any(PoolConnection<Any>),
    Pg(PoolConnection<Postgres>),
}

impl Held {
    /// Closes the connection when dropped instead of handing it back to
    /// the pool (which ends its transaction, rolled back).
    pub(crate) fn close_on_drop(&mut self) {
        match self {
            Held::Any(c) => c.close_on_drop(),
            Held::Pg(c) => c.close_on_drop(),
        }
    }
}

impl Exec for Held {
    type E<'c> = &'c mut Held;
    fn ex(&mut self) -> &mut Held {
        self
    }
    fn is_sqlite(&self) -> bool {
        match self {
            Held::Any(c) => any_is_sqlite(c),
            Held::Pg(_) => false,
        }
    }
    fn pg(&mut self) -> Option<&mut PgConnection> {
        match self {
            Held::Any(_) => None,
            Held::Pg(c) => Some(c),
        }
    }
}

impl<'c> Executor<'c> for &'c mut Held {
    type Database = Any;

    fn fetch_many<'e, 'q: 'e, E>(
        self,
        mut query: E,
    ) -> BoxStream<'e, Result<Either<AnyQueryResult, AnyRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        match self {
            Held::Any(c) => (&mut **c).fetch_many(query),
            Held::Pg(c) => match query.take_arguments() {
                Ok(args) => {
                    let pg: &'e mut PgConnection = c;
                    AnyConnectionBackend::fetch_many(pg, query.sql(), query.persistent(), args)
                }
                Err(e) => {
                    futures_util::stream::once(async move { Err(sqlx::Error::Encode(e)) }).boxed()
                }
            },
        }
    }

    fn fetch_optional<'e, 'q: 'e, E>(
        self,
        mut query: E,
    ) -> BoxFuture<'e, Result<Option<AnyRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        match self {
            Held::Any(c) => (&mut **c).fetch_optional(query),
            Held::Pg(c) => match query.take_arguments() {
                Ok(args) => {
                    let pg: &'e mut PgConnection = c;
                    AnyConnectionBackend::fetch_optional(pg, query.sql(), query.persistent(), args)
                }
                Err(e) => async move { Err(sqlx::Error::Encode(e)) }.boxed(),
            },
        }
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        sql: &'q str,
        parameters: &'e [AnyTypeInfo],
    ) -> BoxFuture<'e, Result<AnyStatement<'q>, sqlx::Error>>
    where
        'c: 'e,
    {
        match self {
            Held::Any(c) => (&mut **c).prepare_with(sql, parameters),
            Held::Pg(c) => AnyConnectionBackend::prepare_with(&mut **c, sql, parameters),
        }
    }

    fn describe<'e, 'q: 'e>(
        self,
        sql: &'q str,
    ) -> BoxFuture<'e, Result<sqlx::Describe<Any>, sqlx::Error>>
    where
        'c: 'e,
    {
        match self {
            Held::Any(c) => (&mut **c).describe(sql),
            Held::Pg(c) => AnyConnectionBackend::describe(&mut **c, sql),
        }
    }
}

/// A write transaction; on SQLite it holds this process's turn to write
/// until it ends (see the module docs). Derefs to its connection.
pub(crate) struct WriteTx {
    tx: sqlx::Transaction<'static, Any>,
    /// Released after the transaction has ended (fields drop in order).
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTx {
    /// Commits, then hands the turn on.
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

/// The role PostgreSQL's row-level security policies bind (schema 8).
pub(crate) const APP_ROLE: &str = "yesan_app";

/// A connection for a scoped read of one or a few statements: on SQLite a
/// plain connection of the pool; on PostgreSQL one in a read-only
/// transaction scoped like every other (see [`Store::scoped_begin`]),
/// rolled back when dropped. Derefs to its connection.
pub(crate) enum ReadConn {
    Plain(PoolConnection<Any>),
    Scoped(sqlx::Transaction<'static, Any>),
}

impl std::ops::Deref for ReadConn {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        match self {
            ReadConn::Plain(c) => c,
            ReadConn::Scoped(t) => t,
        }
    }
}

impl std::ops::DerefMut for ReadConn {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match self {
            ReadConn::Plain(c) => c,
            ReadConn::Scoped(t) => t,
        }
    }
}

impl Store {
    /// What begins a scoped transaction: `begin`, then, on PostgreSQL, the
    /// handle's institution for the row-level security policies and the
    /// role they bind, for the rest of the transaction only. One simple
    /// query, so one round trip; the institution is the handle's integer,
    /// never a caller's text. Without a scope (a database that holds no
    /// institution yet) the role still applies, and sees nothing.
    ///
    /// Every transaction of a scoped method begins with this (through
    /// [`Store::begin_write`], [`Store::begin_read`], [`Store::read_conn`]
    /// and the recording's own begin), so that a statement which forgets
    /// its `WHERE institution_id = …` still reads and writes nothing of
    /// another institution. Only the methods that cross institutions by
    /// design (migrations, listing and adding institutions, finding a
    /// scope, roles granted across institutions, `backup_all`, `restore`)
    /// run as the connecting role, through [`Store::begin_privileged`] or
    /// the pool itself.
    pub(crate) fn scoped_begin(&self, begin: &str) -> String {
        match (self.backend, self.scope.get()) {
            (Backend::Sqlite, _) => begin.to_owned(),
            (Backend::Postgres, Some(s)) => format!(
                "{begin}; SELECT set_config('yesan.institution', '{}', true); SET LOCAL ROLE {APP_ROLE}",
                s.id
            ),
            (Backend::Postgres, None) => format!("{begin}; SET LOCAL ROLE {APP_ROLE}"),
        }
    }

    /// SQLite: waits for this process's turn to write (first come, first
    /// served) and holds it until the guard is dropped; PostgreSQL: none.
    pub(crate) async fn write_turn(&self) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        match self.backend {
            Backend::Sqlite => Some(self.writes.clone().lock_owned().await),
            Backend::Postgres => None,
        }
    }

    /// Starts a scoped transaction that will write. SQLite takes the write
    /// lock up front (after this process's turn, see the module docs): a
    /// deferred transaction that reads first and writes later can fail
    /// with SQLITE_BUSY without waiting when another writer got in between.
    pub(crate) async fn begin_write(&self) -> Result<WriteTx, StoreError> {
        self.write_tx(true).await
    }

    /// A write transaction across institutions, as the connecting role
    /// (see [`Store::scoped_begin`] for which methods may).
    pub(crate) async fn begin_privileged(&self) -> Result<WriteTx, StoreError> {
        self.write_tx(false).await
    }

    async fn write_tx(&self, scoped: bool) -> Result<WriteTx, StoreError> {
        let turn = self.write_turn().await;
        let begin = match self.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        let begin = if scoped {
            self.scoped_begin(begin)
        } else {
            begin.to_owned()
        };
        let tx = self
            .pool
            .begin_with(begin)
            .await
            .map_err(StoreError::db("starting a write transaction"))?;
        Ok(WriteTx { tx, _turn: turn })
    }

    /// Starts a scoped transaction that only reads, so that every table is
    /// read from the same snapshot. PostgreSQL's default (read committed)
    /// would give each statement its own snapshot.
    pub(crate) async fn begin_read(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        let begin = match self.backend {
            Backend::Sqlite => "BEGIN",
            Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        };
        self.pool
            .begin_with(self.scoped_begin(begin))
            .await
            .map_err(StoreError::db("starting a read transaction"))
    }

    /// A read-only snapshot across institutions, as the connecting role
    /// (`backup_all`).
    pub(crate) async fn begin_read_privileged(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        let begin = match self.backend {
            Backend::Sqlite => "BEGIN",
            Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        };
        self.pool
            .begin_with(begin)
            .await
            .map_err(StoreError::db("starting a read transaction"))
    }

    /// A connection for a scoped read outside [`Store::begin_read`] (one
    /// statement, or a few that need no common snapshot): on PostgreSQL
    /// one round trip more than the statement alone, for its scope.
    pub(crate) async fn read_conn(&self) -> Result<ReadConn, StoreError> {
        match self.backend {
            Backend::Sqlite => self.pool.acquire().await.map(ReadConn::Plain),
            Backend::Postgres => self
                .pool
                .begin_with(self.scoped_begin("BEGIN READ ONLY"))
                .await
                .map(ReadConn::Scoped),
        }
        .map_err(StoreError::db("connecting"))
    }
}
