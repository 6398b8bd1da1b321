//! The application's shared state: the store, the settings, the compiled
//! templates, the login throttle, pending uploads, and the caches.
//!
//! Caches are keyed by the store's change counter ([`Store::version`]),
//! which every change bumps in its own transaction, also when another
//! process (the CLI's import) made it. A page computed for version v is
//! served only while the counter is still v, so a cache can never show a
//! figure that is no longer true.

use crate::templates::Templates;
use crate::throttle::Throttle;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;
use yesan_app::Snapshot;
use yesan_domain::Dataset;
use yesan_store::Store;

/// How long the change counter is trusted without asking the database.
pub const VERSION_TTL: std::time::Duration = std::time::Duration::from_millis(250);
/// How long a session is trusted without asking the database again (so that
/// an expired session ends within this much of its expiry).
pub const SESSION_RECHECK: std::time::Duration = std::time::Duration::from_secs(30);

/// Settings of `yesan serve`.
#[derive(Debug, Clone)]
pub struct Config {
    /// Read-only pages open to anonymous readers (disclosure).
    pub public: bool,
    /// Mark cookies Secure (behind TLS).
    pub secure_cookies: bool,
    /// How long a session lasts.
    pub session_hours: i64,
    /// Largest accepted request body (an uploaded file, a form, JSON), in
    /// bytes: the one limit every layer applies.
    pub max_upload: usize,
    /// How long a connection may wait for (or take to send) the headers
    /// of its next request before it is closed: idle keep-alive
    /// connections end after this.
    pub idle_timeout: std::time::Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            public: false,
            secure_cookies: false,
            session_hours: 12,
            max_upload: 64 << 20,
            idle_timeout: std::time::Duration::from_secs(30),
        }
    }
}

/// A file that was previewed and waits for confirmation.
#[derive(Debug, Clone)]
pub struct PendingUpload {
    /// Who uploaded it (only they may confirm it).
    pub user: String,
    /// The file's name.
    pub name: String,
    /// Its bytes.
    pub bytes: Arc<Vec<u8>>,
    /// When it was uploaded (pending files expire after an hour).
    pub at: Instant,
}

/// A session as looked up: the account and its CSRF token, or none.
type SessionEntry = Option<(yesan_store::User, String)>;

/// Cheap to clone: everything sits behind one `Arc`.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// What [`AppState`] shares.
pub struct Inner {
    /// The database.
    pub store: Store,
    /// Settings.
    pub config: Config,
    /// Compiled templates.
    pub templates: Templates,
    /// Failed sign-ins.
    pub throttle: Throttle,
    /// Previewed uploads by id.
    pub uploads: Mutex<HashMap<String, PendingUpload>>,
    catalog: Mutex<Option<(i64, Arc<Dataset>)>>,
    fragments: Mutex<HashMap<String, (i64, Arc<str>)>>,
    snapshots: Mutex<HashMap<NaiveDate, (i64, Arc<Snapshot>)>>,
    version: Mutex<Option<(Instant, i64)>>,
    sessions: Mutex<HashMap<String, (i64, Instant, SessionEntry)>>,
    default_date: Mutex<Option<((i64, NaiveDate), NaiveDate)>>,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    /// State over `store` with `config`.
    ///
    /// # Errors
    /// A template that does not compile (a bug caught by the tests).
    pub fn new(store: Store, config: Config) -> Result<AppState, minijinja::Error> {
        Ok(AppState(Arc::new(Inner {
            store,
            config,
            templates: Templates::new()?,
            throttle: Throttle::default(),
            uploads: Mutex::new(HashMap::new()),
            catalog: Mutex::new(None),
            fragments: Mutex::new(HashMap::new()),
            snapshots: Mutex::new(HashMap::new()),
            version: Mutex::new(None),
            sessions: Mutex::new(HashMap::new()),
            default_date: Mutex::new(None),
        })))
    }

