//! Yesan's storage: one [`Store`] API over a relational database that keeps
//! the whole [`Dataset`] of an institution, an append-only execution ledger
//! and an append-only audit log.
//!
//! The store speaks portable SQL through sqlx's `Any` driver (numbered `$1`
//! placeholders, dates as `'YYYY-MM-DD'` text, money as BIGINT won), so that
//! one implementation serves both SQLite and PostgreSQL; only the
//! migrations differ by dialect (`migrations/sqlite/`, `migrations/postgres/`)
//! and are picked by the URL's scheme. The store never decides what is
//! valid: [`Store::load`] rebuilds the domain through its own validating
//! constructors, so data that was changed behind Yesan's back is reported as
//! [`StoreError::Inconsistent`] with the domain's findings rather than
//! trusted.
//!
//! # The storage contract
//!
//! A [`Store`] is scoped to one institution and one fiscal year (see
//! `scope.rs`): every method below reads and writes within that scope
//! only, and every key of the schema leads with the institution (then the
//! year), so that one institution's data is one key range.
//!
//! Every public method of [`Store`], by what it is for. Each writing call
//! runs in one transaction and writes one audit record (which moves
//! [`Store::version`], the counter every cache is keyed by); a refused
//! write writes nothing.
//!
//! | group | methods | module |
//! | --- | --- | --- |
//! | opening | [`Store::open`], [`Store::open_memory`], [`Store::backend`], [`Store::close`] | `lib.rs` |
//! | the scope (institution and year) and what crosses it | [`Store::institutions`], [`Store::scoped`], [`Store::institution_code`], [`Store::fiscal_year`], [`Store::add_institution`], [`Store::add_year`], [`Store::load_year`], [`Store::close_year`], [`Store::closed_years`], [`Store::closing_of`] | `scope.rs` |
//! | the dataset | [`Store::is_initialized`], [`Store::init`], [`Store::load`], [`Store::load_catalog`], [`Store::institution`] | `lib.rs`, `write.rs`, `read.rs` |
//! | dated records (organization, staffing) | [`Store::load_on`], [`Store::load_catalog_on`], [`Store::dated_on`], [`Store::staffing_versions`] | `history.rs` |
//! | recording (budget control) | [`Store::check_entries`], [`Store::record`], [`Store::record_stream`] → [`PendingRecord::commit`], [`Store::amend`] | `ledger/record.rs` |
//! | execution, read from the per-day index | [`Store::leaf_totals`], [`Store::status_on`], [`Store::monthly`], [`Store::last_entry_date`], [`Store::ledger_start`] (`ledger_start.rs`), [`Store::verify_index`] | `ledger/query.rs`, `ledger/index.rs` |
//! | the budget and the ledger | [`Store::budget`], [`Store::project_lines`], [`Store::open_commitments`], [`Store::entries`], [`Store::entries_page`], [`Store::entry`] | `ledger/query.rs`, `browse.rs` |
//! | form edits (checked against what the editor read) | [`Store::update_project`], [`Store::update_staffing`] | `browse.rs` |
//! | structural edits, dated (schema 12) | [`Store::edit_structure`], [`Store::structure_history`] | `structure.rs` |
//! | the audit log and the change counter | [`Store::version`], [`Store::audit_page`], [`Store::audit_log`] | `browse.rs`, `lib.rs` |
//! | accounts and sessions | [`Store::user_count`], [`Store::users`], [`Store::user`], [`Store::add_user`], [`Store::set_role`], [`Store::set_password`], [`Store::create_session`], [`Store::session`], [`Store::end_session`] | `accounts.rs` |
//! | roles per institution, system-wide flags | [`Store::grant_role`], [`Store::revoke_role`], [`Store::roles_of`], [`Store::set_system_role`], [`Store::is_city_reader`], [`Store::is_sysadmin`] | `roles.rs` |
//! | line mappings from the year before (schema 9) | [`Store::mappings`], [`Store::set_mappings`], [`Store::add_institution_with`], [`Store::add_year_with`] | `mappings.rs` |
//! | monthly spending plans, dated versions (schema 13) | [`Store::plans`], [`Store::record_plans`] | `plans.rs` |
//! | the draft budget (예산안), append-only versions and status events (schema 17) | [`Store::proposal`], [`Store::create_proposal`], [`Store::save_proposal`], [`Store::proposal_event`] (approval writes the year's 본예산; [`Store::add_year`] takes an approved draft) | `proposals.rs` |
//! | backup | [`Store::backup`] (the scope's institution), [`Store::backup_all`], [`Store::restore`] | `backup.rs` |
//!
//! Inside, `conn.rs` opens every transaction (scoped to the handle's
//! institution, on PostgreSQL as the row-level security role
//! `yesan_app`; SQLite's writers in one process take turns) and holds the
//! native PostgreSQL connection a recording runs on (for COPY);
//! `codec.rs` holds how values are encoded in rows both ways (so a
//! value is written and read back one way); `read.rs` rebuilds the domain
//! from rows; `ledger/` holds recording, the derived index and its queries.
//!
//! The same story test runs on both backends: on PostgreSQL in a database
//! it creates and drops, on the server named by `YESAN_TEST_POSTGRES_URL`
//! (`.ci/run` starts one with `scripts/pg-test-server.sh`).

