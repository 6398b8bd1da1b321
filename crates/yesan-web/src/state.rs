//! The application's shared state: the store, the settings, the compiled
//! templates, the login throttle, pending uploads, and the caches.
//!
//! Caches are keyed by the institution and fiscal year they are about
//! (never shared across institutions: a page of one can never be served
//! for another) and by that institution's change counter
//! ([`Store::version`]), which every change bumps in its own transaction,
//! also when another process (the CLI's import) made it. A page computed
//! for version v is served only while the counter is still v, so a cache
//! can never show a figure that is no longer true.

use crate::templates::Templates;
use crate::throttle::Throttle;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;
use yesan_app::Snapshot;
use yesan_app::consolidated::{Consolidated, Sort};
use yesan_domain::access::Standing;
use yesan_domain::{Dataset, InstitutionCode};
use yesan_store::{InstitutionInfo, Store};

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
    /// Who uploaded it (only they may confirm it): `home/name`, since a
    /// name is unique only within its institution.
    pub user: String,
    /// The institution and year it was previewed for (`code@year`): it
    /// is confirmed there or nowhere.
    pub scope: ScopeKey,
    /// The file's name.
    pub name: String,
    /// Its bytes.
    pub bytes: Arc<Vec<u8>>,
    /// When it was uploaded (pending files expire after an hour).
    pub at: Instant,
}

/// A session as looked up: the account, its CSRF token and its standing
/// across institutions, or none.
pub type SessionEntry = Option<(yesan_store::User, String, Standing)>;

/// The key of everything kept for one institution's fiscal year:
/// `code@year`.
pub type ScopeKey = String;

/// Something kept with the change counter it was computed at.
type Versioned<T> = (i64, T);
/// A snapshot's institution and year, and its date.
type SnapshotKey = (ScopeKey, NaiveDate);
/// The consolidated view's date and order (`key:direction`).
type ViewKey = (NaiveDate, String);
/// A session's home institution and token hash.
type SessionKey = (InstitutionCode, String);
/// A default date, kept for the counter and the day it was computed on.
type DefaultDate = ((i64, NaiveDate), NaiveDate);

