//! A fresh database holding the default dataset on each backend, for the
//! app's story tests that run on both: SQLite in a temporary directory,
//! PostgreSQL (a new database on `YESAN_TEST_POSTGRES_URL`'s server; none
//! without one, which CI never allows). Included with `#[path]` beside the
//! store tests' `common`, which it uses.

use super::common;
use sqlx::migrate::MigrateDatabase;
use yesan_store::Store;

/// SQLite: the directory (removed when dropped) and the store.
pub async fn sqlite() -> (tempfile::TempDir, Store) {
    let dir = tempfile::TempDir::new().expect("tmp");
    let (store, created) =
        yesan_app::store::ready(dir.path().join("s.db").to_str().expect("utf8"), "test")
            .await
            .expect("ready");
    assert!(created);
    (dir, store)
}

/// PostgreSQL: the store and its database's URL (to drop at the end).
pub async fn postgres() -> Option<(Store, String)> {
    let Ok(server) = std::env::var("YESAN_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must set YESAN_TEST_POSTGRES_URL"
        );
        return None;
    };
    let url = common::fresh_database_url(&server);
    sqlx::any::install_default_drivers();
    sqlx::Any::create_database(&url).await.expect("create");
    let (store, created) = yesan_app::store::ready(&url, "test").await.expect("ready");
    assert!(created);
    Some((store, url))
}