mod accounts;
mod audit;
mod backup;
mod backup_schema;
mod browse;
mod city;
mod codec;
mod conn;
mod derived;
mod error;
mod formulation;
mod history;
mod key;
mod ledger;
mod ledger_start;
mod listing;
mod mappings;
mod plans;
mod probe;
mod proposals;
mod read;
mod roles;
mod scope;
mod settings;
mod structure;
mod warm;
mod write;

pub use accounts::{NewUser, User};
pub use audit::AuditRecord;
pub use backup::{BACKUP_FORMAT, BACKUP_SCHEMA, OlderBackups, UNSEALED_FORMAT};
pub use browse::{AuditFilter, EntryFilter, EntryPage, EntryRow};
pub use browse::{EntrySort, SortKey};
pub use city::{CityMember, CityYear};
pub use derived::Derived;
pub use error::{RowRefusal, StoreError};
pub use formulation::IndicatorPlan;
pub use ledger::{BudgetState, OpenCommitment, PendingRecord, ProjectLine, RecordOutcome};
pub use listing::EntryTotals;
pub use mappings::YearMappings;
pub use proposals::{StoredProposal, StoredVersion};
pub use roles::{InstitutionRole, SystemRole};
pub use scope::InstitutionInfo;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::{AnyConnection, AnyPool, Executor};
use yesan_domain::Dataset;

/// The schema migrations for SQLite.
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
/// The same schema in PostgreSQL's dialect.
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// The dataset format whose model this schema holds; recorded in `meta` at
/// `init` so a later reader can tell which exporter matches the data.
pub const DATASET_FORMAT: &str = "yesan-dataset/1";

/// How much of a SQLite file is read through a memory map.
const SQLITE_MMAP_BYTES: u64 = 1 << 31;

/// How long a SQLite connection waits for another writer before giving up.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;

/// The database behind a [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite: a file (or memory), the default.
    Sqlite,
    /// PostgreSQL, for a shared server.
    Postgres,
}

/// A handle on Yesan's database: cheap to clone (it shares one connection
/// pool), safe to use from many tasks.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// The institution and fiscal year this handle reads and writes: set
    /// when the handle is made (`open`, `scoped`) or, on a database that
    /// held no institution yet, by `init` (clones share it).
    scope: std::sync::Arc<std::sync::OnceLock<scope::Scope>>,
    /// On PostgreSQL, native connections to the same database, for the
    /// recordings (COPY, see `conn.rs`); connected on first use.
    pg: Option<sqlx::PgPool>,
    /// SQLite: this process's writers take turns (see `conn.rs`).
    writes: std::sync::Arc<tokio::sync::Mutex<()>>,
    /// The city's budgets as last decoded, by change counter (`city.rs`);
    /// clones and rescoped handles share it.
    city: std::sync::Arc<std::sync::Mutex<Option<city::CityCache>>>,
}