/// Cheap to clone: everything sits behind one `Arc`.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// What [`AppState`] shares.
pub struct Inner {
    /// The database, as the server was started: scoped to its default
    /// institution (legacy paths and anonymous readers land there). Pages
    /// of an institution read through the handle of their path
    /// (`crate::here::Here`), never through this one.
    pub store: Store,
    /// Settings.
    pub config: Config,
    /// Compiled templates.
    pub templates: Templates,
    /// Failed sign-ins.
    pub throttle: Throttle,
    /// Previewed uploads by id.
    pub uploads: Mutex<HashMap<String, PendingUpload>>,
    catalog: Mutex<HashMap<ScopeKey, (i64, Arc<Dataset>)>>,
    fragments: Mutex<HashMap<String, (i64, Arc<str>)>>,
    snapshots: Mutex<HashMap<SnapshotKey, Versioned<Arc<Snapshot>>>>,
    version: Mutex<HashMap<InstitutionCode, (Instant, i64)>>,
    sessions: Mutex<HashMap<SessionKey, (i64, Instant, SessionEntry)>>,
    default_date: Mutex<HashMap<ScopeKey, DefaultDate>>,
    institutions: Mutex<Option<(Instant, Arc<Vec<InstitutionInfo>>)>>,
    scopes: Mutex<HashMap<ScopeKey, Store>>,
    city_version: Mutex<Option<(Instant, i64)>>,
    consolidated: Mutex<HashMap<ViewKey, Versioned<Arc<Consolidated>>>>,
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
            catalog: Mutex::new(HashMap::new()),
            fragments: Mutex::new(HashMap::new()),
            snapshots: Mutex::new(HashMap::new()),
            version: Mutex::new(HashMap::new()),
            sessions: Mutex::new(HashMap::new()),
            default_date: Mutex::new(HashMap::new()),
            institutions: Mutex::new(None),
            scopes: Mutex::new(HashMap::new()),
            city_version: Mutex::new(None),
            consolidated: Mutex::new(HashMap::new()),
        })))
    }

    /// The dataset without its ledger of `store`'s institution and year,
    /// as of its current version, its prior-year column computed from the
    /// year before.
    ///
    /// # Errors
    /// The store's; a prior column that cannot be computed.
    pub async fn catalog(&self, store: &Store) -> Result<(i64, Arc<Dataset>), yesan_app::Error> {
        let version = self.version(store).await?;
        let key = scope_key(store);
        if let Some((v, d)) = lock(&self.catalog).get(&key)
            && *v == version
        {
            return Ok((version, Arc::clone(d)));
        }
        let d = Arc::new(yesan_app::years::catalog(store).await?);
        let mut map = lock(&self.catalog);
        if map.len() >= 64 {
            map.clear();
        }
        map.insert(key, (version, Arc::clone(&d)));
        Ok((version, d))
    }

    /// The change counter of `store`'s institution. Read at most every
    /// [`VERSION_TTL`]: changes made through this server forget it at
    /// once (see [`AppState::forget_version`]), so a page after a save
    /// always shows the save; changes made by another process (the CLI
    /// importing a file) show within the TTL.
    ///
    /// # Errors
    /// The store's.
    pub async fn version(&self, store: &Store) -> Result<i64, yesan_store::StoreError> {
        let code = store.current_scope().await.map(|(c, _)| c);
        let Ok(code) = code else {
            return store.version().await;
        };
        if let Some((at, v)) = lock(&self.version).get(&code)
            && at.elapsed() < VERSION_TTL
        {
            return Ok(*v);
        }
        let v = store.version().await?;
        lock(&self.version).insert(code, (Instant::now(), v));
        Ok(v)
    }

    /// Forgets every change counter and the list of institutions; called
    /// after every state-changing request.
    pub fn forget_version(&self) {
        lock(&self.version).clear();
        *lock(&self.city_version) = None;
        *lock(&self.institutions) = None;
    }

    /// The change counter of the whole database (every institution's
    /// changes), read at most every [`VERSION_TTL`] as the institutions'
    /// counters are.
    ///
    /// # Errors
    /// The store's.
    pub async fn city_version(&self) -> Result<i64, yesan_store::StoreError> {
        if let Some((at, v)) = *lock(&self.city_version)
            && at.elapsed() < VERSION_TTL
        {
            return Ok(v);
        }
        let v = self.store.city_version().await?;
        *lock(&self.city_version) = Some((Instant::now(), v));
        Ok(v)
    }

    /// The consolidated view on `as_of` in the order `sort`, computed at
    /// the database's current counter (kept while it has not moved: the
    /// whole city's roll-up is too dear to compute per request).
    ///
    /// # Errors
    /// The store's.
    pub async fn consolidated(
        &self,
        as_of: NaiveDate,
        sort: Sort,
    ) -> Result<Arc<Consolidated>, yesan_app::Error> {
        let version = self.city_version().await?;
        let key = (
            as_of,
            format!("{}:{}", sort.key.as_str(), sort.direction.as_str()),
        );
        if let Some((v, c)) = lock(&self.consolidated).get(&key)
            && *v == version
        {
            return Ok(Arc::clone(c));
        }
        let c = Arc::new(yesan_app::consolidated::consolidated(&self.store, as_of, sort).await?);
        let mut map = lock(&self.consolidated);
        if map.len() >= 64 {
            map.retain(|_, (v, _)| *v == version);
            if map.len() >= 64 {
                map.clear();
            }
        }
        map.insert(key, (version, Arc::clone(&c)));
        Ok(c)
    }

    /// Every institution of the database (kept for [`VERSION_TTL`], and
    /// forgotten with the counters).
    ///
    /// # Errors
    /// The store's.
    pub async fn institutions(&self) -> Result<Arc<Vec<InstitutionInfo>>, yesan_store::StoreError> {
        if let Some((at, list)) = lock(&self.institutions).as_ref()
            && at.elapsed() < VERSION_TTL
        {
            return Ok(Arc::clone(list));
        }
        let list = Arc::new(self.store.institutions().await?);
        *lock(&self.institutions) = Some((Instant::now(), Arc::clone(&list)));
        Ok(list)
    }

    /// The handle scoped to institution `code` and fiscal `year` (kept:
    /// a handle with its year given never changes what it is about).
    ///
    /// # Errors
    /// [`yesan_store::StoreError::NoSuchInstitution`],
    /// [`yesan_store::StoreError::NoSuchYear`].
    pub async fn scoped(
        &self,
        code: &InstitutionCode,
        year: i32,
    ) -> Result<Store, yesan_store::StoreError> {
        let key = format!("{code}@{year}");
        if let Some(s) = lock(&self.scopes).get(&key) {
            return Ok(s.clone());
        }
        let s = self.store.scoped(code, Some(year)).await?;
        let mut map = lock(&self.scopes);
        if map.len() >= 1024 {
            map.clear();
        }
        map.insert(key, s.clone());
        Ok(s)
    }

    /// The handle of institution `code` in its latest year (an account's
    /// home, for its sessions and its own account).
    ///
    /// # Errors
    /// As [`AppState::scoped`].
    pub async fn home(&self, code: &InstitutionCode) -> Result<Store, yesan_store::StoreError> {
        let list = self.institutions().await?;
        match list
            .iter()
            .find(|i| i.code == *code)
            .and_then(|i| i.years.last())
        {
            Some(y) => self.scoped(code, *y).await,
            None => Err(yesan_store::StoreError::NoSuchInstitution {
                code: code.to_string(),
            }),
        }
    }

    /// The account, CSRF token and standing of a session of institution
    /// `home` (`store` scoped to it). Kept while that institution's data
    /// is unchanged and for at most [`SESSION_RECHECK`]: signing out, a
    /// role change and a password change all write its audit log, which
    /// moves the counter and drops the entry. A state-changing request
    /// reads it afresh (`fresh`), so a grant taken back in another
    /// institution holds from the moment its command returns.
    ///
    /// # Errors
    /// The store's.
    pub async fn session(
        &self,
        store: &Store,
        token_hash: &str,
        fresh: bool,
    ) -> Result<SessionEntry, yesan_app::Error> {
        let version = self.version(store).await?;
        let key = (store.institution_code().clone(), token_hash.to_owned());
        if !fresh
            && let Some((v, at, s)) = lock(&self.sessions).get(&key)
            && *v == version
            && at.elapsed() < SESSION_RECHECK
        {
            return Ok(s.clone());
        }
        let s = match store.session(token_hash).await? {
            Some((u, csrf)) => yesan_app::access::standing(store, &u.name)
                .await?
                .map(|st| (u, csrf, st)),
            None => None,
        };
        let mut map = lock(&self.sessions);
        if map.len() >= 10_000 {
            map.clear();
        }
        map.insert(key, (version, Instant::now(), s.clone()));
        Ok(s)
    }

    /// A cached page fragment for `key`, if computed at `version`. Keys
    /// name the institution and year (`pages::cached_page`).
    pub fn fragment(&self, key: &str, version: i64) -> Option<Arc<str>> {
        lock(&self.fragments)
            .get(key)
            .filter(|(v, _)| *v == version)
            .map(|(_, s)| Arc::clone(s))
    }

    /// Keeps a fragment computed at `version`.
    pub fn keep_fragment(&self, key: String, version: i64, body: Arc<str>) {
        let mut map = lock(&self.fragments);
        // Old versions are dead weight; many as-of dates are a bounded set.
        if map.len() >= 512 {
            map.retain(|_, (v, _)| *v == version);
            if map.len() >= 512 {
                map.clear();
            }
        }
        map.insert(key, (version, body));
    }

    /// The snapshot of `store`'s institution and year on `date` computed
    /// at `version`, if kept.
    pub fn snapshot(&self, store: &Store, date: NaiveDate, version: i64) -> Option<Arc<Snapshot>> {
        lock(&self.snapshots)
            .get(&(scope_key(store), date))
            .filter(|(v, _)| *v == version)
            .map(|(_, s)| Arc::clone(s))
    }

    /// Keeps a snapshot of `store`'s institution and year.
    pub fn keep_snapshot(&self, store: &Store, snap: Arc<Snapshot>) {
        let mut map = lock(&self.snapshots);
        if map.len() >= 64 {
            map.retain(|_, (v, _)| *v == snap.version);
            if map.len() >= 64 {
                map.clear();
            }
        }
        map.insert((scope_key(store), snap.as_of), (snap.version, snap));
    }

    /// The default as-of date of `store`'s institution and year computed
    /// at `version` today, if kept (it depends on the date too: today,
    /// when in the fiscal year).
    pub fn default_date(&self, store: &Store, version: i64) -> Option<NaiveDate> {
        let key = (version, chrono::Local::now().date_naive());
        lock(&self.default_date)
            .get(&scope_key(store))
            .filter(|(k, _)| *k == key)
            .map(|(_, d)| *d)
    }

    /// Keeps the default as-of date.
    pub fn keep_default_date(&self, store: &Store, version: i64, date: NaiveDate) {
        let key = (version, chrono::Local::now().date_naive());
        let mut map = lock(&self.default_date);
        if map.len() >= 256 {
            map.clear();
        }
        map.insert(scope_key(store), (key, date));
    }
}

/// What every cache of one institution's year is keyed by.
pub fn scope_key(store: &Store) -> ScopeKey {
    format!("{}@{}", store.institution_code(), store.fiscal_year())
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
