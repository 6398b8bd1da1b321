//! The connections the store's statements run on. Most run on a
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