impl Store {
    /// Opens (and if needed creates) the database at `url` and brings its
    /// schema up to date.
    ///
    /// `url` is a plain file path (a SQLite file, created if missing), a
    /// `sqlite:` URL (`sqlite://path/to/file.db`, `sqlite::memory:`; created
    /// if missing unless the URL sets `mode=`), or a `postgres://` URL.
    ///
    /// # Errors
    /// [`StoreError::UnsupportedBackend`] for any other URL scheme,
    /// [`StoreError::Database`] when the database cannot be opened and
    /// [`StoreError::Migration`] when its schema cannot be brought up to date.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let target = Target::resolve(url)?;
        if let Some(file) = target.new_file() {
            create_private(&file).map_err(|e| StoreError::Database {
                context: format!("creating {}", target.shown),
                source: sqlx::Error::Io(e),
            })?;
        }
        let pool = match target.backend {
            Backend::Sqlite => sqlite_pool_options(target.in_memory),
            Backend::Postgres => AnyPoolOptions::new()
                .test_before_acquire(false)
                .before_acquire(|conn, meta| Box::pin(warm::alive(conn, meta)))
                .after_connect(|conn, _meta| Box::pin(warm::pg_session(conn))),
        }
        .connect(&target.url)
        .await
        .map_err(StoreError::db(format!("opening {}", target.shown)))?;
        let migrator = match target.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        if !up_to_date(&pool, migrator).await {
            migrator.run(&pool).await?;
        }
        tracing::debug!(backend = ?target.backend, database = %target.shown, "store opened");
        let pg = match target.backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(pg_pool(&target)?),
        };
        let store = Store {
            pool,
            backend: target.backend,
            scope: std::sync::Arc::default(),
            pg,
            writes: std::sync::Arc::default(),
            city: std::sync::Arc::default(),
        };
        store.resolve_default().await?;
        Ok(store)
    }

    /// A fresh SQLite database that lives in memory for as long as this
    /// store (and its clones) do. Meant for tests and throw-away runs.
    ///
    /// # Errors
    /// As [`Store::open`].
    pub async fn open_memory() -> Result<Store, StoreError> {
        Store::open("sqlite::memory:").await
    }

    /// Which database this store talks to.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether a dataset has been written by [`Store::init`].
    ///
    /// # Errors
    /// [`StoreError::Database`] when the database cannot be read.
    pub async fn is_initialized(&self) -> Result<bool, StoreError> {
        Ok(self.resolve_default().await?.is_some())
    }

    /// Writes the whole `dataset` in one transaction and records it in the
    /// audit log as done by `actor`.
    ///
    /// # Errors
    /// [`StoreError::AlreadyInitialized`] if the database already holds a
    /// dataset (nothing is changed then), [`StoreError::Database`] if a write
    /// fails (nothing is written then).
    pub async fn init(&self, dataset: &Dataset, actor: &str) -> Result<(), StoreError> {
        self.init_default(dataset, actor).await
    }

    /// Reads the dataset back and re-checks it with the domain's rules.
    ///
    /// # Errors
    /// [`StoreError::NotInitialized`] before [`Store::init`];
    /// [`StoreError::Inconsistent`] when the stored data breaks a rule (each
    /// finding names the record and field); [`StoreError::Corrupt`] when a
    /// stored value cannot be read back at all; [`StoreError::Database`]
    /// when the database cannot be read.
    pub async fn load(&self) -> Result<Dataset, StoreError> {
        read::load(self, true, None).await
    }

    /// The dataset as it stood on `as_of`: the organization and the
    /// staffing table are the versions in force on that date (the latest
    /// dated on or before it, else the earliest), so that a report as of a
    /// date is not changed by a later reorganization or staffing change.
    /// [`Store::load`] gives the versions in force at the end of the year.
    ///
    /// # Errors
    /// As [`Store::load`].
    pub async fn load_on(&self, as_of: chrono::NaiveDate) -> Result<Dataset, StoreError> {
        read::load(self, true, Some(as_of)).await
    }

    /// The dataset without the ledger's entries (its `ledger` is empty):
    /// everything a page needs besides execution, which comes from
    /// [`Store::leaf_totals`] instead. Cheap however long the ledger is.
    ///
    /// # Errors
    /// As [`Store::load`].
    pub async fn load_catalog(&self) -> Result<Dataset, StoreError> {
        read::load(self, false, None).await
    }

    /// The institution's record alone (names, fiscal year, stated as-of
    /// date): one row, for deciding the default date without loading the
    /// dataset.
    ///
    /// # Errors
    /// [`StoreError::NotInitialized`] before [`Store::init`], else as
    /// [`Store::load`].
    pub async fn institution(&self) -> Result<yesan_domain::institution::Institution, StoreError> {
        let s = self.sc().await?;
        let mut conn = self.read_conn().await?;
        read::read_institution(&mut conn, s).await
    }

    /// The most recent `limit` audit records, newest first.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the log cannot be read,
    /// [`StoreError::Corrupt`] when a timestamp in it cannot be read.
    pub async fn audit_log(&self, limit: i64) -> Result<Vec<AuditRecord>, StoreError> {
        match self.resolve_default().await? {
            Some(s) => audit::recent(&mut *self.read_conn().await?, s, limit).await,
            None => Ok(Vec::new()),
        }
    }

    /// Closes every connection; later calls on this store (or its clones)
    /// fail. Dropping the last clone closes the pool too, but without
    /// waiting for it.
    pub async fn close(&self) {
        self.pool.close().await;
        if let Some(pg) = &self.pg {
            pg.close().await;
        }
    }

    /// The connection pool, for tests that must reach past the API (for
    /// example to show that the database itself refuses to edit the
    /// ledger). Not part of the supported interface.
    #[doc(hidden)]
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }
}

