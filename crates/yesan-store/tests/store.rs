//! The store as its users meet it: open a database, initialize it with the
//! default dataset, read it back unchanged, and find that the database
//! itself keeps the ledger append-only and reports data changed behind
//! Yesan's back. Each test runs on a fresh SQLite file in its own temporary
//! directory; the story also runs on PostgreSQL, in a database of its own,
//! when `YESAN_TEST_POSTGRES_URL` names a server.

mod common;

use common::{fresh_database_url, sqlite_store};
use sqlx::Row;
use sqlx::migrate::MigrateDatabase;
use tempfile::TempDir;
use yesan_domain::{Dataset, Locator};
use yesan_store::{Backend, Store, StoreError};

fn dataset() -> Dataset {
    yesan_dataset::default_dataset().expect("the shipped dataset parses")
}

async fn count(store: &Store, table: &str) -> i64 {
    sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
        .fetch_one(store.pool())
        .await
        .expect("count rows")
        .try_get::<i64, _>("n")
        .expect("a count")
}

/// The whole life of a store, written once for every backend.
async fn story(store: Store) {
    let default = dataset();
    assert!(!store.is_initialized().await.expect("check"));
    assert!(matches!(
        store.load().await,
        Err(StoreError::NotInitialized)
    ));

    store.init(&default, "tester").await.expect("init");
    assert!(store.is_initialized().await.expect("check"));
    let loaded = store.load().await.expect("load");
    assert!(
        loaded == default,
        "the dataset read back differs from the one written"
    );

    let again = store.init(&default, "someone-else").await;
    assert!(
        matches!(again, Err(StoreError::AlreadyInitialized)),
        "{again:?}"
    );
    assert!(store.load().await.expect("load after refused init") == default);

    let log = store.audit_log(10).await.expect("audit log");
    assert_eq!(log.len(), 1, "{log:#?}");
    let init = &log[0];
    assert_eq!(
        (
            init.action.as_str(),
            init.actor.as_str(),
            init.entity.as_str()
        ),
        ("init", "tester", "dataset")
    );
    let summary: serde_json::Value =
        serde_json::from_str(init.after.as_deref().expect("a summary"))
            .expect("the summary is JSON");
    assert_eq!(summary["units"], default.org.units().len());
    assert_eq!(summary["budget_lines"], default.budget.lines().len());
    assert_eq!(summary["projects"], default.projects.len());
    assert_eq!(summary["entries"], default.ledger.entries().len());
    assert!(init.before.is_none() && init.key.is_none());

    let entries = count(&store, "entries").await;
    assert_eq!(
        usize::try_from(entries).expect("a row count"),
        default.ledger.entries().len()
    );
    let update = sqlx::query("UPDATE entries SET amount = amount + 1")
        .execute(store.pool())
        .await;
    let err = update.expect_err("the database refuses to edit an entry");
    assert!(err.to_string().contains("append-only"), "{err}");
    let delete = sqlx::query("DELETE FROM entries WHERE doc_no = $1")
        .bind(&default.ledger.entries()[0].doc_no)
        .execute(store.pool())
        .await;
    assert!(
        delete
            .expect_err("the database refuses to delete an entry")
            .to_string()
            .contains("append-only")
    );
    assert!(
        sqlx::query("DELETE FROM audit_log")
            .execute(store.pool())
            .await
            .is_err(),
        "the audit log is append-only too"
    );
    assert_eq!(count(&store, "entries").await, entries);
    assert_eq!(count(&store, "audit_log").await, 1);
    assert!(store.load().await.expect("load at the end") == default);
}

#[tokio::test]
async fn store_story() {
    let (_dir, store) = sqlite_store().await;
    for (pragma, want) in [
        ("journal_mode", "wal"),
        ("foreign_keys", "1"),
        ("busy_timeout", "5000"),
    ] {
        let row = sqlx::query(&format!("PRAGMA {pragma}"))
            .fetch_one(store.pool())
            .await
            .expect("a pragma");
        let got = row
            .try_get::<String, _>(0)
            .or_else(|_| row.try_get::<i64, _>(0).map(|n| n.to_string()));
        assert_eq!(got.expect("a pragma value"), want, "PRAGMA {pragma}");
    }
    story(store).await;
}

/// Runs only where a PostgreSQL server is provided: `YESAN_TEST_POSTGRES_URL`
/// is a URL to any database on it (e.g. `postgres://yesan@127.0.0.1/postgres`);
/// the test creates a fresh database beside it and drops it afterwards.
#[tokio::test]
async fn store_story_postgres() {
    let Ok(server) = std::env::var("YESAN_TEST_POSTGRES_URL") else {
        // CI always provides a server (.ci/run starts one), so there the
        // story must run; on a laptop without PostgreSQL it says so loudly.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must set YESAN_TEST_POSTGRES_URL (see scripts/pg-test-server.sh)"
        );
        eprintln!("YESAN_TEST_POSTGRES_URL is not set: the PostgreSQL story did not run here");
        return;
    };
    let url = fresh_database_url(&server);
    sqlx::any::install_default_drivers();
    sqlx::Any::create_database(&url)
        .await
        .expect("create a test database");
    let store = Store::open(&url).await.expect("the PostgreSQL store opens");
    assert_eq!(store.backend(), Backend::Postgres);
    story(store.clone()).await;
    store.close().await;
    let again = Store::open(&url)
        .await
        .expect("reopen runs the migrations again");
    assert!(again.load().await.expect("load after reopening") == dataset());
    again.close().await;
    common::drop_postgres_database(&url).await;
}

