//! Helpers shared by the store's integration tests: a fresh database per
//! test, on SQLite and, where a server is provided, on PostgreSQL.

#![allow(dead_code)]

pub mod ledger;

use sqlx::migrate::MigrateDatabase;
use tempfile::TempDir;
use yesan_store::{Backend, Store};

/// A store on a new SQLite file; the directory lives as long as the guard.
pub async fn sqlite_store() -> (TempDir, Store) {
    let dir = TempDir::new().expect("a temporary directory");
    let path = dir.path().join("yesan.db");
    let store = Store::open(path.to_str().expect("a UTF-8 temp path"))
        .await
        .expect("the store opens");
    assert_eq!(store.backend(), Backend::Sqlite);
    (dir, store)
}

/// The server URL with its database replaced by a new, unique name.
pub fn fresh_database_url(server: &str) -> String {
    let (base, query) = server
        .split_once('?')
        .map_or((server, None), |(b, q)| (b, Some(q)));
    let authority = base.find("://").map_or(0, |i| i + 3);
    let base = base[authority..]
        .find('/')
        .map_or(base, |i| &base[..authority + i]);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let name = format!("yesan_test_{}_{nanos}", std::process::id());
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// A fresh PostgreSQL database on the server named by
/// `YESAN_TEST_POSTGRES_URL`, or `None` where no server is provided (CI
/// always provides one: `.ci/run` starts it, and this refuses to skip there).
pub async fn postgres_store() -> Option<Store> {
    postgres_store_and_url().await.map(|(store, _)| store)
}

/// [`postgres_store`], and the URL of its database (to open it again).
pub async fn postgres_store_and_url() -> Option<(Store, String)> {
    let Ok(server) = std::env::var("YESAN_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must set YESAN_TEST_POSTGRES_URL (see scripts/pg-test-server.sh)"
        );
        eprintln!("YESAN_TEST_POSTGRES_URL is not set: the PostgreSQL variant did not run here");
        return None;
    };
    let url = fresh_database_url(&server);
    sqlx::any::install_default_drivers();
    sweep_stale_databases(&url).await;
    sqlx::Any::create_database(&url)
        .await
        .expect("create a test database");
    let store = Store::open(&url).await.expect("the PostgreSQL store opens");
    assert_eq!(store.backend(), Backend::Postgres);
    Some((store, url))
}

/// Drops a test database made by [`fresh_database_url`], ending any session
/// still on it: `Pool::close` can return while a connection just handed
/// back is still on its way to being closed, and a plain `DROP DATABASE`
/// then fails after waiting five seconds for it.
pub async fn drop_postgres_database(url: &str) {
    use sqlx::Connection;
    let (base, name) = url
        .split_once('?')
        .map_or(url, |(b, _)| b)
        .rsplit_once('/')
        .expect("a database URL");
    assert!(
        name.starts_with("yesan_test_"),
        "not a test database: {name}"
    );
    let mut admin = sqlx::AnyConnection::connect(&format!("{base}/postgres"))
        .await
        .expect("connect to the server's maintenance database");
    sqlx::query(&format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .expect("drop the test database");
    admin.close().await.expect("disconnect");
}

/// Drops the test databases left by test processes that have ended, once
/// per process. Most tests leave theirs (a store still in use cannot drop
/// its own database, and a failed test never gets there); without this a
/// developer's server held hundreds after a few runs. A database is named
/// after the process that made it (`yesan_test_[label_]PID_…`); one whose
/// process is still alive, or whose name says nothing, is left alone.
pub async fn sweep_stale_databases(url: &str) {
    use sqlx::{Connection, Row};
    use std::sync::atomic::{AtomicBool, Ordering};
    static SWEPT: AtomicBool = AtomicBool::new(false);
    if SWEPT.swap(true, Ordering::SeqCst) {
        return;
    }
    let base = url
        .split_once('?')
        .map_or(url, |(b, _)| b)
        .rsplit_once('/')
        .map_or(url, |(b, _)| b);
    let Ok(mut admin) = sqlx::AnyConnection::connect(&format!("{base}/postgres")).await else {
        return;
    };
    let names: Vec<String> =
        sqlx::query("SELECT datname::text FROM pg_database WHERE datname LIKE 'yesan\\_test\\_%'")
            .fetch_all(&mut admin)
            .await
            .map(|rows| rows.iter().filter_map(|r| r.try_get(0).ok()).collect())
            .unwrap_or_default();
    for name in names {
        let pid = name
            .trim_start_matches("yesan_test_")
            .split('_')
            .find(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
        let ended = pid.is_some_and(|p| !std::path::Path::new(&format!("/proc/{p}")).exists());
        if ended && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            // Another process may be sweeping the same one: errors are fine.
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&mut admin)
                .await;
        }
    }
    let _ = admin.close().await;
}