/// Whether every migration is applied, as compiled in: one read, where
/// running the migrator (which would find nothing to do) takes a lock and
/// several statements on every start of every command. Anything else (no
/// table yet, a failed or changed migration) is left to the migrator,
/// which applies or reports it.
async fn up_to_date(pool: &AnyPool, migrator: &Migrator) -> bool {
    use sqlx::Row;
    let rows = match sqlx::query("SELECT version, checksum, CAST(success AS INTEGER) AS success FROM _sqlx_migrations ORDER BY version")
        .fetch_all(pool)
        .await
    {
        Ok(rows) => rows,
        Err(e) => {
            tracing::debug!(error = %e, "migrations left to the migrator");
            return false;
        }
    };
    let applied: Vec<(i64, Vec<u8>, bool)> = rows
        .iter()
        .filter_map(|r| {
            Some((
                r.try_get("version").ok()?,
                r.try_get("checksum").ok()?,
                r.try_get::<i32, _>("success").ok()? != 0,
            ))
        })
        .collect();
    let wanted: Vec<_> = migrator
        .iter()
        .filter(|m| m.migration_type.is_up_migration())
        .collect();
    applied.len() == rows.len()
        && applied.len() == wanted.len()
        && applied
            .iter()
            .zip(&wanted)
            .all(|((v, sum, ok), m)| *ok && *v == m.version && sum[..] == m.checksum[..])
}

/// The native PostgreSQL pool beside the `Any` one (see `conn.rs`),
/// connected lazily: most processes never record.
fn pg_pool(target: &Target) -> Result<sqlx::PgPool, StoreError> {
    let options: sqlx::postgres::PgConnectOptions = target
        .url
        .parse()
        .map_err(StoreError::db(format!("opening {}", target.shown)))?;
    Ok(sqlx::postgres::PgPoolOptions::new().connect_lazy_with(options))
}

fn sqlite_pool_options(in_memory: bool) -> AnyPoolOptions {
    // No ping before each acquire: an embedded file's connection cannot
    // have been dropped by a server or a network, and the ping is a round
    // trip to the connection's worker thread on every statement's
    // acquire (a tenth of the consolidated page's time under load).
    let options = AnyPoolOptions::new()
        .test_before_acquire(false)
        .after_connect(|conn, _meta| Box::pin(sqlite_session(conn)));
    if in_memory {
        // Every new connection to `:memory:` is a new, empty database, so the
        // pool must hold exactly one connection and never recycle it.
        options
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
    } else {
        options
    }
}

/// Per-connection settings. The Any driver builds SQLite options from the
/// URL alone, which cannot carry pragmas, so they are set here. WAL lets
/// readers go on while a writer writes; foreign keys are off by default in
/// SQLite itself.
///
/// With WAL, `synchronous = NORMAL` still never corrupts the database; a
/// power cut can lose only the last commits. A larger page cache serves
/// the ledger's indexes. Memory-mapped reads let a fresh process read the
/// few pages a roll-up needs straight from the OS's cache instead of
/// copying each in with a system call (SQLite caps the size at its
/// compiled maximum). All in one round trip to the connection's thread.
///
/// Pages of 16 KiB instead of SQLite's 4 KiB: a ledger import writes
/// millions of rows into the entries table and two indexes, and with a
/// quarter as many pages to fill, split and copy through the WAL it ran
/// about a tenth faster (32 and 64 KiB pages were slower again).
/// The setting takes effect only when the database file is created; an
/// existing one keeps its page size.
async fn sqlite_session(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    conn.execute(
        format!(
            "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
             PRAGMA cache_size = -65536; PRAGMA mmap_size = {SQLITE_MMAP_BYTES}; \
             PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}"
        )
        .as_str(),
    )
    .await?;
    Ok(())
}

/// A database URL resolved to a backend.
#[derive(Debug, PartialEq, Eq)]
struct Target {
    backend: Backend,
    /// What the driver is given.
    url: String,
    /// What messages show: the URL without a password.
    shown: String,
    in_memory: bool,
}