#[tokio::test]
async fn load_reports_a_stated_total_broken_behind_its_back() {
    let (_dir, store) = sqlite_store().await;
    store.init(&dataset(), "tester").await.expect("init");
    // E3.1.1 is a leaf under E3.1, whose stated amount is a check total.
    sqlx::query("UPDATE budget_lines SET amount = amount + 1000 WHERE code = 'E3.1.1'")
        .execute(store.pool())
        .await
        .expect("budget lines are not append-only");
    let err = store
        .load()
        .await
        .expect_err("a stated total no longer agrees");
    let StoreError::Inconsistent(findings) = &err else {
        panic!("expected Inconsistent, got {err:?}")
    };
    let want = Locator::BudgetLine {
        code: "E3.1".into(),
        field: "amount",
    };
    assert!(findings.iter().any(|f| f.at == want), "{findings:#?}");
    let message = err.to_string();
    assert!(
        message.contains("예산과목 E3.1 [amount]") && message.contains("budget line E3.1 [amount]"),
        "{message}"
    );
}

#[tokio::test]
async fn constraints_refuse_bad_edits_and_load_reports_the_rest() {
    let (_dir, store) = sqlite_store().await;
    store.init(&dataset(), "tester").await.expect("init");
    sqlx::query("UPDATE budget_lines SET parent = 'E9' WHERE code = 'E3.1.1'")
        .execute(store.pool())
        .await
        .expect_err("the foreign key refuses an unknown parent");
    sqlx::query("UPDATE org_units SET kind = '과' WHERE code = 'DPT'")
        .execute(store.pool())
        .await
        .expect_err("the check constraint refuses an unknown kind");
    sqlx::query(
        "UPDATE schedule_items SET period = '언젠가' \
         WHERE position = 0 AND project = (SELECT MIN(project) FROM schedule_items)",
    )
    .execute(store.pool())
    .await
    .expect("a period is free text to the database");
    match store.load().await {
        Err(StoreError::Inconsistent(findings)) => {
            assert!(
                findings.iter().any(|f| matches!(
                    &f.at,
                    Locator::Schedule {
                        index: 0,
                        field: "period",
                        ..
                    }
                )),
                "{findings:#?}"
            );
        }
        other => panic!("expected Inconsistent, got {other:?}"),
    }
}

#[tokio::test]
async fn load_reports_a_code_that_cannot_be_read() {
    let (_dir, store) = sqlite_store().await;
    store.init(&dataset(), "tester").await.expect("init");
    // R3.2 is a revenue leaf that nothing else refers to.
    sqlx::query("UPDATE budget_lines SET code = 'R3 2' WHERE code = 'R3.2'")
        .execute(store.pool())
        .await
        .expect("nothing refers to R3.2");
    match store.load().await {
        Err(StoreError::Corrupt { table, key, reason }) => {
            assert_eq!((table, key.as_str()), ("budget_lines", "R3 2"));
            assert!(reason.starts_with("code: "), "{reason}");
        }
        other => panic!("expected Corrupt, got {other:?}"),
    }
}

#[tokio::test]
async fn reopen_reads_the_same_dataset() {
    let dir = TempDir::new().expect("a temporary directory");
    let path = dir.path().join("yesan.db");
    let path = path.to_str().expect("a UTF-8 temp path");
    let default = dataset();
    {
        let store = Store::open(path).await.expect("open");
        store.init(&default, "tester").await.expect("init");
    }
    let store = Store::open(path)
        .await
        .expect("reopen runs the migrations again");
    assert!(store.is_initialized().await.expect("check"));
    assert!(store.load().await.expect("load") == default);
    let url = format!("sqlite://{path}");
    let by_url = Store::open(&url).await.expect("open by URL");
    assert!(by_url.load().await.expect("load by URL") == default);
}

#[tokio::test]
async fn memory_store_keeps_its_data_across_calls() {
    let store = Store::open_memory().await.expect("open");
    let default = dataset();
    store.init(&default, "tester").await.expect("init");
    assert!(store.clone().load().await.expect("load") == default);
}

#[tokio::test]
async fn other_databases_are_refused() {
    let err = Store::open("mysql://localhost/yesan")
        .await
        .expect_err("MySQL is not supported");
    assert!(
        matches!(&err, StoreError::UnsupportedBackend { url_scheme } if url_scheme == "mysql"),
        "{err}"
    );
}