    /// The dataset without its ledger, as of the store's current version,
    /// its prior-year column computed from the year before.
    ///
    /// # Errors
    /// The store's; a prior column that cannot be computed.
    pub async fn catalog(&self) -> Result<(i64, Arc<Dataset>), yesan_app::Error> {
        let version = self.version().await?;
        if let Some((v, d)) = self
            .catalog
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            && *v == version
        {
            return Ok((version, Arc::clone(d)));
        }
        let d = Arc::new(yesan_app::years::catalog(&self.store).await?);
        *self.catalog.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((version, Arc::clone(&d)));
        Ok((version, d))
    }

    /// The store's change counter. Read at most every [`VERSION_TTL`]:
    /// changes made through this server forget it at once (see
    /// [`AppState::forget_version`]), so a page after a save always shows
    /// the save; changes made by another process (the CLI importing a file)
    /// show within the TTL.
    ///
    /// # Errors
    /// The store's.
    pub async fn version(&self) -> Result<i64, yesan_store::StoreError> {
        if let Some((at, v)) = *self.version.lock().unwrap_or_else(PoisonError::into_inner)
            && at.elapsed() < VERSION_TTL
        {
            return Ok(v);
        }
        let v = self.store.version().await?;
        *self.version.lock().unwrap_or_else(PoisonError::into_inner) = Some((Instant::now(), v));
        Ok(v)
    }

    /// Forgets the change counter; called after every state-changing request.
    pub fn forget_version(&self) {
        *self.version.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// The account and CSRF token of a session. Kept while the data is
    /// unchanged: signing out, a role change and a password change all
    /// write the audit log, which moves the counter and drops the entry.
    ///
    /// # Errors
    /// The store's.
    pub async fn session(
        &self,
        token_hash: &str,
    ) -> Result<Option<(yesan_store::User, String)>, yesan_store::StoreError> {
        let version = self.version().await?;
        if let Some((v, at, s)) = self
            .sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(token_hash)
            && *v == version
            && at.elapsed() < SESSION_RECHECK
        {
            return Ok(s.clone());
        }
        let s = self.store.session(token_hash).await?;
        let mut map = self.sessions.lock().unwrap_or_else(PoisonError::into_inner);
        if map.len() >= 10_000 {
            map.clear();
        }
        map.insert(token_hash.to_owned(), (version, Instant::now(), s.clone()));
        Ok(s)
    }

    /// A cached page fragment for `key`, if computed at `version`.
    pub fn fragment(&self, key: &str, version: i64) -> Option<Arc<str>> {
        self.fragments
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .filter(|(v, _)| *v == version)
            .map(|(_, s)| Arc::clone(s))
    }

    /// Keeps a fragment computed at `version`.
    pub fn keep_fragment(&self, key: String, version: i64, body: Arc<str>) {
        let mut map = self
            .fragments
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // Old versions are dead weight; many as-of dates are a bounded set.
        if map.len() >= 512 {
            map.retain(|_, (v, _)| *v == version);
            if map.len() >= 512 {
                map.clear();
            }
        }
        map.insert(key, (version, body));
    }

    /// The snapshot of `date` computed at `version`, if kept.
    pub fn snapshot(&self, date: NaiveDate, version: i64) -> Option<Arc<Snapshot>> {
        self.snapshots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&date)
            .filter(|(v, _)| *v == version)
            .map(|(_, s)| Arc::clone(s))
    }

    /// Keeps a snapshot.
    pub fn keep_snapshot(&self, snap: Arc<Snapshot>) {
        let mut map = self
            .snapshots
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if map.len() >= 64 {
            map.retain(|_, (v, _)| *v == snap.version);
            if map.len() >= 64 {
                map.clear();
            }
        }
        map.insert(snap.as_of, (snap.version, snap));
    }

    /// The default as-of date computed at `version` today, if kept (it
    /// depends on the date too: today, when in the fiscal year).
    pub fn default_date(&self, version: i64) -> Option<NaiveDate> {
        let key = (version, chrono::Local::now().date_naive());
        self.default_date
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .filter(|(k, _)| *k == key)
            .map(|(_, d)| d)
    }

    /// Keeps the default as-of date.
    pub fn keep_default_date(&self, version: i64, date: NaiveDate) {
        let key = (version, chrono::Local::now().date_naive());
        *self
            .default_date
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some((key, date));
    }
}