/// Creates an empty database file readable and writable by its owner only
/// (it holds password hashes); SQLite gives its journal and WAL files the
/// same mode. A file that exists is left as it is.
fn create_private(path: &std::path::Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

impl Target {
    /// The SQLite file this target may create (`mode=rwc`), when it does
    /// not exist yet.
    fn new_file(&self) -> Option<std::path::PathBuf> {
        if self.backend != Backend::Sqlite || self.in_memory {
            return None;
        }
        let rest = self.url.strip_prefix("sqlite://")?;
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        if !query.split('&').any(|p| p == "mode=rwc") || path.is_empty() {
            return None;
        }
        // The escapes `sqlite_path` writes; other URLs rarely carry any.
        let path = path
            .replace("%3F", "?")
            .replace("%23", "#")
            .replace("%25", "%");
        let path = std::path::PathBuf::from(path);
        (!path.exists()).then_some(path)
    }

    fn resolve(url: &str) -> Result<Target, StoreError> {
        let url = url.trim();
        let scheme = url.split_once("://").map(|(s, _)| s).filter(|s| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        });
        match scheme.map(str::to_ascii_lowercase).as_deref() {
            Some("sqlite") => Ok(Target::sqlite_url(url)),
            Some("postgres" | "postgresql") => Ok(Target {
                backend: Backend::Postgres,
                url: url.to_owned(),
                shown: hide_password(url),
                in_memory: false,
            }),
            Some(other) => Err(StoreError::UnsupportedBackend {
                url_scheme: other.to_owned(),
            }),
            None if url.starts_with("sqlite:") => Ok(Target::sqlite_url(url)),
            None => Ok(Target::sqlite_path(url)),
        }
    }

    fn sqlite_url(url: &str) -> Target {
        let (_, query) = url.split_once('?').unwrap_or((url, ""));
        let in_memory = url.contains(":memory:") || query.split('&').any(|p| p == "mode=memory");
        let sets_mode = query.split('&').any(|p| p.starts_with("mode="));
        let url = match (in_memory || sets_mode, query.is_empty()) {
            (true, _) => url.to_owned(),
            (false, true) => format!("{}?mode=rwc", url.trim_end_matches('?')),
            (false, false) => format!("{url}&mode=rwc"),
        };
        Target {
            backend: Backend::Sqlite,
            shown: url.clone(),
            url,
            in_memory,
        }
    }

    fn sqlite_path(path: &str) -> Target {
        // An absolute path keeps the URL from reading a relative path's first
        // component as a host, and '%', '?' and '#' would otherwise be taken
        // as escapes, the query and the fragment.
        let abs = std::path::absolute(path)
            .map_or_else(|_| path.to_owned(), |p| p.to_string_lossy().into_owned());
        let escaped = abs
            .replace('%', "%25")
            .replace('?', "%3F")
            .replace('#', "%23");
        let sep = if escaped.starts_with('/') { "" } else { "/" };
        Target {
            backend: Backend::Sqlite,
            url: format!("sqlite://{sep}{escaped}?mode=rwc"),
            shown: path.to_owned(),
            in_memory: false,
        }
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
fn hide_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest
        .split_once('/')
        .map_or((rest, None), |(a, t)| (a, Some(t)));
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    match tail {
        Some(t) => format!("{scheme}://{authority}/{t}"),
        None => format!("{scheme}://{authority}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(url: &str) -> Target {
        Target::resolve(url).expect("a supported URL")
    }

    #[test]
    fn resolves_paths_and_urls() {
        let t = resolve("/tmp/a b#1.db");
        assert_eq!(
            (t.backend, t.url.as_str()),
            (Backend::Sqlite, "sqlite:///tmp/a b%231.db?mode=rwc")
        );
        let t = resolve("sqlite:///tmp/x.db");
        assert_eq!(t.url, "sqlite:///tmp/x.db?mode=rwc");
        let t = resolve("sqlite:///tmp/x.db?mode=ro");
        assert_eq!(t.url, "sqlite:///tmp/x.db?mode=ro");
        let t = resolve("sqlite:///tmp/x.db?cache=shared");
        assert_eq!(t.url, "sqlite:///tmp/x.db?cache=shared&mode=rwc");
        let t = resolve("sqlite::memory:");
        assert!(t.in_memory);
        assert_eq!(t.url, "sqlite::memory:");
        let t = resolve("postgresql://yesan:pw@db.local/yesan");
        assert_eq!(
            (t.backend, t.shown.as_str()),
            (Backend::Postgres, "postgresql://yesan:***@db.local/yesan")
        );
        assert!(matches!(
            Target::resolve("mysql://x/y"),
            Err(StoreError::UnsupportedBackend { url_scheme }) if url_scheme == "mysql"
        ));
    }

    #[test]
    fn relative_paths_become_absolute() {
        let t = resolve("yesan.db");
        assert!(t.url.starts_with("sqlite:///"), "{}", t.url);
        assert!(t.url.ends_with("/yesan.db?mode=rwc"), "{}", t.url);
        assert_eq!(t.shown, "yesan.db");
    }
}
