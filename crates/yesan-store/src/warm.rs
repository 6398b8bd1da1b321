//! Warm connections: a PostgreSQL connection runs the shapes of the
//! statements requests start with once, as it opens, and a server opens
//! its connections before its first request ([`Store::warm`]).
//!
//! A new PostgreSQL backend knows nothing of the schema: the first time it
//! plans a statement over `budget_lines`, `day_totals` and the rest it
//! reads their catalog rows, indexes, policies and statistics into its
//! own caches. For the status of one institution that was most of its
//! time on a fresh connection (measured on the city benchmark's store:
//! planning 0.7 ms the first time, 0.12 ms after a statement of the same
//! shape for another scope; executing 0.53 ms, then 0.40 ms). So each new
//! connection runs those statements for a scope that holds nothing
//! (institution 0, which no row has) and throws the empty answers away:
//! the catalogs are read once per connection, while it opens, not during
//! a request. The statements are the store's own (`status_sql`, the
//! city's), so the warm-up follows them when they
//! change. It never fails a connection: before the schema exists (a new
//! database, migrating) its statements fail, and the connection is used
//! as it is.
//!
//! Each connection also plans a prepared statement once
//! (`plan_cache_mode = force_generic_plan`) instead of PostgreSQL's
//! default of planning it afresh for its first five runs: the store's
//! statements are key look-ups (the scope's keys are literals in their
//! text; what is bound is a date bounding an index's last column, a year,
//! institution codes), whose best plan does not depend on the values, and
//! planning was a third of a repeated consolidated view's time on the
//! server (its first statement, ten index look-ups per institution).
//!
//! A pool also checks a connection before handing it out (sqlx pings it,
//! one round trip). A connection used within the last second is handed out
//! without the ping, as connection pools commonly do (HikariCP's
//! `aliveBypassWindowMs`): under load every request saves a round trip,
//! and a connection idle for longer is still checked.

use crate::Store;
use crate::conn::APP_ROLE;
use crate::error::StoreError;
use crate::key::Sc;
use sqlx::pool::PoolConnectionMetadata;
use sqlx::{AnyConnection, Connection, Executor};
use std::time::Duration;

/// How long a connection may have been idle and still be handed out
/// without a ping.
const ALIVE_WITHOUT_PING: Duration = Duration::from_secs(1);

/// A scope no row belongs to: institution ids start at 1.
const NOTHING: Sc = Sc { inst: 0, year: 0 };

/// A date for the statements' `$1`, any will do.
const ANY_DAY: &str = "2000-01-01";

/// `after_connect` of a PostgreSQL pool: the warm-up. Only a connection
/// that cannot end its warm-up transaction fails.
pub(crate) async fn pg_session(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    conn.execute("SET plan_cache_mode = force_generic_plan")
        .await?;
    if let Err(e) = scoped_shapes(conn).await {
        tracing::debug!(error = %e, "warm-up of a scoped read skipped");
    }
    // Whatever failed above, no transaction is left open.
    conn.execute("ROLLBACK").await?;
    if let Err(e) = city_shapes(conn).await {
        tracing::debug!(error = %e, "warm-up of the city's read skipped");
    }
    Ok(())
}

/// What an institution's request reads first, as it reads it: in a read
/// transaction, as the row-security role, scoped.
async fn scoped_shapes(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    conn.execute(
        format!(
            "BEGIN READ ONLY; SELECT set_config('yesan.institution', '{}', true); SET LOCAL ROLE {APP_ROLE}",
            NOTHING.inst
        )
        .as_str(),
    )
    .await?;
    sqlx::query(&crate::ledger::status_sql(false, NOTHING, true))
        .bind(ANY_DAY)
        .persistent(false)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(())
}

/// The consolidated view's statements, privileged as it runs them.
async fn city_shapes(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query(&crate::city::light_sql())
        .bind(ANY_DAY)
        .bind(0_i64)
        .persistent(false)
        .fetch_all(&mut *conn)
        .await?;
    sqlx::query(&crate::city::days_sql(1))
        .bind(ANY_DAY)
        .bind(0_i64)
        .bind("")
        .persistent(false)
        .fetch_all(&mut *conn)
        .await?;
    sqlx::query(&crate::city::years_sql(false, 1))
        .bind(0_i64)
        .bind("")
        .persistent(false)
        .fetch_all(&mut *conn)
        .await?;
    Ok(())
}

/// `before_acquire` of a PostgreSQL pool (see the module docs).
pub(crate) async fn alive(
    conn: &mut AnyConnection,
    meta: PoolConnectionMetadata,
) -> Result<bool, sqlx::Error> {
    if meta.idle_for < ALIVE_WITHOUT_PING {
        return Ok(true);
    }
    Ok(conn.ping().await.is_ok())
}

impl Store {
    /// Opens up to `n` connections at once (as many as the pool may hold)
    /// and returns them to the pool, each warmed on PostgreSQL: what a
    /// server does before it takes requests, so that its first ones,
    /// and a consolidated view's parts read side by side, do not wait for
    /// connections to open. Harmless on SQLite (its connections open in
    /// microseconds, and are kept).
    ///
    /// # Errors
    /// [`StoreError::Database`] when a connection cannot be opened.
    pub async fn warm(&self, n: usize) -> Result<(), StoreError> {
        let most = usize::try_from(self.pool.options().get_max_connections()).unwrap_or(1);
        let opened = futures_util::future::try_join_all(
            (0..n.clamp(1, most.max(1))).map(|_| self.pool.acquire()),
        )
        .await
        .map_err(StoreError::db("opening connections"))?;
        drop(opened);
        Ok(())
    }

    /// How many connections a server warms: the city's read runs one part
    /// per core (at most four) beside the request's own connection.
    #[must_use]
    pub fn warm_connections() -> usize {
        crate::city::parts() + 1
    }
}
